#!/usr/bin/env bash
# The test command: typecheck (the server and the web UI), then every test/**/*.test.ts through node:test and tsx.
# (Node 20's test runner does not expand globs itself.)
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit
# the web UI has its own tsconfig (DOM, JSX)
npx tsc -p web --noEmit
# no test may reach the real per-user data folder (CHIPNAV_HOME's last fallback): point it at a scratch one
user_dirs="$(mktemp -d)"
trap 'rm -rf "$user_dirs"' EXIT
export XDG_DATA_HOME="$user_dirs/data" LOCALAPPDATA="$user_dirs/local"
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
