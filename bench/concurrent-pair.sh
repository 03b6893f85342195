#!/usr/bin/env bash
# Two processes sharing one node (#22): the same job twice one after the other, then twice side
# by side, interleaved ROUNDS times (default 2). Prints each pair's wall seconds and the ratio
# side-by-side / one-after-the-other: at most 1 means that two concurrent processes, each sizing
# its threads from the whole machine, do not slow each other down more than waiting would.
#
#   bench/concurrent-pair.sh cosmo-peer --quick
#   bench/concurrent-pair.sh gnn-peer --quick
#
# Builds nothing: run `swift build -c release --product bench` first. Needs a quiet machine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$repo/.build/release/bench}
cd "$repo/../shared/bench/peers"
args=("$@")
[ "${args[0]:-}" = cosmo-peer ] && args+=(--data "$repo/Data/Pantheon+SH0ES.dat")
now() { date +%s.%N; }
job() { "$bench" "${args[@]}" >/dev/null; }
echo "job: bench ${args[*]}; $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for round in $(seq "${ROUNDS:-2}"); do
  start=$(now); job; job; sequential=$(echo "$(now) - $start" | bc)
  start=$(now); job & first=$!; job; wait "$first"; concurrent=$(echo "$(now) - $start" | bc)
  printf 'round %d: one after the other %.1f s, side by side %.1f s, ratio %.2f\n' "$round" "$sequential" "$concurrent" \
    "$(echo "$concurrent / $sequential" | bc -l)"
done
