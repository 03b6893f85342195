"""One trial: the release command as a child process, followed through its --metrics-jsonl stream."""
import ctypes
import hashlib
import json
import os
import pathlib
import shlex
import signal
import socket
import subprocess
import sys
import time

from optuna.trial import TrialState

from . import session_end
from .space import option_arguments
from .tools import Progress

POLL_SECONDS = 0.1


def trial_seed(study_seed, number):
    """The seed of trial `number`: a fixed function of the study seed and the trial number."""
    digest = hashlib.sha256(f"gravitas-sweep:{study_seed}:{number}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def worker_id():
    return f"{socket.gethostname()}:{os.getpid()}"


def _die_with_parent():
    """In the child, before exec: SIGTERM it if the worker dies (Linux), so that a killed
    worker's trial stops at the end of an epoch with a resumable run rather than running on."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class StreamReader:
    """Complete lines of a file another process is appending to."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.partial = b""

    def lines(self):
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.offset)
                data = handle.read()
        except FileNotFoundError:
            return []
        self.offset += len(data)
        *complete, self.partial = (self.partial + data).split(b"\n")
        parsed = []
        for raw in complete:
            try:
                parsed.append(json.loads(raw))
            except ValueError:
                continue  # not a stream line (never written by the commands)
        return parsed


class TrialRunner:
    """Runs trials of one tool for one study; `stop_requested` is set by the worker's signal handler."""

    def __init__(self, study, storage, tool, space, settings):
        self.study = study
        self.storage = storage
        self.tool = tool
        self.space = space
        self.settings = settings
        self.stop_requested = False

    def command(self, number, values):
        """The trial's argv, its run folder and its seed."""
        options = dict(self.space.fixed)
        options.update(values)
        seed = options.get("seed")
        if seed is None:
            seed = trial_seed(self.settings.seed, number)
            options["seed"] = seed
        run_dir = self.settings.out / "runs" / f"trial-{number:04d}"
        stream = self.settings.out / "trials" / f"trial-{number:04d}.jsonl"
        binary = str(self.settings.bin / self.tool.binary)
        argv = [binary, *self.tool.subcommand, *option_arguments(options), "--out", str(run_dir),
                "--plots", str(run_dir / "plots"), "--metrics-jsonl", str(stream), "--quiet"]
        return argv, run_dir, stream, seed

    def run(self, trial):
        """Runs `trial` (already asked) to its end and tells the study how it ended."""
        values = self.space.suggest(trial)
        argv, run_dir, stream, seed = self.command(trial.number, values)
        log = stream.with_suffix(".log")
        for key, value in [("run_dir", str(run_dir)), ("command", shlex.join(argv)), ("seed", seed),
                           ("log", str(log)), ("worker", worker_id())]:
            trial.set_user_attr(key, value)
        stream.parent.mkdir(parents=True, exist_ok=True)
        if run_dir.exists():
            return self._finish(trial, run_dir, TrialState.FAIL, None, f"{run_dir} already exists: give each study its own --out",
                                child_ran=False)
        print(f"trial {trial.number}: {shlex.join(argv)}", flush=True)
        trial.set_user_attr("reproduce", shlex.join(reproducing_command(argv, run_dir)))
        started = time.monotonic()
        reader = StreamReader(stream)
        progress = Progress(self.tool)
        final = None
        pruned = interrupted = False
        last = None  # the last Point reported
        with open(log, "wb") as output:
            child = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
            while True:
                exited = child.poll() is not None
                for line in reader.lines():
                    if line.get("final"):
                        final = line
                        continue
                    for point in progress.points(line):
                        if pruned or interrupted:
                            break
                        if not (point.fold_end or point.epoch % self.settings.report_every == 0):
                            continue
                        if last is not None and point.step <= last.step:
                            continue
                        last = point
                        trial.report(point.value, point.step)
                        if trial.should_prune():
                            pruned = True
                            print(f"trial {trial.number}: pruned at {self.tool.where(point)} "
                                  f"({self.tool.intermediate} {point.value:.6g})", flush=True)
                            child.send_signal(signal.SIGTERM)
                if self.stop_requested and not (interrupted or pruned or exited):
                    interrupted = True
                    child.send_signal(signal.SIGTERM)
                if exited:
                    break
                time.sleep(POLL_SECONDS)
        seconds = time.monotonic() - started
        trial.set_user_attr("seconds", round(seconds, 3))
        if pruned and child.returncode == 0 and self.tool.final_value(final, run_dir) is not None:
            # The run ended before the SIGTERM took effect (a short run, or a driver slow to read
            # its stream): it is complete, and its own HParams session says STATUS_SUCCESS, which
            # TensorBoard would keep over anything the driver wrote after it. Its objective is
            # known, so the study gets it rather than a pruned trial's last intermediate value.
            trial.set_user_attr("note", f"the pruner would have stopped it at {self.tool.where(last)}, "
                                        "but it had finished")
            print(f"trial {trial.number}: it finished before the SIGTERM took effect: complete", flush=True)
            pruned = False
        if pruned:
            return self._finish(trial, run_dir, TrialState.PRUNED, last.value,
                                f"stopped with SIGTERM at {self.tool.where(last)}; the run resumes with --resume",
                                last=last)
        if interrupted:
            return self._finish(trial, run_dir, TrialState.FAIL, None, "the worker was stopped (SIGTERM/SIGINT) during the trial",
                                last=last)
        value = self.tool.final_value(final, run_dir) if child.returncode == 0 else None
        if value is None:
            tail = _tail(log)
            return self._finish(trial, run_dir, TrialState.FAIL, None,
                                f"exit status {child.returncode}; the end of {log}:\n{tail}", last=last)
        return self._finish(trial, run_dir, TrialState.COMPLETE, value, None)

    def _finish(self, trial, run_dir, state, value, note, last=None, child_ran=True):
        if note:
            trial.set_user_attr("note", note)
            print(f"trial {trial.number}: {state.name.lower()}: {note}", flush=True)
        else:
            print(f"trial {trial.number}: {self.tool.objective} = {value:.6g}", flush=True)
        # A pruned trial's value is the last it reported to the pruner, not the objective.
        recorded = {"value": value} if state == TrialState.COMPLETE else {"last_reported": value}
        if state == TrialState.COMPLETE:
            self.study.tell(trial, value)
        else:
            self.study.tell(trial, state=state)
        # The run folder says what the sweep made of it (a pruned run stays, resumable).
        if child_ran and run_dir.is_dir():
            if state == TrialState.PRUNED and last is not None:
                if last.fold_end:
                    recorded["pruned_at"] = {"step": last.step, "after_fold": last.series}
                else:
                    recorded["pruned_at"] = {"step": last.step, "epoch": last.epoch,
                                             **({} if last.series is None else {"fold": last.series})}
            marker = {"study": self.study.study_name, "trial": trial.number, "state": state.name.lower(),
                      "params": trial.params, "note": note, **recorded}
            _write_json_atomically(run_dir / "sweep-trial.json", marker)
            if state != TrialState.COMPLETE:
                self._end_session(run_dir, state, last)
        return state

    def _end_session(self, run_dir, state, last):
        """Ends the run's TensorBoard HParams session, which the command leaves open when it is
        stopped or fails (a finished run ends its own as STATUS_SUCCESS): session_end.py says why
        a pruned trial is STATUS_FAILURE with a `pruned` metric."""
        folder = run_dir / "tensorboard"
        if not folder.is_dir():
            return  # the command stopped before it opened its session: there is none to end
        metrics = {"pruned": 1.0 if state == TrialState.PRUNED else 0.0}
        if last is not None:
            metrics[f"last_reported_{self.tool.intermediate}"] = last.value
            metrics["last_reported_step"] = float(last.step)
        try:
            session_end.write(folder, status=session_end.FAILURE, metrics=metrics,
                              step=last.step if last is not None else 0)
        except OSError as error:  # the study's record is what matters; say so and carry on
            print(f"gravitas-sweep: {folder}: cannot end the TensorBoard session: {error}", file=sys.stderr, flush=True)


