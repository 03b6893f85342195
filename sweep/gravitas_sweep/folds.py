"""How a `cosmo fit` trial's folds reach the pruner.

cosmo fit trains its cross-validation folds one after another, and the objective is their pooled
validation χ²/N. The pruner sees every fold, at steps that mean the same in every trial:

* fold 0's epochs, step = epoch, value = fold 0's best validation χ²/N so far: early pruning of a
  hopeless trial (what the driver reported before, and all it reported);
* the end of each fold k but the last, step = k × FOLD_STRIDE + FOLD_STRIDE − 1 (99999 after fold
  0, 299999 after fold 2), value = the mean of folds 0…k's best validation χ²/N: the running
  cross-validated value, reported when fold k + 1's first epoch arrives. After the last fold the
  trial ends and Optuna gets its objective.

That is what Optuna users know from cross-validation with pruning (the mean score of the folds
done so far, at a step counting the folds): an estimate of the objective that gains a fold at each
step, compared across trials at the same step. The stride is a constant rather than the trial's
epochs because epochs may be searched (with fold × epochs, step 600 would be fold 1 of a 500-epoch
trial and fold 0 of a 2000-epoch one); FOLD_STRIDE keeps the steps readable.

Why not every epoch of every fold (step k × FOLD_STRIDE + epoch, each fold's running best)? Both
were replayed (sweep/replay_pruning.py) on the recorded streams of the README's 30-trial sweep
(same trials in the same order, same pruner: median, 5 startup trials, 200 warm-up epochs; fold 0
alone reproduces the recorded sweep, 14 complete and 16 pruned at the same epochs). Every epoch of
every fold pruned 7 of the 14 completed trials, the sweep's best (trial 27, 0.4716) among them, at
epoch 200 of fold 2, where its 0.595 stood above the others' median though it ended that fold at
0.432, among the best: a fold's early epochs rank trials poorly, and each fold added another early
verdict. Fold ends also pruned 7 of the 14 (5, 6, 8, 12 and 18 after fold 2 or 3, 11 and 14 after
fold 0), all with objectives of 0.4767-0.4902, and kept the two best (27 and 23, 0.4743).

The folds are the same in every trial when the space fixes `seed` (KFold.split is a function of
the rows, the fold count and the seed); otherwise fold k is a different random split in each
trial, and the comparison is noisier (the driver says so).
"""
import copy

import optuna

#: Steps per fold: fold k's epoch e is step k × FOLD_STRIDE + e, its end k × FOLD_STRIDE + 99999.
#: Readable (step 299999 = after fold 2), and far above any epoch count a cosmo fit runs (checked
#: against the search space at start).
FOLD_STRIDE = 100_000


def fold_step(fold, epoch):
    """The pruner's step for fold `fold`'s epoch `epoch`."""
    return fold * FOLD_STRIDE + epoch


def fold_and_epoch(step):
    """(fold, epoch) of a step written by `fold_step`."""
    return divmod(step, FOLD_STRIDE)


def largest_epochs(space):
    """The most epochs any trial of `space` can run (its `epochs`, fixed or searched), or None."""
    if "epochs" in space.fixed:
        values = [space.fixed["epochs"]]
    elif "epochs" in space.params:
        spec = space.params["epochs"]
        values = spec["choices"] if spec["type"] == "categorical" else [spec["high"]]
    else:
        return None
    numbers = []
    for value in values:
        try:
            numbers.append(float(value))
        except (TypeError, ValueError):
            continue  # not a number: cosmo fit itself will refuse it
    return max(numbers, default=None)


class FoldPruner(optuna.pruners.BasePruner):
    """A percentile (median) pruner judging a trial's fold k against the others' fold k.

    The wrapped pruner compares the best value the trial has ever reported with the percentile of
    the completed trials' values at the current step. A trial's values at different folds are
    different quantities (fold 0's χ²/N, then means over more folds), so this hands it a copy of
    the trial holding only the values reported since the current fold began: a low fold 0 does not
    shield a trial whose running value is above the median after fold 3. (Its `n_warmup_steps`
    counts fold 0's epochs; every fold's end is past it.)
    """

    def __init__(self, pruner):
        self.pruner = pruner

    def prune(self, study, trial):
        step = trial.last_step
        if step is None:
            return False
        start = fold_step(fold_and_epoch(step)[0], 0)
        view = copy.copy(trial)
        view.intermediate_values = {s: v for s, v in trial.intermediate_values.items() if s >= start}
        return self.pruner.prune(study, view)
