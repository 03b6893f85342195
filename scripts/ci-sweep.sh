#!/usr/bin/env bash
# CI for the sweep driver (sweep/, README "Hyperparameter sweeps"): in a throwaway venv with the
# driver and TensorBoard,
#   1. the driver's own unit tests;
#   2. a six-trial cosmo sweep on the shipped data, two workers filling one journal; the study is
#      loaded with optuna.load_study and must hold six finished trials, at least one pruned and
#      one complete; a pruned trial's run must resume to the end;
#   3. TensorBoard's own hparams plugin must list all six runs with their options and metrics,
#      each with the status its trial ended with (complete SUCCESS, pruned FAILURE + pruned = 1);
#   4. a worker killed (SIGKILL) mid-trial leaves a readable study; restarted, it marks that trial
#      failed and carries on.
# About a minute on 2 cores once the release build and the pip downloads are there.
#
#   scripts/ci-sweep.sh [WORK=a temporary folder]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ci-sweep.XXXXXX")}
mkdir -p "$work"
echo "== sweep: release build of cosmo"
swift build -c release --product cosmo 2>&1 | tail -1
bin=$(pwd)/.build/release

echo "== sweep: Python environment ($work/venv)"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -e "sweep[tensorboard]"
python=$work/venv/bin/python
sweep=$work/venv/bin/gravitas-sweep

echo "== sweep: driver unit tests"
"$python" -m unittest discover -s sweep/tests

echo "== sweep: six trials, two workers, one journal"
out=$work/ci
journal=$out/journal.log
rm -rf "$out"
mkdir -p "$out"
pids=()
for worker in 0 1; do
  "$sweep" cosmo --space sweep/spaces/ci-cosmo.yaml --study ci --storage "$journal" --out "$out" --trials 6 \
    --worker $worker --bin "$bin" > "$out/worker-$worker.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$out/worker-0.log" "$out/worker-1.log"
(( status == 0 )) || { echo "a worker failed"; exit 1; }

"$python" - "$journal" "$bin" <<'PY'
import json, pathlib, subprocess, sys
import optuna
from optuna.storages.journal import JournalFileBackend, JournalStorage
from optuna.trial import TrialState
journal, bin = sys.argv[1:]
study = optuna.load_study(study_name="ci", storage=JournalStorage(JournalFileBackend(journal)))
states = [t.state for t in study.trials]
print("study ci:", [(t.number, t.state.name, t.value, t.params) for t in study.trials])
assert len(states) == 6, f"{len(states)} trials, expected 6"
assert states.count(TrialState.PRUNED) >= 1, "no trial was pruned"
assert states.count(TrialState.COMPLETE) >= 1, "no trial completed"
assert all(s in (TrialState.PRUNED, TrialState.COMPLETE) for s in states), f"unfinished or failed trials: {states}"
best = study.best_trial
report = json.load(open(pathlib.Path(best.user_attrs["run_dir"]) / "report.json"))
assert report["cv_chi2_per_n"] == best.value, (report["cv_chi2_per_n"], best.value)
pruned = next(t for t in study.trials if t.state == TrialState.PRUNED)
run = pathlib.Path(pruned.user_attrs["run_dir"])
marker = json.load(open(run / "sweep-trial.json"))
assert marker["state"] == "pruned", marker
# The pruned run is a stopped run: --resume finishes it.
command = pruned.user_attrs["command"].split() + ["--resume"]
subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
assert (run / "report.json").exists(), "the resumed pruned run wrote no report"
print(f"ok: {states.count(TrialState.COMPLETE)} complete, {states.count(TrialState.PRUNED)} pruned; "
      f"best trial {best.number} ({best.value:.4f}); pruned trial {pruned.number} resumed to its end")
PY

