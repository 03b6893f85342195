#!/usr/bin/env bash
# Executes every notebook in Notebooks/ top to bottom against the release binaries, in a throwaway
# Python venv (nbclient), and fails on any cell error. Also fails when a committed notebook carries
# outputs: notebooks are committed stripped, so they are never stale.
#
#   scripts/ci-notebooks.sh                   check, build, execute all (03 as a smoke run)
#   scripts/ci-notebooks.sh --full            03 at full size too (~2.5 min more)
#   scripts/ci-notebooks.sh --update-figures  then copy the README's pictures into Notebooks/figures/
#
# Executed copies (with outputs, for reading) land in runs/notebooks/executed/. Then
# scripts/check-orbit-tables.py loads the orbit tables with astropy, pandas and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."

# Notebooks not executed here, as "file: reason" (each printed). Empty: every notebook runs.
SKIP=()
CELL_TIMEOUT=600

update_figures=0
# Read by 03-rediscovering-newton only: `gnn train --quick` and a tiny search, so CI runs every
# cell in seconds instead of the full-size 2.5 minutes (its numbers are then meaningless).
export GRAVITAS_NOTEBOOK_QUICK=1
for argument in "$@"; do
  case "$argument" in
    --update-figures) update_figures=1 ;;
    --full) export GRAVITAS_NOTEBOOK_QUICK=0 ;;
    *) echo "usage: $0 [--full] [--update-figures]" >&2; exit 2 ;;
  esac
done

# python3 and its venv module (python3-venv pulls in python3 on Debian).
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  else
    echo "python3 -m venv needs the python3-venv package: sudo apt-get install -y python3-venv" >&2; exit 1
  fi
fi

echo "== notebooks: committed without outputs?"
python3 - <<'PY'
import glob, json, sys
bad = []
for path in sorted(glob.glob("Notebooks/*.ipynb")):
    cells = json.load(open(path, encoding="utf-8"))["cells"]
    if any(c.get("outputs") or c.get("execution_count") is not None for c in cells if c["cell_type"] == "code"):
        bad.append(path)
for path in bad:
    print(f"{path}: has outputs; strip them: jupyter nbconvert --clear-output --inplace {path}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "== notebooks: release build"
if ! swift build -c release > "$scratch/build.log" 2>&1; then cat "$scratch/build.log"; exit 1; fi
tail -1 "$scratch/build.log"

echo "== notebooks: Python environment"
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q --disable-pip-version-check nbclient nbformat ipykernel numpy safetensors pandas astropy

echo "== notebooks: execute (GRAVITAS_NOTEBOOK_QUICK=$GRAVITAS_NOTEBOOK_QUICK)"
skip_list=$(printf '%s\n' "${SKIP[@]+"${SKIP[@]}"}")
SKIP_LIST="$skip_list" CELL_TIMEOUT=$CELL_TIMEOUT "$scratch/venv/bin/python" - <<'PY'
import glob, os, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

skips = dict(line.split(":", 1) for line in os.environ["SKIP_LIST"].splitlines() if line.strip())
executed = Path("runs/notebooks/executed")
executed.mkdir(parents=True, exist_ok=True)
failed = []
for path in sorted(glob.glob("Notebooks/*.ipynb")):
    name = os.path.basename(path)
    if name in skips:
        print(f"SKIP {name}: {skips[name].strip()}")
        continue
    nb = nbformat.read(path, as_version=4)
    started = time.time()
    client = NotebookClient(nb, timeout=int(os.environ["CELL_TIMEOUT"]), kernel_name="python3",
                            resources={"metadata": {"path": "Notebooks"}})
    try:
        client.execute()
        print(f"ok   {name} ({time.time() - started:.0f} s)")
    except CellExecutionError as error:
        failed.append(name)
        print(f"FAIL {name} ({time.time() - started:.0f} s):\n{error}", file=sys.stderr)
    nbformat.write(nb, executed / name)
print(f"executed copies in {executed}/")
sys.exit(1 if failed else 0)
PY

# The orbit tables as astropy, pandas and numpy read them, and UTC → TDB against astropy.
echo "== orbit tables"
"$scratch/venv/bin/python" scripts/check-orbit-tables.py .build/release

if [ "$update_figures" = 1 ]; then
  mkdir -p Notebooks/figures
  cp runs/notebooks/01-hubble-diagram/fit/plots/hubble.png Notebooks/figures/hubble.png
  cp runs/notebooks/01-hubble-diagram/overfit/plots/learning-curves-fold-0.png Notebooks/figures/overfitting.png
  echo "updated Notebooks/figures/ (hubble.png, overfitting.png)"
fi
