"""Ends a trial's TensorBoard HParams session when the command could not.

`cosmo fit` and `gnn train` open their run's HParams session when they start and end it, with
STATUS_SUCCESS and their final metrics, when they finish (Sources/Runs/TensorBoard/
HParamsLogger.swift). A pruned trial is stopped by SIGTERM and a failed one dies before that, so
their sessions were never ended and TensorBoard's HParams tab showed them as STATUS_UNKNOWN. The
driver, which knows how the trial ended, ends them: one small event file beside the command's,
holding the session's last metrics and `_hparams_/session_end_info`.

TensorBoard's statuses are UNKNOWN, SUCCESS, FAILURE and RUNNING (api.proto). A pruned trial is
STATUS_FAILURE with the metric `hparams/pruned` = 1; a failed one (crash, error, worker stopped) is
STATUS_FAILURE with `hparams/pruned` = 0. Not SUCCESS, because in TensorBoard SUCCESS says "the
session completed": a pruned run has no objective (its folds were not all trained), so as SUCCESS
it would sit among the finished runs with an empty objective column, and a "Success only" filter
would no longer show just the runs whose objective can be compared. FAILURE with `pruned` says
what happened: the run did not complete, and the metric tells a pruned run from a broken one.

TensorBoard keeps the first `_hparams_/session_end_info` it reads in a run folder, so a pruned run
resumed by hand (`--resume`) stays FAILURE/pruned there, with its final metrics added beside.

The records are the same hand-encoded protobufs in TFRecord framing as the Swift writer's
(TensorBoardWriter.swift), so that the driver needs neither TensorFlow nor TensorBoard.
"""
import math
import os
import socket
import struct
import time

UNKNOWN, SUCCESS, FAILURE, RUNNING = 0, 1, 2, 3  # tensorboard/plugins/hparams/api.proto Status

SESSION_END_TAG = "_hparams_/session_end_info"


def write(folder, status, metrics, step=0, wall_time=None):
    """Writes `metrics` (name → number, as `hparams/NAME` scalars at `step`) and the session's end
    with `status` into a new event file in `folder` (the run's TensorBoard folder); returns its
    path. The file appears whole (temporary file, fsync, rename)."""
    now = time.time() if wall_time is None else wall_time
    records = [_event(now, 0, _string(3, b"brain.Event:2"))]
    for name in sorted(metrics):
        if not math.isfinite(metrics[name]):
            continue  # as the Swift logger: a scalar TensorBoard would draw as NaN says nothing
        records.append(_event(now, step, _summary(f"hparams/{name}", _float(2, metrics[name]))))
    end = _message(4, _varint_field(1, status) + _double(2, now))  # HParamsPluginData.session_end_info
    plugin = _message(1, _string(1, b"hparams") + _string(2, end))  # SummaryMetadata.plugin_data
    records.append(_event(now, 0, _summary(SESSION_END_TAG, _message(9, plugin))))
    data = b"".join(_tfrecord(r) for r in records)
    path = os.path.join(folder, file_name(int(now), socket.gethostname(), os.listdir(folder)))
    temporary = os.path.join(folder, ".gravitas-sweep-session-end.tmp")  # no "tfevents": never read half-written
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return path


def file_name(seconds, host, existing):
    """`events.out.tfevents.<seconds>.<host>.gravitas-sweep`, named after the command's event
    files and sorting after every one already in the folder, as TensorBoard reads a folder's files
    in name order and keeps the first session end it meets: where the clock's second does not
    sort last, the latest file's second or the one after; where neither can (a name from another
    clock or tool), the latest name lengthened. The Swift writer follows the same rule
    (TensorBoardWriter.fileName), so a run resumed later sorts after this file."""
    prefix = "events.out.tfevents."

    def name(s):
        return f"{prefix}{s}.{host}.gravitas-sweep"

    latest = max((n for n in existing if n.startswith(prefix)), default=None)
    if latest is None or name(seconds) > latest:
        return name(seconds)
    field = latest[len(prefix):].split(".")[0]
    if field.isascii() and field.isdigit():
        for s in (int(field), int(field) + 1):
            if name(s) > latest:
                return name(s)
    return f"{latest}.{host}.gravitas-sweep"


def _event(wall_time, step, body):
    """An `Event`: wall_time (1), step (2), then `body` (file_version 3 or summary 5)."""
    return _double(1, wall_time) + (_varint_field(2, step) if step else b"") + body


def _summary(tag, value_fields):
    """`Event.summary` (5) holding one `Summary.Value` (1): its tag (1) and `value_fields`."""
    return _message(5, _message(1, _string(1, tag.encode()) + value_fields))


def _varint(n):
    out = bytearray()
    n &= (1 << 64) - 1  # negative int64s as protobuf writes them (ten bytes)
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field, wire):
    return _varint(field << 3 | wire)


def _varint_field(field, n):
    return _key(field, 0) + _varint(n)


def _double(field, x):
    return _key(field, 1) + struct.pack("<d", x)


def _float(field, x):
    return _key(field, 5) + struct.pack("<f", x)


def _string(field, data):
    return _key(field, 2) + _varint(len(data)) + data


_message = _string


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC32C = _crc32c_table()


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC32C[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _tfrecord(data):
    length = struct.pack("<Q", len(data))
    return length + struct.pack("<I", masked_crc32c(length)) + data + struct.pack("<I", masked_crc32c(data))
