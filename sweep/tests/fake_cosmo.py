"""A stand-in for `cosmo fit` in the driver's tests: folds of a fixed learning curve streamed on
--metrics-jsonl, SIGTERM obeyed at an epoch's end, an HParams session opened (and ended with
STATUS_SUCCESS when it finishes) as the real command does. The learning rate picks the behaviour:
0.01 learns in both folds; 0.02 learns in fold 0 only (as good as 0.01 there, hopeless in fold 1);
0.03 crashes in fold 0; 0.04 is 0.02 deaf to SIGTERM (a run that ends before the signal acts)."""
import json
import os
import pathlib
import signal
import sys
import time

from gravitas_sweep import session_end
from gravitas_sweep.session_end import _event, _message, _string, _summary


def option(name, default=None):
    arguments = sys.argv[1:]
    return arguments[arguments.index(name) + 1] if name in arguments else default


stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
lr = float(option("--lr"))
epochs, folds = int(option("--epochs")), int(option("--folds"))
out = pathlib.Path(option("--out"))
board = out / "tensorboard"
board.mkdir(parents=True)
start = _message(3, _message(1, _string(1, b"lr") + _message(2, _string(3, str(lr).encode()))))
session = _summary("_hparams_/session_start_info", _message(9, _message(1, _string(1, b"hparams") + _string(2, start))))
with open(board / f"events.out.tfevents.{int(time.time())}.fake", "wb") as handle:
    handle.write(session_end._tfrecord(_event(time.time(), 0, _string(3, b"brain.Event:2"))))
    handle.write(session_end._tfrecord(_event(time.time(), 0, session)))
best = []
with open(option("--metrics-jsonl"), "a", encoding="utf-8") as stream:
    for fold in range(folds):
        for epoch in range(epochs):
            if lr == 0.03 and epoch == 3:
                sys.exit("fake cosmo: crashed")
            value = 2.0 if lr in (0.02, 0.04) and fold == 1 else 1.0 - 0.01 * epoch
            stream.write(json.dumps({"fold": fold, "member": "mean of 1", "epoch": epoch, "val_chi2_per_n": value}) + "\n")
            stream.flush()
            time.sleep(0.02)
            if stop and lr != 0.04:
                sys.exit(f"interrupted in fold {fold} after epoch {epoch}; run again with --resume to continue")
        best.append(value)
    cv = sum(best) / len(best)
    written = session_end.write(board, session_end.SUCCESS, {"cv_chi2_per_n": cv})  # the command's own end
    os.replace(written, written.replace(".gravitas-sweep", ".fake-end"))
    (out / "report.json").write_text(json.dumps({"cv_chi2_per_n": cv}))
    stream.write(json.dumps({"final": True, "cv_chi2_per_n": cv}) + "\n")
