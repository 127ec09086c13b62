// Latency benchmark of shipshape-lsp: time from sending `textDocument/didChange` to receiving the
// `textDocument/publishDiagnostics` for that version, on a 2,000-line compose file and a 2,000-line
// Dockerfile, over many sequential single-character edits; and the server's resident memory.
//
//   cargo build --release -p shipshape-lsp
//   SHIPSHAPE_LSP=target/release/shipshape-lsp node tests/lsp/bench.mjs [--edits 500] [--json]
//     [--only compose.yaml|Dockerfile]
//
// Each edit waits for its diagnostics before the next is sent, so no edit is coalesced away.

import { readFileSync } from 'node:fs';

import { KEY } from './fixtures.mjs';
import { serverBinary, startServer } from './harness.mjs';

const args = process.argv.slice(2);
const editsArg = args.indexOf('--edits');
const EDITS = editsArg >= 0 ? Number(args[editsArg + 1]) : 500;
const JSON_OUTPUT = args.includes('--json');
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? args[onlyArg + 1] : null;

/// 2,000 lines: 125 services of 16 lines, some with findings (a key, privileged, cap_add).
export function composeFile() {
  const lines = ['name: bench', 'services:'];
  for (let i = 0; lines.length < 2000; i += 1) {
    lines.push(
      `  svc${i}:`,
      `    image: registry.example.com/team/svc${i}:1.${i % 10}.0`,
      `    read_only: ${i % 3 === 0 ? 'false' : 'true'}`,
      '    cap_drop: [ALL]',
      `    cap_add: [${i % 7 === 0 ? 'SYS_ADMIN' : 'NET_BIND_SERVICE'}]`,
      '    security_opt: ["no-new-privileges:true"]',
      `    pids_limit: ${100 + i}`,
      '    environment:',
      `      LOG_LEVEL: info`,
      `      NOTE: "${i % 5 === 0 ? KEY : `value-${i}`}"`,
      `      PORT: "${8000 + i}"`,
      '    ports:',
      `      - "${8000 + i}:${8000 + i}"`,
      '    volumes:',
      `      - data${i}:/var/lib/svc${i}`,
      `    restart: unless-stopped`,
    );
  }
  return `${lines.slice(0, 2000).join('\n')}\n`;
}

/// 2,000 lines: a two-stage build with long RUN continuations, ENV and COPY lines.
export function dockerfile() {
  const lines = ['# syntax=docker/dockerfile:1', 'FROM golang:1.23 AS build', 'WORKDIR /src'];
  for (let i = 0; lines.length < 1000; i += 1) {
    lines.push(`RUN echo step ${i} \\`, `    && go env GOPATH \\`, `    && true`);
    if (i % 10 === 0) lines.push(`ENV BUILD_STEP_${i}=${i}`);
  }
  lines.push('FROM gcr.io/distroless/static-debian12', 'COPY --from=build /src/app /app');
  for (let i = 0; lines.length < 1999; i += 1) {
    if (i % 25 === 0) lines.push(`ENV NOTE_${i}="${KEY}"`);
    else if (i % 2 === 0) lines.push(`LABEL org.example.step${i}="value ${i}"`);
    else lines.push(`COPY --chown=65532 config/${i}.json /etc/app/${i}.json`);
  }
  lines.push('USER 65532');
  return `${lines.slice(0, 2000).join('\n')}\n`;
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1]);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/// CPU time (user + system) the server has used, in ms: unlike latency, not inflated when other
/// processes compete for the cores.
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function percentile(sorted, p) {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function measure(server, name, languageId, text) {
  const uri = `file:///bench/${name}`;
  const lines = text.split('\n');
  server.open(uri, languageId, text, 1);
  const first = await server.diagnosticsFor(uri, 1, { timeout: 60000 });
  const times = [];
  const cpuBefore = cpuMs(server.child.pid);
  // Edit a digit in the middle of the file, back and forth: a real re-check each time.
  let line = Math.floor(lines.length / 2);
  while (lines[line].search(/\d/) < 0) line += 1;
  const column = lines[line].search(/\d/);
  for (let version = 2; version < EDITS + 2; version += 1) {
    const digit = String(version % 10);
    const start = process.hrtime.bigint();
    server.change(uri, version, [
      { range: { start: { line, character: column }, end: { line, character: column + 1 } }, text: digit },
    ]);
    await server.diagnosticsFor(uri, version, { since: server.published.length, timeout: 60000 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpuPerEdit = (cpuMs(server.child.pid) - cpuBefore) / times.length;
  server.published.length = 0;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    file: name,
    lines: lines.length - 1,
    bytes: Buffer.byteLength(text),
    diagnostics: first.diagnostics.length,
    edits: times.length,
    median_ms: Number(percentile(sorted, 50).toFixed(3)),
    p99_ms: Number(percentile(sorted, 99).toFixed(3)),
    max_ms: Number(sorted.at(-1).toFixed(3)),
    server_cpu_ms_per_edit: Number(cpuPerEdit.toFixed(3)),
  };
}

const after = [];
const fakeTest = { after: (fn) => after.push(fn) };
try {
  const server = await startServer(fakeTest);
  const idle = rssKiB(server.child.pid);
  const files = [
    ['compose.yaml', 'dockercompose', composeFile],
    ['Dockerfile', 'dockerfile', dockerfile],
  ].filter(([name]) => ONLY === null || name === ONLY);
  const results = [];
  for (const [name, languageId, text] of files) {
    results.push(await measure(server, name, languageId, text()));
  }
  const memory = rssKiB(server.child.pid);
  const report = {
    server: serverBinary(),
    edits_per_file: EDITS,
    results,
    memory_kib: { idle_rss: idle.rss, rss_with_both_open: memory.rss, peak_rss: memory.peak },
  };
  if (JSON_OUTPUT) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`shipshape-lsp didChange -> publishDiagnostics (${report.server}, ${EDITS} edits each)`);
    console.log('| file | lines | diagnostics | median | p99 | max | server CPU per edit |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.file} | ${r.lines} | ${r.diagnostics} | ${r.median_ms} ms | ${r.p99_ms} ms | ${r.max_ms} ms | ${r.server_cpu_ms_per_edit} ms |`,
      );
    }
    console.log(`load average when finished: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(
      `resident memory: ${(idle.rss / 1024).toFixed(1)} MiB idle, ${(memory.rss / 1024).toFixed(1)} MiB with both files open, peak ${(memory.peak / 1024).toFixed(1)} MiB`,
    );
  }
  await server.shutdownAndExit();
} finally {
  for (const fn of after) fn();
}
