// End-to-end tests: the real `shipshape-lsp` binary over stdio, driven by vscode-jsonrpc.
// Run: cargo build -p shipshape-lsp && (cd tests/lsp && npm ci && npm test)

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

import {
  applyEdits,
  editsFor,
  pushCapabilities,
  repoRoot,
  serverBinary,
  startServer,
  summary,
  workspace,
} from './harness.mjs';
import * as fx from './fixtures.mjs';

const SS503 = (range, severity = 1) => ({ code: 'SS503', severity, range });
const SS000 = (range) => ({ code: 'SS000', severity: 1, range });

test('initialize: incremental sync, code actions, hover; push diagnostics for a push client', async (t) => {
  const server = await startServer(t);
  const caps = server.initializeResult.capabilities;
  assert.equal(server.initializeResult.serverInfo.name, 'shipshape-lsp');
  assert.deepEqual(caps.textDocumentSync, {
    openClose: true,
    change: 2,
    save: { includeText: false },
  });
  assert.deepEqual(caps.codeActionProvider, {
    codeActionKinds: ['quickfix', 'source.fixAll.shipshape'],
  });
  assert.equal(caps.hoverProvider, true);
  assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a push-only client');
  // The .shipshape.toml watcher is registered dynamically.
  await waitFor(() => server.registrations.length > 0);
  assert.deepEqual(server.registrations, [
    {
      id: 'shipshape-config-watcher',
      method: 'workspace/didChangeWatchedFiles',
      registerOptions: { watchers: [{ globPattern: '**/.shipshape.toml' }] },
    },
  ]);
  assert.equal((await server.shutdownAndExit()).code, 0);
});

test('each kind: exact codes and UTF-16 ranges, with CJK text and an emoji before the finding', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const docs = [
    ['compose.yaml', 'dockercompose', fx.compose, [SS503(fx.composeKeyRange)]],
    ['Dockerfile', 'dockerfile', fx.dockerfile, [SS503(fx.dockerfileKeyRange)]],
    ['k8s/pod.yaml', 'yaml', fx.pod, [SS503(fx.podKeyRange)]],
    // Compose decided by content for a YAML of another name.
    ['stack.yml', 'yaml', fx.compose, [SS503(fx.composeKeyRange)]],
    // Neither compose nor Kubernetes: no diagnostics, not even SS000.
    ['values.yaml', 'yaml', fx.values, []],
    // Broken YAML: one parse error.
    ['broken/compose.yaml', 'dockercompose', fx.brokenCompose, [SS000(fx.brokenRange)]],
  ];
  for (const [name, languageId, text] of docs) server.open(ws.uri(name), languageId, text);
  for (const [name, , , expected] of docs) {
    const published = await server.diagnosticsFor(ws.uri(name), 1);
    assert.deepEqual(summary(published.diagnostics), expected, name);
  }
  const [diagnostic] = (await server.diagnosticsFor(ws.uri('Dockerfile'), 1)).diagnostics;
  assert.equal(diagnostic.source, 'shipshape');
  assert.equal(
    diagnostic.codeDescription.href,
    'https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/SS503.md',
  );
  assert.ok(!diagnostic.message.includes(fx.KEY), 'the secret is never in the message');
  assert.match(diagnostic.message, /AWS access key id/);
  assert.deepEqual(diagnostic.data, { version: 1, index: 0, fixes: 0 });
});

// One file of each kind of SPEC 2b, as VS Code opens them (its language ids); the expected
// diagnostics are `shipshape check --format json` on the same files, 0-based.
const NEW_KINDS = {
  '.devcontainer/devcontainer.json': [
    'jsonc',
    `{
  // the team's dev container
  "image": "mcr.microsoft.com/devcontainers/base:ubuntu",
  "privileged": true,
  "capAdd": ["SYS_PTRACE"],
}
`,
    // Privileged: the missing settings are folded into SS401 (its related information).
    [
      { code: 'SS401', severity: 1, range: [3, 16, 3, 20] },
      { code: 'SS402', severity: 2, range: [4, 13, 4, 25] },
    ],
  ],
  'web.container': [
    'plaintext',
    '[Unit]\nDescription=web\n\n[Container]\nImage=docker.io/library/nginx:1.27\nAddCapability=SYS_ADMIN\n',
    [
      { code: 'SS101', severity: 2, range: [3, 0, 3, 11] },
      { code: 'SS301', severity: 2, range: [3, 0, 3, 11] },
      { code: 'SS404', severity: 2, range: [3, 0, 3, 11] },
      { code: 'SS601', severity: 2, range: [3, 0, 3, 11] },
      // SS403 (added without a drop) is folded into SS301.
      { code: 'SS402', severity: 1, range: [5, 14, 5, 23] },
    ],
  ],
  'scripts/run.sh': [
    'shellscript',
    '#!/bin/sh\nset -e\ndocker run --rm --privileged nginx:1.27\n',
    [{ code: 'SS401', severity: 1, range: [2, 16, 2, 28] }],
  ],
  Makefile: [
    'makefile',
    'run:\n\tdocker run --rm --cap-add=ALL nginx:1.27\n',
    [{ code: 'SS402', severity: 1, range: [1, 27, 1, 30] }],
  ],
  '.github/workflows/ci.yml': [
    'yaml',
    'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: node:20\n      options: --privileged\n    steps:\n      - run: npm test\n',
    [{ code: 'SS401', severity: 1, range: [6, 15, 6, 27] }],
  ],
  '.gitlab-ci.yml': [
    'yaml',
    'test:\n  image: docker:27\n  script:\n    - docker run --rm --privileged alpine:3.20 true\n',
    [{ code: 'SS401', severity: 1, range: [3, 22, 3, 34] }],
  ],
  // A shell script that runs no container: no diagnostics.
  'scripts/build.sh': ['shellscript', '#!/bin/sh\nmake all\n', []],
};

