"""The commands a sweep can drive: how to call them and what to read from their streams."""
import json
from dataclasses import dataclass


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

    def intermediate_value(self, line):
        """(step, value) of an epoch line the pruner should see, or None."""
        if "epoch" not in line or not isinstance(line.get(self.intermediate), (int, float)):
            return None
        if self.name == "cosmo" and line.get("fold") != 0:
            return None  # the folds run one after another; the pruner compares fold 0's curves
        return int(line["epoch"]), float(line[self.intermediate])

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
                  "cosmo fit: minimise the cross-validated validation χ²/N; prune on fold 0's validation χ²/N"),
    "gnn": Tool("gnn", "gnn", ("train",), "best_validation_loss", "val_loss",
                "gnn train: minimise the best validation loss; prune on the validation loss"),
}
