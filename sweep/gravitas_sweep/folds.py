"""How a `cosmo fit` trial's folds reach the pruner.

cosmo fit trains its cross-validation folds one after another, and the objective is their pooled
validation χ²/N. The pruner sees every fold: fold k's epoch e is reported at step
k × FOLD_STRIDE + e, its value the best validation χ²/N of fold k so far. So step 200 is fold 0's
epoch 200 and step 300200 fold 3's epoch 200 in every trial, and a trial pruned in fold 3 has
reached further than one pruned in fold 0 (which is how TPE ranks pruned trials: by their last
step, then their value). The stride is a constant rather than the trial's epochs, because epochs
may be searched: with fold × epochs + epoch, step 600 would be fold 1 of a 500-epoch trial and
fold 0 of a 2000-epoch one.

Why not the running cross-validated value (the folds finished so far pooled with the current
one)? Each new fold starts from an untrained network, so that value jumps up at every fold's
start whatever the scheme, and Optuna's median pruner judges a trial by the best value it ever
reported: a trial would be carried through its later folds on fold 0's value. Like for like is
fold k against fold k: FoldPruner shows the median pruner only the current fold's values of the
trial being judged, while the other trials answer at the same step, i.e. the same fold and epoch.
The folds are the same in every trial when the space fixes `seed` (KFold.split is a function of
the rows, the fold count and the seed); otherwise fold k is a different random split in each
trial, a held-out fold of the same size, and the comparison is noisier.
"""
import copy

import optuna

#: Steps per fold: fold k's epoch e is step k × FOLD_STRIDE + e. Readable (step 300200 = fold 3,
#: epoch 200), and far above any epoch count a cosmo fit runs (SearchSpace-checked at start).
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
    """A percentile (median) pruner judging fold k of a trial against fold k of the others.

    The wrapped pruner compares the best value the trial has reported with the percentile of the
    completed trials' values at the current step; this hands it a copy of the trial holding the
    current fold's values only, so a good fold 0 does not shield the trial in fold 3. Its warm-up
    (`n_warmup_steps`) applies to every fold: a fold's first epochs are an untrained network's.
    """

    def __init__(self, pruner, warmup_epochs=0):
        self.pruner = pruner
        self.warmup_epochs = warmup_epochs

    def prune(self, study, trial):
        step = trial.last_step
        if step is None:
            return False
        fold, epoch = fold_and_epoch(step)
        if epoch < self.warmup_epochs:
            return False
        start = fold_step(fold, 0)
        view = copy.copy(trial)
        view.intermediate_values = {s: v for s, v in trial.intermediate_values.items() if s >= start}
        return self.pruner.prune(study, view)
