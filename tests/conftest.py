"""Fixtures shared by the test folders."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_script():
    """Load a script of the repository (``tools/``, ``docs/_ext/``) as a module, by its path from the root.

    The scripts are not in a package, so they are executed from their files.
    """

    def load(path: str):
        spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
