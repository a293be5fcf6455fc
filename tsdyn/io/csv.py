"""Reading measured series from CSV files, robustly.

:func:`read_csv` turns a CSV file into a DataArray ``(time, variable)``:
one variable per numeric column (wide layout) or per id (long layout,
``id, time, value``). :func:`read_series` gives the same series one by one,
each with its own missing-value handling, which is what the batch runner uses.

What is detected when not given: the delimiter (comma, semicolon, tab, pipe),
the decimal mark (point or comma), whether the first line is a header, the
time column (by name, or a first column of dates), the layout, and the
compression (gzip or zstd, by magic bytes). UTF-8 with or without a byte-order
mark is read by default; UTF-16 is recognised by its byte-order mark.

Large files are read in chunks of ``chunk_rows`` rows and only the needed
columns are kept, as float64 arrays, so memory stays close to the size of
the numbers themselves.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "lake.csv"
>>> _ = path.write_text("day;level;temp\\n1;2,5;10\\n2;2,75;11\\n3;3,0;12\\n")
>>> da = read_csv(path)
>>> da.dims, list(da["variable"].values), da.attrs["delimiter"], da.attrs["decimal"]
(('time', 'variable'), ['level', 'temp'], ';', ',')
>>> da.sel(variable="level").values
array([2.5 , 2.75, 3.  ])
"""

from __future__ import annotations

import codecs
import csv
import gzip
import os
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn.errors import InputError, check_choice, check_nan_policy

__all__ = [
    "READ_NAN_POLICIES",
    "ReadOptions",
    "SeriesError",
    "UnsortedTimeWarning",
    "read_csv",
    "read_series",
]

# the subset of tsdyn.errors.NAN_POLICIES a reader accepts
READ_NAN_POLICIES = ("raise", "interpolate", "omit", "propagate")
LAYOUTS = ("auto", "wide", "long")
DELIMITERS = (",", ";", "\t", "|")
TIME_NAMES = ("time", "t", "date", "datetime", "timestamp", "year", "month", "day", "age", "depth")
ID_NAMES = ("id", "series", "series_id", "name", "variable", "station", "site", "key", "unit")
VALUE_NAMES = ("value", "values", "val", "y", "x", "obs", "observation")
SAMPLE_BYTES = 1 << 16
SCORE_ROWS = 50

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_NUMBER_COMMA = re.compile(r"^\s*[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?\s*$")
_DATE = re.compile(
    r"^\s*(\d{4}-\d{1,2}(-\d{1,2})?([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}( \d{1,2}:\d{2}(:\d{2})?)?)\s*$"
)
_NA_TOKENS = {"", "na", "nan", "n/a", "null", "none", "#n/a", "-nan", "missing"}


class UnsortedTimeWarning(UserWarning):
    """The rows of a file were not in time order and have been sorted."""


class SeriesError(InputError):
    """One series of a file cannot be used (the others may be fine); ``series`` names it."""

    def __init__(self, message: str, series: str):
        super().__init__(message)
        self.series = series


@dataclass
class _Format:
    """What was detected (or given) about a file's format."""

    compression: str | None
    encoding: str
    delimiter: str
    decimal: str
    header: bool
    columns: list[str] = field(default_factory=list)
    unnamed: set[str] = field(default_factory=set)  # columns without a name in the header
    skip: int = 0  # leading comment lines


def _open_binary(path: Path, compression: str | None):
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "zstd":
        try:
            import zstandard
        except ImportError:
            raise InputError(
                f"{path} is zstd-compressed; reading it needs the zstandard package (pip install zstandard)"
            ) from None
        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
    return open(path, "rb")


def _detect_compression(path: Path) -> str | None:
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    if magic == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return None


def _read_sample(path: Path, compression: str | None) -> bytes:
    with _open_binary(path, compression) as fh:
        return fh.read(SAMPLE_BYTES)


def _decode_sample(path: Path, raw: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding is None:
        encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r} for {path}") from None
    try:
        text = decoder.decode(raw, final=len(raw) < SAMPLE_BYTES)
    except UnicodeDecodeError as err:
        shown = "utf-8" if encoding == "utf-8-sig" else encoding
        raise InputError(
            f"{path} cannot be decoded as {shown}: byte 0x{raw[err.start]:02x} at byte offset {err.start} "
            "is not valid; pass the file's encoding (e.g. encoding='latin-1', --encoding latin-1)"
        ) from None
    return text, encoding


