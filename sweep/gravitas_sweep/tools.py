"""The commands a sweep can drive: how to call them and what to read from their streams."""
import json
from dataclasses import dataclass
from typing import NamedTuple, Optional

from .folds import FOLD_STRIDE, fold_step


class Point(NamedTuple):
    """One epoch as the pruner sees it: `series` is what the best-so-far restarts with (cosmo's
    fold; None for gnn), `epoch` the epoch within it, `step` the step reported to Optuna."""
    series: Optional[int]
    epoch: int
    step: int
    value: float


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

        cosmo: every fold, at step fold × FOLD_STRIDE + epoch (folds.py says why); gnn: the epoch.
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
                  "cosmo fit: minimise the cross-validated validation χ²/N; prune on each fold's validation χ²/N"),
    "gnn": Tool("gnn", "gnn", ("train",), "best_validation_loss", "val_loss",
                "gnn train: minimise the best validation loss; prune on the validation loss"),
}


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