test('the kinds of SPEC 2b: dev container, Quadlet, shell, Makefile, workflow, GitLab CI; their quick fixes', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  for (const [name, [languageId, text]] of Object.entries(NEW_KINDS)) {
    server.open(ws.uri(name), languageId, text);
  }
  for (const [name, [, , expected]] of Object.entries(NEW_KINDS)) {
    const published = await server.diagnosticsFor(ws.uri(name), 1);
    assert.deepEqual(summary(published.diagnostics), expected, name);
  }

  // The dev container: removing the `capAdd` entry (unsafe: a debugger may need it).
  const devcontainer = ws.uri('.devcontainer/devcontainer.json');
  const devText = NEW_KINDS['.devcontainer/devcontainer.json'][1];
  const devDiagnostics = (await server.diagnosticsFor(devcontainer, 1)).diagnostics;
  // What SS401 folds in is its related information, each at its own place in the file.
  const ss401 = devDiagnostics.find((d) => d.code === 'SS401');
  assert.deepEqual(
    ss401.relatedInformation.map((r) => [
      r.location.uri,
      r.location.range.start.line,
      r.location.range.start.character,
      r.message.split(':')[0],
    ]),
    [
      [devcontainer, 0, 0, 'SS101 (read-only-root-filesystem)'],
      [devcontainer, 0, 0, 'SS301 (capabilities-not-dropped)'],
      [devcontainer, 0, 0, 'SS404 (privilege-escalation-allowed)'],
      [devcontainer, 0, 0, 'SS601 (pids-limit-missing)'],
      [devcontainer, 4, 13, 'SS403 (capability-added-without-drop)'],
    ],
  );
  const ss402 = devDiagnostics.find((d) => d.code === 'SS402');
  const devActions = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: devcontainer },
    range: ss402.range,
    context: { diagnostics: [ss402], only: ['quickfix'] },
  });
  assert.deepEqual(
    devActions.map((a) => [a.title, a.isPreferred]),
    [
      ['Remove `SYS_PTRACE` (SS402, unsafe fix)', false],
      ['Ignore SS402 on this line', false],
      ['Ignore SS402 in this file', false],
    ],
  );
  const removed = applyEdits(devText, editsFor(devActions[0].edit, devcontainer));
  assert.equal(removed, devText.replace('["SYS_PTRACE"]', '[]'));
  // Suppression in the kind's own syntax: `//` in JSON with comments.
  const ignoreLine = applyEdits(devText, editsFor(devActions[1].edit, devcontainer));
  server.change(devcontainer, 2, [{ text: ignoreLine }]);
  const afterIgnore = (await server.diagnosticsFor(devcontainer, 2)).diagnostics;
  assert.ok(ignoreLine.includes('// shipshape ignore=SS402'), ignoreLine);
  assert.deepEqual(
    afterIgnore.map((d) => d.code),
    ['SS401'],
  );

  // The Quadlet unit: `ReadOnly=true` inserted into `[Container]`.
  const unit = ws.uri('web.container');
  const unitText = NEW_KINDS['web.container'][1];
  const ss101 = (await server.diagnosticsFor(unit, 1)).diagnostics[0];
  const unitActions = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: unit },
    range: ss101.range,
    context: { diagnostics: [ss101], only: ['quickfix'] },
  });
  assert.equal(unitActions[0].title, 'Add `ReadOnly=true` (SS101, unsafe fix)');
  const readOnly = applyEdits(unitText, editsFor(unitActions[0].edit, unit));
  assert.equal(readOnly, `${unitText}ReadOnly=true\n`);
  server.change(unit, 2, [{ text: readOnly }]);
  assert.deepEqual(
    (await server.diagnosticsFor(unit, 2)).diagnostics.map((d) => d.code),
    ['SS301', 'SS404', 'SS601', 'SS402'],
  );
});

test('a Helm template is reported once as SS000 and skipped', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('chart/templates/deployment.yaml');
  server.open(uri, 'yaml', fx.helmTemplate);
  const published = await server.diagnosticsFor(uri, 1);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['SS000', ...[fx.helmRange[0], fx.helmRange[1], fx.helmRange[3]]]],
  );
  assert.match(published.diagnostics[0].message, /Helm template/);
});

test('edits: incremental UTF-16 changes update the diagnostics', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  server.open(uri, 'dockercompose', fx.compose);
  await server.diagnosticsFor(uri, 1);

  // Replace the key (UTF-16 range after the emoji) with an interpolation: the finding goes.
  const [l, c0, , c1] = fx.composeKeyRange;
  server.change(uri, 2, [
    { range: { start: { line: l, character: c0 }, end: { line: l, character: c1 } }, text: '${NOTE_KEY}' },
  ]);
  assert.deepEqual((await server.diagnosticsFor(uri, 2)).diagnostics, []);

  // Two changes in one notification, each relative to the text the previous one left: insert a
  // CJK comment line at the top, then put a key back on (what is now) line 9.
  const line9 = `      NOTE: "鍵は😀=\${NOTE_KEY}"`;
  server.change(uri, 3, [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# 設定 🚢\n' },
    {
      range: { start: { line: 9, character: 18 }, end: { line: 9, character: line9.length - 1 } },
      text: fx.KEY,
    },
  ]);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 3)).diagnostics), [
    SS503([9, 18, 9, 38]),
  ]);

  // A full-text change (no range) replaces the document.
  server.change(uri, 4, [{ text: fx.compose.replace(fx.KEY, 'public') }]);
  assert.deepEqual((await server.diagnosticsFor(uri, 4)).diagnostics, []);
});

