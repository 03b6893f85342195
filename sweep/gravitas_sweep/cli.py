"""gravitas-sweep: a worker of an Optuna study over cosmo fit or gnn train.

Start as many workers as you like on one study (same --storage, --study and --out): each asks
the study for a trial, runs it, tells the study how it ended, until the study holds --trials
trials; then it prints the best trial and writes the study's figures.
"""
import argparse
import contextlib
import fcntl
import os
import pathlib
import shlex
import signal
import sys

import optuna
from optuna.trial import TrialState

from . import figures
from .folds import FOLD_STRIDE, FoldPruner, largest_epochs
from .space import SearchSpace, SpaceError
from .tools import TOOLS
from .trial import TrialRunner, fail_orphaned_trials, trial_seed


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="gravitas-sweep", description=__doc__.split("\n\n")[0])
    parser.add_argument("tool", choices=sorted(TOOLS), help="the command whose runs are the trials")
    parser.add_argument("--space", required=True, type=pathlib.Path, help="search space (YAML)")
    parser.add_argument("--study", required=True, help="study name")
    parser.add_argument("--storage", required=True,
                        help="a journal file (shared by all workers: on a shared file system for Slurm) or an RDB URL")
    parser.add_argument("--out", required=True, type=pathlib.Path,
                        help="the sweep's folder: runs/trial-NNNN (tensorboard --logdir OUT/runs), trials/, figures/")
    parser.add_argument("--trials", type=int, required=True, help="trials in the whole study, all workers together")
    parser.add_argument("--seed", type=int, default=1, help="study seed: trial seeds and the sampler's derive from it")
    parser.add_argument("--pruner", choices=["median", "hyperband", "none"], default="median")
    parser.add_argument("--sampler", choices=["tpe", "random"], default="tpe")
    parser.add_argument("--report-every", type=int,
                        help="epochs between reports to the pruner (default: cosmo 10, gnn 1)")
    parser.add_argument("--bin", type=pathlib.Path, default=pathlib.Path(".build/release"),
                        help="folder holding the release binaries (swift build -c release)")
    parser.add_argument("--worker", type=int, default=int(os.environ.get("SLURM_PROCID", "0")),
                        help="this worker's index (default $SLURM_PROCID or 0): seeds its sampler")
    arguments = parser.parse_args(argv)
    if arguments.report_every is None:
        arguments.report_every = 10 if arguments.tool == "cosmo" else 1
    if arguments.trials < 1 or arguments.report_every < 1:
        parser.error("--trials and --report-every must be ≥ 1")
    return arguments


