"""CSV reading: every variant of issue 7 item 1, checked against values written by hand."""

import gzip
import os

import numpy as np
import pandas as pd
import pytest

from tsdyn.errors import InputError
from tsdyn.io import read_csv, read_series
from tsdyn.io.csv import UnsortedTimeWarning


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


WIDE = "time,x,y\n0.0,1.5,10\n0.5,2.5,20\n1.0,-3.25,30\n"


def assert_wide(da, time=(0.0, 0.5, 1.0)):
    assert da.dims == ("time", "variable")
    assert list(da["variable"].values) == ["x", "y"]
    np.testing.assert_array_equal(da["time"].values, time)
    np.testing.assert_array_equal(da.sel(variable="x").values, [1.5, 2.5, -3.25])
    np.testing.assert_array_equal(da.sel(variable="y").values, [10.0, 20.0, 30.0])


@pytest.mark.parametrize(
    ("text", "delimiter", "decimal"),
    [
        (WIDE, ",", "."),
        (WIDE.replace(",", ";"), ";", "."),
        (WIDE.replace(",", "\t"), "\t", "."),
        (WIDE.replace(",", ";").replace(".", ","), ";", ","),
        (WIDE.replace(",", "\t").replace(".", ","), "\t", ","),
        (WIDE.replace(",", "|"), "|", "."),
    ],
    ids=["comma", "semicolon", "tab", "semicolon-decimal-comma", "tab-decimal-comma", "pipe"],
)
def test_delimiter_and_decimal_sniffed(tmp_path, text, delimiter, decimal):
    da = read_csv(write(tmp_path, "a.csv", text))
    assert_wide(da)
    assert (da.attrs["delimiter"], da.attrs["decimal"]) == (delimiter, decimal)


def test_given_delimiter_and_decimal_override_sniffing(tmp_path):
    path = write(tmp_path, "a.csv", "level\n1,5\n2,5\n")  # sniffing alone would see two columns
    da = read_csv(path, delimiter=";", decimal=",")
    np.testing.assert_array_equal(da.sel(variable="level").values, [1.5, 2.5])


def test_windows_line_ends_and_trailing_delimiters(tmp_path):
    text = WIDE.replace("\n", ",\r\n")  # every line ends in a delimiter, as some exports write
    assert_wide(read_csv(write(tmp_path, "a.csv", text)))
    no_header = "0.0,1.5,10,\n0.5,2.5,20,\n1.0,-3.25,30,\n"
    assert read_csv(write(tmp_path, "b.csv", no_header)).sizes["variable"] == 3


def test_leading_comment_lines_skipped(tmp_path):
    path = write(tmp_path, "a.csv", "# station A\n# units: m\n" + WIDE)
    assert_wide(read_csv(path))
    bad = write(tmp_path, "b.csv", "# note\ntime,x\n0,1\n1,zz\n")
    with pytest.raises(InputError, match="non-numeric value 'zz' at line 4"):
        read_csv(bad)


def test_no_header_detected(tmp_path):
    da = read_csv(write(tmp_path, "a.csv", "1.5,10\n2.5,20\n-3.25,30\n"))
    assert da.attrs["header"] == 0
    assert list(da["variable"].values) == ["column1", "column2"]
    np.testing.assert_array_equal(da["time"].values, [0, 1, 2])  # row number
    np.testing.assert_array_equal(da.sel(variable="column1").values, [1.5, 2.5, -3.25])


def test_header_forced(tmp_path):
    da = read_csv(write(tmp_path, "a.csv", "1,2\n3,4\n5,6\n"), header=True)
    assert list(da["variable"].values) == ["1", "2"]
    assert da.sizes["time"] == 2


@pytest.mark.parametrize("name", ["t", "Time", "DATE", "year"])
def test_time_column_by_name(tmp_path, name):
    text = f"x,{name},y\n1.5,0.0,10\n2.5,0.5,20\n-3.25,1.0,30\n"
    assert_wide(read_csv(write(tmp_path, "a.csv", text)))


def test_time_column_given_by_name_or_position(tmp_path):
    path = write(tmp_path, "a.csv", "x,clock,y\n1.5,0.0,10\n2.5,0.5,20\n-3.25,1.0,30\n")
    assert_wide(read_csv(path, time="clock"))
    assert_wide(read_csv(path, time=1))
    da = read_csv(path)  # no time-like name: every column is a series
    assert list(da["variable"].values) == ["x", "clock", "y"]
    with pytest.raises(InputError, match=r"has no time column 'tick'; its columns: x, clock, y"):
        read_csv(path, time="tick")
    with pytest.raises(InputError, match="time column index 5 is out of range: .* has 3 columns"):
        read_csv(path, time=5)


def test_time_false_uses_row_number(tmp_path):
    da = read_csv(write(tmp_path, "a.csv", WIDE), time=False)
    assert list(da["variable"].values) == ["time", "x", "y"]


