#!/usr/bin/env bash
# Data-parallel `gnn train` over Open MPI (README, "Beyond one machine"), bounded for CI: a tiny
# run (4 bodies, 30-day steps, 20 epochs) in one process and over 2 and 3 ranks must write the same
# checkpoint and metrics bytes; a 2-rank run with rank 1 killed (SIGKILL) must end the job with
# its last checkpoint intact, which a one-process --resume finishes to the same bytes again.
# About 30 s on 2 cores with the debug build that `make test` leaves.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v mpirun >/dev/null || { echo "ci-mpi: mpirun not found (make deps installs openmpi-bin)"; exit 1; }
swift build --product gnn
gnn=.build/debug/gnn
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Containers run CI as root; Open MPI refuses root unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
args=(train --bodies sun,earth,moon,jupiter-bary --step 30d --epochs 20 --hidden 16 --batch 32 --slice 4 --quiet)
same() {  # same RUN_A RUN_B: checkpoints and metrics byte-identical
  for f in checkpoints/best.safetensors checkpoints/last.safetensors metrics/training.csv; do
    cmp "$1/$f" "$2/$f" || { echo "ci-mpi: $2/$f differs from $1/$f"; exit 1; }
  done
}
"$gnn" "${args[@]}" --out "$work/one" --plots "$work/plots" >/dev/null
for ranks in 2 3; do
  mpirun -np "$ranks" --oversubscribe "$gnn" "${args[@]}" --out "$work/np$ranks" --plots "$work/plots" >/dev/null
  same "$work/one" "$work/np$ranks"
  echo "ci-mpi: $ranks ranks: the same checkpoint and metrics bytes as one process"
done

mpirun -np 2 --oversubscribe "$gnn" "${args[@]}" --out "$work/killed" --plots "$work/plots" >"$work/killed.log" 2>&1 &
launcher=$!
for _ in $(seq 600); do [ -f "$work/killed/checkpoints/last.safetensors" ] && break; sleep 0.1; done
for pid in $(pgrep -P "$launcher"); do
  if tr '\0' '\n' <"/proc/$pid/environ" | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then kill -9 "$pid"; fi
done
if wait "$launcher"; then echo "ci-mpi: the job went on after rank 1 was killed (or finished first)"; exit 1; fi
"$gnn" "${args[@]}" --out "$work/killed" --plots "$work/plots" --resume >/dev/null
same "$work/one" "$work/killed"
echo "ci-mpi: rank 1 killed: the job stopped, and --resume in one process ended on the same bytes"
