"""The pruner sees every fold of a cosmo trial: fold 0's epochs, then each fold's end with the
folds' running mean, fold k judged against fold k (folds.py)."""
import unittest

import optuna
from optuna.trial import TrialState, create_trial

from gravitas_sweep.cli import check_folds, make_pruner
from gravitas_sweep.folds import FOLD_STRIDE, FoldPruner, fold_and_epoch, fold_step
from gravitas_sweep.space import SpaceError
from gravitas_sweep.tools import TOOLS, Progress

optuna.logging.set_verbosity(optuna.logging.WARNING)
END = FOLD_STRIDE - 1


def curve(fold0, after1, epochs=20):
    """Intermediate values of a trial: fold 0's epochs, its end, and the end of fold 1."""
    values = {fold_step(0, e): fold0 for e in range(epochs)}
    values.update({fold_step(0, END): fold0, fold_step(1, END): after1})
    return values


def line(fold, epoch, value):
    return {"fold": fold, "member": "mean of 1", "epoch": epoch, "val_chi2_per_n": value}


class ProgressTests(unittest.TestCase):
    def test_fold_0_epochs_then_each_folds_end(self):
        progress = Progress(TOOLS["cosmo"])
        reported = []
        for fold, values in enumerate([[3.0, 1.0, 2.0], [5.0, 0.5], [9.0]]):
            for epoch, value in enumerate(values):
                reported += progress.points(line(fold, epoch, value))
        self.assertEqual([(p.step, p.value, p.fold_end) for p in reported],
                         [(0, 3.0, False), (1, 1.0, False), (2, 1.0, False),  # fold 0's best so far
                          (99999, 1.0, True),  # fold 1 begins: fold 0 done, its best
                          (199999, 0.75, True)])  # fold 2 begins: the mean of folds 0 and 1's best
        self.assertEqual(TOOLS["cosmo"].where(reported[-1]), "the end of fold 1 (step 199999: the mean of folds 0-1)")
        self.assertEqual(fold_and_epoch(199999), (1, END))

    def test_lines_that_are_not_epochs(self):
        cosmo = TOOLS["cosmo"]
        self.assertEqual(cosmo.intermediate_point(line(3, 200, 0.5)).step, 300200)
        for bad in [{"epoch": 1, "val_chi2_per_n": 1.0}, line(-1, 1, 1.0), line(True, 1, 1.0), line(0, 1.5, 1.0),
                    line(0, FOLD_STRIDE, 1.0), line(0, 1, "x"), line(0, 1, True)]:
            self.assertIsNone(cosmo.intermediate_point(bad), bad)
            self.assertEqual(Progress(cosmo).points(bad), [])

    def test_gnn_reports_every_epoch(self):
        progress = Progress(TOOLS["gnn"])
        points = [p for e, v in enumerate([0.3, 0.5, 0.2]) for p in progress.points({"epoch": e, "val_loss": v})]
        self.assertEqual([(p.step, p.value) for p in points], [(0, 0.3), (1, 0.3), (2, 0.2)])

    def test_space_epochs_must_fit_in_a_fold(self):
        class Space:
            path = "space.yaml"
            fixed = {"seed": 1}
            params = {"epochs": {"type": "int", "low": 500, "high": FOLD_STRIDE}}
        with self.assertRaises(SpaceError):
            check_folds(Space, TOOLS["cosmo"])
        Space.params = {"epochs": {"type": "categorical", "choices": [500, 4000]}}
        check_folds(Space, TOOLS["cosmo"])
        check_folds(Space, TOOLS["gnn"])


class FoldPrunerTests(unittest.TestCase):
    def study(self, *completed):
        study = optuna.create_study(pruner=make_pruner("median", {"n_startup_trials": 1, "n_warmup_steps": 5},
                                                       TOOLS["cosmo"]))
        for values in completed:
            study.add_trial(create_trial(value=0.5, intermediate_values=values))
        return study

    def running(self, values):
        return create_trial(state=TrialState.RUNNING, intermediate_values=values)

    def test_a_good_fold_0_does_not_shield_a_bad_trial(self):
        study = self.study(curve(0.5, 0.6), curve(0.5, 0.6))
        # Fold 0 (0.4) beats the others' running value after fold 1 (0.6): a plain median pruner,
        # which takes the trial's best value over all its steps, would keep this trial at 0.7.
        values = curve(0.4, 0.7)
        self.assertFalse(optuna.pruners.MedianPruner(n_startup_trials=1, n_warmup_steps=5).prune(study, self.running(values)))
        self.assertTrue(study.pruner.prune(study, self.running(values)))
        # ... and one as good as the others after fold 1 is kept, whatever fold 0 was.
        self.assertFalse(study.pruner.prune(study, self.running(curve(0.55, 0.6))))

    def test_warm_up_in_fold_0(self):
        study = self.study(curve(0.5, 0.6))
        for epoch, expected in [(4, False), (5, True)]:
            values = {s: v for s, v in curve(0.9, 0.9).items() if s <= fold_step(0, epoch)}
            self.assertEqual(study.pruner.prune(study, self.running(values)), expected, epoch)

    def test_only_cosmo_and_median_are_wrapped(self):
        self.assertIsInstance(make_pruner("median", {}, TOOLS["cosmo"]), FoldPruner)
        self.assertIsInstance(make_pruner("median", {}, TOOLS["gnn"]), optuna.pruners.MedianPruner)
        # TPE treats Hyperband's brackets specially (isinstance): it stays itself.
        self.assertIsInstance(make_pruner("hyperband", {}, TOOLS["cosmo"]), optuna.pruners.HyperbandPruner)


if __name__ == "__main__":
    unittest.main()
