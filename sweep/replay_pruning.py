#!/usr/bin/env python3
"""Replays a finished cosmo sweep's recorded streams (OUT/trials/trial-NNNN.jsonl) through the
driver's pruning, trial after trial in number order, and prints what each trial would have become
when the pruner sees fold 0's epochs only (the driver before) and fold 0's epochs plus every fold's
end (the driver now). The trials' parameters are the recorded ones (TPE would have proposed others
after a different verdict); a trial whose stream ends before a verdict (pruned in the recorded
sweep) is shown as '?' and left out of later medians. The figures in gravitas_sweep/folds.py:

    python sweep/replay_pruning.py /work/sweep30/out/trials --space sweep/spaces/cosmo-x1-c.yaml
"""
import argparse
import json
import pathlib

import optuna
from optuna.trial import TrialState

from gravitas_sweep.cli import make_pruner
from gravitas_sweep.space import SearchSpace
from gravitas_sweep.tools import TOOLS, Progress


def replay(streams, options, report_every, fold_ends):
    cosmo = TOOLS["cosmo"]
    # TOOLS["gnn"] gives the plain median pruner: the driver before reported fold 0 alone.
    study = optuna.create_study(pruner=make_pruner("median", options, cosmo if fold_ends else TOOLS["gnn"]))
    verdicts = []
    for path in streams:
        with open(path, encoding="utf-8") as handle:
            lines = [json.loads(text) for text in handle if text.strip()]
        final = next((line for line in lines if line.get("final")), None)
        trial, progress, verdict, last = study.ask(), Progress(cosmo), None, None
        for line in lines:
            for point in progress.points(line):
                if point.fold_end and not fold_ends:
                    continue
                if not (point.fold_end or point.epoch % report_every == 0) or (last and point.step <= last.step):
                    continue
                last = point
                trial.report(point.value, point.step)
                if trial.should_prune():
                    verdict = f"pruned at {cosmo.where(point)}"
                    break
            if verdict:
                break
        if verdict:
            study.tell(trial, state=TrialState.PRUNED)
        elif final:
            study.tell(trial, final["cv_chi2_per_n"])
            verdict = f"complete {final['cv_chi2_per_n']:.4f}"
        else:
            study.tell(trial, state=TrialState.FAIL)
            verdict = "? its stream ends (pruned when recorded)"
        verdicts.append(verdict)
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trials", type=pathlib.Path, help="the sweep's OUT/trials folder")
    parser.add_argument("--space", type=pathlib.Path, required=True, help="its search space (for the pruner settings)")
    parser.add_argument("--report-every", type=int, default=10)
    arguments = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    options = SearchSpace(arguments.space, command="cosmo").pruner_options
    streams = sorted(arguments.trials.glob("trial-*.jsonl"))
    before = replay(streams, options, arguments.report_every, fold_ends=False)
    now = replay(streams, options, arguments.report_every, fold_ends=True)
    print(f"{'trial':>5}  {'fold 0 only (before)':<46} fold 0 and every fold's end (now)")
    for path, old, new in zip(streams, before, now):
        print(f"{path.stem[6:]:>5}  {old:<46} {new}")


if __name__ == "__main__":
    main()
