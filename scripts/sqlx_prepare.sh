#!/usr/bin/env bash
# Regenerate .sqlx/, the query macros' offline data, from a scratch database built
# from migrations/ (what `cargo sqlx prepare` does, without installing sqlx-cli);
# with --check, fail when the committed .sqlx/ differs from what the code and the
# migrations give (a query changed, added or removed, or a migration changed a type).
#
#   scripts/sqlx_prepare.sh [--check]
#
# Needs PostgreSQL; SQLX_PREPARE_SERVER (default postgres://postgres@127.0.0.1:5432)
# names the server, on which it drops and recreates the database hr_sqlx_prepare.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && check=1
server=${SQLX_PREPARE_SERVER:-postgres://postgres@127.0.0.1:5432}
db=hr_sqlx_prepare
PGOPTIONS="--client-min-messages=warning" psql -q -v ON_ERROR_STOP=1 "$server/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
for m in migrations/*.sql; do
  # each migration in one transaction, as the service's migrator runs it
  psql -q -v ON_ERROR_STOP=1 --single-transaction "$server/$db" -f "$m" >/dev/null
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# the macros run again only when the crate is compiled again
touch src/lib.rs
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$server/$db" cargo check --lib --quiet
psql -q "$server/postgres" -c "DROP DATABASE $db WITH (FORCE)"
if [ "$check" = 1 ]; then
  if ! diff -r .sqlx "$out" >/dev/null; then
    diff -r .sqlx "$out" | head -n 40 >&2 || true
    echo ".sqlx/ is stale: run scripts/sqlx_prepare.sh and commit .sqlx/" >&2
    exit 1
  fi
  echo ".sqlx/ matches the queries and the migrations ($(ls "$out" | wc -l) queries)"
else
  mkdir -p .sqlx
  rm -f .sqlx/query-*.json
  cp "$out"/query-*.json .sqlx/ 2>/dev/null || true
  echo "wrote $(ls .sqlx | wc -l) queries to .sqlx/"
fi