def test_datetime_column_detected_without_telling_name(tmp_path):
    text = "when,level\n2020-01-01,1.0\n2020-01-02,2.0\n2020-01-04,4.0\n"
    da = read_csv(write(tmp_path, "a.csv", text))
    assert da["time"].dtype.kind == "M"
    assert da.attrs["time_column"] == "when"
    expected = pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-04"]).to_numpy()
    np.testing.assert_array_equal(da["time"].values, expected)


def test_datetime_with_time_zone_becomes_utc(tmp_path):
    text = "timestamp,v\n2020-01-01T01:00:00+01:00,1\n2020-01-01T02:00:00+01:00,2\n"
    da = read_csv(write(tmp_path, "a.csv", text))
    np.testing.assert_array_equal(
        da["time"].values, np.array(["2020-01-01T00:00", "2020-01-01T01:00"], dtype="datetime64[ns]")
    )


def test_unsorted_rows_sorted_with_warning(tmp_path):
    text = "time,x,y\n1.0,-3.25,30\n0.0,1.5,10\n0.5,2.5,20\n"
    with pytest.warns(UnsortedTimeWarning, match="not in time order; sorted them by 'time'"):
        da = read_csv(write(tmp_path, "a.csv", text))
    assert_wide(da)


def test_duplicated_time_is_an_error(tmp_path):
    text = "time,x\n0,1\n1,2\n2,3\n1,4\n"
    with pytest.raises(InputError, match=r"duplicated time 1 at lines 3 and 5"):
        read_csv(write(tmp_path, "a.csv", text))


def test_several_series_and_text_columns_skipped(tmp_path):
    text = "time,site,x,y\n0,A,1,2\n1,A,3,4\n"
    da = read_csv(write(tmp_path, "a.csv", text), layout="wide")
    assert list(da["variable"].values) == ["x", "y"]


