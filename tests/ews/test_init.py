"""tsdyn.ews exports the public names of every module of the engine, and loads them lazily."""

import importlib
import subprocess
import sys

import pytest

import tsdyn.ews

MODULES = ("api", "atlas", "likelihood", "roc", "scenarios", "significance", "sensitivity", "detrending")


@pytest.mark.parametrize("module", MODULES)
def test_every_public_name_is_exported(module):
    mod = importlib.import_module(f"tsdyn.ews.{module}")
    for name in mod.__all__:
        if name == "METHODS":  # detrending's method names: a detail of detrend()
            continue
        assert name in tsdyn.ews.__all__, f"{module}.{name} is not exported by tsdyn.ews"
        assert getattr(tsdyn.ews, name) is getattr(mod, name)


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute"):
        tsdyn.ews.not_a_function


def test_import_is_lazy():
    code = (
        "import sys, tsdyn.ews; "
        "heavy = [m for m in ('numba', 'xarray', 'scipy', 'statsmodels', 'matplotlib', 'tsdyn.ews.api') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
