"""The driver's session-end file sorts after the command's event files in its folder, and a
command resumed later sorts after it (TensorBoardWriter.fileName): TensorBoard reads a folder's
files in name order and keeps the first session end it meets (session_end.py)."""
import os
import tempfile
import unittest

from gravitas_sweep import session_end


class SessionEndFileNameTests(unittest.TestCase):
    def test_sorts_after_the_command_files_of_its_second_and_later(self):
        existing = ["events.out.tfevents.100.h", "plots", "events.out.tfevents.101.h"]
        self.assertEqual(session_end.file_name(100, "h", existing), "events.out.tfevents.101.h.gravitas-sweep")
        self.assertEqual(session_end.file_name(101, "h", existing), "events.out.tfevents.101.h.gravitas-sweep")
        self.assertEqual(session_end.file_name(102, "h", existing), "events.out.tfevents.102.h.gravitas-sweep")
        self.assertEqual(session_end.file_name(7, "h", []), "events.out.tfevents.7.h.gravitas-sweep")

    def test_names_from_elsewhere_are_sorted_after_at_once(self):
        expected = {"events.out.tfevents.9999999999.h": "events.out.tfevents.9999999999.h.gravitas-sweep",
                    "events.out.tfevents.zzz": "events.out.tfevents.zzz.h.gravitas-sweep"}
        for latest, name in expected.items():
            self.assertGreater(name, latest)
            self.assertEqual(session_end.file_name(100, "h", [latest]), name)

    def test_two_ends_in_one_second_are_two_files_in_order(self):
        with tempfile.TemporaryDirectory() as folder:
            first = session_end.write(folder, session_end.FAILURE, {"pruned": 1.0}, wall_time=100.5)
            second = session_end.write(folder, session_end.FAILURE, {"pruned": 0.0}, wall_time=100.5)
            self.assertNotEqual(first, second)
            self.assertLess(os.path.basename(first), os.path.basename(second))
            self.assertEqual(len([n for n in os.listdir(folder) if "tfevents" in n]), 2)


if __name__ == "__main__":
    unittest.main()
