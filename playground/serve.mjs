// A tiny static file server for the built site (tests, benchmarks, and trying it out):
//
//   node playground/serve.mjs [DIR] [--port 8080]     (DIR: target/dist/playground)
//
// Listens on 127.0.0.1 only. Service workers need a secure context, which localhost is.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve `dir` on 127.0.0.1; resolves to `{ url, server, log, close() }`, where `log` lists every
 * request as `{ path, status, bytes }` (bytes of body sent).
 */
export function serve(dir, port = 0) {
  const base = path.resolve(dir);
  const log = [];
  log.push = (...entries) => (log.length < 100_000 ? Array.prototype.push.apply(log, entries) : log.length);
  const server = http.createServer((request, response) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      log.push({ path: request.url, status: 400, bytes: 0 });
      response.writeHead(400).end();
      return;
    }
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) {
      log.push({ path: pathname, status: 403, bytes: 0 });
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (error, body) => {
      if (error) {
        log.push({ path: pathname, status: 404, bytes: 0 });
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      // Revalidated on every use (no-cache), cheaply: an unchanged file is a 304, as on any host.
      const etag = `"${crypto.createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
      const headers = { etag, 'cache-control': 'no-cache' };
      if (request.headers['if-none-match'] === etag) {
        log.push({ path: pathname, status: 304, bytes: 0 });
        response.writeHead(304, headers).end();
        return;
      }
      const sent = request.method === 'HEAD' ? 0 : body.length;
      log.push({ path: pathname, status: 200, bytes: sent });
      response.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
  });
  // Keep-alive sockets would hold close() open until the browser lets go.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        server,
        log,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf('--port');
  const port = portFlag >= 0 ? Number(args[portFlag + 1]) : 8080;
  const dir = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--port') ??
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'target', 'dist', 'playground');
  const { url } = await serve(dir, port);
  console.log(`serving ${dir} at ${url} (Ctrl-C stops)`);
}
