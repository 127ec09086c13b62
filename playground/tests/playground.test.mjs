// Browser tests of the built playground: Debian's chromium (headless, fresh profile) driven by
// playwright-core against target/dist/playground served on 127.0.0.1. The reference for every
// finding is the CLI: `shipshape check --format json --kind K -` on the same text.
//
//   cargo build -p shipshape && node playground/build.mjs && (cd playground && npm test)
//
// Screenshots of each state go to target/playground-tests/.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { serve } from '../serve.mjs';
import {
  cliCheck,
  cliFix,
  cliRules,
  essentials,
  examples,
  launch,
  open,
  requireBuilt,
  screenshot,
  setText,
  settled,
  shown,
  siteDir,
  slice,
  text,
  visible,
} from './harness.mjs';

requireBuilt();

let site;
let browser;

before(async () => {
  site = await serve(siteDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const example = (id) => {
  const found = examples.find((e) => e.id === id);
  assert.ok(found, `no example ${id}`);
  return found;
};

/** The page shows exactly the CLI's findings for its current text, checked as `kind`. */
async function assertMatchesCli(page, kind, label) {
  const current = await text(page);
  const cli = cliCheck(current, kind).findings;
  const expected = essentials(cli);
  assert.deepEqual(await shown(page), expected, `${label}: findings list vs CLI`);
  // The editor's underlines cover the same text as the CLI's ranges (positions converted right).
  const inEditor = await page.evaluate(() =>
    window.playground.diagnostics().map((d) => `${d.source}|${d.message}|${window.playground.slice(d.from, d.to)}`),
  );
  const wanted = cli.map((f) => `${f.code} ${f.name}|${f.message}|${slice(current, f.start, f.end)}`);
  assert.deepEqual([...inEditor].sort(), [...wanted].sort(), `${label}: editor diagnostics vs CLI ranges`);
  return expected;
}

async function loadExample(page, id) {
  await page.selectOption('#example', id);
  await settled(page);
}

describe('examples', () => {
  test('the menu has one example per check and one per kind', async () => {
    const checks = examples.filter((e) => e.group === 'check');
    const kinds = examples.filter((e) => e.group === 'kind');
    assert.equal(checks.length, 6);
    assert.deepEqual(kinds.map((e) => e.kind).sort(), [
      'compose', 'devcontainer', 'dockerfile', 'github-actions', 'gitlab-ci', 'kubernetes', 'quadlet', 'shell',
    ]);
    // The six checks of the README: writable root fs, single stage, caps, privileged, secrets, PIDs.
    assert.deepEqual(
      checks.map((e) => e.codes[0]),
      ['SS101', 'SS201', 'SS301', 'SS401', 'SS501', 'SS601'],
    );
    const page = await open(browser.context, site.url);
    const options = await page.$$eval('#example option', (items) => items.map((o) => o.value).filter(Boolean));
    assert.deepEqual(options, examples.map((e) => e.id));
    await page.close();
  });

  for (const ex of examples) {
    test(`${ex.id}: exactly the CLI's findings, with ${ex.codes.join(', ')}`, async () => {
      const page = await open(browser.context, site.url);
      await loadExample(page, ex.id);
      assert.equal(await text(page), ex.text);
      // The kind is detected from the content (the selector stays on auto).
      assert.equal(await page.inputValue('#kind'), '');
      assert.equal(await page.evaluate(() => window.playground.report().files[0].kind), ex.kind);
      assert.equal(await page.evaluate(() => document.body.dataset.kind), ex.kind);
      const findings = await assertMatchesCli(page, ex.kind, ex.id);
      // A code folded into another finding (docs/rules.md) is still shown, as related information.
      // (The page lists what the CLI reports, asserted above; the CLI's JSON has the related lists.)
      const reported = cliCheck(ex.text, ex.kind).findings;
      const demonstrated = (code) => reported.some((f) => f.code === code || (f.related ?? []).some((r) => r.code === code));
      for (const code of ex.codes) {
        assert.ok(demonstrated(code), `${ex.id} no longer demonstrates ${code}`);
      }
      // Underlines and gutter marks are drawn.
      assert.ok((await page.locator('.cm-lintRange').count()) > 0, 'underlines');
      assert.ok((await page.locator('.cm-gutter-lint .cm-lint-marker').count()) > 0, 'gutter marks');
      // Each row shows the severity and links to the rule's docs.
      const cli = cliCheck(ex.text, ex.kind).findings;
      const rows = await page.$$eval('#finding-list > li', (items) =>
        items.map((li) => ({ severity: li.querySelector('.severity').textContent, docs: li.querySelector('a.code').getAttribute('href') })),
      );
      assert.deepEqual(rows, cli.map((f) => ({ severity: f.severity, docs: f.docs })));
      assert.ok(cli.every((f) => f.docs.endsWith(`/${f.code}.md`)));
      await screenshot(page, `example-${ex.id}`);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }
});

test('typing updates the findings', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'single-stage-build');
  assert.ok(!(await shown(page)).some((f) => f.code === 'SS501'));
  // Type a secret at the end of the file, key by key.
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('ENV API_TOKEN=tok-9f8e7d6c5b4a39281706');
  const afterTyping = await assertMatchesCli(page, 'dockerfile', 'after typing');
  const lines = (await text(page)).split('\n').length;
  assert.ok(
    afterTyping.some((f) => f.code === 'SS501' && f.line === lines),
    `SS501 on the typed line ${lines}: ${JSON.stringify(afterTyping)}`,
  );
  await screenshot(page, 'typing-secret-added');
  // Replace everything with a clean file by typing it: the findings go away.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('FROM alpine:3.20');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CMD ["true"]');
  assert.equal(await text(page), 'FROM alpine:3.20\nCMD ["true"]');
  assert.deepEqual(await assertMatchesCli(page, 'dockerfile', 'clean'), []);
  assert.equal(await page.isVisible('#no-findings'), true);
  assert.equal(await page.textContent('#count'), '0');
  await screenshot(page, 'typing-clean');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a fix button in the list changes the text and its finding disappears', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'writable-root-fs');
  const before = await shown(page);
  assert.deepEqual(before.map((f) => f.code), ['SS101']);
  const button = page.locator('#finding-list > li[data-code="SS101"] button.fix');
  assert.equal(await button.count(), 1);
  const [fix] = cliCheck(example('writable-root-fs').text, 'compose').findings[0].fixes;
  assert.equal(fix.applicability, 'unsafe');
  assert.equal(await button.textContent(), `Fix: ${visible(fix.title)} unsafe`);
  await button.click();
  const fixed = await text(page);
  assert.notEqual(fixed, example('writable-root-fs').text);
  assert.match(fixed, /\n {4}read_only: true\n/);
  assert.deepEqual(await assertMatchesCli(page, 'compose', 'after the fix'), []);
  await screenshot(page, 'fix-button-applied');
  await page.close();
});

test('hovering an underline shows the message and fix buttons; a fix there applies', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'no-pid-limit');
  const [finding] = cliCheck(example('no-pid-limit').text, 'compose').findings;
  assert.equal(finding.code, 'SS601');
  await page.locator('.cm-lintRange').first().hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  assert.equal(await tooltip.locator('.cm-diagnosticText').textContent(), visible(finding.message));
  assert.ok((await tooltip.locator('.cm-diagnosticText code').count()) > 0, 'code spans rendered');
  assert.equal(await tooltip.locator('.cm-diagnosticSource').textContent(), 'SS601 pids-limit-missing');
  const action = tooltip.locator('button.cm-diagnosticAction');
  assert.equal(await action.count(), finding.fixes.length);
  assert.equal(await action.first().textContent(), `${visible(finding.fixes[0].title)} (unsafe)`);
  await screenshot(page, 'hover-tooltip');
  await action.first().click();
  assert.match(await text(page), /\n {4}pids_limit: 100\n/);
  assert.ok(!(await shown(page)).some((f) => f.code === 'SS601'));
  await assertMatchesCli(page, 'compose', 'after the hover fix');
  await page.close();
});

test('fix all: safe fixes only, then unsafe too, as `shipshape fix [--unsafe-fixes]`', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'compose');
  const original = example('compose').text;
  const safe = cliFix(original, 'compose', false);
  const all = cliFix(safe, 'compose', true);
  assert.notEqual(safe, original, 'the compose example has a safe fix');
  assert.notEqual(all, safe, 'the compose example has unsafe fixes');

  await page.uncheck('#unsafe');
  await page.click('#fix-all');
  await settled(page);
  assert.equal(await text(page), safe);
  await assertMatchesCli(page, 'compose', 'after the safe fixes');

  await page.check('#unsafe');
  await page.click('#fix-all');
  await settled(page);
  assert.equal(await text(page), all);
  const remaining = await assertMatchesCli(page, 'compose', 'after every fix');
  assert.ok(remaining.length > 0, 'findings without a fix remain (SS401, SS402, SS501 ...)');
  assert.equal(await page.locator('#finding-list button.fix').count(), 0);
  assert.equal(await page.isDisabled('#fix-all'), true);
  await screenshot(page, 'fix-all');
  await page.close();
});

