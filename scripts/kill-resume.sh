#!/usr/bin/env bash
# Kill -9 campaign: `cosmo fit` and `gnn train` (release binaries) are killed with SIGKILL at
# seeded random moments and continued with --resume until they finish; each finished chain must
# end bit-identical to an uninterrupted run (every checkpoint's bytes, every metrics CSV,
# config.json, report.json: the wall time is timing.json's), and every file a kill leaves
# behind must load (safetensors header and sizes, CSV rows, JSON). TensorBoard event files
# and plots are not compared: their names and records carry wall-clock times.
#
#   scripts/kill-resume.sh [KILLS_PER_TOOL=50] [SEED=1] [WORK=a temporary folder] [TOOLS="cosmo gnn"]
#   SIGNAL=TERM scripts/kill-resume.sh …   the same with SIGTERM, as a sweep driver prunes a trial:
#                                           the command stops at the end of an epoch (exit 1,
#                                           "interrupted"), or dies at once before training starts
#
# Prints one line per kill and a summary per tool; exits non-zero on any difference or unloadable
# file. Needs `swift build -c release --product cosmo --product gnn` and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
kills_wanted=${1:-50}
seed=${2:-1}
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/kill-resume.XXXXXX")}
tools=${4:-cosmo gnn}
signal=${SIGNAL:-KILL}
bin=$(pwd)/.build/release
RANDOM=$seed
mkdir -p "$work"
echo "work folder: $work (seed $seed, $kills_wanted kills per tool, SIG$signal)"

cosmo_args=(fit --data Data/Pantheon+SH0ES.dat --epochs 300 --folds 3 --ensemble 2 --quiet)
gnn_args=(train --step 8d --epochs 12 --batch 64 --quiet)

# Every file under a run folder loads: safetensors (header JSON, offsets within the file),
# CSV (header, then rows of the same width, integer epochs in order), JSON.
check_loads() {
  python3 - "$1" <<'EOF'
import json, os, struct, sys
bad = []
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith('.') and name.endswith('.tmp'):
            continue  # a temporary file a kill left mid-write: never read, replaced by the next write
        try:
            if name.endswith('.safetensors'):
                data = open(path, 'rb').read()
                (n,) = struct.unpack('<Q', data[:8])
                header = json.loads(data[8:8 + n])
                for key, entry in header.items():
                    if key == '__metadata__':
                        continue
                    start, end = entry['data_offsets']
                    assert 0 <= start <= end <= len(data) - 8 - n, f'{key} offsets {start}..{end}'
            elif name.endswith('.csv'):
                lines = open(path).read().split('\n')
                assert lines[-1] == '', 'torn last row'
                width = len(lines[0].split(','))
                epochs = [int(line.split(',')[0]) for line in lines[1:-1]]
                assert all(len(line.split(',')) == width for line in lines[1:-1]), 'ragged rows'
                assert epochs == list(range(len(epochs))), f'epochs {epochs[:3]}… not 0, 1, 2, …'
            elif name.endswith('.json'):
                json.load(open(path))
        except Exception as error:
            bad.append(f'{path}: {error}')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
EOF
}

# Checkpoints, metrics CSVs, config.json and report.json equal the reference's, byte for byte
# (timing.json, the wall time, is the one file a rerun changes).
compare_runs() {
  python3 - "$1" "$2" <<'EOF'
import filecmp, os, sys
reference, run = sys.argv[1:]
def files(root, sub, ext):
    top = os.path.join(root, sub)
    return sorted(os.path.relpath(os.path.join(f, n), root) for f, _, ns in os.walk(top) for n in ns
                  if n.endswith(ext) and not n.startswith('.'))
differ = []
for sub, ext in [('checkpoints', '.safetensors'), ('metrics', '.csv')]:
    a, b = files(reference, sub, ext), files(run, sub, ext)
    if a != b:
        differ.append(f'{sub}: files {a} vs {b}')
    differ += [p for p in a if p in b and not filecmp.cmp(os.path.join(reference, p), os.path.join(run, p), shallow=False)]
for name in ('config.json', 'report.json'):
    if not filecmp.cmp(os.path.join(reference, name), os.path.join(run, name), shallow=False):
        differ.append(name)
print(', '.join(differ))
sys.exit(1 if differ else 0)
EOF
}

