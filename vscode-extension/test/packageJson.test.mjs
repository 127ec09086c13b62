// The extension manifest's contributions: activation, settings, entry point, engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));

test('activates on Dockerfiles, compose files, YAML and the kinds of SPEC 2b, from the bundled entry point', () => {
  assert.deepEqual(manifest.activationEvents, [
    'onLanguage:dockerfile',
    'onLanguage:dockercompose',
    'onLanguage:yaml',
    'onLanguage:github-actions-workflow',
    'onLanguage:shellscript',
    'onLanguage:makefile',
    'workspaceContains:**/.devcontainer/devcontainer.json',
    'workspaceContains:**/.devcontainer.json',
    'workspaceContains:**/*.container',
  ]);
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.name, 'shipshape');
  assert.equal(manifest.publisher, 'shipshape-dev');
});

test('settings: enable, server path, extra args, rule overrides', () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.keys(properties).sort(), [
    'shipshape.enable',
    'shipshape.language',
    'shipshape.rules',
    'shipshape.server.extraArgs',
    'shipshape.server.path',
    'shipshape.trace.server',
  ]);
  assert.equal(properties['shipshape.enable'].type, 'boolean');
  assert.equal(properties['shipshape.enable'].default, true);
  // The languages the server speaks (core/src/i18n.rs), or null: the editor's display language.
  assert.deepEqual(properties['shipshape.language'].enum, ['en', 'zh-CN', null]);
  assert.equal(properties['shipshape.language'].default, null);
  assert.deepEqual(properties['shipshape.server.path'].type, ['string', 'null']);
  assert.equal(properties['shipshape.server.path'].default, null);
  assert.deepEqual(properties['shipshape.server.extraArgs'], {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'Extra arguments passed to `shipshape-lsp`.',
    scope: 'machine-overridable',
  });
  const rules = properties['shipshape.rules'];
  assert.equal(rules.type, 'object');
  assert.deepEqual(rules.additionalProperties.enum, ['off', 'on', 'error', 'warning', 'info', 'hint']);
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command), ['shipshape.restartServer']);
});

test('Workspace Trust: limited support; the server path and arguments come from user settings', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual(trust.restrictedConfigurations, [
    'shipshape.server.path',
    'shipshape.server.extraArgs',
  ]);
  assert.match(trust.description, /plugins named by \.shipshape\.toml are not loaded/);
  const properties = manifest.contributes.configuration.properties;
  // `machine`: never from a folder's .vscode/settings.json, trusted or not.
  assert.equal(properties['shipshape.server.path'].scope, 'machine');
  // Every restricted setting exists, so the list cannot go stale.
  for (const key of trust.restrictedConfigurations) assert.ok(properties[key], key);
});

test('dependencies are pinned exactly and locked; the types match the engine', () => {
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [name, version] of Object.entries(deps)) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name}@${version} is not pinned`);
      assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `${name} in the lock`);
    }
  }
  // @types/vscode must not be newer than the lowest VS Code the extension claims to support.
  assert.equal(manifest.engines.vscode, `^${manifest.devDependencies['@types/vscode']}`);
});
