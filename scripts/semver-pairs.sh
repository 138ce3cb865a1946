#!/usr/bin/env bash
# Checks swaggen's change classification against cargo-semver-checks.
#
# The evolution test (tests/it/evolution.rs) leaves the specs of its pair
# table in target/evolution/pets-N.yaml (pets-0 is the base). For each
# pair this generates the old and the new crate under one name and runs
# `cargo semver-checks` on them, then prints what `swaggen diff` said
# beside what cargo-semver-checks says. Optional: needs
# `cargo install cargo-semver-checks --locked`; not part of `cargo test`.
#
#     cargo test -p swaggen-tests --test it additive_changes   # writes the specs
#     scripts/semver-pairs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-semver-checks >/dev/null || {
  echo "cargo-semver-checks is not installed (cargo install cargo-semver-checks --locked)" >&2
  exit 2
}
specs=target/evolution
[ -f "$specs/pets-0.yaml" ] || {
  echo "no $specs/pets-0.yaml: run the evolution test first" >&2
  exit 2
}
cargo build -q -p swaggen
swaggen=target/debug/swaggen
work=target/semver-pairs
rm -rf "$work"
mkdir -p "$work"
export CARGO_TARGET_DIR="$PWD/target/corpus/target"
printf '%-8s %-8s %s\n' pair swaggen cargo-semver-checks
for spec in "$specs"/pets-*.yaml; do
  n=$(basename "$spec" .yaml)
  [ "$n" = pets-0 ] && continue
  "$swaggen" generate "$specs/pets-0.yaml" --out "$work/$n/old" --crate-name pets >/dev/null 2>&1
  "$swaggen" generate "$spec" --out "$work/$n/new" --crate-name pets >/dev/null 2>&1
  ours=$("$swaggen" diff "$specs/pets-0.yaml" "$spec" --format json | sed -n 's/.*"bump": *"\([a-z]*\)".*/\1/p' | head -1)
  # Each crate is a workspace of its own.
  for side in old new; do printf '\n[workspace]\n' >> "$work/$n/$side/Cargo.toml"; done
  if out=$(cargo semver-checks --manifest-path "$work/$n/new/Cargo.toml" --baseline-root "$work/$n/old" 2>&1); then
    theirs=$(grep -o 'no semver update required\|requires new [a-z]* version' <<<"$out" | head -1)
  else
    theirs=$(grep -o 'requires new [a-z]* version' <<<"$out" | head -1)
    theirs="${theirs:-failed}"
  fi
  printf '%-8s %-8s %s\n' "$n" "$ours" "${theirs:-no semver update required}"
  grep -E '^--- failure' <<<"$out" | sed 's/^/           /' || true
done