test('code actions: ignore on this line and in this file; applying one removes the diagnostic', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  for (const [name, languageId, text, range] of [
    ['compose.yaml', 'dockercompose', fx.compose, fx.composeKeyRange],
    ['Dockerfile', 'dockerfile', fx.dockerfile, fx.dockerfileKeyRange],
  ]) {
    const uri = ws.uri(name);
    server.open(uri, languageId, text);
    const { diagnostics } = await server.diagnosticsFor(uri, 1);
    const actions = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, triggerKind: 1 },
    });
    // SS503 has no automatic fix: only the two suppressions, never preferred.
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred, a.diagnostics.map((d) => d.code)]),
      [
        ['Ignore SS503 on this line', 'quickfix', false, ['SS503']],
        ['Ignore SS503 in this file', 'quickfix', false, ['SS503']],
      ],
      name,
    );
    // Versioned edits (the client supports documentChanges).
    assert.equal(actions[0].edit.documentChanges[0].textDocument.version, 1);
    const lineFixed = applyEdits(text, editsFor(actions[0].edit, uri));
    const fileFixed = applyEdits(text, editsFor(actions[1].edit, uri));
    if (name === 'compose.yaml') {
      // Above the finding's line, indented like it.
      assert.equal(
        lineFixed,
        text.replace('      NOTE:', '      # shipshape ignore=SS503\n      NOTE:'),
      );
      assert.equal(fileFixed, `# shipshape ignore-file=SS503\n${text}`);
    } else {
      // Above the ENV instruction; the file-wide one after the parser directive.
      assert.equal(lineFixed, text.replace('ENV NOTE', '# shipshape ignore=SS503\nENV NOTE'));
      assert.equal(
        fileFixed,
        text.replace('FROM alpine', '# shipshape ignore-file=SS503\nFROM alpine'),
      );
    }
    // Apply each as the editor would: the diagnostic is gone.
    server.change(uri, 2, [{ text: lineFixed }]);
    assert.deepEqual((await server.diagnosticsFor(uri, 2)).diagnostics, [], `${name}: ignore line`);
    server.change(uri, 3, [{ text: fileFixed }]);
    assert.deepEqual((await server.diagnosticsFor(uri, 3)).diagnostics, [], `${name}: ignore file`);
  }
});

test('fixes: safe fixes are preferred quick fixes, unsafe ones are offered too; applying one removes its diagnostic', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  server.open(uri, 'dockercompose', fx.fixable);
  const { diagnostics } = await server.diagnosticsFor(uri, 1);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, d.severity, d.data.fixes]),
    [
      ['SS301', 4, 2, 1],
      ['SS302', 4, 2, 1],
      ['SS002', 7, 3, 1],
      ['SS301', 11, 2, 1],
      ['SS302', 11, 2, 1],
    ],
  );
  // The message names the service (once: the object is not repeated when the message has it).
  assert.match(diagnostics[1].message, /^Service `web` .*NET_RAW/);
  assert.doesNotMatch(diagnostics[1].message, /\(service web\)$/);
  // The client asks about the SS301 and SS302 diagnostics of `web`.
  const actions = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[1].range,
    context: { diagnostics: diagnostics.slice(0, 2) },
  });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred]),
    [
      ['Add `NET_RAW` to `cap_drop` (SS302)', 'quickfix', true],
      // nginx: the images table (core/src/images.rs) adds back what its entrypoint uses.
      ['Add `ALL` to `cap_drop`, and `cap_add` CHOWN, NET_BIND_SERVICE, SETGID, SETUID for `nginx` (SS301, unsafe fix)', 'quickfix', false],
      ['Ignore SS301 on this line', 'quickfix', false],
      ['Ignore SS302 on this line', 'quickfix', false],
      ['Ignore SS301 in this file', 'quickfix', false],
      ['Ignore SS302 in this file', 'quickfix', false],
      // Without `only`, the source action comes too.
      ['Fix all safe shipshape problems (3 fixes)', 'source.fixAll.shipshape', undefined],
    ],
  );
  const netRaw = applyEdits(fx.fixable, editsFor(actions[0].edit, uri));
  assert.equal(netRaw, fx.fixable.replace('cap_drop: [CHOWN]', 'cap_drop: [CHOWN, NET_RAW]'));
  server.change(uri, 2, [{ text: netRaw }]);
  const after = (await server.diagnosticsFor(uri, 2)).diagnostics;
  assert.deepEqual(after.map((d) => [d.code, d.range.start.line]), [
    ['SS301', 4],
    ['SS002', 7],
    ['SS301', 11],
    ['SS302', 11],
  ]);
  // The unsafe fix for SS301 of `web` (now with NET_RAW in the list).
  const unsafe = (
    await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: after[0].range,
      context: { diagnostics: [after[0]] },
    })
  ).find((a) => a.title.includes('SS301'));
  const all = applyEdits(netRaw, editsFor(unsafe.edit, uri));
  assert.equal(
    all,
    netRaw.replace(
      '    cap_drop: [CHOWN, NET_RAW]\n    security_opt: ["no-new-privileges:true"]\n    pids_limit: 100\n',
      '    cap_drop: [CHOWN, NET_RAW, ALL]\n    security_opt: ["no-new-privileges:true"]\n    pids_limit: 100\n' +
        '    cap_add:\n      - CHOWN\n      - NET_BIND_SERVICE\n      - SETGID\n      - SETUID\n',
    ),
  );
  server.change(uri, 3, [{ text: all }]);
  assert.deepEqual(
    (await server.diagnosticsFor(uri, 3)).diagnostics.map((d) => [d.code, d.range.start.line]),
    // Five lines of `cap_add` moved `api` down.
    [['SS002', 12], ['SS301', 16], ['SS302', 16]],
  );
});

