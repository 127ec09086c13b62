// Reading a .vsix (a zip) without dependencies, and the check that it holds what it must.
//   node scripts/vsix.mjs PATH.vsix [--require-server]   exits 1 with the problems if any.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/// Names of the entries in a zip file, from its central directory.
export function zipEntries(buffer) {
  // End of central directory record: signature 0x06054b50, at most 64 KiB + 22 bytes from the end.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65557); i -= 1) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n += 1) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const externalAttributes = buffer.readUInt32LE(at + 38);
    entries.push({
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
      size: buffer.readUInt32LE(at + 24),
      mode: externalAttributes >>> 16,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export const REQUIRED = [
  'extension.vsixmanifest',
  '[Content_Types].xml',
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/readme.md',
  'extension/LICENSE.txt',
];
export const SERVER = 'extension/server/shipshape-lsp';

/// Problems with a .vsix: missing files, files that must not ship (sources, tests, node_modules,
/// maps), a server binary that is not executable.
export function checkVsix(buffer, { requireServer = false } = {}) {
  const entries = zipEntries(buffer);
  const names = entries.map((e) => e.name);
  const problems = [];
  for (const name of REQUIRED) if (!names.includes(name)) problems.push(`missing ${name}`);
  const server = entries.find((e) => e.name === SERVER || e.name === `${SERVER}.exe`);
  if (requireServer && !server) problems.push(`missing ${SERVER}`);
  if (server && server.name === SERVER && server.mode !== 0 && (server.mode & 0o111) === 0) {
    problems.push(`${SERVER} is not executable (mode ${server.mode.toString(8)})`);
  }
  for (const name of names) {
    const allowed =
      REQUIRED.includes(name) || name === SERVER || name === `${SERVER}.exe`;
    if (!allowed) problems.push(`unexpected ${name}`);
  }
  return { names, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  const { names, problems } = checkVsix(readFileSync(file), {
    requireServer: rest.includes('--require-server'),
  });
  if (problems.length > 0) {
    console.error(`${file}:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`${file}: ok (${names.length} entries)`);
}