def _is_number(field: str, decimal: str) -> bool:
    return bool((_NUMBER_COMMA if decimal == "," else _NUMBER).match(field))


def _is_data(field: str, decimal: str) -> bool:
    return field.strip().lower() in _NA_TOKENS or _is_number(field, decimal) or bool(_DATE.match(field))


def _split(lines: Sequence[str], delimiter: str) -> list[list[str]]:
    return list(csv.reader(lines, delimiter=delimiter))


def _sniff(path: Path, text: str, delimiter: str | None, decimal: str | None) -> tuple[str, str, list]:
    """Choose delimiter and decimal mark: consistent field counts, then most fields that parse as data."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(text.encode()) >= SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    if not lines:
        raise InputError(f"{path} is empty (no data rows)")
    best: tuple | None = None
    for delim in [delimiter] if delimiter else DELIMITERS:
        rows = _split(lines, delim)
        counts = np.array([len(r) for r in rows])
        mode = int(np.bincount(counts).argmax())
        consistent = float(np.mean(counts == mode))
        # parsing is scored on the first rows only: enough to tell, and cheap on wide samples
        body = [f for r in rows[1:SCORE_ROWS] for f in r] or rows[0]
        for dec in [decimal] if decimal else (".", ","):
            if dec == delim:
                continue
            parsed = np.mean([_is_data(f, dec) for f in body]) if body else 0.0
            score = (mode > 1, consistent >= 0.9, parsed, consistent, mode)
            if best is None or score > best[0]:
                best = (score, delim, dec, rows)
    assert best is not None  # at least one delimiter was scored
    _, delim, dec, rows = best
    return delim, dec, rows


def _check_ragged(path: Path, rows: list[list[str]], header: bool, skip: int) -> None:
    width = len(rows[0])
    for i, r in enumerate(rows[1:], start=2 + skip):
        if len(r) != width:
            what = "the header has" if header else f"line {skip + 1} has"
            raise InputError(f"{path} has ragged rows: line {i} has {len(r)} fields but {what} {width}")


def _detect_format(path, *, delimiter, decimal, header, encoding) -> tuple[_Format, list[list[str]]]:
    compression = _detect_compression(path)
    raw = _read_sample(path, compression)
    if not raw.strip():
        raise InputError(f"{path} is empty (no data rows)")
    text, encoding = _decode_sample(path, raw, encoding)
    # leading comment lines ("# station: ..., units: ...") are metadata, not rows
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and lines[skip].lstrip().startswith("#"):
        skip += 1
    text = "".join(lines[skip:])
    delim, dec, rows = _sniff(path, text, delimiter, decimal)
    if header is None:
        header = not all(_is_data(f, dec) for f in rows[0])
    _check_ragged(path, rows, header, skip)
    if header:
        names = [f.strip() or f"column{i + 1}" for i, f in enumerate(rows[0])]
        if len(rows) == 1:
            raise InputError(f"{path} has a header ({', '.join(names)}) but no data rows")
    else:
        names = [f"column{i + 1}" for i in range(len(rows[0]))]
    unnamed = {n for n, f in zip(names, rows[0], strict=True) if not header or not f.strip()}
    seen = set()
    for name in names:
        if name in seen:
            raise InputError(f"{path} has two columns named {name!r}; column names must be unique")
        seen.add(name)
    return _Format(compression, encoding, delim, dec, bool(header), names, unnamed, skip), rows


def _pick_column(path, names: list[str], want, what: str) -> str:
    if isinstance(want, str) and want not in names and re.fullmatch(r"-?\d+", want):
        want = int(want)  # a position given on the command line
    if isinstance(want, int) and not isinstance(want, bool):
        if not -len(names) <= want < len(names):
            raise InputError(f"{what} column index {want} is out of range: {path} has {len(names)} columns")
        return names[want]
    if want not in names:
        raise InputError(f"{path} has no {what} column {want!r}; its columns: {', '.join(names)}")
    return want


def _by_name(names: list[str], candidates: Sequence[str]) -> str | None:
    lowered = {n.strip().lower(): n for n in names}
    for cand in candidates:
        if cand in lowered:
            return lowered[cand]
    return None


def _choose_time(path, fmt: _Format, rows, time) -> str | None:
    if time is False or time is None and not fmt.columns:
        return None
    if time is not None and time != "auto":
        return _pick_column(path, fmt.columns, time, "time")
    if fmt.header:
        found = _by_name(fmt.columns, TIME_NAMES)
        if found is not None:
            return found
    # a first column of dates is a time axis even without a telling name
    body = [r[0] for r in rows[1 if fmt.header else 0 :] if r and r[0].strip()]
    if body and all(_DATE.match(v) for v in body[:50]):
        return fmt.columns[0]
    return None


def _to_float(values: pd.Series, column: str, first_line: int, path) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna().to_numpy() & values.notna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(
            f"{path}: column {column!r} has a non-numeric value {values.iloc[i]!r} at line {first_line + i}"
        )
    return numbers.to_numpy(dtype=np.float64, na_value=np.nan)


def _is_text_column(values: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(values.dtype):
        return False
    present = values.dropna()
    return len(present) > 0 and pd.to_numeric(present, errors="coerce").isna().all()


def _parse_times(values: pd.Series, column: str, first_line: int, path, fmt_hint: list) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype):
        if values.isna().any():
            i = int(np.argmax(values.isna().to_numpy()))
            raise InputError(f"{path}: time column {column!r} is missing a value at line {first_line + i}")
        return values.to_numpy()
    if values.isna().any():
        i = int(np.argmax(values.isna().to_numpy()))
        raise InputError(f"{path}: time column {column!r} is missing a value at line {first_line + i}")
    text = values.astype(str)
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.notna().any():  # numbers with a stray word: name the word rather than parse dates
        i = int(np.argmax(numbers.isna().to_numpy()))
        raise InputError(
            f"{path}: time column {column!r} has a value {text.iloc[i]!r} at line {first_line + i} "
            "that is not a number"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' format-inference chatter; failures are handled below
        for attempt in fmt_hint or ["ISO8601", "mixed"]:
            try:
                stamps = pd.to_datetime(text, format=attempt, dayfirst=attempt == "mixed")
            except (ValueError, TypeError):
                continue
            if not fmt_hint:
                fmt_hint.append(attempt)
            if getattr(stamps.dt, "tz", None) is not None:
                stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
            return stamps.to_numpy(dtype="datetime64[ns]")
        bad = pd.to_datetime(text, errors="coerce", format="mixed").isna().to_numpy()
    i = int(np.argmax(bad))
    raise InputError(
        f"{path}: time column {column!r} has a value {text.iloc[i]!r} at line {first_line + i} "
        "that is neither a number nor a date"
    )


@dataclass
class _Table:
    """The numbers of one file: time values and one float64 array per column."""

    fmt: _Format
    time_column: str | None
    time: np.ndarray
    columns: dict[str, np.ndarray]
    ids: np.ndarray | None  # long layout: the id of each row
    first_line: int


def _read_table(path, fmt: _Format, time_col, keep: list[str] | None, id_col, chunk_rows) -> _Table:
    usecols = None
    if keep is not None:
        usecols = [c for c in fmt.columns if c in set(keep) | {time_col, id_col} - {None}]
    first_line = fmt.skip + (2 if fmt.header else 1)
    kwargs = dict(
        sep=fmt.delimiter,
        decimal=fmt.decimal,
        # our names: stripped, blanks filled; the header line itself is skipped
        header=0 if fmt.header else None,
        names=fmt.columns,
        index_col=False,
        usecols=usecols,
        encoding=fmt.encoding,
        compression={"method": fmt.compression} if fmt.compression else None,
        skipinitialspace=True,
        skip_blank_lines=True,
        skiprows=fmt.skip,
        chunksize=chunk_rows,
        keep_default_na=True,
        na_values=["missing"],
        low_memory=False,
    )
    times: list = []
    ids: list = []
    cols: dict = {}
    text_cols: set[str] = set()
    hint: list = []
    line = first_line
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        try:
            with pd.read_csv(path, **kwargs) as reader:
                for chunk in reader:
                    if line == first_line:
                        data_cols = [c for c in chunk.columns if c not in (time_col, id_col)]
                        text_cols = {c for c in data_cols if _is_text_column(chunk[c])}
                        # an unnamed column with nothing in it comes from a delimiter at the end of each line
                        text_cols |= {c for c in data_cols if c in fmt.unnamed and chunk[c].isna().all()}
                        cols = {c: [] for c in data_cols if c not in text_cols}
                    if time_col is not None:
                        times.append(_parse_times(chunk[time_col], time_col, line, path, hint))
                    if id_col is not None:
                        ids.append(chunk[id_col].astype(str).to_numpy(dtype=object))
                    for c, parts in cols.items():
                        parts.append(_to_float(chunk[c], c, line, path))
                    line += len(chunk)
        except pd.errors.ParserError as err:
            m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(err))
            if m:
                raise InputError(
                    f"{path} has ragged rows: line {m.group(2)} has {m.group(3)} fields but "
                    f"the lines before have {m.group(1)}"
                ) from None
            raise InputError(f"{path} cannot be parsed as CSV: {err}") from None
        except pd.errors.ParserWarning:
            raise InputError(f"{path} has ragged rows: data rows have more fields than the header") from None
        except UnicodeDecodeError as err:
            raise InputError(
                f"{path} cannot be decoded as {fmt.encoding.removesuffix('-sig')} ({err.reason} at byte "
                f"{err.start} of a block); pass the file's encoding (e.g. --encoding latin-1)"
            ) from None
        except pd.errors.EmptyDataError:
            raise InputError(f"{path} is empty (no data rows)") from None
    n = line - first_line
    if n == 0:
        raise InputError(f"{path} has a header but no data rows")
    if not cols:
        present = ", ".join(c for c in fmt.columns if c != time_col) or "none"
        raise InputError(f"{path} has no numeric column (columns besides time: {present})")
    time = np.concatenate(times) if times else np.arange(n, dtype=np.int64)
    return _Table(
        fmt,
        time_col,
        time,
        {c: np.concatenate(parts) for c, parts in cols.items()},
        np.concatenate(ids) if ids else None,
        first_line,
    )


def _format_time(value) -> str:
    if isinstance(value, np.datetime64):
        return str(np.datetime_as_string(value, unit="auto"))
    return str(value.item() if isinstance(value, np.generic) else value)


def _order(path, time: np.ndarray, lines: np.ndarray, label: str, what: str) -> np.ndarray | None:
    """Indices that sort ``time`` (None if already increasing); duplicated times raise."""
    key = time.astype("datetime64[ns]").astype(np.int64) if time.dtype.kind == "M" else time
    steps = np.diff(key)
    order = None
    if (steps < 0).any():
        order = np.argsort(key, kind="stable")
        key = key[order]
        steps = np.diff(key)
    if (steps == 0).any():
        i = int(np.argmax(steps == 0))
        a, b = (order[i], order[i + 1]) if order is not None else (i, i + 1)
        la, lb = sorted((int(lines[a]), int(lines[b])))
        raise InputError(
            f"{path}: duplicated time {_format_time(time[a])}{label} at lines {la} and {lb}; "
            f"{what} needs one row per time"
        )
    return order


def _apply_missing(path, name: str, time: np.ndarray, values: np.ndarray, policy: str, lines: np.ndarray):
    """Apply the missing-value policy to one series; returns (time, values)."""
    nan = np.isnan(values)
    if np.isinf(values).any():
        i = int(np.argmax(np.isinf(values)))
        raise InputError(f"{path}: column {name!r} has an infinite value at line {lines[i]}")
    if not nan.any() or policy == "propagate":
        if nan.all():
            raise InputError(f"{path}: column {name!r} is all missing (NaN)")
        return time, values
    if nan.all():
        raise InputError(f"{path}: column {name!r} is all missing (NaN)")
    if policy == "raise":
        raise InputError(
            f"{path}: column {name!r} has {int(nan.sum())} missing value(s), the first at line "
            f"{lines[int(np.argmax(nan))]}; choose nan_policy='interpolate' or 'omit' (--nan-policy) to accept gaps"
        )
    keep = ~nan
    if policy == "omit":
        return time[keep], values[keep]
    # interpolate: linear in time inside the series; leading and trailing gaps cannot be filled and are cut
    x = (
        time.astype("datetime64[ns]").astype(np.float64)
        if time.dtype.kind == "M"
        else time.astype(np.float64)
    )
    filled = values.copy()
    filled[nan] = np.interp(x[nan], x[keep], values[keep])
    first, last = int(np.argmax(keep)), len(keep) - int(np.argmax(keep[::-1]))
    return time[first:last], filled[first:last]


def _detect_layout(fmt: _Format, layout: str, id_col, value_col, time_col, path):
    if layout == "wide":
        return None, None
    if id_col is None and fmt.header:
        id_col = _by_name([c for c in fmt.columns if c != time_col], ID_NAMES)
    if id_col is None:
        if layout == "long":
            raise InputError(f"{path}: layout='long' needs an id column (pass id_column=...)")
        return None, None
    id_col = _pick_column(path, fmt.columns, id_col, "id")
    if time_col is None and layout == "auto":
        return None, None
    if time_col is None:
        raise InputError(f"{path}: a long layout (id column {id_col!r}) needs a time column")
    if value_col is None:
        rest = [c for c in fmt.columns if c not in (time_col, id_col)]
        value_col = _by_name(rest, VALUE_NAMES) or (rest[0] if len(rest) == 1 else None)
        if value_col is None:
            if layout == "long":
                raise InputError(
                    f"{path}: cannot tell the value column among {', '.join(rest)}; pass value_column"
                )
            return None, None
    return id_col, _pick_column(path, fmt.columns, value_col, "value")


@dataclass
class _Series:
    name: str
    time: np.ndarray
    values: np.ndarray
    lines: np.ndarray


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """How CSV files are read: the options shared by :func:`read_csv`, :func:`read_series`,
    the batch runner (``read=``) and ``tsdyn analyze``, defined and checked here once.

    Parameters
    ----------
    time : str, int, False or "auto"
        The time column, by name or position. ``"auto"`` takes a column named
        like a time (time, t, date, datetime, timestamp, year, …) or a first
        column of dates; otherwise the row number is the time. ``False``:
        always the row number. Numeric times stay numbers; dates become
        ``datetime64[ns]`` (UTC when the file has time zones). Unsorted rows
        are sorted with an ``UnsortedTimeWarning``; a duplicated time
        raises.
    columns : sequence of str, optional
        Only these data columns (others are not even kept in memory).
        Default: every numeric column; columns of text only are skipped.
    nan_policy : {"raise", "interpolate", "omit", "propagate"}
        Empty cells and NA/NaN/null tokens: raise naming the first one
        (default), interpolate linearly in time (leading and trailing gaps
        are cut), omit (drop) the rows, or propagate them as NaN.
    layout : {"auto", "wide", "long"}
        Wide: one column per series. Long: rows of ``id, time, value``, one
        series per id. ``"auto"`` is long when a column is named like an id
        (id, series, station, site, …) and one value column remains.
    id_column, value_column : str or int, optional
        The columns of a long layout, when their names do not tell.
    delimiter, decimal : str, optional
        Detected when not given: ``,``, ``;``, tab or ``|``; ``.`` or ``,``.
    header : bool, optional
        Whether the first line holds column names; detected when not given
        (a first line with anything that is neither a number nor a date).
        Without a header, columns are named column1, column2, …
    encoding : str, optional
        Default UTF-8 with or without a byte-order mark (UTF-16 if the file
        starts with its byte-order mark).
    chunk_rows : int
        Rows parsed at a time; bounds the memory used beyond the numbers kept.

    See Also
    --------
    read_csv : Reads a file with them.
    read_series : The series of a file one by one.
    analyze_files : Takes them as ``read=``.

    Examples
    --------
    >>> opts = ReadOptions.of({"nan_policy": "omit"}, delimiter=";")
    >>> opts.nan_policy, opts.delimiter, opts.given()
    ('omit', ';', {'nan_policy': 'omit', 'delimiter': ';'})
    >>> ReadOptions.of(sep=";")
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: unknown reading option 'sep'; known: time, columns, nan_policy, layout, ...
    """

    time: str | int | bool | None = "auto"
    columns: Sequence[str] | None = None
    nan_policy: str = "raise"
    layout: str = "auto"
    id_column: str | int | None = None
    value_column: str | int | None = None
    delimiter: str | None = None
    decimal: str | None = None
    header: bool | None = None
    encoding: str | None = None
    chunk_rows: int = 200_000

    def __post_init__(self):
        check_nan_policy(self.nan_policy, READ_NAN_POLICIES)
        check_choice(self.layout, "layout", LAYOUTS)
        if self.columns is not None:  # a tuple, so that options stay hashable
            columns = (self.columns,) if isinstance(self.columns, str) else tuple(self.columns)
            object.__setattr__(self, "columns", columns)

    @classmethod
    def of(cls, options: ReadOptions | Mapping | None = None, /, **given) -> ReadOptions:
        """Options from a ``ReadOptions``, a mapping and/or keywords (keywords win); unknown names raise."""
        base = options.given() if isinstance(options, ReadOptions) else dict(options or {})
        merged = {**base, **given}
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(merged) - set(known))
        if unknown:
            raise InputError(
                f"unknown reading option {', '.join(map(repr, unknown))}; known: {', '.join(known)}"
            )
        return cls(**merged)

    def given(self) -> dict:
        """The options that differ from the defaults (what a manifest records)."""
        given = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != f.default}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in given.items()}


def _load(path, opts: ReadOptions) -> tuple[_Format, str | None, str, list[_Series]]:
    path = Path(path)
    columns = None if opts.columns is None else list(opts.columns)
    try:
        fmt, rows = _detect_format(
            path, delimiter=opts.delimiter, decimal=opts.decimal, header=opts.header, encoding=opts.encoding
        )
        time_col = _choose_time(path, fmt, rows, opts.time)
        id_col, value_col = _detect_layout(
            fmt, opts.layout, opts.id_column, opts.value_column, time_col, path
        )
        keep = [value_col] if id_col is not None else columns
        if columns is not None and id_col is None:
            for c in columns:
                _pick_column(path, fmt.columns, c, "data")
        table = _read_table(path, fmt, time_col, keep, id_col, opts.chunk_rows)
    except PermissionError:
        raise InputError(f"{path} cannot be read: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a CSV file") from None
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except (EOFError, OSError) as err:
        raise InputError(f"{path} cannot be read: {err}") from None
    lines = np.arange(len(table.time)) + table.first_line
    series = []
    if id_col is not None:
        ids = table.ids
        values = table.columns.get(value_col)
        if values is None:
            raise InputError(f"{path}: value column {value_col!r} holds no numbers")
        for name in pd.unique(ids):
            rows_of = np.flatnonzero(ids == name)
            series.append(_Series(str(name), table.time[rows_of], values[rows_of], lines[rows_of]))
        layout_used = "long"
    else:
        order = _order(path, table.time, lines, "", "a wide layout")
        if order is not None:
            _warn_sorted(path, time_col)
        t = table.time if order is None else table.time[order]
        ln = lines if order is None else lines[order]
        for c, values in table.columns.items():
            series.append(_Series(c, t, values if order is None else values[order], ln))
        layout_used = "wide"
    if id_col is not None:
        unsorted = False
        for s in series:
            order = _order(path, s.time, s.lines, f" for id {s.name!r}", "each id")
            if order is not None:
                s.time, s.values, s.lines = s.time[order], s.values[order], s.lines[order]
                unsorted = True
        if unsorted:
            _warn_sorted(path, time_col)
    return fmt, time_col, layout_used, series


def _warn_sorted(path, time_col):
    warnings.warn(
        f"{path}: rows are not in time order; sorted them by {time_col!r}",
        UnsortedTimeWarning,
        stacklevel=4,
    )


def _attrs(path, fmt: _Format, time_col, layout, nan_policy) -> dict:
    return {
        "source": str(path),
        "time_column": time_col if time_col is not None else "none (row number)",
        "layout": layout,
        "delimiter": fmt.delimiter,
        "decimal": fmt.decimal,
        "header": int(fmt.header),
        "compression": fmt.compression or "none",
        "nan_policy": nan_policy,
    }


def read_series(
    path: str | os.PathLike,
    read: ReadOptions | Mapping | None = None,
    /,
    **options,
) -> Iterator[xr.DataArray | SeriesError]:
    """Read a CSV file and yield its series one by one, as 1-D DataArrays.

    The options are those of :func:`read_csv`. The NaN policy
    is applied to each series on its own (``"omit"`` drops only that series'
    gaps). A file-level problem raises :class:`~tsdyn.errors.InputError`; a
    problem with one series (all missing, a gap under ``nan_policy="raise"``)
    is yielded as a ``SeriesError`` (an :class:`~tsdyn.errors.InputError`
    whose ``series`` names it) in that series' place, so the caller can
    record it and go on with the others.

    Parameters
    ----------
    path : str or path-like
        A CSV file, optionally gzip- or zstd-compressed.
    read : ReadOptions or mapping, optional
        Reading options, as for :func:`read_csv`.
    **options
        The same options as keywords (they win over ``read``).

    Yields
    ------
    xarray.DataArray or SeriesError
        Each series along ``time``, named after its column or id, with the
        source and what was detected in attrs; or the error of that series.

    Raises
    ------
    InputError
        For a problem with the whole file (unreadable, empty, ragged ...).

    See Also
    --------
    read_csv : Every series of a file in one ``(time, variable)`` array.
    analyze_files : Measures of every series of many files.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
    >>> _ = path.write_text("id,time,value\\na,1,0.5\\nb,1,2.0\\na,2,0.7\\nb,3,2.5\\n")
    >>> [(s.name, s.values.tolist()) for s in read_series(path)]
    [('a', [0.5, 0.7]), ('b', [2.0, 2.5])]
    """
    opts = ReadOptions.of(read, **options)
    nan_policy = opts.nan_policy
    fmt, time_col, layout_used, series = _load(path, opts)
    attrs = _attrs(path, fmt, time_col, layout_used, nan_policy)
    for s in series:
        try:
            t, v = _apply_missing(path, s.name, s.time, s.values, nan_policy, s.lines)
        except InputError as err:
            yield SeriesError(str(err), s.name)
            continue
        yield xr.DataArray(v, dims=("time",), coords={"time": t}, name=s.name, attrs=dict(attrs))


def read_csv(
    path: str | os.PathLike,
    read: ReadOptions | Mapping | None = None,
    /,
    **options,
) -> xr.DataArray:
    """Read a CSV file of time series into a DataArray ``(time, variable)``.

    Parameters
    ----------
    path : str or path-like
        A CSV file, optionally gzip- or zstd-compressed (detected from its
        first bytes, whatever its name).
    read : ReadOptions or mapping, optional
        Reading options (:class:`ReadOptions`: ``time``, ``columns``,
        ``nan_policy``, ``layout``, ``id_column``, ``value_column``,
        ``delimiter``, ``decimal``, ``header``, ``encoding``, ``chunk_rows``).
    **options
        The same options as keywords (they win over ``read``).

    Returns
    -------
    xarray.DataArray
        Dimensions ``(time, variable)``, float64 values, the time coordinate
        and, in attrs, the source file and what was detected. With several
        series on different times (long layout), the time axis is their union
        and a series is NaN where it has no row (before ``nan_policy`` applies).

    Raises
    ------
    InputError
        Unreadable, empty, ragged or non-numeric files, duplicated times,
        missing values under ``nan_policy="raise"``, an all-missing column.

    See Also
    --------
    read_series : The series one by one, an error per series.
    ReadOptions : The options.
    write : Writes results back.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_text("time,x,y\\n0.0,1,2\\n0.5,3,4\\n")
    >>> read_csv(path).sel(variable="y").values
    array([2., 4.])
    """
    opts = ReadOptions.of(read, **options)
    nan_policy = opts.nan_policy
    fmt, time_col, layout_used, series = _load(path, opts)
    names = [s.name for s in series]
    if layout_used == "wide":
        t, lines = series[0].time, series[0].lines
        values = np.column_stack([s.values for s in series])
    else:
        t = np.unique(np.concatenate([s.time for s in series]))
        values = np.full((len(t), len(series)), np.nan)
        lines = np.zeros(len(t), dtype=np.int64)
        for j, s in enumerate(series):
            pos = np.searchsorted(t, s.time)
            if nan_policy == "raise" and len(pos) < len(t):
                absent = t[np.isin(t, s.time, invert=True)][0]
                raise InputError(
                    f"{path}: the ids have different times (id {s.name!r} has no row at time "
                    f"{_format_time(absent)}); use read_series for one series at a time, or choose "
                    "nan_policy='interpolate', 'omit' or 'propagate'"
                )
            values[pos, j] = s.values
            lines[pos] = s.lines
    for j, name in enumerate(names):
        t_j, v_j = _apply_missing(path, name, t, values[:, j], nan_policy, lines)
        if nan_policy == "interpolate":
            values[:, j] = np.nan
            values[np.searchsorted(t, t_j), j] = v_j
    if nan_policy in ("interpolate", "omit"):
        complete = ~np.isnan(values).any(axis=1)
        t, values = t[complete], values[complete]
        if len(t) == 0:
            raise InputError(f"{path}: no time has a value in every column once gaps are removed")
    return xr.DataArray(
        values,
        dims=("time", "variable"),
        coords={"time": t, "variable": np.array(names, dtype=object)},
        name=Path(path).name.split(".")[0],
        attrs=_attrs(path, fmt, time_col, layout_used, nan_policy),
    )
