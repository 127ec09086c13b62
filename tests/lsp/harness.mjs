// A real LSP client (vscode-jsonrpc + vscode-languageserver-protocol) driving the
// `shipshape-lsp` binary over stdio, for the end-to-end tests and the benchmark.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

/// The server binary: $SHIPSHAPE_LSP, else $CARGO_TARGET_DIR/release, else target/release.
export function serverBinary() {
  if (process.env.SHIPSHAPE_LSP) return process.env.SHIPSHAPE_LSP;
  const targetDir = process.env.CARGO_TARGET_DIR
    ? resolve(repoRoot, process.env.CARGO_TARGET_DIR)
    : join(repoRoot, 'target');
  const binary = join(targetDir, 'release', 'shipshape-lsp');
  if (!existsSync(binary)) {
    throw new Error(
      `${binary} does not exist: run \`cargo build --release -p shipshape-lsp\` first (or set SHIPSHAPE_LSP)`,
    );
  }
  return binary;
}

/// A temporary directory holding `files` ({relative path: text}), removed after the test.
export function workspace(t, files = {}) {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-lsp-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ws = {
    root,
    path: (name) => join(root, name),
    uri: (name) => pathToFileURL(join(root, name)).href,
    write(name, text) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    },
    remove(name) {
      rmSync(join(root, name), { force: true });
    },
  };
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
  return ws;
}

/// Client capabilities of a plain push-diagnostics client (like Neovim 0.7 or Helix).
export const pushCapabilities = {
  workspace: {
    workspaceEdit: { documentChanges: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    configuration: false,
  },
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] },
      },
      isPreferredSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

/// Start the server, initialize it, and kill it when the test ends.
export async function startServer(t, options = {}) {
  const {
    capabilities = pushCapabilities,
    initializationOptions,
    rootUri = null,
    configuration = null,
    env = {},
    locale,
  } = options;
  const child = spawn(serverBinary(), [], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SHIPSHAPE_LOG: process.env.SHIPSHAPE_LOG ?? 'warn', ...env },
  });
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }));
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const server = {
    child,
    connection,
    exited,
    stderr: () => stderr,
    published: [],
    messages: [],
    registrations: [],
    configurationRequests: 0,
    waiters: [],
  };
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    server.published.push(params);
    server.waiters = server.waiters.filter((waiter) => !waiter(params));
  });
  connection.onNotification('window/showMessage', (params) => server.messages.push(params));
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('client/registerCapability', (params) => {
    server.registrations.push(...params.registrations);
    return null;
  });
  connection.onRequest('workspace/configuration', (params) => {
    server.configurationRequests += 1;
    return params.items.map(() => configuration);
  });
  connection.onRequest('workspace/diagnostic/refresh', () => {
    server.refreshes = (server.refreshes ?? 0) + 1;
    return null;
  });
  connection.listen();
  t.after(() => {
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  server.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    clientInfo: { name: 'shipshape-e2e' },
    rootUri,
    capabilities,
    initializationOptions,
    locale,
  });
  connection.sendNotification('initialized', {});

  /// The next publishDiagnostics for `uri` satisfying `predicate` (default: any), searching
  /// what already arrived after `since` (an index into `published`) first.
  server.nextDiagnostics = (uri, { predicate = () => true, since = 0, timeout = 10000 } = {}) => {
    const seen = server.published.slice(since).find((p) => p.uri === uri && predicate(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveWait, rejectWait) => {
      const timer = setTimeout(() => {
        rejectWait(
          new Error(
            `no publishDiagnostics for ${uri} within ${timeout} ms; got ${JSON.stringify(
              server.published.filter((p) => p.uri === uri).slice(-3),
            )}\nserver stderr:\n${stderr}`,
          ),
        );
      }, timeout);
      server.waiters.push((params) => {
        if (params.uri === uri && predicate(params)) {
          clearTimeout(timer);
          resolveWait(params);
          return true;
        }
        return false;
      });
    });
  };

  /// Diagnostics for version `version` of `uri`.
  server.diagnosticsFor = (uri, version, options = {}) =>
    server.nextDiagnostics(uri, { ...options, predicate: (p) => p.version === version });

  server.open = (uri, languageId, text, version = 1) => {
    connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  };

  server.change = (uri, version, contentChanges) => {
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
  };

  server.shutdownAndExit = async () => {
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
    return exited;
  };

  return server;
}

/// Apply LSP TextEdits (UTF-16 ranges) to a text, like an editor would.
export function applyEdits(text, edits) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\n') {
      lines.push(start);
      start = i + 1;
    }
  }
  lines.push(start);
  const offset = ({ line, character }) => {
    if (line >= lines.length) return text.length;
    const lineStart = lines[line];
    const next = line + 1 < lines.length ? lines[line + 1] - 1 : text.length;
    return Math.min(lineStart + character, next);
  };
  const sorted = [...edits].sort(
    (a, b) => offset(b.range.start) - offset(a.range.start) || offset(b.range.end) - offset(a.range.end),
  );
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  }
  return out;
}

/// The edits a WorkspaceEdit makes to `uri`, whichever form it uses.
export function editsFor(workspaceEdit, uri) {
  if (workspaceEdit.documentChanges) {
    return workspaceEdit.documentChanges
      .filter((change) => change.textDocument?.uri === uri)
      .flatMap((change) => change.edits);
  }
  return workspaceEdit.changes?.[uri] ?? [];
}

/// A compact view of diagnostics for exact comparisons.
export function summary(diagnostics) {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  }));
}
