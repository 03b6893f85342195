#!/usr/bin/env bash
# Gravitas as a user gets it: `make install` into a temporary PREFIX, then every command run from
# an empty temporary folder outside the repository, with HOME elsewhere too (cosmo lcdm, a small
# cosmo fit with evaluate and predict, the same with --features x1,c twice into its default
# numbered folders, orbits sample, gnn train --quick and evaluate). Checks that
# each finds the installed data, says which commit it was built from, writes only under the
# folders its options name, leaves the repository and HOME untouched, and that `make uninstall`
# removes every installed file. About 70 s on 2 shared cores once the release build exists.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix" work="$tmp/work" home="$tmp/home"
mkdir -p "$work" "$home"
fail() { echo "install-check: $*" >&2; exit 1; }

make -C "$repo" --no-print-directory install PREFIX="$prefix"
for f in bin/cosmo bin/orbits bin/gnn bin/gravitas-selftest share/gravitas/Pantheon+SH0ES.dat share/gravitas/de421_1980_2030.bsp \
         share/gravitas/gm.csv share/man/man1/cosmo.1 share/bash-completion/completions/gnn share/zsh/site-functions/_orbits \
         share/fish/vendor_completions.d/cosmo.fish; do
  [ -s "$prefix/$f" ] || fail "make install did not write $f"
done
grep -qE '^\.(TH|Dt) ' "$prefix/share/man/man1/cosmo.1" || fail "cosmo.1 is not a man page"

# From here on nothing may change in the repository or in HOME.
repo_before="$(git -C "$repo" status --porcelain --ignored=no 2>/dev/null || true)"
touch "$tmp/marker"
cd "$work"
run() { env -u GRAVITAS_DATA HOME="$home" PATH="$prefix/bin:$PATH" "$@"; }

version="$(run cosmo --version | head -1)"
echo "$version"
expected="$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo "unknown commit")"
case "$version" in *"$expected"*) ;; *) fail "cosmo --version '$version' does not name $expected" ;; esac

run cosmo lcdm --format json --out lcdm/report.json --plots lcdm/plots > lcdm.log
grep -q "$prefix/share/gravitas/Pantheon+SH0ES.dat" lcdm/report.json || fail "cosmo lcdm did not read the installed table"
run cosmo fit --epochs 40 --folds 2 --ensemble 1 --quiet --out fit --plots fit-plots > fit.log
run cosmo evaluate fit > evaluate.log
# The design card's fit, twice without --out: each run gets its own numbered folder, the second
# leaves the first's files as they were, and the two give the same checkpoint bytes.
x1c=(cosmo fit --features x1,c --epochs 40 --folds 2 --ensemble 1 --quiet --plots none)
run "${x1c[@]}" > fit-x1c.log
first="$(cd runs/cosmo-fit/version_0 && find . -type f ! -path './tensorboard/*' -exec sha256sum {} + | sort)"
run "${x1c[@]}" >> fit-x1c.log
[ "$(cd runs/cosmo-fit/version_0 && find . -type f ! -path './tensorboard/*' -exec sha256sum {} + | sort)" = "$first" ] \
  || fail "a second cosmo fit changed the first run's files"
diff -r runs/cosmo-fit/version_0/checkpoints runs/cosmo-fit/version_1/checkpoints > /dev/null \
  || fail "two identical cosmo fit runs gave different checkpoints"

run cosmo predict fit --z 0.1,0.5 > predict.log 2> predict.err
[ ! -s predict.err ] || fail "cosmo predict inside the training range warned: $(cat predict.err)"
run cosmo predict fit --z 5 > /dev/null 2> predict.err
grep -q "extrapolates" predict.err || fail "cosmo predict --z 5 did not warn that it extrapolates"
# No --plots: the figure's default place is beside the table, inside the folder --out names.
run orbits sample --bodies sun,earth,mars --start 2024-01-01 --stop 2024-02-01 --step 1d --out orbits/mars.csv \
  > orbits.log
[ -s orbits/mars.csv ] || fail "orbits sample wrote no table"
[ -s orbits/plots/orbits.dat ] || fail "orbits sample drew no figure beside its table"
run gnn train --quick --quiet --out gnn --plots gnn-plots > gnn.log
[ -s gnn/report.json ] || fail "gnn train --quick wrote no report"
run gnn evaluate gnn --plots gnn-plots > gnn-evaluate.log

# A data folder that does not hold the data: one line naming where it looked and the fixes.
if message="$(env GRAVITAS_DATA="$tmp/nowhere" HOME="$home" "$prefix/bin/cosmo" lcdm --out never 2>&1)"; then
  fail "cosmo lcdm succeeded without its data"
fi
case "$message" in *"$tmp/nowhere"*GRAVITAS_DATA*) ;; *) fail "unhelpful error without data: $message" ;; esac
[ "$(printf '%s\n' "$message" | wc -l)" -eq 1 ] || fail "the missing-data error is not one line: $message"

# Only the folders named (and the logs above) in the working folder; nothing new elsewhere.
named='lcdm|lcdm.log|fit|fit-plots|fit.log|fit-x1c.log|runs|evaluate.log|predict.log|predict.err|orbits|orbits.log|gnn|gnn-plots|gnn.log|gnn-evaluate.log'
extra="$(ls -A "$work" | grep -vxE "$named" || true)"
[ -z "$extra" ] || fail "written outside the folders named: $extra"
[ -z "$(find "$home" -mindepth 1 | head -1)" ] || fail "written into HOME: $(find "$home" -mindepth 1 | head -5)"
changed="$(find "$repo" -path "$repo/.build" -prune -o -newer "$tmp/marker" -print | head -5)"
[ -z "$changed" ] || fail "the repository changed: $changed"
[ "$repo_before" = "$(git -C "$repo" status --porcelain --ignored=no 2>/dev/null || true)" ] || fail "git status changed"

make -C "$repo" --no-print-directory uninstall PREFIX="$prefix" >/dev/null
left="$(find "$prefix" -mindepth 1 2>/dev/null | head -5)"
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install-check: installed; cosmo lcdm, fit, evaluate, predict, orbits sample, gnn train --quick, evaluate from $work; uninstalled: ok"
