"""The pruner sees every fold of a cosmo trial, fold k judged against fold k (folds.py)."""
import unittest

import optuna
from optuna.trial import TrialState, create_trial

from gravitas_sweep.cli import check_folds, make_pruner
from gravitas_sweep.folds import FOLD_STRIDE, FoldPruner, fold_and_epoch, fold_step
from gravitas_sweep.space import SpaceError
from gravitas_sweep.tools import TOOLS

optuna.logging.set_verbosity(optuna.logging.WARNING)


def curve(fold0, fold1, epochs=20):
    """Intermediate values of a two-fold trial: each fold's value per epoch."""
    values = {fold_step(0, e): fold0 for e in range(epochs)}
    values.update({fold_step(1, e): fold1 for e in range(epochs)})
    return values


class FoldStepTests(unittest.TestCase):
    def test_every_fold_at_its_own_steps(self):
        cosmo = TOOLS["cosmo"]
        point = cosmo.intermediate_point({"fold": 3, "epoch": 200, "val_chi2_per_n": 0.5})
        self.assertEqual((point.series, point.epoch, point.step, point.value), (3, 200, 300200, 0.5))
        self.assertEqual(fold_and_epoch(300200), (3, 200))
        self.assertEqual(cosmo.intermediate_point({"fold": 0, "epoch": 7, "val_chi2_per_n": 1}).step, 7)
        for line in [{"epoch": 1, "val_chi2_per_n": 1.0}, {"fold": -1, "epoch": 1, "val_chi2_per_n": 1.0},
                     {"fold": True, "epoch": 1, "val_chi2_per_n": 1.0}, {"fold": 0, "epoch": 1.5, "val_chi2_per_n": 1.0},
                     {"fold": 0, "epoch": FOLD_STRIDE, "val_chi2_per_n": 1.0}, {"fold": 0, "epoch": 1, "val_chi2_per_n": "x"}]:
            self.assertIsNone(cosmo.intermediate_point(line), line)
        gnn = TOOLS["gnn"].intermediate_point({"epoch": 4, "val_loss": 0.25})
        self.assertEqual((gnn.series, gnn.step, gnn.value), (None, 4, 0.25))

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

    def test_a_good_fold_0_does_not_shield_a_bad_fold_1(self):
        study = self.study(curve(0.5, 0.6), curve(0.5, 0.6))
        # Best of fold 0 (0.4) beats the others' fold 1 (0.6): a plain median pruner, which takes
        # the trial's best value over all its steps, would keep this trial whose fold 1 is 0.7.
        values = {s: v for s, v in curve(0.4, 0.7).items() if s <= fold_step(1, 10)}
        self.assertFalse(optuna.pruners.MedianPruner(n_startup_trials=1, n_warmup_steps=5).prune(study, self.running(values)))
        self.assertTrue(study.pruner.prune(study, self.running(values)))
        # ... and a fold 1 as good as the others' is kept, whatever fold 0 was.
        values = {s: v for s, v in curve(0.55, 0.6).items() if s <= fold_step(1, 10)}
        self.assertFalse(study.pruner.prune(study, self.running(values)))

    def test_warm_up_in_every_fold(self):
        study = self.study(curve(0.5, 0.6))
        for epoch, expected in [(4, False), (5, True)]:
            values = {s: v for s, v in curve(0.9, 0.9).items() if s <= fold_step(1, epoch)}
            self.assertEqual(study.pruner.prune(study, self.running(values)), expected, epoch)
            values = {s: v for s, v in curve(0.9, 0.9).items() if s <= fold_step(0, epoch)}
            self.assertEqual(study.pruner.prune(study, self.running(values)), expected, epoch)

    def test_only_cosmo_and_median_are_wrapped(self):
        self.assertIsInstance(make_pruner("median", {}, TOOLS["cosmo"]), FoldPruner)
        self.assertIsInstance(make_pruner("median", {}, TOOLS["gnn"]), optuna.pruners.MedianPruner)
        # TPE treats Hyperband's brackets specially (isinstance): it stays itself.
        self.assertIsInstance(make_pruner("hyperband", {}, TOOLS["cosmo"]), optuna.pruners.HyperbandPruner)


if __name__ == "__main__":
    unittest.main()
