// Share links: the text, deflate-raw compressed (CompressionStream) and base64url-encoded, in the
// URL's fragment, which browsers never send to a server: `#code=...&kind=compose&lang=zh-CN`.

const KINDS = new Set([
  'dockerfile', 'compose', 'kubernetes', 'devcontainer', 'quadlet', 'shell', 'makefile', 'github-actions', 'gitlab-ci',
]);

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Largest text a link may hold once inflated (the CLI's file size limit). */
const MAX_TEXT = 10 * 1024 * 1024;

async function pipe(bytes, stream) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // A link that inflates without bound (a "zip bomb") is refused while it is read.
    if (total > MAX_TEXT) {
      await reader.cancel();
      throw new Error('the shared text is too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The fragment (without `#`) for a text, an optional forced kind and the page's language. */
export async function encodeShare(text, kind, lang) {
  const compressed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  const params = new URLSearchParams();
  params.set('code', toBase64Url(compressed));
  if (KINDS.has(kind)) params.set('kind', kind);
  if (lang) params.set('lang', lang);
  return params.toString();
}

/** The text and kind in a fragment, `null` when it holds none; throws on a damaged link. */
export async function decodeShare(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const code = params.get('code');
  if (code === null) return null;
  const inflated = await pipe(fromBase64Url(code), new DecompressionStream('deflate-raw'));
  const text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  const kind = params.get('kind');
  // The language is passed to the wasm module as written; it decides what it names.
  return { text, kind: KINDS.has(kind) ? kind : '', lang: params.get('lang') ?? '' };
}