test('fix-all: source.fixAll.shipshape applies every safe fix and nothing else', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  server.open(uri, 'dockercompose', fx.fixable);
  await server.diagnosticsFor(uri, 1);
  const actions = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
  });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind]),
    [['Fix all safe shipshape problems (3 fixes)', 'source.fixAll.shipshape']],
  );
  // One minimal edit (the changed middle of the file), versioned.
  const edits = editsFor(actions[0].edit, uri);
  assert.equal(edits.length, 1);
  assert.equal(actions[0].edit.documentChanges[0].textDocument.version, 1);
  const fixed = applyEdits(fx.fixable, edits);
  assert.equal(
    fixed,
    fx.fixable
      .replaceAll('cap_drop: [CHOWN]', 'cap_drop: [CHOWN, NET_RAW]')
      .replace('  # shipshape ignore=SS101\n', ''),
  );
  server.change(uri, 2, [{ text: fixed }]);
  // Only the findings without a safe fix are left (SS301's fix is unsafe).
  assert.deepEqual(
    (await server.diagnosticsFor(uri, 2)).diagnostics.map((d) => [d.code, d.range.start.line]),
    [['SS301', 4], ['SS301', 10]],
  );
  // Nothing safe left to fix: no fix-all action.
  assert.deepEqual(
    await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.shipshape'] },
    }),
    [],
  );
});

test('code actions: by range without context, filtered by `only`, and none for stale diagnostics', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', fx.dockerfile);
  const { diagnostics } = await server.diagnosticsFor(uri, 1);
  const request = (params) =>
    server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, ...params });
  const at = (line, character) => ({ start: { line, character }, end: { line, character } });

  // A cursor inside the finding, no diagnostics in the context: the same actions.
  const byRange = await request({ range: at(2, 20), context: { diagnostics: [] } });
  assert.deepEqual(byRange.map((a) => a.title), ['Ignore SS503 on this line', 'Ignore SS503 in this file']);
  // Nowhere near a finding.
  assert.deepEqual(await request({ range: at(4, 0), context: { diagnostics: [] } }), []);
  // Only source actions: no quick fixes, and no fix-all since no finding has a safe fix.
  assert.deepEqual(
    await request({ range: at(2, 20), context: { diagnostics, only: ['source.fixAll'] } }),
    [],
  );

  // The document moves on; the old diagnostics (data.version 1) get no actions.
  server.change(uri, 2, [{ range: at(0, 0), text: '# comment\n' }]);
  await server.diagnosticsFor(uri, 2);
  assert.deepEqual(await request({ range: diagnostics[0].range, context: { diagnostics } }), []);
});

test('hover: rule docs over a finding and over a suppression comment', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  const text = fx.compose.replace(
    '    read_only: true',
    '    # shipshape ignore=SS101,pids-limit-missing -- reviewed\n    read_only: true',
  );
  server.open(uri, 'dockercompose', text);
  await server.diagnosticsFor(uri, 1);
  const hover = (line, character) =>
    server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });

  // Over the key (line 9 now), in the middle of it.
  const onFinding = await hover(9, 25);
  assert.equal(onFinding.contents.kind, 'markdown');
  assert.match(onFinding.contents.value, /^\*\*SS503\*\* `hardcoded-credential` \(error\)\n/);
  assert.match(onFinding.contents.value, /## What it does/);
  assert.match(onFinding.contents.value, /\[SS503 documentation\]\(https:\/\/github.com\/shipshape-dev\/shipshape\/blob\/main\/docs\/rules\/SS503.md\)/);
  assert.ok(!onFinding.contents.value.includes(fx.KEY));
  assert.deepEqual(onFinding.range, { start: { line: 9, character: 18 }, end: { line: 9, character: 38 } });

  // Over `pids-limit-missing` in the comment: that rule's docs, and its range.
  const onCode = await hover(3, 32);
  assert.match(onCode.contents.value, /^\*\*SS601\*\* `pids-limit-missing`/);
  assert.deepEqual(onCode.range, { start: { line: 3, character: 29 }, end: { line: 3, character: 47 } });
  // Over `shipshape`: every code listed.
  const onComment = await hover(3, 8);
  assert.match(onComment.contents.value, /\*\*SS101\*\*[\s\S]*\*\*SS601\*\*/);
  // Elsewhere: nothing.
  assert.equal(await hover(1, 3), null);
});

