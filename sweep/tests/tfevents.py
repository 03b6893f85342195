"""Reads TensorBoard event files field by field, independently of the writers under test: the
TFRecord framing (both CRCs checked) and protobuf's wire format, as Tests/RunsTests' TFRecordReader
does for the Swift side."""
import struct


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def masked(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def records(blob):
    out, at = [], 0
    while at < len(blob):
        length_bytes = blob[at:at + 8]
        (length,) = struct.unpack("<Q", length_bytes)
        (length_crc,) = struct.unpack("<I", blob[at + 8:at + 12])
        assert length_crc == masked(length_bytes), "length CRC"
        data = blob[at + 12:at + 12 + length]
        (data_crc,) = struct.unpack("<I", blob[at + 12 + length:at + 16 + length])
        assert data_crc == masked(data), "data CRC"
        out.append(data)
        at += 16 + length
    return out


def _varint(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def fields(data):
    """field number → list of values: ints (varint), bytes (length-delimited), floats (fixed)."""
    out, at = {}, 0
    while at < len(data):
        key, at = _varint(data, at)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 1:
            (value,) = struct.unpack("<d", data[at:at + 8])
            at += 8
        elif wire == 5:
            (value,) = struct.unpack("<f", data[at:at + 4])
            at += 4
        elif wire == 2:
            length, at = _varint(data, at)
            value = data[at:at + length]
            at += length
        else:
            raise ValueError(f"wire type {wire}")
        out.setdefault(field, []).append(value)
    return out


def summary_values(path):
    """(tag, step, Summary.Value fields) of every summary value in an event file, and the file
    version of its first event."""
    with open(path, "rb") as handle:
        events = [fields(r) for r in records(handle.read())]
    version = events[0][3][0].decode()
    values = []
    for event in events[1:]:
        for raw in fields(event[5][0]).get(1, []):
            value = fields(raw)
            values.append((value[1][0].decode(), event.get(2, [0])[0], value))
    return version, values


def hparams_plugin_data(value):
    """HParamsPluginData of a Summary.Value: metadata (9) → plugin_data (1) → content (2)."""
    plugin = fields(fields(value[9][0])[1][0])
    assert plugin[1][0] == b"hparams", plugin
    return fields(plugin[2][0])
