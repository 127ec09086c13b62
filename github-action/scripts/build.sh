#!/usr/bin/env bash
# Builds the wasm module into target/dist/wasm/ (the npm package shipshape-wasm, which `cargo xtask
# dist` packs) and bundles the Action into github-action/dist/.
#
#   github-action/scripts/build.sh            # both
#   github-action/scripts/build.sh wasm       # only target/dist/wasm/
#
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen-cli 0.2.130 (installed here when
# missing: ~12 minutes once), Node 20+ with github-action/node_modules (npm ci; wasm-opt comes
# from the npm package binaryen, esbuild from npm).
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
action="$root/github-action"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
out="$target/dist/wasm"
what="${1:-all}"

cd "$root"
# The npm package ships the repository's licence text: fail now rather than after the build.
if [ ! -f "$root/LICENSE" ]; then
  echo "build.sh: $root/LICENSE is missing: the npm package ships the Apache-2.0 licence text from it" >&2
  exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 12 minutes, once)" >&2
  cargo install --version "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
fi
if [ ! -x "$action/node_modules/.bin/wasm-opt" ] || [ ! -x "$action/node_modules/.bin/esbuild" ]; then
  (cd "$action" && npm ci --prefer-offline --no-audit --no-fund)
fi

# Paths in panic messages are remapped so that the .wasm is the same from any checkout and any
# CARGO_HOME (dist/ is committed and CI compares it).
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$root=/shipshape --remap-path-prefix=$cargo_home=/cargo"
cargo build -p shipshape-wasm --lib --target wasm32-unknown-unknown --profile wasm-release
raw="$target/wasm32-unknown-unknown/wasm-release/shipshape_wasm.wasm"

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name shipshape_wasm "$raw"
bindgen_size=$(stat -c %s "$out/shipshape_wasm_bg.wasm")
"$action/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --strip-debug --strip-producers \
  "$out/shipshape_wasm_bg.wasm" -o "$out/shipshape_wasm_bg.wasm"
opt_size=$(stat -c %s "$out/shipshape_wasm_bg.wasm")
gz_size=$(gzip -9 -n -c "$out/shipshape_wasm_bg.wasm" | wc -c)
# The npm package (`cargo xtask dist` packs it): the glue above, plus the committed sources in
# wasm/npm/ (package.json, whose version is the workspace's, the Node entry and its types, the
# README) and the repository's LICENSE (checked above).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
node -e '
  const fs = require("fs");
  const [from, to, version] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(from, "utf8"));
  pkg.version = version;
  fs.writeFileSync(to, JSON.stringify(pkg, null, 2) + "\n");
' "$root/wasm/npm/package.json" "$out/package.json" "$version"
cp "$root/wasm/npm/node.js" "$root/wasm/npm/node.d.ts" "$root/wasm/npm/README.md" "$root/LICENSE" "$out/"
cat > "$target/dist/wasm-size.json" <<JSON
{ "cargo": $(stat -c %s "$raw"), "wasm_bindgen": $bindgen_size, "wasm_opt": $opt_size, "wasm_opt_gzip9": $gz_size }
JSON
echo "wasm sizes (bytes): cargo $(stat -c %s "$raw"), after wasm-bindgen $bindgen_size, after wasm-opt -Oz $opt_size, gzip -9 $gz_size" >&2

if [ "$what" = "all" ]; then
  (cd "$action" && node scripts/bundle.mjs)
fi
