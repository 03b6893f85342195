"""The driver's own logic, without the Swift commands: python -m unittest discover sweep/tests"""
import json
import pathlib
import tempfile
import unittest

import optuna

from gravitas_sweep.space import SearchSpace, SpaceError, option_arguments
from gravitas_sweep.tools import TOOLS
from gravitas_sweep.trial import StreamReader, trial_seed

SPACES = pathlib.Path(__file__).resolve().parent.parent / "spaces"


class SpaceTests(unittest.TestCase):
    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
        handle.write(text)
        handle.close()
        return handle.name

    def test_shipped_spaces_load(self):
        for path in SPACES.glob("*.yaml"):
            space = SearchSpace(path)
            self.assertTrue(space.params, path)

    def test_rejects_what_it_cannot_use(self):
        cases = {
            "params: {lr: {type: float, low: 0, high: 1, log: true}}": "a log scale needs low > 0",
            "params: {lr: {type: normal}}": "needs 'type'",
            "params: {out: {type: int, low: 1, high: 2}}": "set by the driver",
            "fixed: {lr: 1}\nparams: {lr: {type: int, low: 1, high: 2}}": "both fixed and searched",
            "params: {lr: {type: int, low: 1, high: 2}}\nenqueue: [{epochs: 3}]": "not in 'params'",
            "params: [1]": "'params' must be a mapping",
            "- 1": "expected a mapping",
        }
        for text, message in cases.items():
            with self.assertRaises(SpaceError) as raised:
                SearchSpace(self.write(text))
            self.assertIn(message, str(raised.exception), text)

    def test_wrong_command(self):
        with self.assertRaises(SpaceError):
            SearchSpace(SPACES / "gnn.yaml", command="cosmo")

    def test_option_arguments(self):
        self.assertEqual(option_arguments({"hidden": "32,32", "lr": 0.01, "amsgrad": True, "early-stop": False, "epochs": 5}),
                         ["--hidden", "32,32", "--lr", "0.01", "--amsgrad", "--epochs", "5"])

    def test_suggest_takes_enqueued_values(self):
        space = SearchSpace(SPACES / "ci-cosmo.yaml")
        study = optuna.create_study()
        study.enqueue_trial(space.enqueue[2])
        trial = study.ask()
        self.assertEqual(space.suggest(trial), {"hidden": "16", "lr": 1e-5})


class StreamTests(unittest.TestCase):
    def test_reads_complete_lines_only(self):
        path = pathlib.Path(tempfile.mkdtemp()) / "m.jsonl"
        reader = StreamReader(path)
        self.assertEqual(reader.lines(), [])
        path.write_text('{"fold": 0, "epoch": 0, "val_chi2_per_n": 2.5}\n{"fold": 0, "ep')
        self.assertEqual(reader.lines(), [{"fold": 0, "epoch": 0, "val_chi2_per_n": 2.5}])
        with open(path, "a") as handle:
            handle.write('och": 1, "val_chi2_per_n": 2.0}\n')
        lines = reader.lines()
        self.assertEqual(lines, [{"fold": 0, "epoch": 1, "val_chi2_per_n": 2.0}])
        self.assertEqual(TOOLS["cosmo"].intermediate_point(lines[0]).value, 2.0)

    def test_final_value_from_stream_or_report(self):
        folder = pathlib.Path(tempfile.mkdtemp())
        self.assertEqual(TOOLS["gnn"].final_value({"final": True, "best_validation_loss": 0.5}, folder), 0.5)
        (folder / "report.json").write_text(json.dumps({"cv_chi2_per_n": 0.45}))
        self.assertEqual(TOOLS["cosmo"].final_value(None, folder), 0.45)


class SeedTests(unittest.TestCase):
    def test_trial_seeds_are_fixed_and_distinct(self):
        self.assertEqual(trial_seed(1, 0), trial_seed(1, 0))
        self.assertEqual(len({trial_seed(1, n) for n in range(1000)}), 1000)
        self.assertNotEqual(trial_seed(1, 0), trial_seed(2, 0))


if __name__ == "__main__":
    unittest.main()
