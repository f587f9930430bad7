#!/usr/bin/env bash
# Installs the pgvector extension into this machine's PostgreSQL 15 (Debian bookworm), so that the embeddings
# service's pgvector tests (services/embeddings, *PgVector*IT) run against a real pgvector. .ci/run calls it.
#
# Bookworm has no pgvector package, but Debian trixie's source package (pgvector 0.8.0) builds against bookworm's
# PostgreSQL 15: add a deb-src entry for trixie in a file of its own, `apt-get source pgvector`, build with
# postgresql-server-dev-15, `make install`, then remove the extra sources file again (apt state as before).
# Needs root and the Debian mirror. Idempotent: does nothing when the extension is already installed.
#
#   scripts/install-pgvector.sh            install (if needed) and make sure the cluster runs
#   PG_MAJOR=16 scripts/install-pgvector.sh   another PostgreSQL major version
#
# Exit status: 0 when pgvector is installed and the server is up; 1 with a one-line reason otherwise.
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
SOURCES=/etc/apt/sources.list.d/sluice-trixie-src.sources
PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"

say() { echo "install-pgvector: $*" >&2; }
fail() { say "not installed: $*"; exit 1; }

cluster_up() { # starts the PG_MAJOR cluster(s) if they are down
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters --no-header 2>/dev/null | awk -v v="$PG_MAJOR" '$1 == v && $4 != "online" {print $2}' |
    while read -r name; do pg_ctlcluster "$PG_MAJOR" "$name" start || true; done
}

installed() {
  [[ -x "$PG_CONFIG" ]] && [[ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]]
}

[[ -d "/usr/lib/postgresql/$PG_MAJOR" ]] || fail "PostgreSQL $PG_MAJOR is not installed here"

if installed; then
  say "pgvector already installed for PostgreSQL $PG_MAJOR"
  cluster_up
  exit 0
fi

[[ "$(id -u)" -eq 0 ]] || fail "needs root (apt-get and make install)"
command -v apt-get >/dev/null || fail "no apt-get: not a Debian system"

# The mirror bookworm already uses, so no new host is contacted.
mirror="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
mirror="${mirror:-http://deb.debian.org/debian}"

cleanup() {
  if [[ -f "$SOURCES" ]]; then
    rm -f "$SOURCES"
    apt-get update -qq >/dev/null 2>&1 || true
  fi
  [[ -n "${work:-}" ]] && rm -rf "$work"
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
say "installing build dependencies (postgresql-server-dev-$PG_MAJOR, build-essential, dpkg-dev)"
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq --no-install-recommends "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev \
  >/dev/null || fail "could not install postgresql-server-dev-$PG_MAJOR"

say "fetching the pgvector source package from Debian trixie ($mirror)"
cat >"$SOURCES" <<SRC
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt-get update -qq || fail "apt-get update with the trixie deb-src entry failed"
work="$(mktemp -d)"
(cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1) || fail "apt-get source pgvector failed"
rm -f "$SOURCES"
apt-get update -qq >/dev/null 2>&1 || true

src="$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
[[ -n "$src" ]] || fail "the pgvector source package did not unpack"
say "building $(basename "$src") against $("$PG_CONFIG" --version)"
make -C "$src" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" >/dev/null || fail "make failed"
make -C "$src" -s install PG_CONFIG="$PG_CONFIG" >/dev/null || fail "make install failed"

installed || fail "vector.control is missing after make install"
# Installing the dev package may upgrade the server's point release (and stop it): make sure it runs.
cluster_up
say "pgvector $(awk -F"'" '/default_version/ {print $2}' "$("$PG_CONFIG" --sharedir)/extension/vector.control") installed for PostgreSQL $PG_MAJOR"
