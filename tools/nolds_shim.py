"""Load nolds' measures without its bundled data sets (nolds 0.6.3 on Python 3.11).

nolds 0.6.3's package ``__init__`` imports ``nolds.datasets``, which reads its data
files at import time through ``importlib.resources.files(__name__)`` with a module
name instead of a package name: a TypeError on Python 3.11. The measures
(``lyap_r``, ``corr_dim``, ``dfa``, ``hurst_rs``, ...) do not need the data, so
:func:`load_nolds` imports ``nolds.measures`` under an empty package object
instead of running the package ``__init__``. Used by the peer tests
(``tests/chaos/test_nolds_parity.py``), ``tools/validate_chaos_peers.py`` and
``benchmarks/chaos_invariants.py``; peers are test- and benchmark-only.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


def installed() -> bool:
    """Whether a nolds distribution is on the path (loadable or not)."""
    return importlib.util.find_spec("nolds") is not None


def load_nolds():
    """nolds' measures: the package if it imports, else ``nolds.measures`` alone.

    Raises ImportError when nolds is not installed, and lets any other error of
    ``nolds.measures`` through: installed but unloadable must fail loudly.
    """
    if "nolds.measures" in sys.modules:  # loaded before, by the package or by this shim
        return sys.modules["nolds.measures"]
    try:
        import nolds

        return nolds
    except ImportError:
        if not installed():
            raise
    except TypeError:  # 0.6.3 on Python 3.11: its data-set loader, not its measures
        pass
    for name in [n for n in sys.modules if n == "nolds" or n.startswith("nolds.")]:
        del sys.modules[name]  # a half-initialised package from the failed import
    spec = importlib.util.find_spec("nolds")
    package = types.ModuleType("nolds")
    package.__path__ = list(spec.submodule_search_locations)
    package.__spec__ = spec
    sys.modules["nolds"] = package
    return importlib.import_module("nolds.measures")
