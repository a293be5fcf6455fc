"""Batch settings from a TOML file and ``--set KEY=VALUE`` overrides.

A config file holds top-level settings and one table per measure set (its
parameters) plus ``[read]`` for the CSV-reading options::

    measures = ["summary", "ordinal"]
    seed = 1
    jobs = 2
    [read]
    nan_policy = "interpolate"
    [ordinal]
    m = 4

>>> settings = parse_config_text('seed = 3\\n[read]\\nnan_policy = "omit"\\n[summary]\\n')
>>> settings["seed"], settings["read"], settings["params"]
(3, {'nan_policy': 'omit'}, {'summary': {}})
>>> apply_overrides(settings, ["read.time=day", "summary.lag=2"])["params"]
{'summary': {'lag': 2}}
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tsdyn.errors import InputError
from tsdyn.io.measures import get_measure

__all__ = ["SETTINGS", "apply_overrides", "load_config", "parse_config_text"]

# top-level settings and the type each must have
SETTINGS = {
    "measures": list,
    "out": str,
    "seed": int,
    "jobs": int,
    "scheduler": str,
    "fail_fast": bool,
    "resume": bool,
    "rolling": str,
    "quiet": bool,
}


def _check_type(key: str, value, kind, where: str):
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise InputError(f"{where}: {key} must be a {kind.__name__}, got {value!r}")
    return value


def parse_config_text(text: str, *, where: str = "config") -> dict[str, Any]:
    """Parse TOML text into ``{"params": {...}, "read": {...}, <settings>}``."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{where} is not valid TOML: {err}") from None
    settings: dict[str, Any] = {"params": {}, "read": {}}
    for key, value in raw.items():
        if key == "read":
            settings["read"] = dict(_check_type(key, value, dict, where))
        elif key in SETTINGS:
            settings[key] = _check_type(key, value, SETTINGS[key], where)
        elif isinstance(value, dict):
            get_measure(key)  # an unknown measure set raises, naming the known ones
            settings["params"][key] = dict(value)
        else:
            known = ", ".join([*SETTINGS, "read"])
            raise InputError(
                f"{where}: unknown setting {key!r}; known: {known} and one table per measure set"
            )
    return settings


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a TOML config file (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read config file {path}: {err.strerror}") from None
    return parse_config_text(text, where=str(path))


def _value(text: str):
    """A TOML literal (number, bool, quoted string, array) or else the bare text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(settings: dict[str, Any], items: Iterable[str]) -> dict[str, Any]:
    """Apply ``SECTION.NAME=VALUE`` items (``read.nan_policy=omit``, ``ordinal.m=4``)."""
    for item in items:
        key, sep, text = item.partition("=")
        section, dot, name = key.strip().partition(".")
        if not sep or not dot or not name:
            raise InputError(f"--set expects SECTION.NAME=VALUE (e.g. ordinal.m=4), got {item!r}")
        if section == "read":
            settings.setdefault("read", {})[name] = _value(text.strip())
        else:
            get_measure(section)
            settings.setdefault("params", {}).setdefault(section, {})[name] = _value(text.strip())
    return settings
