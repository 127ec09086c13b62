#!/usr/bin/env bash
# Benchmarks for BENCHMARKS.md: the wasm module's size (raw, after wasm-opt, gzipped; written by
# build.sh to target/dist/wasm-size.json) and the Action's wall time on 100 corpus files from a
# cold start (a new `node dist/index.js` process per run, as the runner starts it: module
# compilation and instantiation included). BENCH_EXPORT=FILE keeps hyperfine's JSON (`cargo xtask
# bench-wasm` reads it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
corpus="${SHIPSHAPE_CORPUS:-$root/../shared/corpus}"
runs="${BENCH_RUNS:-10}"

if [ -f "$target/dist/wasm-size.json" ]; then
  echo "wasm size (bytes): $(cat "$target/dist/wasm-size.json")"
fi
echo "committed github-action/dist: index.js $(stat -c %s "$root/github-action/dist/index.js") bytes, shipshape_wasm_bg.wasm $(stat -c %s "$root/github-action/dist/shipshape_wasm_bg.wasm") bytes"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws"
# The first 100 corpus files with a Dockerfile or YAML name, in path order.
(cd "$corpus" && find . -type f \( -name '*Dockerfile*' -o -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort | awk 'NR <= 100') > "$work/list"
while IFS= read -r file; do
  mkdir -p "$work/ws/$(dirname "$file")"
  cp "$corpus/$file" "$work/ws/$file"
done < "$work/list"
echo "workspace: $(wc -l < "$work/list") files, $(du -sb "$work/ws" | cut -f1) bytes"
touch "$work/summary" "$work/output"
# Input variables keep their dashes (INPUT_FAIL-ON), so they go through env(1), not export, and
# hyperfine runs node without a shell (dash drops such variables).
env "GITHUB_WORKSPACE=$work/ws" "GITHUB_STEP_SUMMARY=$work/summary" "GITHUB_OUTPUT=$work/output" \
  "INPUT_FAIL-ON=never" "INPUT_ANNOTATE=true" "INPUT_SARIF-FILE=$work/out.sarif" \
  hyperfine --shell=none --warmup 1 --runs "$runs" --export-json "${BENCH_EXPORT:-$work/hyperfine.json}" \
  "node $root/github-action/dist/index.js"
echo "findings: $(grep -c '"ruleId"' "$work/out.sarif")"
