"""The public names of every engine resolve to functions and classes, whatever was imported first.

Importing a submodule sets an attribute of its package; a submodule named like
one of the package's functions would replace that function (``tsdyn.ordinal.classify``
once did), so no public name may be shadowed by a module.
"""

import importlib
import pkgutil
import types

import pytest

import tsdyn

ENGINES = ["tsdyn.ordinal", "tsdyn.ews", "tsdyn.systems", "tsdyn.forecast", "tsdyn.io"]


def _import_everything():
    for info in pkgutil.walk_packages(tsdyn.__path__, prefix="tsdyn."):
        if info.name != "tsdyn.__main__":
            importlib.import_module(info.name)


@pytest.mark.parametrize("package", ENGINES)
def test_public_names_are_not_shadowed_by_submodules(package):
    _import_everything()
    module = importlib.import_module(package)
    names = getattr(module, "__all__", [])
    shadowed = [n for n in names if isinstance(getattr(module, n), types.ModuleType)]
    assert shadowed == []