test('the kind selector overrides detection', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'kubernetes');
  assert.match(await page.textContent('#kind option[value=""]'), /Kubernetes/);
  for (const kind of ['compose', 'dockerfile', 'kubernetes']) {
    await page.selectOption('#kind', kind);
    await settled(page);
    assert.equal(await page.evaluate(() => window.playground.report().files[0].kind), kind);
    assert.equal(await page.evaluate(() => document.body.dataset.kind), kind);
    await assertMatchesCli(page, kind, `forced ${kind}`);
    await screenshot(page, `kind-${kind}`);
  }
  // Back to auto-detection: the findings of a manifest again.
  await page.selectOption('#kind', 'dockerfile');
  const asDockerfile = await shown(page);
  const asKubernetes = essentials(cliCheck(await text(page), 'kubernetes').findings);
  assert.notDeepEqual(asDockerfile, asKubernetes);
  await page.selectOption('#kind', '');
  await settled(page);
  assert.deepEqual(await shown(page), asKubernetes);
  await page.close();
});

test('a share link opened in a new page restores the text and the kind', async () => {
  const page = await open(browser.context, site.url);
  // Non-ASCII before the findings: columns count Unicode scalars in the CLI, UTF-16 in the editor.
  const shared = [
    '# Ünïcödé 名前 🚀 comment',
    'services:',
    '  wéb: # 🐳',
    '    image: "nginx:1.27" # ✓',
    '    environment:',
    '      GREETING: "héllo 🌍"',
    '      DB_PASSWORD: pässwörd-🔑-0123456789',
    '',
  ].join('\n');
  await setText(page, shared);
  await page.selectOption('#kind', 'compose');
  await settled(page);
  const expected = await assertMatchesCli(page, 'compose', 'before sharing');
  assert.ok(expected.some((f) => f.code === 'SS501'));
  await page.click('#share');
  await page.waitForFunction(() => document.querySelector('#share-url').value !== '');
  const link = await page.inputValue('#share-url');
  assert.ok(link.startsWith(site.url), link);
  const fragment = new URL(link).hash;
  assert.match(fragment, /^#code=[A-Za-z0-9_-]+&kind=compose&lang=en$/);
  assert.ok(!link.includes('nginx'), 'the text is compressed, not in clear');
  await screenshot(page, 'share-link');

  const other = await open(browser.context, link);
  assert.equal(await text(other), shared);
  assert.equal(await other.inputValue('#kind'), 'compose');
  assert.deepEqual(await assertMatchesCli(other, 'compose', 'shared page'), expected);
  await screenshot(other, 'share-opened');

  // A damaged link falls back to an example and says so.
  const damaged = await open(browser.context, `${site.url}#code=AAAA%%%`);
  assert.match(await damaged.textContent('#notice'), /damaged/);
  assert.equal(await damaged.isVisible('#notice'), true);
  assert.ok((await text(damaged)).length > 0);
  await Promise.all([page.close(), other.close(), damaged.close()]);
});

test('language: the browser\'s (zh-CN), the switch in the page, and the share link\'s', async () => {
  const chinese = await launch({ locale: 'zh-CN' });
  try {
    const page = await open(chinese.context, site.url);
    await settled(page);
    // The browser's language: the interface and the findings in Chinese, as the CLI's.
    assert.equal(await page.evaluate(() => window.playground.locale()), 'zh-CN');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.textContent('#fix-all'), '全部修复');
    assert.equal(await page.textContent('#share'), '分享');
    assert.equal(await page.textContent('[data-text="ui-findings"]'), '问题');
    assert.equal(await page.getAttribute('#docs-close', 'aria-label'), '关闭规则文档');
    const current = await text(page);
    const inChinese = essentials(cliCheck(current, 'compose', 'zh-CN').findings);
    assert.ok(inChinese.some((f) => /[\u4e00-\u9fff]/.test(f.message)));
    assert.deepEqual(await shown(page), inChinese);
    assert.match(await page.textContent('#status'), /^\d+ 个(错误|警告)/);
    assert.match(await page.textContent('#finding-list .position'), /^第 \d+:\d+ 行$/);
    await screenshot(page, 'language-zh-CN');

    // The switch: English, then Chinese again; codes, positions and fixes do not change.
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.querySelector('#fix-all').textContent === 'Fix all');
    await settled(page);
    assert.deepEqual(await shown(page), essentials(cliCheck(current, 'compose', 'en').findings));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.selectOption('#language', 'zh-CN');
    await page.waitForFunction(() => document.querySelector('#fix-all').textContent === '全部修复');
    await settled(page);
    assert.deepEqual(await shown(page), inChinese);
    // The docs dialog shows the Chinese rule page.
    await page.click('#rules');
    await page.waitForFunction(() => document.querySelector('#docs-body h2')?.textContent === '规则说明');

    // A share link keeps the language, and opens in it in an English browser.
    await page.click('#docs-close');
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#share-url').value !== '');
    const link = await page.inputValue('#share-url');
    assert.match(new URL(link).hash, /^#code=[A-Za-z0-9_-]+&lang=zh-CN$/);
    const other = await open(browser.context, link);
    await other.waitForFunction(() => document.querySelector('#fix-all').textContent === '全部修复');
    await settled(other);
    assert.equal(await other.evaluate(() => window.playground.locale()), 'zh-CN');
    assert.deepEqual(await shown(other), inChinese);
    await Promise.all([page.close(), other.close()]);
  } finally {
    await chinese.close();
  }
});

