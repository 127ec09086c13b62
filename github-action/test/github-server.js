// A local HTTP server that plays the few GitHub REST endpoints the suggestions use, and checks
// every request against GitHub's own OpenAPI description (test/github-openapi/endpoints.json,
// cut from @octokit/openapi by scripts/extract-openapi.mjs): an unknown endpoint, a missing
// path parameter or a body the schema rejects fails the request with 422 and is recorded in
// `invalid`, which the tests assert empty.

import http from "node:http";
import fs from "node:fs";
import Ajv from "ajv";

const description = JSON.parse(fs.readFileSync(new URL("./github-openapi/endpoints.json", import.meta.url), "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
const endpoints = Object.entries(description.endpoints).map(([key, endpoint]) => {
  const [method, route] = key.split(" ");
  const names = [];
  const pattern = new RegExp(
    "^" + route.replace(/\{([^}]+)\}/g, (_, name) => (names.push(name), "([^/]+)")) + "$",
  );
  return { method, route, pattern, names, endpoint, validate: endpoint.requestBody ? ajv.compile(endpoint.requestBody) : null };
});

/**
 * @param {{ files: { filename: string, status: string, patch?: string }[], comments?: any[],
 *   failures?: { method: string, route: string, status: number, headers?: object, message: string, times: number }[] }} pr
 */
export async function startGitHub(pr) {
  const state = {
    files: pr.files,
    comments: pr.comments ?? [],
    reviews: [],
    requests: [],
    invalid: [],
    nextId: 1000 + (pr.comments?.length ?? 0),
    failures: pr.failures ?? [],
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url, "http://localhost");
      const send = (status, body, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      const match = endpoints.find((e) => e.method === req.method && e.pattern.test(url.pathname));
      const body = raw ? JSON.parse(raw) : undefined;
      state.requests.push({ method: req.method, path: url.pathname, query: url.search, body });
      if (!match) {
        state.invalid.push(`${req.method} ${url.pathname}: not an endpoint of the description`);
        return send(404, { message: "Not Found" });
      }
      if (match.validate && !match.validate(body)) {
        state.invalid.push(`${req.method} ${match.route}: ${ajv.errorsText(match.validate.errors)}`);
        return send(422, { message: "Validation Failed" });
      }
      if (!match.validate && body !== undefined) {
        state.invalid.push(`${req.method} ${match.route}: a body where the description has none`);
      }
      const params = Object.fromEntries(match.names.map((name, i) => [name, decodeURIComponent(match.pattern.exec(url.pathname)[i + 1])]));
      const failure = state.failures.find((f) => f.method === req.method && f.route === match.route && f.times > 0);
      if (failure) {
        failure.times -= 1;
        return send(failure.status, { message: failure.message }, failure.headers);
      }
      const page = Number(url.searchParams.get("page") ?? 1);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const paged = (items) => {
        const slice = items.slice((page - 1) * perPage, page * perPage);
        const headers = page * perPage < items.length
          ? { link: `<http://${req.headers.host}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` }
          : {};
        return send(200, slice, headers);
      };
      switch (`${req.method} ${match.route}`) {
        case "GET /repos/{owner}/{repo}/pulls/{pull_number}/files":
          return paged(state.files);
        case "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments":
          return paged(state.comments);
        case "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews": {
          const review = { id: state.reviews.length + 1, body: body.body, event: body.event, commit_id: body.commit_id };
          state.reviews.push(review);
          for (const comment of body.comments ?? []) {
            state.comments.push({
              id: state.nextId++,
              pull_request_review_id: review.id,
              path: comment.path,
              line: comment.line,
              start_line: comment.start_line ?? null,
              side: comment.side,
              start_side: comment.start_side ?? null,
              body: comment.body,
            });
          }
          return send(200, review);
        }
        case "PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}": {
          const comment = state.comments.find((c) => String(c.id) === params.comment_id);
          if (!comment) return send(404, { message: "Not Found" });
          comment.body = body.body;
          return send(200, comment);
        }
        case "DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}": {
          const at = state.comments.findIndex((c) => String(c.id) === params.comment_id);
          if (at < 0) return send(404, { message: "Not Found" });
          state.comments.splice(at, 1);
          return send(204);
        }
      }
      return send(500, { message: "unhandled" });
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise((resolve) => server.close(resolve)) };
}
