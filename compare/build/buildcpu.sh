#!/usr/bin/env bash
# Clean debug build CPU (user + sys seconds) of the crates in this folder,
# built in turn, each from an empty target directory, ROUNDS times:
#
#   MATRIX_SPEC_DIR=.../v1.19/data bash compare/build/buildcpu.sh [ROUNDS] [CRATE...]
#
# CRATE is a folder here or an absolute path (default: matrix-events-user
# ruma-events-user); `matrix-events-user:api-client-server,http` builds it
# with features.
# Incremental compilation is off, as it is for any crate that comes from a
# registry or git: both sides then pay what a dependent pays. (Inside this
# workspace cargo compiles matrix-events incrementally, which costs about
# 13% more CPU on a clean build.) Set BUILDCPU_INCREMENTAL=1 to keep it on.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-2}
shift || true
crates=("$@")
[ ${#crates[@]} -gt 0 ] || crates=(matrix-events-user ruma-events-user)
: "${MATRIX_SPEC_DIR:?set MATRIX_SPEC_DIR to the spec the crate is built from}"
incremental=0
[ "${BUILDCPU_INCREMENTAL:-0}" = 1 ] && incremental=1
target=$(mktemp -d /tmp/buildcpu.XXXXXX)
trap 'rm -rf "$target"' EXIT
dir_of() { if [[ $1 == /* ]]; then echo "$1"; else echo "$here/$1"; fi; }
# Downloads stay out of the timings.
for spec in "${crates[@]}"; do (cd "$(dir_of "${spec%%:*}")" && cargo fetch -q); done
for round in $(seq 1 "$rounds"); do
    for spec in "${crates[@]}"; do
        crate=${spec%%:*}
        features=
        [ "$crate" != "$spec" ] && features=${spec#*:}
        dir=$(dir_of "$crate")
        rm -rf "$target"/*
        times=$( { (cd "$dir" && CARGO_INCREMENTAL=$incremental CARGO_TARGET_DIR=$target \
            /usr/bin/time -f "%U %S" cargo build -q ${features:+--features "$features"} ) 2>&1 1>/dev/null; } | tail -1)
        read -r user sys <<<"$times"
        printf 'round %s %-45s user %6.2f s  sys %5.2f s  total %6.2f s\n' \
            "$round" "$spec" "$user" "$sys" "$(echo "$user + $sys" | bc)"
    done
done