test('rule docs open inside the page, rendered and sanitised', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'writable-root-fs');
  await page.click('#finding-list > li[data-code="SS101"] a.code');
  const dialog = page.locator('dialog#docs');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.querySelector('#docs').dataset.rule), 'SS101');
  assert.equal(await dialog.locator('#docs-body h1').textContent(), 'read-only-root-filesystem (SS101)');
  const headings = await dialog.locator('#docs-body h2').allTextContents();
  for (const heading of ['What it does', 'Why is this bad?', 'Example', 'Fix safety', 'References']) {
    assert.ok(headings.includes(heading), `${heading} in ${headings}`);
  }
  assert.ok((await dialog.locator('#docs-body pre code').count()) >= 2, 'bad and good examples');
  // Every rule of the CLI is in the index.
  const index = await dialog.locator('#docs-index a').evaluateAll((links) => links.map((a) => a.dataset.rule));
  assert.deepEqual(index, cliRules().map((r) => r.code));
  await screenshot(page, 'docs-SS101');
  // Another rule from the index, then Escape closes and focus comes back to the page.
  await dialog.locator('#docs-index a[data-rule="SS601"]').click();
  await page.waitForFunction(() => document.querySelector('#docs').dataset.rule === 'SS601');
  assert.equal(await dialog.locator('#docs-body h1').textContent(), 'pids-limit-missing (SS601)');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // External links open elsewhere; no script or handler survives rendering.
  const unsafe = await page.evaluate(() => {
    const body = document.querySelector('#docs-body');
    return {
      scripts: body.querySelectorAll('script, iframe, object, img').length,
      handlers: [...body.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      badLinks: [...body.querySelectorAll('a[href]')].filter((a) => !/^(https?:|#rule=SS\d{3}$)/.test(a.getAttribute('href'))).length,
    };
  });
  assert.deepEqual(unsafe, { scripts: 0, handlers: 0, badLinks: 0 });
  assert.deepEqual(page.errors, []);
  // The sanitiser itself, on hostile input.
  const cleaned = await page.evaluate(() =>
    window.playground.sanitize(
      '<img src=x onerror=alert(1)><script>alert(2)</script><p onclick="x()">ok <a href="javascript:alert(3)">a</a> <a href="SS301.md">b</a></p><iframe src="//e"></iframe>',
    ),
  );
  assert.equal(cleaned, '<p>ok <a>a</a> <a href="#rule=SS301" data-rule="SS301">b</a></p>');
  // A deep link opens a rule directly.
  const direct = await open(browser.context, `${site.url}#rule=SS503`);
  await direct.locator('dialog#docs').waitFor({ state: 'visible' });
  assert.equal(await direct.locator('#docs-body h1').textContent(), 'hardcoded-credential (SS503)');
  await Promise.all([page.close(), direct.close()]);
});

test('secret values are never shown in full (list, hover, fix titles)', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'secrets');
  const secrets = ['correct-horse-battery-staple', 'ghp_Zx8Qm2Lp4Rt6Vb1Nc3Kd5Hf7Jg9Ws0Ey2Ua4'];
  const source = await text(page);
  for (const secret of secrets) assert.ok(source.includes(secret), `the example holds ${secret}`);
  const findings = await shown(page);
  assert.ok(findings.some((f) => f.code === 'SS501'));
  // The SS503 on the same value is folded into the SS501 (docs/rules.md).
  const report = await page.evaluate(() => window.playground.report());
  assert.ok(report.findings.some((f) => f.code === 'SS501' && (f.related ?? []).some((r) => r.code === 'SS503')));
  let seen = await page.textContent('#findings');
  for (const range of await page.locator('.cm-lintRange').all()) {
    await range.hover();
    await page.locator('.cm-tooltip-lint').waitFor();
    seen += await page.locator('.cm-tooltip-lint').textContent();
    await page.mouse.move(0, 0);
    await page.locator('.cm-tooltip-lint').waitFor({ state: 'detached' });
  }
  seen += (await page.evaluate(() => window.playground.diagnostics().map((d) => d.message + d.source))).join('\n');
  await page.click('#finding-list > li[data-code="SS501"] a.code');
  await page.locator('dialog#docs').waitFor({ state: 'visible' });
  seen += await page.textContent('#docs-body');
  for (const secret of secrets) {
    assert.ok(!seen.includes(secret), `${secret} shown in full`);
    // Not even most of it.
    assert.ok(!seen.includes(secret.slice(0, secret.length - 4)), `${secret} shown nearly in full`);
  }
  assert.ok(seen.includes('DATABASE_PASSWORD'), 'the variable is named');
  await page.close();
});