test('language: initialize\'s locale zh-cn gives Chinese diagnostics, code actions and hovers; shipshape.language overrides it', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t, { locale: 'zh-cn' });
  const uri = ws.uri('compose.yaml');
  server.open(uri, 'dockercompose', fx.fixable);
  const { diagnostics } = await server.diagnosticsFor(uri, 1);
  // The same codes, ranges and fix counts as in English (the fixes test above), in Chinese.
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, d.severity, d.data.fixes, d.message]),
    [
      ['SS301', 4, 2, 1, '服务 `web` 在 `cap_drop` 中删除了部分 Capabilities，但没有删除 `ALL`'],
      ['SS302', 4, 2, 1, '服务 `web` 删除了部分 Capabilities，但保留了 `NET_RAW`：`cap_drop` 中既没有 `ALL` 也没有 `NET_RAW`'],
      ['SS002', 7, 3, 1, '抑制注释未被使用：此处没有被报告为 SS101 的问题'],
      ['SS301', 11, 2, 1, '服务 `api` 在 `cap_drop` 中删除了部分 Capabilities，但没有删除 `ALL`'],
      ['SS302', 11, 2, 1, '服务 `api` 删除了部分 Capabilities，但保留了 `NET_RAW`：`cap_drop` 中既没有 `ALL` 也没有 `NET_RAW`'],
    ],
  );
  const actions = await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[1].range,
    context: { diagnostics: diagnostics.slice(0, 2) },
  });
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred]),
    [
      ['在 `cap_drop` 中添加 `NET_RAW`（SS302）', 'quickfix', true],
      ['在 `cap_drop` 中添加 `ALL`，并为 `nginx` 通过 `cap_add` 添加 CHOWN, NET_BIND_SERVICE, SETGID, SETUID（SS301，不安全的修复）', 'quickfix', false],
      ['在此行忽略 SS301', 'quickfix', false],
      ['在此行忽略 SS302', 'quickfix', false],
      ['在此文件中忽略 SS301', 'quickfix', false],
      ['在此文件中忽略 SS302', 'quickfix', false],
      ['修复所有可安全修复的 shipshape 问题（3 处）', 'source.fixAll.shipshape', undefined],
    ],
  );
  // The edits do not depend on the language.
  assert.equal(
    applyEdits(fx.fixable, editsFor(actions[0].edit, uri)),
    fx.fixable.replace('cap_drop: [CHOWN]', 'cap_drop: [CHOWN, NET_RAW]'),
  );

  const other = ws.uri('other/compose.yaml');
  server.open(other, 'dockercompose', fx.compose);
  await server.diagnosticsFor(other, 1);
  const hover = await server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: other },
    position: { line: 8, character: 25 },
  });
  assert.match(
    hover.contents.value,
    /^\*\*SS503\*\* `hardcoded-credential` \(error\)\n\n这看起来是 AWS 访问密钥 ID；请吊销它，并改为通过机密存储传入，而不是写在文件中\n\n## 规则说明\n报告 Dockerfile、Compose 文件或 Kubernetes 清单中符合已知凭据格式的值/,
  );
  assert.match(hover.contents.value, /## 为什么有问题？/);
  assert.ok(
    hover.contents.value.endsWith(
      '\n\n[SS503 文档](https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/zh-CN/SS503.md)\n',
    ),
  );
  assert.ok(!hover.contents.value.includes(fx.KEY));

  // The setting wins over the editor's language: English again, for the open documents too.
  server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { shipshape: { language: 'en' } },
  });
  const english = await server.nextDiagnostics(uri, {
    predicate: (params) => params.diagnostics.some((d) => d.message.startsWith('Service `web`')),
  });
  assert.deepEqual(
    english.diagnostics.map((d) => [d.code, d.range.start.line]),
    diagnostics.map((d) => [d.code, d.range.start.line]),
  );
});

test('configuration: .shipshape.toml found by walking up, reloaded on didChangeWatchedFiles', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t, { rootUri: ws.uri('') });
  const uri = ws.uri('app/deploy/compose.yaml');
  ws.write('app/deploy/compose.yaml', fx.compose);
  ws.write('.shipshape.toml', '[rules]\nSS503 = "warning"\n');
  server.open(uri, 'dockercompose', fx.compose);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 1)).diagnostics), [
    SS503(fx.composeKeyRange, 2),
  ]);

  const changed = async (name, type) => {
    const since = server.published.length;
    server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri(name), type }],
    });
    return (await server.nextDiagnostics(uri, { since })).diagnostics;
  };
  // A nearer config file turns the rule off.
  ws.write('app/.shipshape.toml', '[rules]\nhardcoded-credential = "off"\n');
  assert.deepEqual(await changed('app/.shipshape.toml', 1), []);
  // Deleted: the outer one applies again.
  ws.remove('app/.shipshape.toml');
  assert.deepEqual(summary(await changed('app/.shipshape.toml', 3)), [SS503(fx.composeKeyRange, 2)]);
  // A file the configuration excludes is not checked, as a walk of the project skips it.
  ws.write('.shipshape.toml', 'exclude = ["app/deploy"]\n[rules]\nSS503 = "warning"\n');
  assert.deepEqual(await changed('.shipshape.toml', 2), []);
  // A broken config file: defaults, and the user is told where the error is (the CLI's words).
  ws.write('.shipshape.toml', '[rules]\nSS503 = "loud"\n');
  assert.deepEqual(summary(await changed('.shipshape.toml', 2)), [SS503(fx.composeKeyRange, 1)]);
  await waitFor(() => server.messages.length > 0);
  assert.equal(server.messages[0].type, 2);
  assert.equal(
    server.messages[0].message,
    `shipshape: invalid configuration ${ws.path('.shipshape.toml')}:2:9: \`[rules] SS503\` must be "off", "on" or a severity ("error", "warning", "info", "hint"), found the string "loud" (using the default configuration)`,
  );
  // Other watched files do not matter.
  const before = server.published.length;
  server.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: ws.uri('README.md'), type: 2 }],
  });
  await sleep(300);
  assert.equal(server.published.length, before);
});

