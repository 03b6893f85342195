"""The commands a sweep can drive: how to call them and what to read from their streams."""
import json
from dataclasses import dataclass
from typing import NamedTuple, Optional

from .folds import FOLD_STRIDE, fold_step


class Point(NamedTuple):
    """A value for the pruner. `series` is what a best-so-far restarts with (cosmo's fold; None for
    gnn), `epoch` the epoch within it, `step` the step reported to Optuna; `fold_end` marks the
    cross-validated value of folds 0…series, reported when fold series + 1 begins."""
    series: Optional[int]
    epoch: int
    step: int
    value: float
    fold_end: bool = False


class Progress:
    """What one trial's stream gives the pruner, line by line (folds.py says why these values).

    gnn: each epoch, the best validation loss so far. cosmo: fold 0's epochs, the best validation
    χ²/N so far (early pruning of hopeless trials, as before); and when fold k + 1 begins, the
    mean of folds 0…k's best validation χ²/N, at step k × FOLD_STRIDE + FOLD_STRIDE − 1. The last
    fold's end is the trial's end: its objective is what Optuna gets then.
    """

    def __init__(self, tool):
        self.tool = tool
        self.best = {}  # series → its best value so far

    def points(self, line):
        point = self.tool.intermediate_point(line)
        if point is None:
            return []
        found = []
        fold = point.series
        if fold is not None and fold > 0 and fold not in self.best and all(k in self.best for k in range(fold)):
            done = [self.best[k] for k in range(fold)]
            found.append(Point(fold - 1, FOLD_STRIDE - 1, fold_step(fold - 1, FOLD_STRIDE - 1), sum(done) / fold,
                               fold_end=True))
        # The best value so far: Adam's spikes should not get a good trial pruned.
        value = min(point.value, self.best.get(fold, point.value))
        self.best[fold] = value
        if fold is None or fold == 0:
            found.append(point._replace(value=value))
        return found


@dataclass(frozen=True)
class Tool:
    name: str
    binary: str
    subcommand: tuple
    #: The objective, minimised: a key of the stream's final line (and of RUN/report.json).
    objective: str
    #: The per-epoch value reported to the pruner, and which stream lines carry it.
    intermediate: str
    description: str

    def intermediate_point(self, line):
        """The `Point` of an epoch line the pruner should see, or None.

        The line's own value, at step fold × FOLD_STRIDE + epoch (cosmo) or epoch (gnn); `Progress`
        turns these into what is reported.
        """
        epoch = line.get("epoch")
        value = line.get(self.intermediate)
        if not _is_count(epoch) or isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if self.name != "cosmo":
            return Point(None, epoch, epoch, float(value))
        fold = line.get("fold")
        if not _is_count(fold) or epoch >= FOLD_STRIDE:
            return None  # not a fold's epoch line (the driver refuses spaces with more epochs)
        return Point(fold, epoch, fold_step(fold, epoch), float(value))

    def where(self, point):
        """Where in the run a reported point is, in words."""
        if point.series is None:
            return f"epoch {point.epoch}"
        if point.fold_end:
            return f"the end of fold {point.series} (step {point.step}: the mean of folds 0-{point.series})"
        return f"fold {point.series}, epoch {point.epoch} (step {point.step})"

    def final_value(self, final_line, run_dir):
        """The objective from the stream's final line, else from the run's report.json."""
        value = (final_line or {}).get(self.objective)
        if isinstance(value, (int, float)):
            return float(value)
        try:
            with open(run_dir / "report.json", encoding="utf-8") as handle:
                value = json.load(handle).get(self.objective)
        except (OSError, ValueError):
            return None
        return float(value) if isinstance(value, (int, float)) else None


TOOLS = {
    "cosmo": Tool("cosmo", "cosmo", ("fit",), "cv_chi2_per_n", "val_chi2_per_n",
                  "cosmo fit: minimise the cross-validated validation χ²/N; prune on fold 0's epochs and each fold's end"),
    "gnn": Tool("gnn", "gnn", ("train",), "best_validation_loss", "val_loss",
                "gnn train: minimise the best validation loss; prune on the validation loss"),
}


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
