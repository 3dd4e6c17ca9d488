#!/usr/bin/env bash
# Run the Dockerfile's build steps outside Docker (no engine here), in a scratch
# directory, to check they still build: placeholder crate for the dependency
# layer, then the real sources.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export CARGO_TARGET_DIR="$work/target"
cp "$repo/Cargo.toml" "$repo/Cargo.lock" .
mkdir -p src benches
echo 'fn main() {}' > src/main.rs
echo '' > src/lib.rs
echo 'fn main() {}' > benches/pipeline.rs
cargo build --release --locked
rm -rf src benches
cp -r "$repo/migrations" "$repo/data" "$repo/.sqlx" "$repo/.cargo" "$repo/src" "$repo/templates" "$repo/static" "$repo/benches" .
touch src/main.rs src/lib.rs
# as in the image: no database at build time
env -u DATABASE_URL -u SQLX_OFFLINE cargo build --release --locked --bin healthreport
./target/release/healthreport parse "$repo/tests/fixtures/seeds/002_fe67da7e5e765ee9.txt" >/dev/null
echo "Dockerfile build steps: OK"
