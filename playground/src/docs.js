// Rule docs inside the page: the Markdown that `explain(code)` returns (the same text as
// `shipshape explain` and docs/rules/), rendered with marked, then sanitised: raw HTML in the
// Markdown is shown as text, and only an allowlist of elements and attributes survives.

import { Marked } from 'marked';

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML blocks and inline tags are displayed, never interpreted.
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

const ALLOWED = new Set([
  'A', 'BLOCKQUOTE', 'BR', 'CODE', 'DEL', 'EM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'LI',
  'OL', 'P', 'PRE', 'STRONG', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL',
]);
const DROPPED_WITH_CONTENT = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'SVG', 'MATH']);
const RULE_LINK = /^(?:\.\/)?(SS\d{3})\.md(?:#.*)?$/;

/**
 * Keep only allowed elements and attributes. Links: another rule's page opens in the page
 * (`data-rule`), http(s) links open in a new tab, other relative links are resolved against the
 * rule's published docs page, and anything else (javascript:, data:) loses its href.
 */
export function sanitize(html, docsUrl) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const walk = (node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) continue;
      if (child.nodeType !== Node.ELEMENT_NODE) {
        child.remove();
        continue;
      }
      if (DROPPED_WITH_CONTENT.has(child.nodeName.toUpperCase())) {
        child.remove();
        continue;
      }
      walk(child);
      if (!ALLOWED.has(child.nodeName)) {
        child.replaceWith(...child.childNodes);
        continue;
      }
      const href = child.nodeName === 'A' ? child.getAttribute('href') : null;
      const language = child.nodeName === 'CODE' ? child.getAttribute('class') : null;
      for (const attribute of [...child.attributes]) child.removeAttribute(attribute.name);
      if (language && /^language-[\w-]+$/.test(language)) child.setAttribute('class', language);
      if (href !== null) linkTo(child, href, docsUrl);
    }
  };
  walk(doc.body);
  return doc.body.innerHTML;
}

function linkTo(anchor, href, docsUrl) {
  const rule = RULE_LINK.exec(href);
  if (rule) {
    anchor.setAttribute('href', `#rule=${rule[1]}`);
    anchor.setAttribute('data-rule', rule[1]);
    return;
  }
  let url;
  try {
    url = new URL(href, docsUrl);
  } catch {
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
  anchor.setAttribute('href', url.href);
  anchor.setAttribute('target', '_blank');
  anchor.setAttribute('rel', 'noopener noreferrer');
}

/** The docs page of a rule: a heading, its metadata, then its Markdown, as sanitised HTML. */
export function renderRule(rule, markdown) {
  const header = [
    `# ${rule.name} (${rule.code})`,
    '',
    `${rule.summary}.`,
    '',
    `Default severity **${rule.severity}** · file kinds ${rule.kinds.join(', ')} · fix ${rule.fix} · since ${rule.since}`,
    '',
  ].join('\n');
  return sanitize(marked.parse(`${header}\n${markdown}`), rule.docs);
}