test('no work on unchanged documents: a save, a second didOpen of the same text, a config file saved unchanged', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t, { rootUri: ws.uri('') });
  const uri = ws.uri('compose.yaml');
  ws.write('compose.yaml', fx.compose);
  ws.write('.shipshape.toml', '[rules]\nSS503 = "warning"\n');
  server.open(uri, 'dockercompose', fx.compose);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 1)).diagnostics), [SS503(fx.composeKeyRange, 2)]);
  const quiet = async (what) => {
    const before = server.published.length;
    await sleep(300);
    assert.deepEqual(server.published.slice(before), [], `nothing is pushed after ${what}`);
  };
  server.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  await quiet('a save');
  server.connection.sendNotification('textDocument/didSave', { textDocument: { uri }, text: fx.compose });
  await quiet('a save with the same text');
  server.open(uri, 'dockercompose', fx.compose, 1);
  await quiet('a second didOpen of the same version');
  // The same text under a new version: the diagnostics again, for that version.
  const since = server.published.length;
  server.open(uri, 'dockercompose', fx.compose, 2);
  const reopened = await server.diagnosticsFor(uri, 2, { since });
  assert.deepEqual(summary(reopened.diagnostics), [SS503(fx.composeKeyRange, 2)]);
  // The config file written again with the same bytes, then with others.
  ws.write('.shipshape.toml', '[rules]\nSS503 = "warning"\n');
  const changed = () =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('.shipshape.toml'), type: 2 }],
    });
  changed();
  await quiet('a config file saved unchanged');
  ws.write('.shipshape.toml', '[rules]\nSS503 = "info"\n');
  const before = server.published.length;
  changed();
  const after = await server.nextDiagnostics(uri, { since: before });
  assert.deepEqual(summary(after.diagnostics), [SS503(fx.composeKeyRange, 3)]);
});

test('client settings: initializationOptions and didChangeConfiguration override severities', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t, {
    initializationOptions: { rules: { SS503: 'info' } },
  });
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', fx.dockerfile);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 1)).diagnostics), [
    SS503(fx.dockerfileKeyRange, 3),
  ]);
  let since = server.published.length;
  server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { shipshape: { rules: { 'hardcoded-credential': 'off' } } },
  });
  assert.deepEqual((await server.nextDiagnostics(uri, { since })).diagnostics, []);
  since = server.published.length;
  server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { shipshape: { rules: { SS999: 'off' } } },
  });
  assert.deepEqual(summary((await server.nextDiagnostics(uri, { since })).diagnostics), [
    SS503(fx.dockerfileKeyRange, 1),
  ]);
  await waitFor(() => server.messages.length > 0);
  assert.match(server.messages[0].message, /no rule SS999/);
  // `enable: false` silences the server.
  since = server.published.length;
  server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { shipshape: { enable: false } },
  });
  assert.deepEqual((await server.nextDiagnostics(uri, { since })).diagnostics, []);
});

test('settings pulled with workspace/configuration when the notification carries none', async (t) => {
  const ws = workspace(t);
  const capabilities = structuredClone(pushCapabilities);
  capabilities.workspace.configuration = true;
  const server = await startServer(t, {
    capabilities,
    configuration: { rules: { SS503: 'hint' } },
  });
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', fx.dockerfile);
  const published = await server.nextDiagnostics(uri, {
    predicate: (p) => p.diagnostics[0]?.severity === 4,
  });
  assert.deepEqual(summary(published.diagnostics), [SS503(fx.dockerfileKeyRange, 4)]);
  assert.ok(server.configurationRequests >= 1);
});

test('pull diagnostics when the client supports them: no push, result ids, refresh', async (t) => {
  const ws = workspace(t);
  const capabilities = structuredClone(pushCapabilities);
  capabilities.textDocument.diagnostic = { dynamicRegistration: false };
  capabilities.workspace.diagnostics = { refreshSupport: true };
  const server = await startServer(t, { capabilities });
  assert.deepEqual(server.initializeResult.capabilities.diagnosticProvider, {
    identifier: 'shipshape',
    interFileDependencies: false,
    workspaceDiagnostics: false,
  });
  const uri = ws.uri('k8s/pod.yaml');
  server.open(uri, 'yaml', fx.pod);
  const pull = (previousResultId) =>
    server.connection.sendRequest('textDocument/diagnostic', {
      textDocument: { uri },
      previousResultId,
    });
  const first = await pull();
  assert.equal(first.kind, 'full');
  assert.deepEqual(summary(first.items), [SS503(fx.podKeyRange)]);
  assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
  server.change(uri, 2, [{ text: fx.pod.replace(fx.KEY, 'x') }]);
  const second = await pull(first.resultId);
  assert.equal(second.kind, 'full');
  assert.deepEqual(second.items, []);
  // A config change asks the client to pull again.
  server.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: ws.uri('.shipshape.toml'), type: 1 }],
  });
  await waitFor(() => server.refreshes === 1);
  await sleep(200);
  assert.deepEqual(server.published, [], 'nothing is pushed to a pull client');
});

