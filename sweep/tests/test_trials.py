"""Whole trials through the driver, with tests/fake_cosmo.py as the command: the pruner sees every
fold, and each trial's HParams session ends with the status that says how it ended."""
import importlib.util
import json
import pathlib
import shutil
import signal
import sys
import tempfile
import unittest

import optuna
from optuna.storages.journal import JournalFileBackend, JournalStorage
from optuna.trial import TrialState

import tfevents
from gravitas_sweep import cli, session_end
from gravitas_sweep.folds import FOLD_STRIDE, fold_step

TESTS = pathlib.Path(__file__).resolve().parent
REPOSITORY = TESTS.parent.parent
END = FOLD_STRIDE - 1
SPACE = """command: cosmo
fixed: {epochs: 20, folds: 3, seed: 1}
params:
  lr: {type: categorical, choices: [0.01, 0.02, 0.03, 0.04]}
enqueue: [{lr: 0.01}, {lr: 0.02}, {lr: 0.03}, {lr: 0.04}]
pruner: {n_startup_trials: 1, n_warmup_steps: 5}
"""


def tensorboard_sessions(logdir):
    """session name → (status, metrics) as TensorBoard's own HParams plugin lists them, or None
    without the `tensorboard` package."""
    try:
        spec = importlib.util.spec_from_file_location("check_hparams", REPOSITORY / "scripts/check-tensorboard-hparams.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError:
        return None
    groups = module.hparams_routes(str(logdir))(
        "/session_groups", {"experimentName": "", "allowedStatuses": module.ALL_STATUSES, "colParams": [],
                            "startIndex": 0, "sliceSize": 100})
    return {s["name"]: (s.get("status", "STATUS_UNKNOWN"), {m["name"]["tag"]: m["value"] for m in s.get("metricValues", [])})
            for g in groups["sessionGroups"] for s in g["sessions"]}


class FakeTrialTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = pathlib.Path(tempfile.mkdtemp(prefix="gravitas-sweep-test-"))
        binary = cls.work / "bin" / "cosmo"
        binary.parent.mkdir()
        binary.write_text(f"#!{sys.executable}\n" + (TESTS / "fake_cosmo.py").read_text())
        binary.chmod(0o755)
        (cls.work / "space.yaml").write_text(SPACE)
        handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
        try:
            cls.status = cli.main(["cosmo", "--space", str(cls.work / "space.yaml"), "--study", "fake",
                                   "--storage", str(cls.work / "journal.log"), "--out", str(cls.work / "out"),
                                   "--trials", "4", "--report-every", "1", "--bin", str(binary.parent)])
        finally:
            signal.signal(signal.SIGTERM, handlers[0])
            signal.signal(signal.SIGINT, handlers[1])
        storage = JournalStorage(JournalFileBackend(str(cls.work / "journal.log")))
        cls.trials = optuna.load_study(study_name="fake", storage=storage).trials

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def run_folder(self, number):
        return self.work / "out" / "runs" / f"trial-{number:04d}"

    def test_every_fold_reaches_the_pruner(self):
        self.assertEqual(self.status, 0)
        self.assertEqual([t.state for t in self.trials],
                         [TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL, TrialState.COMPLETE])
        complete, pruned, _, late = self.trials
        # Fold 0's epochs, then the end of folds 0 and 1 (the last fold's end is the objective).
        self.assertEqual(sorted(complete.intermediate_values),
                         [fold_step(0, e) for e in range(20)] + [fold_step(0, END), fold_step(1, END)])
        self.assertAlmostEqual(complete.intermediate_values[fold_step(1, END)], 0.81)
        # As good as trial 0 in fold 0, hopeless in fold 1: pruned when fold 1 ended, on the mean
        # of folds 0 and 1. Judged on fold 0 alone (the driver before), it ran to its end.
        self.assertEqual(pruned.last_step, fold_step(1, END))
        self.assertAlmostEqual(pruned.intermediate_values[fold_step(1, END)], 1.405)
        marker = json.loads((self.run_folder(1) / "sweep-trial.json").read_text())
        self.assertEqual((marker["state"], round(marker["last_reported"], 9), marker["pruned_at"]),
                         ("pruned", 1.405, {"after_fold": 1, "step": fold_step(1, END)}))
        # Pruned too late: its run finished (and ended its own session as SUCCESS), so it is
        # complete, with its objective.
        self.assertEqual((round(late.value, 9), late.last_step), (round((0.81 + 2 + 0.81) / 3, 9), fold_step(1, END)))
        self.assertIn("but it had finished", late.user_attrs["note"])

    def driver_event_files(self, number):
        return sorted((self.run_folder(number) / "tensorboard").glob("*.gravitas-sweep"))

    def test_sessions_end_with_how_the_trial_ended(self):
        for number in (0, 3):
            self.assertEqual(self.driver_event_files(number), [])  # a finished run ends its own session
        for number, pruned in [(1, 1.0), (2, 0.0)]:
            (path,) = self.driver_event_files(number)
            version, values = tfevents.summary_values(path)
            self.assertEqual(version, "brain.Event:2")
            end = tfevents.hparams_plugin_data(values[-1][2])
            self.assertEqual(values[-1][0], session_end.SESSION_END_TAG)
            self.assertEqual(tfevents.fields(end[4][0])[1], [session_end.FAILURE])
            scalars = {tag: value[2][0] for tag, _, value in values[:-1]}
            self.assertEqual(scalars["hparams/pruned"], pruned)
        _, values = tfevents.summary_values(self.driver_event_files(1)[0])
        scalars = {tag: (step, value[2][0]) for tag, step, value in values[:-1]}
        step, value = scalars["hparams/last_reported_val_chi2_per_n"]
        self.assertEqual((step, round(value, 6)), (fold_step(1, END), 1.405))

    def test_tensorboard_lists_the_statuses(self):
        sessions = tensorboard_sessions(self.work / "out" / "runs")
        if sessions is None:
            self.skipTest("the tensorboard package is not installed (pip install -e 'sweep[tensorboard]')")
        self.assertEqual({name: status for name, (status, _) in sessions.items()},
                         {"trial-0000/tensorboard": "STATUS_SUCCESS", "trial-0001/tensorboard": "STATUS_FAILURE",
                          "trial-0002/tensorboard": "STATUS_FAILURE", "trial-0003/tensorboard": "STATUS_SUCCESS"})
        self.assertEqual(sessions["trial-0001/tensorboard"][1]["hparams/pruned"], 1.0)
        self.assertEqual(sessions["trial-0002/tensorboard"][1]["hparams/pruned"], 0.0)


if __name__ == "__main__":
    unittest.main()
