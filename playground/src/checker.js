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

  /** `shipshape check --format json` for the text (`kind`: '' detects it from the content). */
  check(text, kind) {
    return this.call('check', { text, kind });
  }

  /** `shipshape fix [--unsafe-fixes]` for the text: `{text, applied}`. */
  fix(text, kind, unsafe) {
    return this.call('fix', { text, kind, unsafe });
  }

  explain(code) {
    return this.call('explain', { code });
  }

  rules() {
    return this.call('rules');
  }

  version() {
    return this.call('version');
  }
}
