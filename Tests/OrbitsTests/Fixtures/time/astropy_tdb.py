# Writes astropy_tdb.csv, the reference for EpochTests: run with astropy 8.0.2, pyerfa 2.0.1.5,
# Python 3.11.7 (pip install astropy numpy into a venv), as: python astropy_tdb.py > astropy_tdb.csv
# (UTC dates from 2030 also print ERFA's "dubious year" warnings on stderr.)
import sys, astropy, erfa
from astropy.time import Time
from astropy.utils import iers
iers.conf.auto_download = False
cases = [("2024-01-01T00:00:00", "utc"), ("2016-12-31T23:59:59.5", "utc"), ("2016-12-31T23:59:60", "utc"),
         ("2016-12-31T23:59:60.5", "utc"), ("2017-01-01T00:00:00", "utc"), ("1999-01-01T00:00:00", "utc"),
         ("1998-12-31T23:59:60", "utc"), ("1972-01-01T00:00:00", "utc"), ("2030-06-15T12:34:56.789", "utc"),
         ("2000-01-01T12:00:00", "tt"), ("2024-01-01T00:00:00", "tt"), ("2024-07-01T00:00:00", "tt"),
         ("1980-01-01T00:00:00", "tt"), ("2024-01-01T00:00:00", "tdb")]
print(f"# astropy {astropy.__version__}, pyerfa {erfa.__version__}, Python {sys.version.split()[0]}")
print("input,scale,tdb_jd1,tdb_jd2,tdb_iso")
for text, scale in cases:
    t = Time(text, scale=scale, format="isot", precision=9).tdb
    print(f"{text},{scale.upper()},{t.jd1!r},{t.jd2!r},{t.isot}")
