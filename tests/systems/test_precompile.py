import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError
from tsdyn.systems.base import registry


def test_precompile_lists_each_system_and_the_solvers_its_kinds_use():
    table = ts.precompile(["Henon", "Lorenz"], parallel=True)
    rows = {(r.name, r.what) for r in table.itertuples()}
    assert rows == {
        ("Henon", "map"),
        ("Lorenz", "flow"),
        ("map", "solver (serial)"),
        ("map", "solver (parallel)"),
        ("dop853", "solver (serial)"),
        ("dop853", "solver (parallel)"),
    }
    assert (table["seconds"] >= 0).all()


def test_jacobians_bring_the_rodas4_solver_where_a_flow_has_one():
    from tsdyn.systems._precompile import system_jobs

    def names(systems, **options):
        return {job.name for job in system_jobs(systems, **options)}

    assert {"solver rodas4 (serial)", "solver rodas4 (parallel)"} <= names(
        ["Lorenz"], jacobians=True, parallel=True
    )
    assert not any("rodas4" in n for n in names(["Lorenz"]) | names(["Henon"], jacobians=True))


def test_a_later_process_compiles_nothing(tmp_path, in_new_processes):
    # Workers (jobs=2) fill an empty cache; a new process then loads the map and its solver.
    fill = "import tsdyn.systems as ts; ts.precompile(['Henon'], jobs=2, jacobians=True)"
    use = """
        import tsdyn.systems as ts
        from tsdyn.systems import _integrate as I
        s = ts.get("Henon")
        s.integrate(n=10)
        funcs = [s.compiled("rhs"), s.compiled("jac"), I.MAP_KERNELS[False].dispatcher]
        print(sum(sum(f.stats.cache_misses.values()) for f in funcs), sum(sum(f.stats.cache_hits.values()) for f in funcs))
        """
    in_new_processes(fill, runs=1, NUMBA_CACHE_DIR=str(tmp_path))
    assert in_new_processes(use, runs=1, NUMBA_CACHE_DIR=str(tmp_path)) == [0, 3]


def test_after_tsdyn_compile_a_new_process_compiles_nothing(tmp_path, in_new_processes):
    # `tsdyn compile` for one system and one engine fills an empty cache over two processes; a new
    # process then integrates the system and calls the engine's function without one compile
    fill = """
        import contextlib, io
        from tsdyn.cli import main
        with contextlib.redirect_stdout(io.StringIO()):  # its report is not the integers run() reads
            main(["compile", "--systems", "Henon", "--engines", "chaos", "-j", "2"], standalone_mode=False)
        """
    use = """
        import numpy as np
        from numba.core import event
        import tsdyn.chaos as tc
        import tsdyn.systems as ts
        with event.install_recorder("numba:compile") as compiles:
            ts.get("Henon").integrate(n=10)
            tc.correlation_dimension(np.random.default_rng(0).standard_normal(600))
        print(len(compiles.buffer))
        """
    in_new_processes(fill, runs=1, NUMBA_CACHE_DIR=str(tmp_path))
    assert in_new_processes(use, runs=1, NUMBA_CACHE_DIR=str(tmp_path)) == [0]


@pytest.mark.slow
def test_a_small_flow_call_compiles_only_the_compact_solver_and_precompile_fills_both(
    tmp_path, in_new_processes
):
    # Compile only what a call needs: integrate(n=1000) on an empty cache compiles the right-hand side and
    # dop853_compact, nothing else. precompile then fills dop853_serial too, and a new process runs a small
    # and a large call (2000 periods: the unrolled kernel) without one compile.
    record = """
        from numba.core import event
        import tsdyn.systems as ts
        with event.install_recorder("numba:compile") as compiles:
            {calls}
        names = sorted({{ev.data["dispatcher"].py_func.__name__ for _, ev in compiles.buffer}})
        print(len(names), int(names == ["Lorenz", "dop853_compact"]))
        """
    small = 'ts.get("Lorenz").integrate(n=1000)'
    both = small + '; ts.get("Lorenz").integrate(n=2000, pts_per_period=1)'
    assert in_new_processes(record.format(calls=small), runs=1, NUMBA_CACHE_DIR=str(tmp_path)) == [2, 1]
    in_new_processes(
        "import tsdyn.systems as ts; ts.precompile(['Lorenz'])", runs=1, NUMBA_CACHE_DIR=str(tmp_path)
    )
    assert in_new_processes(record.format(calls=both), runs=1, NUMBA_CACHE_DIR=str(tmp_path)) == [0, 0]


def test_bad_requests():
    with pytest.raises(InputError, match="did you mean 'Lorenz'"):
        ts.precompile(["Lorenzz"])
    with pytest.raises(InputError, match="names or kind, not both"):
        ts.precompile(["Lorenz"], kind="flow")
    with pytest.raises(InputError, match="jobs"):
        ts.precompile(["Lorenz"], jobs=0)

    def decay(t, y, p, out):
        out[0] = -y[0]

    ts.define(decay, params={}, ic=[1.0], name="UserDecay", register=True)
    try:
        # Worker processes import only the catalog's own modules: they would not know it.
        with pytest.raises(InputError, match="UserDecay are user-defined"):
            ts.precompile(["Lorenz", "UserDecay"])
    finally:
        registry().pop("UserDecay")  # leave the catalog as other tests expect it
