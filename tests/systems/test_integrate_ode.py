"""Compiled Dormand-Prince solvers: exact solutions, scipy reference, tolerance scaling, failures."""

import hashlib

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

import tsdyn.systems as ts
from tsdyn.errors import IntegrationError
from tsdyn.systems import _integrate as I
from tsdyn.systems import _solve

from .conftest import LINEAR3_A, blow

METHODS = ["dop853", "dopri5"]


def scipy_rhs(s):
    """The catalog system's compiled right-hand side in solve_ivp's form, with its parameters."""
    p = np.array(list(s.params.values()))
    f = s.compiled("rhs")

    def rhs(tt, y):
        out = np.empty(s.dimension)
        f(tt, np.ascontiguousarray(y), p, out)
        return out

    return rhs


@pytest.mark.parametrize("method", METHODS)
def test_harmonic_oscillator_matches_cosine_on_arbitrary_times(oscillator, method):
    t = np.sort(np.random.default_rng(0).uniform(0, 20, 57))
    x = oscillator.integrate(t=t, method=method, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(x.sel(variable="x0"), np.cos(2 * t), atol=1e-8)
    np.testing.assert_allclose(x.sel(variable="x1"), -2 * np.sin(2 * t), atol=2e-8)


@pytest.mark.parametrize("method", METHODS)
def test_linear_system_matches_matrix_exponential(linear, method):
    x = linear.integrate(n=41, dt=0.25, method=method, rtol=1e-10, atol=1e-12)
    exact = np.array([expm(LINEAR3_A * t) @ linear.ic for t in x.time.values])
    np.testing.assert_allclose(x.values, exact, atol=1e-8)


@pytest.mark.parametrize("method", METHODS)
def test_error_scales_with_tolerance(oscillator, method):
    t = np.linspace(0, 10, 11)
    errs = []
    for tol in (1e-5, 1e-8, 1e-11):
        x = oscillator.integrate(t=t, method=method, rtol=tol, atol=tol)
        errs.append(np.abs(x.sel(variable="x0") - np.cos(2 * t)).max())
    assert errs[0] > 30 * errs[1] > 900 * errs[2]
    assert errs[2] < 1e-8


CATALOG_SAMPLE = [
    "Lorenz",
    "Rossler",
    "Aizawa",
    "Chen",
    "Halvorsen",
    "DoublePendulum",
    "Duffing",
    "HyperRossler",
]


@pytest.mark.parametrize("name", CATALOG_SAMPLE)
def test_matches_scipy_dop853_at_1e13_over_a_short_horizon(name):
    s = ts.get(name)
    t = np.linspace(0, 2 * s.period, 50)
    x = s.integrate(t=t, rtol=1e-11, atol=1e-11)
    ref = solve_ivp(scipy_rhs(s), (0, t[-1]), s.ic, method="DOP853", t_eval=t, rtol=1e-13, atol=1e-13).y.T
    scale = np.abs(ref).max(axis=0) + 1
    assert (np.abs(x.values - ref) / scale).max() < 1e-7


def test_dense_output_equals_landing_on_the_time():
    # A sample in the middle of a step (dense output) agrees with a run that ends there.
    s = ts.get("Lorenz")
    dense = s.integrate(t=np.linspace(0, 1.0, 101), rtol=1e-12, atol=1e-12).values[37]
    direct = s.integrate(t=[0.0, 0.37], rtol=1e-12, atol=1e-12).values[-1]
    np.testing.assert_allclose(dense, direct, rtol=1e-9)


def test_transient_is_integrated_then_dropped():
    s = ts.get("Lorenz")
    a = s.integrate(n=3, dt=0.1, transient=1.0, rtol=1e-12, atol=1e-12)
    b = s.integrate(t=[0.0, 1.0, 1.1, 1.2], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.time, [1.0, 1.1, 1.2])
    np.testing.assert_allclose(a.values, b.values[1:], rtol=1e-8)


def test_blow_up_is_an_integration_error():
    s = ts.define(blow, params={}, ic=[1.0], name="Blow")
    with pytest.raises(IntegrationError, match="Blow.*(blow-up|collapsed)"):
        s.integrate(n=10, dt=0.2, method="dop853")


def test_max_steps_and_stiff_fallback():
    s = ts.get("Lorenz")
    with pytest.raises(IntegrationError, match="max_steps=5"):
        s.integrate(n=10, dt=1.0, method="dop853", max_steps=5)
    x = s.integrate(n=10, dt=0.1, method="auto", max_steps=5, rtol=1e-8, atol=1e-8)
    ref = s.integrate(n=10, dt=0.1, method="dop853", rtol=1e-10, atol=1e-10)
    assert x.attrs["integrator"] == "dop853+radau"
    np.testing.assert_allclose(x.values, ref.values, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(("method", "steps"), [("dop853", 10_000), ("dopri5", 100_000)])
def test_a_diverging_orbit_out_of_steps_is_said_to_diverge(method, steps):
    # Lorenz at sigma = -10: x grows like exp(10 t) while the y-z plane turns at the rate |x|, so the
    # steps shrink as the orbit grows and the budget runs out far below max_abs; the message said "stiff?"
    s = ts.get("Lorenz", sigma=-10.0)
    with pytest.raises(
        IntegrationError,
        match=r"appears to diverge: \|y\| grew from 20.5 at t=0 to \d\.?\d*e\+04 at t=\d\.\d+, and its "
        rf"steps shrank as it grew: {steps} steps reached only t=\d\.\d+ of 100, short of \|y\| = max_abs=1e\+12",
    ):
        s.integrate(t=[0.0, 100.0], method=method, max_steps=steps)
    # A bounded orbit out of steps keeps the stiffness hint.
    with pytest.raises(IntegrationError, match=r"max_steps=5 steps were not enough .*; stiff\?\)"):
        ts.get("Lorenz").integrate(t=[0.0, 100.0], method=method, max_steps=5)


def test_auto_stops_a_diverging_orbit_within_its_probe(monkeypatch):
    # "auto" spent the whole max_steps (1e8, half a minute) on this orbit, short of max_abs, then hung in
    # the Radau fallback, which turned with the y-z plane as slowly; now its first budget tells the divergence.
    monkeypatch.setattr(_solve, "PROBE_STEPS", 10_000)  # 1e6 by default: a second
    s = ts.get("Lorenz", sigma=-10.0)
    with pytest.raises(
        IntegrationError,
        match=r"^Lorenz \(dop853\), .*appears to diverge: \|y\| grew from 20.5 at t=0 to \d\.?\d*e\+04 at t=0\.9\d+, "
        r"and its steps shrank as it grew: 10000 steps reached only t=0\.9\d+ of 14.99",
    ):
        s.integrate(n=1000)


def test_auto_gives_runs_longer_than_its_probe_the_whole_budget(monkeypatch):
    # out of the probe's steps without diverging: run again with max_steps, the same steps from the start
    monkeypatch.setattr(_solve, "PROBE_STEPS", 50)
    s = ts.get("Lorenz")
    ic = np.array([s.ic, s.ic + 1.0, s.ic - 1.0])
    x = s.integrate(n=300, dt=0.01, ic=ic)
    ref = s.integrate(n=300, dt=0.01, ic=ic, method="dop853")
    assert x.attrs["integrator"] == "dop853" and x.values.tobytes() == ref.values.tobytes()


def test_scipy_solvers_and_the_fallback_have_a_step_budget(oscillator, monkeypatch):
    # solve_ivp has none: the Radau fallback on an orbit it cannot follow ran for hours
    with pytest.raises(
        IntegrationError, match=r"scipy Radau: max_steps=3 steps were not enough to reach t=3 "
    ):
        oscillator.integrate(t=[0.0, 3.0], method="radau", max_steps=3)
    with pytest.raises(
        IntegrationError, match=r"scipy BDF: the state left the bound \|y\| <= 0.5 \(blow-up\)"
    ):
        oscillator.integrate(t=[0.0, 3.0], method="bdf", max_abs=0.5, ic=[0.4, 0.0])
    monkeypatch.setattr(_solve, "FALLBACK_STEPS", 4)
    with pytest.raises(
        IntegrationError,
        match=r"Lorenz \(dop853\), .*max_steps=5 steps were not enough to reach t=0.9 .*; "
        r"tried instead, scipy Radau: max_steps=4 steps were not enough to reach t=0.9",
    ):
        ts.get("Lorenz").integrate(n=10, dt=0.1, max_steps=5)


@pytest.mark.filterwarnings("error")
def test_auto_reports_an_overflowing_member_as_dop853_does():
    # An ensemble row near float64's range: "auto" handed it to scipy's Radau, whose raw ValueError ("array
    # must not contain infs or NaNs") and RuntimeWarnings (overflow in its norms and LU) reached the user.
    s = ts.get("Lorenz")
    ic = np.array([s.ic, s.ic, s.ic])
    ic[1, 0] = 1e200
    member = r"^Lorenz \(dop853\), member 1, ic=\[ 1\.0000e\+200 .*: the right-hand side turned non-finite"
    with pytest.raises(
        IntegrationError, match=member + r" \(NaN or inf\) at t=0 and smaller steps did not help$"
    ):
        s.integrate(n=10, dt=0.01, ic=ic, method="dop853")
    with pytest.raises(IntegrationError, match=member + r".*; tried instead, scipy Radau failed at t=0: "):
        s.integrate(n=10, dt=0.01, ic=ic)


@pytest.mark.parametrize("method", ["radau", "bdf", "lsoda"])
def test_scipy_methods_agree(oscillator, method):
    t = np.linspace(0, 3, 7)
    x = oscillator.integrate(t=t, method=method, rtol=1e-10, atol=1e-10)
    assert x.attrs["integrator"].startswith("scipy")
    np.testing.assert_allclose(x.sel(variable="x0"), np.cos(2 * t), atol=1e-6)


def test_bit_reproducible_and_checksum_pinned():
    # Any change of these bytes must be deliberate (and noted in the changelog):
    # users rely on regenerating identical datasets with the same tsdyn version.
    s = ts.get("Lorenz", beta=8 / 3, rho=28.0, sigma=10.0)
    a = s.integrate(n=200, dt=0.01, ic=[1.0, 1.0, 1.0], rtol=1e-9, atol=1e-9).values
    b = s.integrate(n=200, dt=0.01, ic=[1.0, 1.0, 1.0], rtol=1e-9, atol=1e-9).values
    assert a.tobytes() == b.tobytes()
    digest = hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]
    assert digest == PINNED_LORENZ, digest
    # On another machine type the bits may differ; the values must not, beyond tolerance.
    np.testing.assert_allclose(a[-1], PINNED_LORENZ_LAST, rtol=1e-6)


# sha256 prefix of the float64 bytes on x86-64 (tsdyn 0.1.0), and the last state, which
# scipy's DOP853 at rtol = atol = 1e-13 confirms to 8 digits.
PINNED_LORENZ = "ff02346e990b5fdd"
PINNED_LORENZ_LAST = [-8.036921835094363, -9.378125793811016, 24.50810209733742]


def test_solver_cache_is_reused_by_a_second_process(tmp_path, in_new_processes):
    # The solvers take the rhs as a typed first-class function, so their
    # compiled code does not depend on the system and numba's on-disk cache
    # holds; a second process must load everything, compiling nothing.
    (tmp_path / "user_rhs.py").write_text(
        "def rhs(t, y, p, out):\n    out[0] = -p[0] * y[0] + y[1]\n    out[1] = -y[0]\n"
    )
    script = """
        import numpy as np, user_rhs
        from tsdyn.systems import _integrate as I
        f = I.compile_rhs(user_rhs.rhs)
        out, status, info = I.solve_rk(f, np.ones((1, 2)), np.ones((1, 1)), np.linspace(0, 1, 5), t0=0.0)
        stats = [f.stats, I.RK_KERNELS[I.DOP853, False].dispatcher.stats]
        print(sum(sum(s.cache_misses.values()) for s in stats), sum(sum(s.cache_hits.values()) for s in stats),
              int(status[0]))
        """
    misses, hits, status = in_new_processes(script, PYTHONPATH=str(tmp_path))
    assert (misses, hits, status) == (0, 2, 0)


def test_parallel_ensemble_is_bit_identical_to_serial():
    s = ts.get("Lorenz")
    ics = s.ic + np.random.default_rng(1).normal(size=(4, 3))
    par = s.integrate(n=50, dt=0.02, ic=ics, parallel=True)
    ser = s.integrate(n=50, dt=0.02, ic=ics, parallel=False)
    one = s.integrate(n=50, dt=0.02, ic=ics[2])
    assert par.values.tobytes() == ser.values.tobytes()
    assert np.array_equal(par.isel(member=2).values, one.values)


def test_low_level_statuses_are_reported():
    f = I.compile_rhs(blow)
    out, status, info = I.solve_rk(
        f, np.ones((1, 1)), np.zeros((1, 0)), np.array([0.0, 2.0]), t0=0.0, max_abs=1e6
    )
    assert status[0] == I.BLOW_UP and 0.99 < info[0, 3] < 1.0
    assert np.isnan(out[0, 1]).all()


def _unpacked_rhs(t, X, p, out):
    x, y = X
    (k,) = p
    out[0] = y
    out[1] = -k * x


def test_array_unpacking_is_compiled_as_indexing():
    import dis

    from tsdyn.systems._integrate import _index_unpacking, compile_rhs

    new = _index_unpacking(_unpacked_rhs)
    assert not any(i.opname == "UNPACK_SEQUENCE" for i in dis.get_instructions(new))
    code, old = new.__code__, _unpacked_rhs.__code__
    assert (code.co_filename, code.co_firstlineno, new.__qualname__) == (
        old.co_filename, old.co_firstlineno, _unpacked_rhs.__qualname__,
    )  # fmt: skip
    y, p = np.array([0.3, -1.2]), np.array([2.5])
    a, b = np.empty(2), np.empty(2)
    _unpacked_rhs(0.0, y, p, a)
    compile_rhs(_unpacked_rhs)(0.0, y, p, b)
    np.testing.assert_array_equal(a, b)
    assert _index_unpacking(compile_rhs) is compile_rhs  # nothing to rewrite: returned as is
    k = 2.0

    def closure(t, X, p, out):
        x, y = X
        out[0] = k * x

    assert _index_unpacking(closure) is closure


def test_catalog_functions_index_their_arguments():
    # Catalog functions must not need the source rewrite: it costs milliseconds a system at load.
    from tsdyn.systems._integrate import _unpacks_argument
    from tsdyn.systems.base import registry

    assert _unpacks_argument(_unpacked_rhs.__code__)
    ts.list()  # imports the catalog modules
    funcs = [f for spec in registry().values() for f in (spec.func, spec.jac, spec.noise) if f is not None]
    assert len(funcs) > 300
    assert [f.__qualname__ for f in funcs if _unpacks_argument(f.__code__)] == []


@pytest.mark.parametrize("method", ["radau", "bdf", "lsoda"])
def test_scipy_solvers_step_as_solve_ivp_does(method):
    # tsdyn steps scipy's solvers itself (for the step budget and max_abs); its samples must be
    # solve_ivp's with t_eval, from the same steps and dense outputs
    s = ts.get("Lorenz")
    t = np.linspace(0.0, 2.0, 37)
    x = s.integrate(t=t, method=method, rtol=1e-8, atol=1e-8)
    name = {"radau": "Radau", "bdf": "BDF", "lsoda": "LSODA"}[method]
    ref = solve_ivp(scipy_rhs(s), (0.0, t[-1]), s.ic, method=name, t_eval=t, rtol=1e-8, atol=1e-8).y.T
    # equal far below the solvers' 1e-8 (Radau and LSODA within 1e-12 here, BDF within 3e-12)
    np.testing.assert_allclose(x.values, ref, rtol=1e-10, atol=1e-10)