echo "== sweep: TensorBoard's hparams plugin reads the runs"
"$python" scripts/check-tensorboard-hparams.py "$out/runs" --sessions 6 --metric hparams/cv_chi2_per_n
# Each session's status says how its trial ended: complete SUCCESS, pruned FAILURE with pruned = 1
# (the pruned run resumed above keeps it: TensorBoard keeps a folder's first session end).
"$python" - "$journal" "$out/runs" <<'PY'
import importlib.util, sys
import optuna
from optuna.storages.journal import JournalFileBackend, JournalStorage
from optuna.trial import TrialState
journal, logdir = sys.argv[1:]
spec = importlib.util.spec_from_file_location("check", "scripts/check-tensorboard-hparams.py")
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)
groups = check.hparams_routes(logdir)("/session_groups", {"experimentName": "", "allowedStatuses": check.ALL_STATUSES,
                                                          "colParams": [], "startIndex": 0, "sliceSize": 100})
sessions = {s["name"]: s for g in groups["sessionGroups"] for s in g["sessions"]}
study = optuna.load_study(study_name="ci", storage=JournalStorage(JournalFileBackend(journal)))
for trial in study.trials:
    session = sessions[f"trial-{trial.number:04d}/tensorboard"]
    metrics = {m["name"]["tag"]: m["value"] for m in session.get("metricValues", [])}
    expected = {TrialState.COMPLETE: "STATUS_SUCCESS", TrialState.PRUNED: "STATUS_FAILURE"}[trial.state]
    assert session.get("status") == expected, (trial.number, trial.state, session.get("status"))
    if trial.state == TrialState.PRUNED:
        assert metrics.get("hparams/pruned") == 1.0, (trial.number, metrics)
print("ok: every session's status matches its trial's state")
PY

echo "== sweep: a worker killed mid-trial"
killed=$work/killed
rm -rf "$killed"
mkdir -p "$killed"
run_args=(cosmo --space sweep/spaces/ci-worker-killed.yaml --study killed --storage "$killed/journal.log" --out "$killed"
          --trials 2 --bin "$bin")
"$sweep" "${run_args[@]}" > "$killed/worker-first.log" 2>&1 &
worker=$!
stream=$killed/trials/trial-0000.jsonl
for _ in $(seq 600); do [[ -s $stream ]] && break; sleep 0.1; done
[[ -s $stream ]] || { cat "$killed/worker-first.log"; echo "trial 0 never streamed an epoch"; exit 1; }
kill -KILL "$worker"
wait "$worker" 2> /dev/null || true
# Its trial, told by the kernel (PR_SET_PDEATHSIG), stops at an epoch's end with a resumable run.
for _ in $(seq 300); do pgrep -f -- "--out $killed/runs/trial-0000 " > /dev/null || break; sleep 0.1; done
if pgrep -f -- "--out $killed/runs/trial-0000 " > /dev/null; then echo "the killed worker's trial is still running"; exit 1; fi
"$python" - "$killed/journal.log" RUNNING <<'PY'
import sys
import optuna
from optuna.storages.journal import JournalFileBackend, JournalStorage
study = optuna.load_study(study_name="killed", storage=JournalStorage(JournalFileBackend(sys.argv[1])))
states = [t.state.name for t in study.trials]
print("after the kill:", states)
assert states[0] == sys.argv[2], states
PY
"$sweep" "${run_args[@]}" > "$killed/worker-restarted.log" 2>&1
cat "$killed/worker-restarted.log"
"$python" - "$killed/journal.log" <<'PY'
import sys
import optuna
from optuna.storages.journal import JournalFileBackend, JournalStorage
study = optuna.load_study(study_name="killed", storage=JournalStorage(JournalFileBackend(sys.argv[1])))
states = [t.state.name for t in study.trials]
assert states == ["FAIL", "COMPLETE"], states
print(f"ok: killed trial marked failed ({study.trials[0].user_attrs.get('note')}); the restarted worker completed trial 1")
PY
echo "sweep: all checks passed ($work)"
