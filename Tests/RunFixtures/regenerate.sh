#!/usr/bin/env bash
# Writes the run files in this folder with the real commands, on small runs (about two minutes
# with debug builds): what `make run` writes (scripts/main-job), plus gnn evaluate and cosmo
# evaluate/predict. The round-trip tests (RunFilesRoundTripTests in CosmoCLITests and
# GNNCLITests) decode each into its type and check that it encodes to the same bytes.
# Usage, from the repository root after `swift build`: Tests/RunFixtures/regenerate.sh [bin]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-.build/debug}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin/cosmo" lcdm --data Data/Pantheon+SH0ES.dat --format json --out "$out/lcdm/report.json"
"$bin/cosmo" lcdm --data Tests/CosmologyTests/Fixtures/union3/full_long.dataset --format json --out "$out/lcdm-union3/report.json"
"$bin/cosmo" fit --data Data/Pantheon+SH0ES.dat --epochs 30 --folds 2 --ensemble 1 --out "$out/cosmo-fit" --plots none --quiet
"$bin/cosmo" fit --data Data/Pantheon+SH0ES.dat --features x1,c --epochs 30 --folds 2 --ensemble 1 --out "$out/cosmo-fit-x1-c" \
  --plots none --quiet
"$bin/cosmo" evaluate "$out/cosmo-fit" --format json --out "$out/cosmo-evaluate.json"
"$bin/cosmo" predict "$out/cosmo-fit-x1-c" --z 0.1,0.5 --x1 0,1 --c 0,0.1 --format json --out "$out/cosmo-predict.json"
"$bin/gnn" train --data Data/de421_1980_2030.bsp --quick --epochs 1 --hidden 8,8 --out "$out/gnn" --plots none --quiet
"$bin/gnn" discover "$out/gnn" --samples 2 --generations 1 --population 4 --populations 1 --time-blocks 1 --blocks 2 --plots none
"$bin/gnn" rollout "$out/gnn" --years 0.02 --plots none
"$bin/gnn" evaluate "$out/gnn" --plots none
"$bin/gnn" evaluate "$out/gnn" --plots none --format json --out "$out/gnn-evaluate-output.json"
here=Tests/RunFixtures
for d in gnn cosmo-fit cosmo-fit-x1-c lcdm lcdm-union3; do mkdir -p "$here/$d"; cp "$out/$d"/*.json "$here/$d/"; done
cp "$out"/*.json "$here/"