test('usable with the keyboard alone', async () => {
  const page = await open(browser.context, site.url);
  await loadExample(page, 'writable-root-fs');
  // Tab from the top of the page reaches the first fix button in the list.
  await page.evaluate(() => document.activeElement?.blur());
  let reached = false;
  for (let i = 0; i < 40 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('#finding-list button.fix') ?? false);
  }
  assert.ok(reached, 'a fix button is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await screenshot(page, 'keyboard-focus');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.deepEqual(await shown(page), []);
  // Focus stays in the findings (no fix left: the section itself), not lost to the page.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'findings');
  // The example menu works from the keyboard too.
  await page.focus('#example');
  await page.selectOption('#example', 'secrets');
  await settled(page);
  assert.ok((await shown(page)).some((f) => f.code === 'SS501'));
  // F8 in the editor moves to the next finding.
  await page.click('.cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  const selection = await page.evaluate(() => window.playground.view.state.selection.main.from);
  const first = await page.evaluate(() => Math.min(...window.playground.diagnostics().map((d) => d.from)));
  assert.equal(selection, first);
  await page.close();
});

test('legible on a narrow screen: one column, no horizontal scrolling', async () => {
  const page = await open(browser.context, site.url);
  await page.setViewportSize({ width: 360, height: 740 });
  await loadExample(page, 'compose');
  const layout = await page.evaluate(() => {
    const editor = document.querySelector('.editor-pane').getBoundingClientRect();
    const findings = document.querySelector('.findings-pane').getBoundingClientRect();
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      stacked: findings.top >= editor.bottom - 1,
      editorWidth: editor.width,
      findingsWidth: findings.width,
    };
  });
  assert.equal(layout.overflow, 0, 'no horizontal scrolling');
  assert.ok(layout.stacked, 'the findings come below the editor');
  assert.ok(layout.editorWidth >= 340 && layout.findingsWidth >= 340, JSON.stringify(layout));
  const fontSize = await page.$eval('#finding-list .message', (p) => parseFloat(getComputedStyle(p).fontSize));
  assert.ok(fontSize >= 14, `message font size ${fontSize}`);
  await screenshot(page, 'narrow', { fullPage: false });
  await page.close();
});

test('works offline once loaded (service worker)', async () => {
  // Its own server and profile: the server is stopped halfway.
  const ownSite = await serve(siteDir);
  const own = await launch();
  try {
    const page = await open(own.context, ownSite.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const online = await shown(page);
    assert.ok(online.length > 0);
    await ownSite.close();
    // The server is gone: a fresh load must come from the cache, wasm and worker included.
    await page.reload();
    await page.waitForFunction(() => window.playground !== undefined);
    assert.deepEqual(await shown(page), online);
    await loadExample(page, 'secrets');
    await assertMatchesCli(page, 'dockerfile', 'offline');
    const fresh = await own.context.newPage();
    await fresh.goto(`${ownSite.url}#rule=SS601`);
    await fresh.locator('dialog#docs').waitFor({ state: 'visible' });
    assert.equal(await fresh.locator('#docs-body h1').textContent(), 'pids-limit-missing (SS601)');
    await screenshot(page, 'offline');
    assert.deepEqual(page.errors, []);
  } finally {
    await own.close();
    await ownSite.close();
  }
});