test('rapid edits: only the newest version is published last; a cancelled request is harmless', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  const pad = Array.from({ length: 3000 }, (_, i) => `x-pad-${i}: 1\n`).join('');
  const big = `${pad}${fx.compose}`;
  server.open(uri, 'dockercompose', big);
  for (let version = 2; version <= 60; version += 1) {
    const text = version % 2 === 0 ? big.replace(fx.KEY, 'public') : big;
    server.change(uri, version, [{ text }]);
  }
  const last = await server.diagnosticsFor(uri, 60, { timeout: 20000 });
  assert.deepEqual(last.diagnostics, []);
  await sleep(300);
  const versions = server.published.filter((p) => p.uri === uri).map((p) => p.version);
  assert.equal(versions.at(-1), 60, `published versions: ${versions}`);
  assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]), `in order: ${versions}`);

  // Cancel a hover right away: either answered or cancelled (-32800), and the server lives on.
  const source = new (await import('vscode-jsonrpc')).CancellationTokenSource();
  const pending = server.connection.sendRequest(
    'textDocument/hover',
    { textDocument: { uri }, position: { line: 3008, character: 25 } },
    source.token,
  );
  source.cancel();
  await pending.then(
    () => {},
    (error) => assert.equal(error.code, -32800),
  );
  const alive = await server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 0, character: 0 },
  });
  assert.equal(alive, null);
});

test('no input crashes the server', async (t) => {
  const ws = workspace(t);
  const server = await startServer(t);
  const uri = ws.uri('compose.yaml');
  const nasty = [
    '\u0000\u0001\uFFFD\uD83D', // NUL, replacement char, lone high surrogate
    `services:\n  a: ${'['.repeat(20000)}`,
    `services:\n${'  '.repeat(5000)}x: 1\n`,
    `x: ${'y'.repeat(1 << 20)}`, // one 1 MB line
    'services:\r  web:\r    image: x\r', // lone CR line ends
    '&a [*a, *a]\n',
  ];
  let version = 1;
  server.open(uri, 'dockercompose', '');
  for (const text of nasty) {
    version += 1;
    server.change(uri, version, [{ text }]);
  }
  // Out-of-range and reversed ranges clamp instead of failing.
  version += 1;
  server.change(uri, version, [
    { range: { start: { line: 999, character: 5 }, end: { line: 1, character: 999 } }, text: '😀' },
    { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, text: '' },
  ]);
  // Params that do not fit the protocol (a negative column) are dropped, not fatal.
  server.change(uri, version + 1, [
    { range: { start: { line: 0, character: -1 }, end: { line: 0, character: 0 } }, text: 'x' },
  ]);
  // Notifications and requests about documents that are not open.
  const unknown = ws.uri('nope/Dockerfile');
  server.change(unknown, 7, [{ text: 'FROM x' }]);
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: unknown } });
  assert.equal(
    await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: unknown },
      position: { line: 0, character: 0 },
    }),
    null,
  );
  assert.equal(
    await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: unknown },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'x', code: 'SS503', source: 'shipshape', data: 'garbage' }] },
    }),
    null,
  );
  await server.diagnosticsFor(uri, version, { timeout: 30000 });
  // Still answering, and a clean exit.
  server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const cleared = await server.nextDiagnostics(uri, { predicate: (p) => p.version === undefined });
  assert.deepEqual(cleared.diagnostics, []);
  assert.equal((await server.shutdownAndExit()).code, 0);
  assert.doesNotMatch(server.stderr(), /panic/);
});

/// The example registry plugin, built for wasm32-wasip2: in $SHIPSHAPE_PLUGIN_DIR (set by
/// `cargo xtask test`), else in the target folder. `null` (the test skips) when it is not built,
/// unless SHIPSHAPE_REQUIRE_PLUGINS is set.
function registryPlugin(t) {
  const target = process.env.CARGO_TARGET_DIR
    ? resolve(repoRoot, process.env.CARGO_TARGET_DIR)
    : join(repoRoot, 'target');
  const dirs = [
    process.env.SHIPSHAPE_PLUGIN_DIR,
    join(target, 'wasm32-wasip2', 'release'),
    join(target, 'wasm32-wasip2', 'debug'),
  ].filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, 'shipshape_example_registry.wasm');
    if (existsSync(file)) return file;
  }
  if (process.env.SHIPSHAPE_REQUIRE_PLUGINS) {
    throw new Error('SHIPSHAPE_REQUIRE_PLUGINS is set but shipshape_example_registry.wasm is not built');
  }
  t.skip('shipshape_example_registry.wasm is not built (cargo build --release --target wasm32-wasip2 -p shipshape-example-registry)');
  return null;
}

/// A private plugin cache and key for one server (what `SHIPSHAPE_CACHE_DIR` and
/// `XDG_CONFIG_HOME` point at), removed after the test.
function pluginCacheEnv(t) {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-lsp-cache-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return {
    root,
    env: { SHIPSHAPE_CACHE_DIR: join(root, 'plugins'), XDG_CONFIG_HOME: join(root, 'config') },
  };
}

const registryConfig = 'plugins = ["registry.wasm"]\n[plugin.registry]\nallowed = ["ghcr.io/acme"]\n';
const registryDockerfile = [
  'FROM ghcr.io/acme/base:1.2 AS build', //         0
  'FROM nginx', //                                   1
  '# shipshape ignore=REG001 -- vendor image', //    2
  'FROM quay.io/vendor/tool:2', //                   3
  '',
].join('\n');
const pluginCodes = (diagnostics) =>
  summary(diagnostics).filter((d) => d.code.startsWith('REG') || d.code === 'SS001');

