// Unit tests of what the extension tells the server in a trusted and an untrusted folder
// (src/trust.ts, built to out/ by `npm test`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { initializationOptions, trustNotice } from '../out/trust.mjs';

test('an untrusted folder: the server is told not to load plugins', () => {
  assert.deepEqual(
    initializationOptions({ enable: true, rules: { SS101: 'off' }, trusted: false }),
    { enable: true, rules: { SS101: 'off' }, loadPlugins: false },
  );
  assert.match(trustNotice(false), /^Restricted Mode: .*plugins named by \.shipshape\.toml are not loaded/);
});

test('a trusted folder: plugins are loaded', () => {
  assert.deepEqual(initializationOptions({ enable: false, rules: {}, trusted: true }), {
    enable: false,
    rules: {},
    loadPlugins: true,
  });
  assert.match(trustNotice(true), /plugins named by \.shipshape\.toml are loaded/);
});

test('shipshape.language is sent from the start when set', () => {
  assert.deepEqual(
    initializationOptions({ enable: true, rules: {}, language: 'zh-CN', trusted: true }),
    { enable: true, rules: {}, loadPlugins: true, language: 'zh-CN' },
  );
  assert.ok(!('language' in initializationOptions({ enable: true, rules: {}, language: null, trusted: true })));
});

test('the extension passes these options, logs the notice, and restarts when trust is granted', () => {
  const source = readFileSync(new URL('../src/extension.ts', import.meta.url), 'utf8');
  assert.match(source, /initializationOptions: initializationOptions\(\{[\s\S]*?\btrusted,\s*\}\)/);
  assert.match(source, /const trusted = vscode\.workspace\.isTrusted;/);
  assert.match(source, /output\?\.info\(trustNotice\(trusted\)\)/);
  assert.match(source, /onDidGrantWorkspaceTrust\(\(\) => restart\(context\)\)/);
});
