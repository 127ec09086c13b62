// The playground page: a CodeMirror 6 editor checked as you type by the wasm module (in a Web
// Worker), a findings list with fixes and docs, examples, a kind selector and share links.

import { basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { StreamLanguage } from '@codemirror/language';
import { forEachDiagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { examples } from 'virtual:examples';

import { Checker } from './checker.js';
import { fixChanges, minimalChange, toOffset } from './positions.js';
import { decodeShare, encodeShare } from './share.js';

/** How long typing must pause before the text is checked again (milliseconds). */
const DEBOUNCE = 120;
const DEFAULT_EXAMPLE = 'compose';

const $ = (selector) => {
  const element = document.querySelector(selector);
  if (!element) throw new Error(`missing ${selector}`);
  return element;
};
const ui = {
  editor: $('#editor'),
  example: $('#example'),
  kind: $('#kind'),
  autoOption: $('#kind option[value=""]'),
  fixAll: $('#fix-all'),
  unsafe: $('#unsafe'),
  share: $('#share'),
  shareBox: $('#share-box'),
  shareUrl: $('#share-url'),
  status: $('#status'),
  notice: $('#notice'),
  count: $('#count'),
  list: $('#finding-list'),
  empty: $('#no-findings'),
  rulesButton: $('#rules'),
  docs: $('#docs'),
  docsIndex: $('#docs-index'),
  docsBody: $('#docs-body'),
  docsClose: $('#docs-close'),
  language: $('#language'),
};

// The language: the browser's, a share link's or the switch's tag, passed as written to the wasm
// module, which chooses the locale (`en`, `zh-CN`) and holds every text of the interface.
let locale = navigator.language || 'en';
/** @type {Record<string, string>} the interface texts of `locale` (`ui-*` in core/locales) */
let texts = {};

/** Interface text `id`, with each `{name}` replaced by `params[name]` as given. */
function t(id, params = {}) {
  return (texts[id] ?? id).replace(/\{([a-z_]+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// Compiled here, from the response index.html preloaded, while the worker starts.
const wasmUrl = new URL('./shipshape_wasm_bg.wasm', import.meta.url);
const compiled = WebAssembly.compileStreaming(fetch(wasmUrl, { credentials: 'same-origin' }));
compiled.then(
  () => performance.mark('shipshape:wasm-compiled'),
  () => {},
);
const checker = new Checker(new URL('./worker.js', import.meta.url), compiled);
const language = new Compartment();
const editorLabel = new Compartment();

/** The last check: the document it was made on (CodeMirror documents are immutable values). */
let checked = { doc: null, kind: '', report: null };
let timer = null;
let running = 0;
let generation = 0;
let waiters = [];
let firstDiagnostics = true;
let currentLanguage = '';
let refocusList = false;

const view = new EditorView({
  parent: ui.editor,
  state: EditorState.create({
    doc: '',
    extensions: [
      basicSetup,
      lintGutter(),
      // Long lines wrap rather than scroll sideways (narrow screens, long image names and URLs).
      EditorView.lineWrapping,
      language.of([]),
      editorLabel.of(EditorView.contentAttributes.of({ 'aria-label': 'File to check' })),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        if (update.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete'))) {
          // Edited: no longer the example the menu names.
          ui.notice.hidden = true;
          ui.example.value = '';
        }
        schedule();
      }),
    ],
  }),
});

/** A message that stays until the text is next edited (a damaged share link, a failed fix). */
function notify(text) {
  ui.notice.textContent = text;
  ui.notice.hidden = false;
}

function setStatus(text, state) {
  ui.status.textContent = text;
  document.body.dataset.state = state;
}

/** Check again after a pause in typing. */
function schedule(delay = DEBOUNCE) {
  clearTimeout(timer);
  generation += 1;
  // The status line keeps the last result (a check takes milliseconds; announcing "Checking"
  // at every keystroke would only be noise for a screen reader).
  document.body.dataset.state = 'checking';
  ui.list.setAttribute('aria-busy', 'true');
  for (const button of ui.list.querySelectorAll('button.fix')) button.disabled = true;
  ui.fixAll.disabled = true;
  timer = setTimeout(() => {
    timer = null;
    run();
  }, delay);
}

async function run() {
  if (firstDiagnostics) performance.mark('shipshape:first-check-sent');
  const mine = generation;
  const doc = view.state.doc;
  const kind = ui.kind.value;
  running += 1;
  let report;
  let status;
  try {
    report = await checker.check(doc.toString(), kind, locale);
    status = await checker.statusLine(report, locale);
  } catch (error) {
    running -= 1;
    if (mine === generation) setStatus(t('ui-check-failed', { error: error.message }), 'error');
    settle();
    return;
  }
  running -= 1;
  // A newer check is scheduled or running: this one is stale.
  if (firstDiagnostics) performance.mark('shipshape:first-check-answered');
  if (mine === generation && view.state.doc === doc) show(doc, kind, report, status);
  settle();
}

function settle() {
  if (timer !== null || running > 0) return;
  const resolved = waiters;
  waiters = [];
  for (const resolve of resolved) resolve();
}

/** Resolves once the findings shown are those of the current text and kind (used by tests). */
function settled() {
  if (timer === null && running === 0 && checked.doc === view.state.doc) return Promise.resolve();
  return new Promise((resolve) => waiters.push(resolve));
}

function effectiveKind(report) {
  return ui.kind.value || report?.files?.[0]?.kind || 'other';
}

function setLanguage(kind) {
  const wanted = kind === 'dockerfile' ? 'dockerfile'
    : ['compose', 'kubernetes', 'github-actions', 'gitlab-ci'].includes(kind) ? 'yaml' : '';
  if (wanted === currentLanguage) return;
  currentLanguage = wanted;
  const extension = wanted === 'dockerfile' ? StreamLanguage.define(dockerFile) : wanted === 'yaml' ? yaml() : [];
  view.dispatch({ effects: language.reconfigure(extension) });
}

function show(doc, kind, report, status) {
  checked = { doc, kind, report };
  const detected = report.files[0]?.kind ?? 'other';
  ui.autoOption.textContent = t('ui-kind-auto-detected', { kind: t(`ui-kind-${detected}`) });
  document.body.dataset.kind = effectiveKind(report);
  setLanguage(effectiveKind(report));
  const findings = report.findings;
  view.dispatch(setDiagnostics(view.state, findings.map((finding) => diagnostic(doc, finding))));
  renderList(findings);
  const fixable = findings.some((finding) => finding.fixes.length > 0);
  ui.fixAll.disabled = !fixable;
  setStatus(status, 'ready');
  if (firstDiagnostics) {
    firstDiagnostics = false;
    performance.mark('shipshape:first-diagnostics');
  }
}

/** A message with its `code spans` as <code> elements (text only, never HTML). */
function messageNodes(message) {
  if (message.split('`').length % 2 === 0) return [document.createTextNode(message)];
  return message.split('`').map((part, i) => (i % 2 === 1 ? element('code', {}, part) : document.createTextNode(part)));
}

/** Text without the backticks of its code spans (CodeMirror's fix buttons take plain text). */
function plain(text) {
  return text.split('`').length % 2 === 1 ? text.replaceAll('`', '') : text;
}

function diagnostic(doc, finding) {
  const from = toOffset(doc, finding.start);
  const to = Math.max(from, toOffset(doc, finding.end));
  return {
    from,
    to,
    severity: finding.severity,
    source: `${finding.code} ${finding.name}`,
    message: finding.message,
    renderMessage: () => element('span', {}, ...messageNodes(finding.message)),
    actions: finding.fixes.map((fix) => ({
      name: `${plain(fix.title)}${fix.applicability === 'unsafe' ? t('ui-fix-unsafe-suffix') : ''}`,
      apply: () => applyFix(doc, fix),
    })),
  };
}

/** Apply one fix, if the text is still the one it was computed for. */
function applyFix(doc, fix) {
  if (view.state.doc !== doc) return false;
  view.dispatch({ changes: fixChanges(doc, fix), userEvent: 'input.fix', scrollIntoView: true });
  schedule(0);
  return true;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'onclick') node.addEventListener('click', value);
    else if (key in node && !key.includes('-')) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function renderList(findings) {
  const doc = checked.doc;
  ui.list.replaceChildren(
    ...findings.map((finding) => {
      const position = `${finding.start.line}:${finding.start.column}`;
      const fixes = finding.fixes.map((fix) =>
        element(
          'button',
          {
            type: 'button',
            className: 'fix',
            title: t(fix.applicability === 'unsafe' ? 'ui-fix-unsafe-title' : 'ui-fix-safe-title'),
            onclick: () => {
              // The list is redrawn: keep keyboard users in it.
              refocusList = true;
              applyFix(doc, fix);
            },
          },
          t('ui-fix-button'),
          ...messageNodes(fix.title),
          fix.applicability === 'unsafe' ? element('span', { className: 'unsafe-tag' }, t('ui-unsafe-tag')) : null,
        ),
      );
      return element(
        'li',
        {
          className: `finding severity-${finding.severity}`,
          dataset: { code: finding.code, line: String(finding.start.line), column: String(finding.start.column) },
        },
        element(
          'div',
          { className: 'finding-head' },
          element('span', { className: 'severity' }, finding.severity),
          element(
            'a',
            {
              className: 'code',
              href: finding.docs,
              'aria-label': t('ui-open-docs', { code: finding.code, name: finding.name }),
              dataset: { rule: finding.code },
            },
            finding.code,
          ),
          element('span', { className: 'name' }, finding.name),
          element(
            'button',
            {
              type: 'button',
              className: 'position',
              'aria-label': t('ui-go-to', { line: finding.start.line, column: finding.start.column }),
              onclick: () => goTo(doc, finding),
            },
            t('ui-position', { position }),
          ),
        ),
        element('p', { className: 'message' }, ...messageNodes(finding.message)),
        finding.object ? element('p', { className: 'object' }, finding.object) : null,
        fixes.length > 0 ? element('div', { className: 'fixes' }, ...fixes) : null,
      );
    }),
  );
  ui.list.removeAttribute('aria-busy');
  if (refocusList) {
    refocusList = false;
    (ui.list.querySelector('button.fix') ?? $('#findings')).focus();
  }
  ui.empty.hidden = findings.length > 0;
  ui.count.textContent = String(findings.length);
}

function goTo(doc, finding) {
  const current = view.state.doc;
  const anchor = current === doc ? toOffset(doc, finding.start) : Math.min(current.length, toOffset(current, finding.start));
  const head = current === doc ? Math.max(anchor, toOffset(doc, finding.end)) : anchor;
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

function setText(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
  view.scrollDOM.scrollTop = 0;
  // A whole new text (example, share link) is checked at once, without the typing pause.
  schedule(0);
}

function loadExample(id) {
  const example = examples.find((e) => e.id === id);
  if (!example) return false;
  ui.example.value = id;
  ui.kind.value = '';
  setText(example.text);
  return true;
}

async function fixAll() {
  const doc = view.state.doc;
  const kind = ui.kind.value;
  ui.fixAll.disabled = true;
  // Counted as a check in flight, so that settled() waits for the fixed text's findings.
  running += 1;
  try {
    const result = await checker.fix(doc.toString(), kind, ui.unsafe.checked);
    if (view.state.doc !== doc) return;
    if (result.applied === 0) {
      notify(t(ui.unsafe.checked ? 'ui-nothing-to-fix' : 'ui-no-safe-fix'));
      ui.fixAll.disabled = false;
      return;
    }
    view.dispatch({ changes: minimalChange(doc.toString(), result.text), userEvent: 'input.fix' });
    schedule(0);
  } catch (error) {
    notify(t('ui-fix-failed', { error: error.message }));
    ui.fixAll.disabled = false;
  } finally {
    running -= 1;
    settle();
  }
}

async function share() {
  const fragment = await encodeShare(view.state.doc.toString(), ui.kind.value, ui.language.value);
  const url = new URL(location.href);
  url.hash = fragment;
  history.replaceState(null, '', url);
  ui.shareUrl.value = url.href;
  ui.shareBox.hidden = false;
  ui.shareUrl.focus();
  ui.shareUrl.select();
  try {
    await navigator.clipboard.writeText(url.href);
    ui.shareBox.querySelector('label').textContent = t('ui-share-copied');
  } catch {
    // No clipboard permission: the link is selected in the box for the user to copy.
  }
}

// ---- docs ----

// The Markdown renderer loads with the first docs page opened, not with the page.
const docsModule = () => import('./docs.js');

let rulesPromise = null;
function allRules() {
  rulesPromise ??= checker.rules().then((rules) => rules.rules);
  return rulesPromise;
}

async function openDocs(code) {
  const rules = await allRules();
  if (ui.docsIndex.childElementCount === 0) {
    ui.docsIndex.replaceChildren(
      ...rules.map((rule) =>
        element(
          'li',
          {},
          element('a', { href: `#rule=${rule.code}`, dataset: { rule: rule.code } }, `${rule.code} `, element('span', {}, rule.name)),
        ),
      ),
    );
  }
  const rule = rules.find((r) => r.code === code) ?? rules.find((r) => r.code !== 'SS000') ?? rules[0];
  const [{ renderRule }, markdown] = await Promise.all([docsModule(), checker.explain(rule.code, locale)]);
  ui.docsBody.innerHTML = renderRule(rule, markdown);
  for (const link of ui.docsIndex.querySelectorAll('a')) {
    if (link.dataset.rule === rule.code) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  ui.docs.dataset.rule = rule.code;
  if (!ui.docs.open) ui.docs.showModal();
  ui.docsBody.scrollTop = 0;
  ui.docsBody.focus();
}

// Any link to a rule (findings list, docs index, links inside a docs page) opens it here.
document.addEventListener('click', (event) => {
  /** @type {HTMLAnchorElement | null} */
  const link = event.target instanceof Element ? event.target.closest('a[data-rule]') : null;
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  openDocs(link.dataset.rule);
});

// ---- wiring ----

for (const group of ['check', 'kind']) {
  const optgroup = element('optgroup', { label: group === 'check' ? 'One per check' : 'One per file kind' });
  optgroup.dataset.textLabel = group === 'check' ? 'ui-examples-check' : 'ui-examples-kind';
  for (const example of examples.filter((e) => e.group === group)) {
    optgroup.append(element('option', { value: example.id }, example.title));
  }
  ui.example.append(optgroup);
}
ui.example.addEventListener('change', () => {
  ui.notice.hidden = true;
  loadExample(ui.example.value);
});
ui.kind.addEventListener('change', () => schedule(0));
ui.fixAll.addEventListener('click', fixAll);
ui.share.addEventListener('click', share);
ui.rulesButton.addEventListener('click', () => openDocs(ui.docs.dataset.rule ?? ''));
ui.docsClose.addEventListener('click', () => ui.docs.close());
ui.language.addEventListener('change', () => setLocale(ui.language.value));

/**
 * Show the page in the language `tag` names: the wasm module picks the locale and gives its
 * texts; the findings are checked again in it, and an open rule page is reopened in it.
 */
async function setLocale(tag) {
  locale = tag;
  const answer = await checker.interfaceTexts(tag);
  if (locale !== tag) return;
  texts = answer.texts;
  ui.language.value = answer.locale;
  document.documentElement.lang = answer.locale;
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.getAttribute('data-text') ?? '');
  for (const node of document.querySelectorAll('[data-text-aria-label]')) {
    node.setAttribute('aria-label', t(node.getAttribute('data-text-aria-label') ?? ''));
  }
  for (const node of document.querySelectorAll('optgroup[data-text-label]')) {
    node.setAttribute('label', t(node.getAttribute('data-text-label') ?? ''));
  }
  ui.autoOption.textContent = t('ui-kind-auto');
  view.dispatch({
    effects: editorLabel.reconfigure(EditorView.contentAttributes.of({ 'aria-label': t('ui-editor-label') })),
  });
  if (document.body.dataset.state === 'loading') setStatus(t('ui-loading'), 'loading');
  if (checked.doc !== null) schedule(0);
  if (ui.docs.open) openDocs(ui.docs.dataset.rule ?? '');
}

async function loadFromUrl() {
  const rule = /^#rule=(SS\d{3})$/.exec(location.hash);
  if (rule) {
    if (view.state.doc.length === 0) loadExample(DEFAULT_EXAMPLE);
    openDocs(rule[1]);
    return;
  }
  let shared = null;
  try {
    shared = await decodeShare(location.hash);
  } catch (error) {
    loadExample(DEFAULT_EXAMPLE);
    notify(t('ui-share-damaged', { error: error.message }));
    return;
  }
  if (shared?.lang) setLocale(shared.lang);
  if (shared) {
    ui.example.value = '';
    ui.kind.value = shared.kind;
    setText(shared.text);
  } else if (view.state.doc.length === 0) {
    loadExample(DEFAULT_EXAMPLE);
  }
}

window.addEventListener('hashchange', loadFromUrl);
setLocale(locale);
loadFromUrl();

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // Offline use is a bonus: the page works without it.
  });
}

// For tests and the curious: the editor's text, its diagnostics and the last report.
window.playground = {
  view,
  settled,
  text: () => view.state.doc.toString(),
  setText,
  report: () => checked.report,
  locale: () => ui.language.value,
  diagnostics() {
    const out = [];
    forEachDiagnostic(view.state, (d, from, to) => out.push({ from, to, severity: d.severity, message: d.message, source: d.source }));
    return out;
  },
  slice: (from, to) => view.state.doc.sliceString(from, to),
  sanitize: async (html) => (await docsModule()).sanitize(html, 'https://example.invalid/docs/rules/SS000.md'),
};
