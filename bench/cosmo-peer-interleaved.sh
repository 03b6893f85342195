#!/usr/bin/env bash
# bench cosmo-peer beside its peers, interleaved so that the machine's drift hits all alike:
# JAX then Gravitas, ROUNDS times (default 3), then PyTorch then Gravitas. One line per run:
# program, µs per member-epoch, peak RSS (kB, /usr/bin/time -v), validation χ²/N.
#
#   PYTHON=/path/to/venv/bin/python bench/cosmo-peer-interleaved.sh
#
# Needs ../shared/bench/peers and a Python with jax, torch, numpy and scipy (versions in
# BENCHMARKS.md); builds nothing: run `swift build -c release` first.
set -euo pipefail
source "$(dirname "$0")/peer-runs.sh"
run() {
  local name=$1; shift
  timed "$@"
  local result; result=$(tail -1 "$out")  # the peers print per-fold lines before their result
  echo "$name $(json_number us_per_member_epoch "$result")" "$(peak_rss)" \
       "$(json_number 'val_chi2_per_n\(_mean\)\?' "$result")"
}
for _ in $(seq "${ROUNDS:-3}"); do
  run jax "$python" mlp_pantheon_jax.py --threads 2 --whiten matmul
  run gravitas "$bench" cosmo-peer --data "$repo/Data/Pantheon+SH0ES.dat"
done
run torch "$python" mlp_pantheon.py --threads 2
run gravitas "$bench" cosmo-peer --data "$repo/Data/Pantheon+SH0ES.dat"
