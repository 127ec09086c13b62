// The page's side of the worker: one promise per request.

export class Checker {
  /**
   * @param {URL} url the worker script
   * @param {Promise<WebAssembly.Module>} module the compiled checks, sent to the worker when ready
   */
  constructor(url, module) {
    this.worker = new Worker(url, { type: 'module' });
    module.then(
      (compiled) => this.worker.postMessage({ op: 'module', args: { module: compiled } }),
      () => this.worker.postMessage({ op: 'module', args: {} }),
    );
    this.next = 1;
    this.pending = new Map();
    this.worker.onmessage = ({ data }) => {
      const request = this.pending.get(data.id);
      if (!request) return;
      this.pending.delete(data.id);
      if ('error' in data) request.reject(new Error(data.error));
      else request.resolve(data.result);
    };
    this.worker.onerror = (event) => {
      const error = new Error(`the checker failed to start: ${event.message ?? 'unknown error'}`);
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
    };
  }

  call(op, args = {}) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  /**
   * `shipshape check --format json` for the text (`kind`: '' detects it from the content).
   * @param {string} text
   * @param {import('shipshape-wasm').FileKind | ''} kind
   * @param {string} locale
   * @returns {Promise<import('shipshape-wasm').Report>}
   */
  check(text, kind, locale) {
    return this.call('check', { text, kind, locale });
  }

  /**
   * `shipshape fix [--unsafe-fixes]` for the text.
   * @param {string} text
   * @param {import('shipshape-wasm').FileKind | ''} kind
   * @param {boolean} unsafe
   * @returns {Promise<import('shipshape-wasm').FixResult>}
   */
  fix(text, kind, unsafe) {
    return this.call('fix', { text, kind, unsafe });
  }

  /**
   * @param {string} code
   * @param {string} locale
   * @returns {Promise<string>} the rule's docs page (Markdown)
   */
  explain(code, locale) {
    return this.call('explain', { code, locale });
  }

  /**
   * The interface's texts in the language `locale` names (a browser's tag will do), and the
   * locale the wasm module chose for it (`en`, `zh-CN`).
   * @param {string} locale
   * @returns {Promise<import('shipshape-wasm').InterfaceTexts>}
   */
  interfaceTexts(locale) {
    return this.call('interfaceTexts', { locale });
  }

  /**
   * @param {import('shipshape-wasm').Report} report
   * @param {string} locale
   * @returns {Promise<string>} the status line (findings per severity) in `locale`
   */
  statusLine(report, locale) {
    return this.call('statusLine', { report, locale });
  }

  /** @returns {Promise<import('shipshape-wasm').Rules>} */
  rules() {
    return this.call('rules');
  }

  /** @returns {Promise<string>} */
  version() {
    return this.call('version');
  }
}
