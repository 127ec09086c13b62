// Unit tests of server-binary resolution (src/serverPath.ts, built to out/ by `npm test`).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { resolveServerPath, serverBinaryName } from '../out/serverPath.mjs';

const files = (...paths) => (file) => paths.includes(file);
const base = {
  setting: null,
  extensionPath: '/ext',
  platform: 'linux',
  env: { PATH: '/usr/local/bin:/usr/bin', HOME: '/home/me' },
  workspaceFolder: '/work/app',
};

test('the setting wins over the bundled binary and PATH', () => {
  const isFile = files('/opt/shipshape-lsp', '/ext/server/shipshape-lsp', '/usr/bin/shipshape-lsp');
  assert.deepEqual(resolveServerPath({ ...base, setting: '/opt/shipshape-lsp', isFile }), {
    path: '/opt/shipshape-lsp',
    source: 'setting',
  });
});

test('a relative, ~ or ${workspaceFolder} setting is expanded', () => {
  const isFile = files('/work/app/bin/shipshape-lsp', '/home/me/.cargo/bin/shipshape-lsp');
  assert.deepEqual(resolveServerPath({ ...base, setting: 'bin/shipshape-lsp', isFile }), {
    path: '/work/app/bin/shipshape-lsp',
    source: 'setting',
  });
  assert.deepEqual(
    resolveServerPath({ ...base, setting: '${workspaceFolder}/bin/shipshape-lsp', isFile }),
    { path: '/work/app/bin/shipshape-lsp', source: 'setting' },
  );
  assert.deepEqual(resolveServerPath({ ...base, setting: '~/.cargo/bin/shipshape-lsp', isFile }), {
    path: '/home/me/.cargo/bin/shipshape-lsp',
    source: 'setting',
  });
});

test('a setting that points nowhere is an error, not a silent fallback', () => {
  const result = resolveServerPath({
    ...base,
    setting: '/nope/shipshape-lsp',
    isFile: files('/ext/server/shipshape-lsp'),
  });
  assert.match(result.error, /shipshape\.server\.path is set to "\/nope\/shipshape-lsp", but \/nope\/shipshape-lsp does not exist/);
});

test('an empty setting falls through to the bundled binary, then PATH in order', () => {
  assert.deepEqual(
    resolveServerPath({ ...base, setting: '  ', isFile: files('/ext/server/shipshape-lsp', '/usr/bin/shipshape-lsp') }),
    { path: '/ext/server/shipshape-lsp', source: 'bundled' },
  );
  assert.deepEqual(
    resolveServerPath({ ...base, isFile: files('/usr/local/bin/shipshape-lsp', '/usr/bin/shipshape-lsp') }),
    { path: '/usr/local/bin/shipshape-lsp', source: 'path' },
  );
  assert.deepEqual(resolveServerPath({ ...base, isFile: files('/usr/bin/shipshape-lsp') }), {
    path: '/usr/bin/shipshape-lsp',
    source: 'path',
  });
});

test('nothing found: an error that says what to do', () => {
  const result = resolveServerPath({ ...base, env: {}, isFile: () => false });
  assert.match(result.error, /^Cannot find shipshape-lsp: .* set shipshape\.server\.path\.$/);
});

test('Windows: .exe names, ; separated Path, backslashes', () => {
  assert.equal(serverBinaryName('win32'), 'shipshape-lsp.exe');
  const isFile = files('C:\\tools\\shipshape-lsp.exe');
  assert.deepEqual(
    resolveServerPath({
      ...base,
      platform: 'win32',
      extensionPath: 'C:\\ext',
      env: { Path: 'C:\\Windows;C:\\tools' },
      workspaceFolder: 'C:\\work',
      isFile,
    }),
    { path: 'C:\\tools\\shipshape-lsp.exe', source: 'path' },
  );
  assert.deepEqual(
    resolveServerPath({
      ...base,
      platform: 'win32',
      extensionPath: 'C:\\ext',
      env: {},
      isFile: files('C:\\ext\\server\\shipshape-lsp.exe'),
    }),
    { path: 'C:\\ext\\server\\shipshape-lsp.exe', source: 'bundled' },
  );
});