test('plugins named by .shipshape.toml run in the editor; ignore=<plugin code> silences one, no SS001', async (t) => {
  const plugin = registryPlugin(t);
  if (!plugin) return;
  const ws = workspace(t, { '.shipshape.toml': registryConfig });
  copyFileSync(plugin, ws.path('registry.wasm'));
  const cache = pluginCacheEnv(t);
  const server = await startServer(t, { rootUri: ws.uri(''), env: cache.env });
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', registryDockerfile);
  const published = await server.diagnosticsFor(uri, 1, { timeout: 60000 });
  // The FROM on line 3 is suppressed by the comment above it; the plugin's codes are known, so
  // the comment is no SS001.
  assert.deepEqual(pluginCodes(published.diagnostics), [
    { code: 'REG001', severity: 1, range: [1, 5, 1, 10] },
    { code: 'REG002', severity: 2, range: [1, 5, 1, 10] },
  ]);
  // An edit is checked again with the plugin already loaded (compiled once per process), and the
  // compiled plugin went to the private cache with its MAC.
  server.change(uri, 2, [{ text: registryDockerfile.replace('FROM nginx', 'FROM ghcr.io/acme/web:1') }]);
  assert.deepEqual(pluginCodes((await server.diagnosticsFor(uri, 2)).diagnostics), []);
  const cached = readdirSync(cache.env.SHIPSHAPE_CACHE_DIR).sort();
  assert.equal(cached.length, 2, cached.join(', '));
  assert.match(cached[0], /^[0-9a-f]{32}\.cwasm$/);
  assert.match(cached[1], /^[0-9a-f]{32}\.mac$/);
  assert.deepEqual(server.messages, []);
});

test('loadPlugins: false (an untrusted workspace): the plugin is not loaded, the built-in checks run', async (t) => {
  const plugin = registryPlugin(t);
  if (!plugin) return;
  const ws = workspace(t, { '.shipshape.toml': registryConfig });
  copyFileSync(plugin, ws.path('registry.wasm'));
  const cache = pluginCacheEnv(t);
  const server = await startServer(t, {
    rootUri: ws.uri(''),
    initializationOptions: { loadPlugins: false },
    env: { ...cache.env, SHIPSHAPE_LOG: 'warn' },
  });
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', registryDockerfile);
  const published = await server.diagnosticsFor(uri, 1);
  // No plugin finding, and no SS001 for the suppression naming the plugin's rule.
  assert.deepEqual(pluginCodes(published.diagnostics), []);
  // Nothing was compiled or cached, and the log says why.
  assert.equal(existsSync(cache.env.SHIPSHAPE_CACHE_DIR), false);
  await waitFor(() => server.stderr().includes('not loading the plugins .shipshape.toml names'));
  assert.match(server.stderr(), /loadPlugins to false/);
  // A configuration notification cannot turn plugins back on.
  const since = server.published.length;
  server.connection.sendNotification('workspace/didChangeConfiguration', {
    settings: { shipshape: { loadPlugins: true, rules: { SS101: 'off' } } },
  });
  assert.deepEqual(pluginCodes((await server.nextDiagnostics(uri, { since })).diagnostics), []);
  assert.equal(existsSync(cache.env.SHIPSHAPE_CACHE_DIR), false);
});

test('a plugin that cannot be loaded is shown once, and the built-in checks go on', async (t) => {
  const ws = workspace(t, {
    '.shipshape.toml': 'plugins = ["missing.wasm"]\n',
    'Dockerfile': fx.dockerfile,
  });
  const cache = pluginCacheEnv(t);
  const server = await startServer(t, { rootUri: ws.uri(''), env: cache.env });
  const uri = ws.uri('Dockerfile');
  server.open(uri, 'dockerfile', fx.dockerfile);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 1)).diagnostics), [
    SS503(fx.dockerfileKeyRange),
  ]);
  server.change(uri, 2, [{ text: `${fx.dockerfile}\n` }]);
  assert.deepEqual(summary((await server.diagnosticsFor(uri, 2)).diagnostics), [
    SS503(fx.dockerfileKeyRange),
  ]);
  await waitFor(() => server.messages.length > 0);
  await sleep(200);
  assert.equal(server.messages.length, 1, JSON.stringify(server.messages));
  assert.equal(server.messages[0].type, 2);
  assert.match(
    server.messages[0].message,
    /^shipshape: cannot read plugin .*missing\.wasm.*\(the built-in checks go on without it\)$/,
  );
});

test('exit without shutdown exits with code 1', async (t) => {
  const server = await startServer(t);
  server.connection.sendNotification('exit');
  assert.equal((await server.exited).code, 1);
});

test('command line: --version, --help, --stdio accepted, unknown arguments rejected', async () => {
  const { spawnSync } = await import('node:child_process');
  const run = (...args) => spawnSync(serverBinary(), args, { encoding: 'utf8', input: '' });
  const version = run('--version');
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^shipshape-lsp \d+\.\d+\.\d+\n$/);
  assert.match(run('--help').stdout, /Usage: shipshape-lsp \[--stdio\]/);
  const bogus = run('--bogus');
  assert.equal(bogus.status, 2);
  assert.match(bogus.stderr, /unknown argument `--bogus`/);
  // `--stdio` (what some clients add) is the default transport: stdin closed at once, no
  // shutdown, so exit code 1.
  assert.equal(run('--stdio').status, 1);
});

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition, timeout = 5000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeout) throw new Error(`condition not met within ${timeout} ms`);
    await sleep(20);
  }
}