def test_columns_selects_series(tmp_path):
    da = read_csv(write(tmp_path, "a.csv", WIDE), columns=["y"])
    assert list(da["variable"].values) == ["y"]
    with pytest.raises(InputError, match="has no data column 'z'"):
        read_csv(write(tmp_path, "a.csv", WIDE), columns=["z"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_and_without_bom_and_utf16(tmp_path, encoding):
    text = "time,µ,y\n0.0,1.5,10\n0.5,2.5,20\n1.0,-3.25,30\n"
    da = read_csv(write(tmp_path, "a.csv", text, encoding=encoding))
    assert list(da["variable"].values) == ["µ", "y"]
    assert da.attrs["time_column"] == "time"  # a BOM must not glue itself to the first name


def test_gzip_detected_by_content(tmp_path):
    path = write(tmp_path, "a.csv.gz", gzip.compress(WIDE.encode()))
    assert_wide(read_csv(path))
    plain_name = write(tmp_path, "b.csv", gzip.compress(WIDE.encode()))
    assert read_csv(plain_name).attrs["compression"] == "gzip"


def test_zstd(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    path = write(tmp_path, "a.csv.zst", zstandard.ZstdCompressor().compress(WIDE.encode()))
    da = read_csv(path)
    assert_wide(da)
    assert da.attrs["compression"] == "zstd"


MISSING = "time,x\n0,1.0\n1,\n2,NA\n3,4.0\n4,nan\n"


def test_missing_raise_names_first_gap(tmp_path):
    with pytest.raises(InputError, match=r"column 'x' has 3 missing value\(s\), the first at line 3"):
        read_csv(write(tmp_path, "a.csv", MISSING))


def test_missing_interpolate_drop_keep(tmp_path):
    path = write(tmp_path, "a.csv", MISSING)
    da = read_csv(path, nan_policy="interpolate")  # linear in time; the trailing gap is cut
    np.testing.assert_array_equal(da["time"].values, [0, 1, 2, 3])
    np.testing.assert_allclose(da.sel(variable="x").values, [1.0, 2.0, 3.0, 4.0])
    da = read_csv(path, nan_policy="omit")
    np.testing.assert_array_equal(da["time"].values, [0, 3])
    da = read_csv(path, nan_policy="propagate")
    assert int(np.isnan(da.values).sum()) == 3


def test_interpolation_uses_time_not_rows(tmp_path):
    da = read_csv(write(tmp_path, "a.csv", "t,x\n0,0\n1,\n4,8\n"), nan_policy="interpolate")
    np.testing.assert_allclose(da.values[:, 0], [0.0, 2.0, 8.0])


def test_long_layout(tmp_path):
    text = "station,date,value\nA,2020-01-01,1\nB,2020-01-01,10\nA,2020-01-02,2\nB,2020-01-02,20\n"
    da = read_csv(write(tmp_path, "a.csv", text))
    assert da.attrs["layout"] == "long"
    assert list(da["variable"].values) == ["A", "B"]
    np.testing.assert_array_equal(da.values, [[1.0, 10.0], [2.0, 20.0]])


def test_long_layout_different_times(tmp_path):
    text = "id,time,value\na,0,1\na,1,2\nb,1,5\nb,2,6\n"
    path = write(tmp_path, "a.csv", text)
    with pytest.raises(InputError, match=r"id 'a' has no row at time 2"):
        read_csv(path)
    da = read_csv(path, nan_policy="propagate")
    np.testing.assert_array_equal(da["time"].values, [0, 1, 2])
    assert np.isnan(da.values[2, 0]) and np.isnan(da.values[0, 1])
    a, b = read_series(path)
    np.testing.assert_array_equal(b["time"].values, [1, 2])


def test_long_layout_duplicate_and_unsorted_per_id(tmp_path):
    path = write(tmp_path, "a.csv", "id,time,value\na,1,1\nb,0,5\na,0,2\n")
    with pytest.warns(UnsortedTimeWarning):
        da = read_csv(path, nan_policy="propagate")
    np.testing.assert_array_equal(da.sel(variable="a").values, [2.0, 1.0])
    path = write(tmp_path, "b.csv", "id,time,value\na,1,1\nb,1,5\na,1,2\n")
    with pytest.raises(InputError, match=r"duplicated time 1 for id 'a' at lines 2 and 4"):
        read_csv(path)


def test_long_layout_forced_needs_an_id(tmp_path):
    with pytest.raises(InputError, match="layout='long' needs an id column"):
        read_csv(write(tmp_path, "a.csv", WIDE), layout="long")


def test_large_file_read_in_chunks_and_selected_columns(tmp_path):
    rng = np.random.default_rng(0)
    values = rng.normal(size=(2500, 3))
    frame = pd.DataFrame(values, columns=["a", "b", "c"])
    frame.insert(0, "t", np.arange(2500) * 0.1)
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    da = read_csv(path, columns=["a", "c"], chunk_rows=300)
    np.testing.assert_allclose(da.values, values[:, [0, 2]], rtol=1e-12)  # 17-digit text: within ulps
    np.testing.assert_allclose(da["time"].values, frame["t"].to_numpy(), rtol=1e-12)


# ---- bad files: each gives an InputError that names the problem ----------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"is empty \(no data rows\)"),
        ("\n\n  \n", r"is empty \(no data rows\)"),
        ("time,x\n", r"has a header \(time, x\) but no data rows"),
        ("time,x,y\n0,1,2\n1,2,3\n2,3,4,5\n", r"ragged rows: line 4 has 4 fields but the header has 3"),
        ("time,x\n0,1\n1,abc\n2,3\n", r"column 'x' has a non-numeric value 'abc' at line 3"),
        ("name,city\nann,paris\nbob,rome\n", r"has no numeric column \(columns besides time: name, city\)"),
        ("time,x\n0,\n1,nan\n", r"column 'x' is all missing \(NaN\)"),
        ("time,x\n0,1\n,2\n", r"time column 'time' is missing a value at line 3"),
        ("time,x\n0,1\n1,inf\n", r"column 'x' has an infinite value at line 3"),
        ("t,x,x\n0,1,2\n", r"two columns named 'x'"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "ragged",
        "non-numeric",
        "text-only",
        "all-nan",
        "time-gap",
        "inf",
        "dup-names",
    ],
)
def test_bad_files(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_csv(write(tmp_path, "bad.csv", text))


def test_ragged_beyond_the_sniffed_sample(tmp_path):
    rows = "".join(f"{i},{i}\n" for i in range(20000)) + "1,2,3\n"
    with pytest.raises(InputError, match=r"ragged rows: line 20002 has 3 fields"):
        read_csv(write(tmp_path, "a.csv", "t,x\n" + rows))


def test_bad_encoding(tmp_path):
    path = write(tmp_path, "a.csv", "time,température\n0,1\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"cannot be decoded as utf-8: byte 0xe9 at byte offset 9"):
        read_csv(path)
    assert list(read_csv(path, encoding="latin-1")["variable"].values) == ["température"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "a.csv", WIDE)
    path.chmod(0)
    with pytest.raises(InputError, match="cannot be read: permission denied"):
        read_csv(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a folder, not a CSV file"):
        read_csv(tmp_path)


def test_bad_parameters(tmp_path):
    path = write(tmp_path, "a.csv", WIDE)
    with pytest.raises(
        InputError, match="nan_policy must be one of 'raise', 'interpolate', 'omit', 'propagate'"
    ):
        read_csv(path, nan_policy="fill")
    for old_name in ("drop", "keep"):  # the values of the former missing= option
        with pytest.raises(InputError, match="nan_policy must be one of"):
            read_csv(path, nan_policy=old_name)
    with pytest.raises(InputError, match="layout must be one of"):
        read_csv(path, layout="tall")


def test_read_series_yields_per_series_errors(tmp_path):
    path = write(tmp_path, "a.csv", "time,x,y\n0,1,\n1,2,\n")
    x, y = read_series(path)
    assert x.name == "x" and x.dims == ("time",)
    assert isinstance(y, InputError) and "all missing" in str(y) and y.series == "y"
