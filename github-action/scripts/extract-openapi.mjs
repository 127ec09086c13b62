// Copies the parts of GitHub's REST API description (github/rest-api-description, as the npm
// package @octokit/openapi ships it) that the suggestions tests validate requests against: the
// request body schemas of the endpoints the Action calls. The whole description is 385 MB, too
// much for a dev dependency; this slice is committed with the package's licence.
//
//   npm install --no-save @octokit/openapi@23.0.2 && node scripts/extract-openapi.mjs
import fs from "node:fs";
import { createRequire } from "node:module";

const VERSION = "23.0.2";
const ENDPOINTS = [
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/files"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"],
  ["post", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
  ["patch", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"],
  ["delete", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"],
];

const require = createRequire(import.meta.url);
const pkg = require("@octokit/openapi/package.json");
if (pkg.version !== VERSION) throw new Error(`@octokit/openapi ${pkg.version} installed, ${VERSION} expected`);
const description = require("@octokit/openapi/generated/api.github.com.deref.json");
const out = { source: `@octokit/openapi@${VERSION} generated/api.github.com.deref.json`, openapi: description.openapi, endpoints: {} };
for (const [method, route] of ENDPOINTS) {
  const operation = description.paths[route]?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${route} is not in the description`);
  out.endpoints[`${method.toUpperCase()} ${route}`] = {
    operationId: operation.operationId,
    parameters: (operation.parameters ?? []).map((parameter) => ({ name: parameter.name, in: parameter.in, required: !!parameter.required, schema: parameter.schema })),
    requestBody: operation.requestBody?.content?.["application/json"]?.schema ?? null,
  };
}
fs.writeFileSync(new URL("../test/github-openapi/endpoints.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
fs.copyFileSync(require.resolve("@octokit/openapi/LICENSE"), new URL("../test/github-openapi/LICENSE", import.meta.url));
