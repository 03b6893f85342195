# Sourced by bench/*-peer-interleaved.sh: what every interleaved run against the peers sets up.
# Sets `repo`, `bench` (BENCH, default the release build's), `python` (PYTHON, default python3),
# enters ../shared/bench/peers, and makes `out` and `err` (removed on exit) for `timed`.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${BENCH:-$repo/.build/release/bench}
python=${PYTHON:-python3}
cd "$repo/../shared/bench/peers"
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# timed COMMAND...: runs COMMAND under /usr/bin/time -v, its output in $out, its errors and
# time's report in $err; returns COMMAND's status.
timed() { /usr/bin/time -v "$@" >"$out" 2>"$err"; }

# peak_rss: the last timed command's peak resident set (kB).
peak_rss() { grep 'Maximum resident' "$err" | awk '{print $6}'; }

# json_number KEYS LINE: the number after the first of KEYS (a grep alternation, `a\|b`) in LINE.
json_number() { grep -o "\"\($1\)\": [0-9.]*" <<<"$2" | head -1 | cut -d' ' -f2; }
