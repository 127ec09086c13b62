#!/usr/bin/env bash
# Rebuilds github-action/dist/ and fails if it differs from the committed one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/github-action/scripts/build.sh"
cd "$root"
if ! git diff --quiet -- github-action/dist || [ -n "$(git status --porcelain --untracked-files=all -- github-action/dist)" ]; then
  echo "github-action/dist/ is stale: run github-action/scripts/build.sh and commit it" >&2
  git status --short -- github-action/dist >&2
  git diff --stat -- github-action/dist >&2
  exit 1
fi
echo "github-action/dist/ is up to date"
