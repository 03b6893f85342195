#!/usr/bin/env bash
# bench gnn-peer beside its peers, interleaved so that the machine's drift hits all alike:
# PyTorch then Gravitas, then PyG then Gravitas, ROUNDS times (default 2). One line per run:
# program, seconds per epoch, peak RSS (kB, /usr/bin/time -v), final loss on the full data.
#
#   PYTHON=/path/to/venv/bin/python bench/gnn-peer-interleaved.sh
#
# Needs ../shared/bench/peers and a Python with torch (and torch_geometric for --impl pyg; a run
# that fails to start is reported and skipped); builds nothing: run `swift build -c release` first.
set -euo pipefail
source "$(dirname "$0")/peer-runs.sh"
run() {
  local name=$1; shift
  if ! timed "$@"; then echo "$name failed: $(tail -1 "$err")"; return; fi
  local result; result=$(tail -1 "$out")
  echo "$name $(json_number 'seconds_per_epoch\|wall_per_epoch_s' "$result")" "$(peak_rss)" \
       "$(json_number final_loss_full_data "$result")"
}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) CPUs"
for _ in $(seq "${ROUNDS:-2}"); do
  run torch "$python" gnn_orbits.py --impl torch --threads 2
  run gravitas "$bench" gnn-peer
  run pyg "$python" gnn_orbits.py --impl pyg --threads 2
  run gravitas "$bench" gnn-peer
done