def make_storage(text):
    if "://" in text:
        return optuna.storages.RDBStorage(text)
    from optuna.storages.journal import JournalFileBackend, JournalStorage
    path = pathlib.Path(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    return JournalStorage(JournalFileBackend(str(path)))


@contextlib.contextmanager
def study_lock(storage_text):
    """Serialises what must not interleave between workers (enqueueing the space's first
    trials, counting trials before asking for one). A journal file gets a lock file beside it;
    an RDB is left to its own transactions."""
    if "://" in storage_text:
        yield
        return
    with open(f"{storage_text}.gravitas-lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_pruner(kind, options, tool):
    if kind == "median":
        settings = {"n_startup_trials": 5, "n_warmup_steps": 0, "interval_steps": 1}
        settings.update(options)
        pruner = optuna.pruners.MedianPruner(**settings)
        # cosmo reports every fold (folds.py): a trial's fold k is judged against the others' fold k.
        return FoldPruner(pruner) if tool.name == "cosmo" else pruner
    if kind == "hyperband":
        settings = {"min_resource": 1, "max_resource": "auto", "reduction_factor": 3}
        settings.update(options)
        return optuna.pruners.HyperbandPruner(**settings)
    return optuna.pruners.NopPruner()


def check_folds(space, tool):
    """A cosmo space must keep each fold's epochs below the fold stride (folds.py); without a
    fixed seed its trials have different folds, which the pruner then compares (said, not refused)."""
    if tool.name != "cosmo":
        return
    epochs = largest_epochs(space)
    if epochs is not None and epochs >= FOLD_STRIDE:
        raise SpaceError(f"{space.path}: epochs up to {epochs:g}: the pruner's steps allow at most {FOLD_STRIDE - 1} per fold")
    if "seed" not in space.fixed:
        print(f"gravitas-sweep: {space.path} fixes no seed: each trial has its own folds, and the pruner compares "
              "fold k of one trial with fold k of another, a different split", file=sys.stderr)


def main(argv=None):
    arguments = parse_arguments(argv)
    tool = TOOLS[arguments.tool]
    try:
        space = SearchSpace(arguments.space, command=arguments.tool)
        pruner = make_pruner(arguments.pruner, space.pruner_options, tool)
        check_folds(space, tool)
    except (SpaceError, TypeError) as error:
        print(f"gravitas-sweep: {error}", file=sys.stderr)
        return 2
    binary = arguments.bin / tool.binary
    if not os.access(binary, os.X_OK):
        print(f"gravitas-sweep: {binary}: no such program; build it with `swift build -c release` or give --bin",
              file=sys.stderr)
        return 2
    arguments.out = arguments.out.resolve()
    arguments.bin = arguments.bin.resolve()
    storage = make_storage(arguments.storage)
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    with study_lock(arguments.storage):
        study = optuna.create_study(study_name=arguments.study, storage=storage, direction="minimize",
                                    pruner=pruner, load_if_exists=True)
        attributes = study.user_attrs
        if "tool" in attributes and attributes["tool"] != tool.name:
            print(f"gravitas-sweep: study {arguments.study} is a {attributes['tool']} study", file=sys.stderr)
            return 2
        if "tool" not in attributes:
            study.set_user_attr("tool", tool.name)
            study.set_user_attr("objective", tool.objective)
            study.set_user_attr("seed", arguments.seed)
            for params in space.enqueue:
                study.enqueue_trial(params, skip_if_exists=True)
        for number in fail_orphaned_trials(study, storage):
            print(f"trial {number}: failed: its worker on this host died during the trial")
        # The sampler's seed: the study seed, this worker, and how far the study has got, so a
        # restarted worker does not propose again what it proposed before.
        sampler_seed = trial_seed(arguments.seed, f"sampler:{arguments.worker}:{len(study.trials)}")
    sampler = (optuna.samplers.TPESampler(seed=sampler_seed) if arguments.sampler == "tpe"
               else optuna.samplers.RandomSampler(seed=sampler_seed))
    study = optuna.load_study(study_name=arguments.study, storage=storage, sampler=sampler, pruner=pruner)

    runner = TrialRunner(study, storage, tool, space, arguments)

    def stop(number, _frame):
        # Explicitly installed here: the trial in progress gets SIGTERM, ends at its epoch's end
        # and is marked failed; no further trial starts. A second signal quits at once.
        if runner.stop_requested:
            sys.exit(128 + number)
        runner.stop_requested = True
        print(f"\ngravitas-sweep: {signal.Signals(number).name}: stopping the trial in progress", file=sys.stderr, flush=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    while not runner.stop_requested:
        with study_lock(arguments.storage):
            if len(study.get_trials(deepcopy=False)) >= arguments.trials:
                waiting = study.get_trials(deepcopy=False, states=(TrialState.WAITING,))
                if not waiting:
                    break
            trial = study.ask()
        runner.run(trial)
    if runner.stop_requested:
        return 143
    return summarise(study, tool, arguments)


def summarise(study, tool, arguments):
    trials = study.get_trials(deepcopy=False)
    counts = {state.name.lower(): sum(t.state == state for t in trials) for state in TrialState}
    print("study {}: {} trials ({})".format(study.study_name, len(trials),
                                            ", ".join(f"{n} {k}" for k, n in counts.items() if n)))
    try:
        best = study.best_trial
    except ValueError:
        print("no trial completed")
        return 1
    print(f"best trial {best.number}: {tool.objective} = {best.value:.6g}")
    for name, value in best.params.items():
        print(f"  {name} = {value}")
    print(f"run folder: {best.user_attrs.get('run_dir')}")
    print(f"reproduce: {best.user_attrs.get('reproduce')}")
    written = figures.write(study, tool, arguments.out / "figures")
    print(f"figures: {', '.join(str(p) for p in written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
