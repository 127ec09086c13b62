// Package the extension (with a stand-in server binary) and check what the .vsix holds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { checkVsix } from '../scripts/vsix.mjs';

const extension = resolve(dirname(fileURLToPath(import.meta.url)), '..');

test('the .vsix holds the bundle, the server, the manifest, README and LICENSE, and nothing else', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-vsix-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(extension, 'server'), { recursive: true, force: true });
  });
  const server = join(dir, 'shipshape-lsp');
  writeFileSync(server, '#!/bin/sh\nexit 0\n');
  const out = join(dir, 'shipshape.vsix');
  execFileSync('node', ['scripts/package.mjs', '--server', server, '--out', out], {
    cwd: extension,
    stdio: 'pipe',
  });
  const { names, problems } = checkVsix(readFileSync(out), { requireServer: true });
  assert.deepEqual(problems, []);
  assert.deepEqual(names.sort(), [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/package.json',
    'extension/readme.md',
    'extension/server/shipshape-lsp',
  ]);
});

test('the checker notices missing and unexpected files', () => {
  // A real (tiny) zip made by the same packager is covered above; here a hand-made central
  // directory with one wrong entry.
  const name = Buffer.from('extension/src/extension.ts');
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(0, 16);
  const zip = Buffer.concat([central, name, eocd]);
  const { problems } = checkVsix(zip, { requireServer: true });
  assert.ok(problems.includes('missing extension/dist/extension.js'), problems.join('\n'));
  assert.ok(problems.includes('missing extension/server/shipshape-lsp'));
  assert.ok(problems.includes('unexpected extension/src/extension.ts'));
});
