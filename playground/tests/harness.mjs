// Shared by the browser tests and the benchmark: where things are, the CLI as the reference,
// Debian's chromium driven by playwright-core, and page helpers.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const playgroundDir = path.resolve(here, '..');
export const root = path.resolve(playgroundDir, '..');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');

/** The built site (`cargo xtask dist`, or `node playground/build.mjs`). */
export const siteDir = process.env.SHIPSHAPE_PLAYGROUND_DIR || path.join(root, 'target', 'dist', 'playground');
/** The CLI whose JSON is the reference. */
export const cliPath = process.env.SHIPSHAPE_CLI || path.join(targetDir, 'release', 'shipshape');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
/** Screenshots of each state, kept as test artifacts (target/ is ignored by git). */
export const artifactsDir = path.join(root, 'target', 'playground-tests');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const examples = JSON.parse(fs.readFileSync(path.join(playgroundDir, 'examples', 'examples.json'), 'utf8')).map(
  (example) => ({ ...example, text: fs.readFileSync(path.join(playgroundDir, 'examples', example.file), 'utf8') }),
);

export function requireBuilt({ cli = true } = {}) {
  const missing = [
    [path.join(siteDir, 'index.html'), 'build the site: node playground/build.mjs (or cargo xtask dist)'],
    [cli ? cliPath : siteDir, 'build the CLI: cargo build -p shipshape'],
    [chromiumPath, 'install chromium: apt-get install -y chromium'],
  ].filter(([file]) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(missing.map(([file, hint]) => `missing ${file}: ${hint}`).join('\n'));
  }
}

/** A persistent context on a fresh profile folder (removed by the returned close()). */
export async function launch(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-playground-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function cli(args, input) {
  const result = spawnSync(cliPath, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

/** `shipshape check --format json --lang LANG` on stdin, forced to `kind`. */
export function cliCheck(text, kind, lang = 'en') {
  const args = ['check', '--format', 'json', '--fail-on', 'never', '--no-config', '--kind', kind, '--lang', lang, '-'];
  const result = cli(args, text);
  if (result.status !== 0) throw new Error(`shipshape check exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** `shipshape fix [--unsafe-fixes] -`: the fixed text. */
export function cliFix(text, kind, unsafe) {
  const args = ['fix', '--no-config', '--kind', kind, ...(unsafe ? ['--unsafe-fixes'] : []), '-'];
  const result = cli(args, text);
  if (result.status === 2 || result.status === null) throw new Error(`shipshape fix exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

export function cliRules() {
  const result = cli(['rules', '--format', 'json'], '');
  if (result.status !== 0) throw new Error(`shipshape rules exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout).rules;
}

/** A message as the page shows it: `code spans` become <code> elements, without the backticks. */
export const visible = (message) => (message.split('`').length % 2 === 1 ? message.replaceAll('`', '') : message);

/** What the page and the CLI are compared on. */
export const essentials = (findings) =>
  findings.map((f) => ({ code: f.code, line: f.start.line, column: f.start.column, message: visible(f.message) }));

/** Open the playground and wait for its first findings. */
export async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  // Console errors and warnings too (CSP violations, a preload left unused, a failed fetch).
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.errors = errors;
  await page.goto(url);
  await page.waitForFunction(() => window.playground !== undefined);
  await settled(page);
  return page;
}

export async function settled(page) {
  await page.evaluate(() => window.playground.settled());
}

/** The findings list as shown: code, line, column and message of each row, in order. */
export async function shown(page) {
  await settled(page);
  return page.$$eval('#finding-list > li', (items) =>
    items.map((li) => ({
      code: li.dataset.code,
      line: Number(li.dataset.line),
      column: Number(li.dataset.column),
      message: li.querySelector('.message')?.textContent ?? '',
    })),
  );
}

export const text = (page) => page.evaluate(() => window.playground.text());

/** Replace the editor's text (as a paste would) and wait for its findings. */
export async function setText(page, value) {
  await page.evaluate((value) => window.playground.setText(value), value);
  await settled(page);
}

/** The text a finding's range covers, counted in Unicode scalar values like the CLI. */
export function slice(textValue, start, end) {
  const chars = [...textValue];
  const offset = ({ line, column }) => {
    const lines = textValue.split('\n');
    if (line > lines.length) return chars.length;
    let at = 0;
    for (let i = 0; i < line - 1; i += 1) at += [...lines[i]].length + 1;
    return Math.min(chars.length, at + column - 1);
  };
  const from = offset(start);
  return chars.slice(from, Math.max(from, offset(end))).join('');
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage });
}
