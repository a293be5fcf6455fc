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
