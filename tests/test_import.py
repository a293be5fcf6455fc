import subprocess
import sys


def test_import_is_cheap_and_lazy():
    code = (
        "import sys, tsdyn; "
        "heavy = [m for m in ('numba', 'dask', 'matplotlib', 'xarray', 'tsdyn.data') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_submodules_load_on_access():
    import tsdyn

    assert tsdyn.data.__name__ == "tsdyn.data"


PACKAGES = (
    "tsdyn",
    "tsdyn.ordinal",
    "tsdyn.ews",
    "tsdyn.chaos",
    "tsdyn.forecast",
    "tsdyn.io",
    "tsdyn.systems",
)


def test_every_package_imports_cheaply_and_lists_what_it_exports():
    # each package in a fresh interpreter: none may import numba, dask or matplotlib, and
    # every name in its __all__ must resolve (the lazy table points at real definitions)
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    pkg = importlib.import_module(name)\n"
        "    heavy = [m for m in ('numba', 'dask', 'matplotlib') if m in sys.modules]\n"
        "    assert not heavy, (name, heavy)\n"
        "    assert set(pkg.__all__) <= set(dir(pkg)), name\n"
        "for name in sys.argv[1:]:\n"
        "    pkg = sys.modules[name]\n"
        "    for attr in pkg.__all__:\n"
        "        getattr(pkg, attr)\n"
        "print('ok')\n"
    )
    for package in PACKAGES:
        out = subprocess.run([sys.executable, "-c", code, package], capture_output=True, text=True)
        assert out.stdout.strip() == "ok", (package, out.stderr[-2000:])
