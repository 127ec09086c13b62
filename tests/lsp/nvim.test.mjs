// Neovim as the client: tests/lsp/nvim/e2e.lua drives a headless Neovim 0.7.2 (Debian's
// `neovim` package) against the real server; this file sets it up and checks what it reports.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { repoRoot, serverBinary, workspace } from './harness.mjs';
import * as fx from './fixtures.mjs';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const haveNvim = nvim.status === 0;
// In CI a missing Neovim is a failure, not a skip (.ci/run installs it).
const skip = !haveNvim && !process.env.CI ? 'nvim is not installed (apt-get install neovim)' : false;

// Once per language: `shipshape.language` (initializationOptions) decides the texts, nothing else.
const languages = [
  { language: undefined, line: 'Ignore SS503 on this line', file: 'Ignore SS503 in this file', message: /^This looks like an AWS access key id/ },
  { language: 'zh-CN', line: '在此行忽略 SS503', file: '在此文件中忽略 SS503', message: /^这看起来是 AWS 访问密钥 ID；/ },
];

for (const { language, line, file, message } of languages) {
test(`headless Neovim (${language ?? 'en'}): diagnostics for a Dockerfile and a compose file, code actions applied`, { skip }, async (t) => {
  const ws = workspace(t, { Dockerfile: fx.dockerfile, 'compose.yaml': fx.compose });
  const run = spawnSync(
    'nvim',
    ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(repoRoot, 'tests/lsp/nvim/e2e.lua')}`],
    {
      encoding: 'utf8',
      timeout: 60000,
      env: {
        ...process.env,
        SHIPSHAPE_LSP: serverBinary(),
        SHIPSHAPE_NVIM_DIR: ws.root,
        ...(language ? { SHIPSHAPE_NVIM_LANGUAGE: language } : {}),
        SHIPSHAPE_NVIM_LINE_ACTION: line,
        SHIPSHAPE_NVIM_FILE_ACTION: file,
      },
    },
  );
  const results = {};
  for (const line of run.stderr.split('\n')) {
    if (line.startsWith('RESULT ')) {
      const { name, value } = JSON.parse(line.slice('RESULT '.length));
      results[name] = value;
    }
  }
  assert.equal(results.error, undefined, `nvim reported: ${results.error}\n${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  if (nvim.stdout.startsWith('NVIM v0.7.')) {
    t.diagnostic('Neovim 0.7 (Debian)');
  }

  const codes = (diagnostics) => diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
  // Dockerfile: filetype dockerfile, the key after CJK text and an emoji.
  assert.equal(results['Dockerfile:filetype'], 'dockerfile');
  const [dl, dc0, , dc1] = fx.dockerfileKeyRange;
  assert.deepEqual(codes(results['Dockerfile:published']), [['SS503', dl, dc0, dc1]]);
  // Neovim shows it at byte columns: `ENV NOTE="` 10 + 鍵 3 + は 3 + 😀 4 + `=` 1 = 21.
  assert.deepEqual(results['Dockerfile:shown'], [{ lnum: 2, col: 21, end_col: 41, severity: 1 }]);
  assert.match(results['Dockerfile:published'][0].message, message);
  assert.deepEqual(results['Dockerfile:actions'], [line, file]);
  assert.equal(
    results['Dockerfile:edited'],
    fx.dockerfile.replace('ENV NOTE', '# shipshape ignore=SS503\nENV NOTE').replace(/\n$/, ''),
  );
  // Compose: filetype yaml (decided as compose by the file name).
  assert.equal(results['compose.yaml:filetype'], 'yaml');
  const [cl, cc0, , cc1] = fx.composeKeyRange;
  assert.deepEqual(codes(results['compose.yaml:published']), [['SS503', cl, cc0, cc1]]);
  assert.deepEqual(results['compose.yaml:shown'], [{ lnum: 8, col: 24, end_col: 44, severity: 1 }]);
  assert.equal(
    results['compose.yaml:edited'],
    `# shipshape ignore-file=SS503\n${fx.compose}`.replace(/\n$/, ''),
  );
  // The server got the edits as incremental changes and published for the new version.
  assert.ok(results['Dockerfile:after_version'] > 0);
  assert.ok(results['compose.yaml:after_version'] > 0);
  // shutdown + exit: code 0.
  assert.equal(results.exit_code, 0);

  // The applied suppressions remove the diagnostics.
  assert.deepEqual(results['Dockerfile:after'], []);
  assert.deepEqual(results['compose.yaml:after'], []);
});
}