def reproducing_command(argv, run_dir):
    """The trial's command for a new folder beside its run: same options and seed, so the same
    checkpoints and report (its wall time is in timing.json); no stream, no --quiet."""
    rerun = run_dir.with_name(run_dir.name + "-rerun")
    command, skip = [], 0
    for word in argv:
        if skip:
            skip -= 1
            continue
        if word in ("--out", "--plots", "--metrics-jsonl"):
            skip = 1
            continue
        if word != "--quiet":
            command.append(word)
    return command + ["--out", str(rerun), "--plots", str(rerun / "plots")]


def fail_orphaned_trials(study, storage):
    """Marks FAIL the RUNNING trials whose worker ran on this host and is gone (killed): the
    study stays readable and a restarted worker carries on. Returns their numbers."""
    host = socket.gethostname()
    failed = []
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        worker = str(trial.user_attrs.get("worker", ""))
        worker_host, _, pid = worker.rpartition(":")
        if worker_host != host or not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            storage.set_trial_user_attr(trial._trial_id, "note", f"its worker {worker} died during the trial")
        except Exception:  # noqa: BLE001 -- the note is a courtesy; the state is what matters
            pass
        study.tell(trial.number, state=TrialState.FAIL, skip_if_finished=True)
        # Its command stopped at an epoch's end (SIGTERM from the kernel) and left its session open.
        folder = pathlib.Path(str(trial.user_attrs.get("run_dir", ""))) / "tensorboard"
        if trial.user_attrs.get("run_dir") and folder.is_dir():
            try:
                session_end.write(folder, status=session_end.FAILURE, metrics={"pruned": 0.0})
            except OSError:
                pass  # the study's record is what matters
        failed.append(trial.number)
    return failed


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tail(path, lines=12):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def _write_json_atomically(path, document):
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
