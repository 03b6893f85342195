#!/usr/bin/env python3
"""The orbit tables as other programs read them: runs `orbits sample` (from a UTC start; also
with `--format csv`, whose single header line np.genfromtxt(names=True) reads as it is) and
`orbits parse` (the recorded Ceres reply), then loads each file with astropy's ECSV reader,
pandas and numpy, checks they agree, that the units and time scale are stated, that Ceres has its
own ID, that two identical runs give identical bytes, and that the UTC start became the TDB
astropy computes (to 1 µs in the stated TDB; the float64 jd_tdb column resolves 40 µs).

    python scripts/check-orbit-tables.py [BIN]      # BIN: folder with `orbits` (.build/release)

Needs numpy, pandas and astropy (scripts/ci-notebooks.sh runs it in the notebooks' venv).
"""
import os, subprocess, sys, tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from astropy.table import Table
from astropy.time import Time
from astropy.utils import iers

iers.conf.auto_download = False  # the leap-second table astropy ships is enough; CI is offline
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build" / "release")
START = "2024-01-01T00:00:00"


def orbits(*args):
    done = subprocess.run([str(BIN / "orbits"), *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"orbits {' '.join(map(str, args))} failed: {done.stderr.strip()}")
    return done.stdout


def load_three_ways(path):
    table = Table.read(path, format="ascii.ecsv")
    frame = pd.read_csv(path, comment="#")
    # genfromtxt takes names from the first line with text: skip the ECSV header's '#' lines.
    header_lines = sum(line.startswith("#") for line in open(path, encoding="utf-8"))
    array = np.genfromtxt(path, delimiter=",", names=True, skip_header=header_lines)
    assert table.colnames == list(frame.columns) == list(array.dtype.names), path
    for name in table.colnames:
        a, b, c = np.ma.filled(table[name].astype(float), np.nan), frame[name].to_numpy(float), array[name]
        assert np.array_equal(a, b, equal_nan=True) and np.array_equal(b, c, equal_nan=True), f"{path}: {name}"
    assert str(table["x_km"].unit) == "km" and str(table["vx_km_s"].unit) == "km / s", path
    assert str(table["ax_km_s2"].unit) == "km / s2" and str(table["jd_tdb"].unit) == "d", path
    assert table.meta["time_scale"] == "TDB", path
    return table


with tempfile.TemporaryDirectory() as scratch:
    scratch = Path(scratch)
    runs = []
    for run in ("a", "b"):
        out = scratch / f"sample-{run}.csv"
        printed = orbits("sample", "--kernel", ROOT / "Data/de421_1980_2030.bsp", "--gm", ROOT / "Data/gm.csv",
                         "--start", f"{START} UTC", "--stop", "2024-01-03 UTC", "--step", "6h",
                         "--out", out, "--plots", scratch / f"plots-{run}")
        runs.append(out)
    assert runs[0].read_bytes() == runs[1].read_bytes(), "two identical runs differ"
    sample = load_three_ways(runs[0])

    # --format csv: one header line, so np.genfromtxt(names=True) needs no skip_header, and the
    # same numbers as the ECSV table.
    plain = scratch / "sample-plain.csv"
    orbits("sample", "--kernel", ROOT / "Data/de421_1980_2030.bsp", "--gm", ROOT / "Data/gm.csv",
           "--start", f"{START} UTC", "--stop", "2024-01-03 UTC", "--step", "6h", "--format", "csv",
           "--out", plain, "--plots", scratch / "plots-plain")
    array = np.genfromtxt(plain, delimiter=",", names=True)
    frame = pd.read_csv(plain, comment="#")
    table = Table.read(plain, format="ascii.csv")
    assert list(array.dtype.names) == list(frame.columns) == table.colnames == sample.colnames, "plain CSV columns"
    for name in sample.colnames:
        ecsv = np.ma.filled(sample[name].astype(float), np.nan)
        assert np.array_equal(array[name], ecsv, equal_nan=True), f"plain CSV {name} (numpy)"
        assert np.array_equal(frame[name].to_numpy(float), ecsv, equal_nan=True), f"plain CSV {name} (pandas)"
        assert np.array_equal(np.ma.filled(table[name].astype(float), np.nan), ecsv, equal_nan=True), f"plain CSV {name} (astropy)"
    print(f"sample --format csv: np.genfromtxt(names=True), pandas and astropy's ascii.csv read the same {len(array)} rows")

    tdb = Time(START, scale="utc", precision=9).tdb
    stated = printed.split("bodies, ")[1].split(" TDB")[0]           # 2024-01-01T00:01:09.183881
    stated_error = (Time(stated, scale="tdb") - tdb).sec
    column_error = ((sample["jd_tdb"][0] - tdb.jd1) - tdb.jd2) * 86_400
    assert abs(stated_error) <= 1e-6, f"stated TDB {stated} is {stated_error} s from astropy's {tdb.isot}"
    assert abs(column_error) <= 40e-6, f"jd_tdb[0] is {column_error} s from astropy"
    print(f"sample: {len(sample)} rows read alike by astropy, pandas and numpy; {START} UTC → {stated} TDB "
          f"(astropy {tdb.isot}: {stated_error * 1e6:+.3f} µs; jd_tdb column {column_error * 1e6:+.1f} µs, float64)")

    reply = ROOT / "Tests/OrbitsTests/Fixtures/horizons/vectors_t3_csv_range_api.txt"
    out = scratch / "ceres.csv"
    orbits("parse", reply, "--out", out)
    ceres = load_three_ways(out)
    ids = sorted(set(int(i) for i in ceres["body_id"]))
    assert ids == [20000001] and ceres.meta["bodies"][0]["id"] == 20000001, f"Ceres labelled {ids}"
    print(f"parse: Ceres, {len(ceres)} rows, body_id {ids[0]}")
print("orbit tables: ok")
