// The checks run here, off the page's main thread: the wasm-bindgen package that the GitHub
// Action also bundles (`wasm/`, built by github-action/scripts/build.sh into target/dist/wasm).
// Requests are `{id, op, args}`; answers `{id, result}` or `{id, error}`.

import init, { check, explain, fix, interfaceTexts, rules, statusLine, version } from 'shipshape-wasm';

/** The name the CLI gives standard input: it says nothing, so the kind comes from the content. */
const PATH = '-';

// The page compiles the module while it loads (from the preloaded response) and sends it as
// the first message; without one (compiling failed there), the worker fetches the file itself.
let receive;
const received = new Promise((resolve) => {
  receive = resolve;
});
const ready = received.then((module) =>
  init({ module_or_path: module ?? new URL('./shipshape_wasm_bg.wasm', import.meta.url) }),
);

/**
 * @param {{ kind?: import('shipshape-wasm').FileKind | '', unsafe?: boolean, locale?: string }} args
 * @returns {import('shipshape-wasm').CheckOptions}
 */
function options(args) {
  /** @type {import('shipshape-wasm').CheckOptions} */
  const options = {};
  if (args.kind) options.kind = args.kind;
  if (args.unsafe) options.unsafe = true;
  if (args.locale) options.locale = args.locale;
  return options;
}

const operations = {
  check: (args) => check(args.text, PATH, options(args)),
  fix: (args) => fix(args.text, PATH, options(args)),
  explain: (args) => explain(args.code, args.locale),
  interfaceTexts: (args) => interfaceTexts(args.locale),
  statusLine: (args) => statusLine(args.report, args.locale),
  rules: () => rules(),
  version: () => version(),
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data ?? {};
  if (op === 'module') {
    receive(args.module instanceof WebAssembly.Module ? args.module : undefined);
    return;
  }
  try {
    await ready;
    const operation = Object.hasOwn(operations, op) ? operations[op] : null;
    if (!operation) throw new Error(`unknown operation ${op}`);
    self.postMessage({ id, result: operation(args ?? {}) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