# campaign NAME TOOL ARGS…: the reference run, then chains of killed and resumed runs.
campaign() {
  local name=$1 tool=$2
  shift 2
  local reference=$work/$name-reference
  local started=$(date +%s.%N)
  "$bin/$tool" "$@" --out "$reference" --plots "$reference-plots" > "$work/$name-reference.log"
  local span=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  echo "$name: uninterrupted run $(printf %.1f "$span") s"
  local kills=0 chains=0 identical=0 unloadable=0 attempts=0
  while (( kills < kills_wanted )); do
    chains=$((chains + 1))
    local out=$work/$name-chain-$chains
    rm -rf "$out"
    local chain_kills=0
    while :; do
      local resume=()
      [[ -f $out/config.json ]] && resume=(--resume)
      # A moment in [0, 1.1 × the uninterrupted run), seeded.
      local draw=$RANDOM  # drawn here: a $RANDOM inside $( ) would not advance this shell's sequence
      local delay=$(awk -v r="$draw" -v s="$span" 'BEGIN { printf "%.3f", r * 1.1 * s / 32767 }')
      attempts=$((attempts + 1))
      local launched=$(date +%s.%N)
      local logged=$(stat -c %s "$work/$name-chain-$chains.log" 2> /dev/null || echo 0)
      "$bin/$tool" "$@" --out "$out" --plots "$out-plots" "${resume[@]}" >> "$work/$name-chain-$chains.log" 2>&1 &
      local pid=$!
      sleep "$delay"
      kill -"$signal" "$pid" 2> /dev/null || true
      local status=0
      wait "$pid" || status=$?
      # SIGTERM: 143 before the handler is installed, 1 with "interrupted" once it stopped a fit.
      if (( status == 137 || status == 143 )) \
         || { [[ $signal == TERM ]] && (( status == 1 )) && tail -c +$((logged + 1)) "$work/$name-chain-$chains.log" | grep -q "^Error: .*interrupted"; }; then
        kills=$((kills + 1)); chain_kills=$((chain_kills + 1))
        if ! problems=$(check_loads "$out"); then
          unloadable=$((unloadable + 1))
          echo "$name kill $kills (chain $chains, after ${delay} s): unloadable: $problems"
        else
          echo "$name kill $kills (chain $chains, after ${delay} s): every file loads"
        fi
      elif (( status == 0 )); then
        # A chain that ran through unkilled is a fresh uninterrupted run: its time is the
        # span the next moments are drawn from (the machine's load changes).
        if (( chain_kills == 0 )); then
          span=$(awk -v a="$launched" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
        fi
        break
      else
        echo "$name chain $chains: exited $status (see $work/$name-chain-$chains.log)"
        return 1
      fi
    done
    if differences=$(compare_runs "$reference" "$out"); then
      identical=$((identical + 1))
      echo "$name chain $chains: finished after $chain_kills kills, bit-identical to the uninterrupted run"
    else
      echo "$name chain $chains: finished after $chain_kills kills, DIFFERS: $differences"
    fi
    rm -rf "$out-plots"
  done
  echo "SUMMARY $name: $kills kills in $chains chains ($attempts launches), $identical/$chains chains bit-identical, $unloadable kills left an unloadable file"
  (( identical == chains && unloadable == 0 ))
}

status=0
for tool in $tools; do
  case $tool in
    cosmo) campaign cosmo-fit cosmo "${cosmo_args[@]}" || status=1 ;;
    gnn) campaign gnn-train gnn "${gnn_args[@]}" || status=1 ;;
    *) echo "unknown tool $tool (cosmo, gnn)"; exit 2 ;;
  esac
done
exit $status
