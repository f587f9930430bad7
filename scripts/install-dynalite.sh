#!/usr/bin/env bash
# Installs dynalite 4.0.0 (a DynamoDB-API server on LevelDB, Apache-2.0, from the npm registry) into
# <repo>/.cache/dynalite, where sluice-testkit's Dynalite extension finds it: the DynamoDB ITs run against it.
# DynamoDB Local may not be used (its licence); see docs/adr and issue 12. .ci/run calls this script.
#
#   scripts/install-dynalite.sh     install (if needed); idempotent, does nothing when 4.0.0 is installed
#
# Needs Node.js (20 or newer) and npm on PATH. Exit status: 0 when dynalite is installed; 1 with a reason.
set -euo pipefail

VERSION=4.0.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.cache/dynalite"
package="$prefix/node_modules/dynalite/package.json"

say() { echo "install-dynalite: $*" >&2; }
fail() { say "not installed: $*"; exit 1; }

installed() {
  [[ -f "$package" ]] && node -e "process.exit(require('$package').version === '$VERSION' ? 0 : 1)" 2>/dev/null
}

command -v node >/dev/null || fail "node is not on PATH (install Node.js 20 or newer)"
command -v npm >/dev/null || fail "npm is not on PATH"

if installed; then
  say "dynalite $VERSION already installed in $prefix"
  exit 0
fi

mkdir -p "$prefix"
say "installing dynalite@$VERSION into $prefix"
npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "dynalite@$VERSION" >&2 \
  || fail "npm install dynalite@$VERSION failed"
installed || fail "$package is missing or not version $VERSION after npm install"
say "dynalite $VERSION installed in $prefix"
