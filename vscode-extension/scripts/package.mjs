// Build and package the extension offline:
//   node scripts/package.mjs [--server PATH/TO/shipshape-lsp] [--out PATH.vsix]
// Copies the server binary (if given) to server/, bundles src/ with esbuild into dist/, and runs
// `vsce package --no-dependencies` (the bundle holds every dependency). The default output is
// <repo>/target/dist/shipshape.vsix.

import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(extension, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const server = option('--server');
const out = resolve(option('--out') ?? join(repo, 'target', 'dist', 'shipshape.vsix'));

rmSync(join(extension, 'server'), { recursive: true, force: true });
if (server) {
  const binary = process.platform === 'win32' ? 'shipshape-lsp.exe' : 'shipshape-lsp';
  mkdirSync(join(extension, 'server'), { recursive: true });
  copyFileSync(resolve(server), join(extension, 'server', binary));
  chmodSync(join(extension, 'server', binary), 0o755);
}
const bin = (name) => join(extension, 'node_modules', '.bin', name);
const run = (command, commandArgs) =>
  execFileSync(command, commandArgs, { cwd: extension, stdio: 'inherit' });
run('npm', ['run', 'build']);
mkdirSync(dirname(out), { recursive: true });
run(bin('vsce'), ['package', '--no-dependencies', '--skip-license', '--out', out]);
console.log(`wrote ${out}${server ? ` (server: ${server})` : ' (no bundled server: PATH is used)'}`);
