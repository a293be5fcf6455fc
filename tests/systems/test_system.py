"""System.integrate: sampling, ensembles, sweeps, ramps, noise, maps, user systems, bad input."""

from fractions import Fraction

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError, IntegrationError

from .conftest import drift_const, henon, logistic


def test_output_layout_and_attrs():
    s = ts.get("Lorenz")
    x = s.integrate(n=20, pts_per_period=10, seed=5)
    assert x.dims == ("time", "variable") and x.shape == (20, 3)
    np.testing.assert_allclose(x.time, np.arange(20) * s.period / 10)
    for key in ("system", "param_rho", "ic", "integrator", "rtol", "atol", "seed", "tsdyn_version"):
        assert key in x.attrs
    assert x.attrs["seed"] == 5 and x.attrs["pts_per_period"] == 10
    df = x.to_pandas()
    assert list(df.columns) == s.variables


def test_default_sampling_is_100_points_per_period():
    s = ts.get("Lorenz")
    x = s.integrate(n=3)
    assert x.attrs["dt"] == pytest.approx(s.period / 100)


def test_ensemble_and_sweep_dims_match_single_runs():
    s = ts.get("Lorenz")
    ics = np.array([s.ic, s.ic + 0.1])
    x = s.integrate(n=30, dt=0.05, ic=ics, sweep={"rho": [20.0, 28.0, 35.0]})
    assert x.dims == ("time", "variable", "member", "rho") and x.shape == (30, 3, 2, 3)
    single = ts.get("Lorenz", rho=35.0).integrate(n=30, dt=0.05, ic=ics[1])
    assert np.array_equal(x.sel(rho=35.0).isel(member=1).values, single.values)


def test_linear_ramp_is_exact_for_a_polynomial_solution():
    # y' = p(t) with p ramping from 1 to 3 over [0, 2]: y = t + t^2 / 2, which DOP853 integrates exactly.
    s = ts.define(drift_const, params={"p": 0.0}, ic=[0.0], name="Ramp")
    x = s.integrate(n=21, dt=0.1, ramp={"p": (1.0, 3.0)})
    t = x.time.values
    np.testing.assert_allclose(x[:, 0], t + t**2 / 2, atol=1e-12)
    assert list(x.attrs["ramp_p"]) == [1.0, 3.0] and list(x.attrs["ramp_times"]) == [0.0, 2.0]
    assert "param_p" not in x.attrs


def test_ramp_holds_start_value_through_the_transient():
    s = ts.define(drift_const, params={"p": 0.0}, ic=[0.0], name="Ramp")
    x = s.integrate(n=11, dt=0.1, transient=1.0, ramp={"p": (1.0, 3.0)})
    t = x.time.values - 1.0
    np.testing.assert_allclose(x[:, 0], 1.0 + t + t**2, atol=1e-12)


def test_noisy_flow_is_seeded_and_reproducible():
    s = ts.get("Lorenz")
    a = s.integrate(n=50, dt=0.01, noise=0.5, seed=7)
    b = s.integrate(n=50, dt=0.01, noise=0.5, seed=7)
    c = s.integrate(n=50, dt=0.01, noise=0.5, seed=8)
    assert a.values.tobytes() == b.values.tobytes() and not np.array_equal(a, c)
    assert a.attrs["integrator"] == "euler-maruyama" and a.attrs["noise"] == 0.5


def test_sde_system_stationary_variance(ou):
    # EM-discretised OU with h = 0.01: stationary variance s^2 / (theta (2 - theta h)).
    x = ou.integrate(n=20_000, dt=0.1, transient=5.0, seed=1)
    assert float(x.var()) == pytest.approx(0.25 / (2 - 0.01), rel=0.1)
    assert x.attrs["substeps"] == 10


def test_ensemble_members_get_independent_noise(ou):
    x = ou.integrate(n=100, dt=0.1, ic=np.zeros((3, 1)), seed=2)
    assert not np.array_equal(x.isel(member=0), x.isel(member=1))
    again = ou.integrate(n=100, dt=0.1, ic=np.zeros((3, 1)), seed=2)
    assert np.array_equal(x, again)


def test_observation_noise_has_the_requested_scale():
    s = ts.get("Lorenz")
    clean = s.integrate(n=4000, dt=0.01)
    noisy = s.integrate(n=4000, dt=0.01, obs_noise=0.1, seed=3)
    ratio = (noisy - clean).std("time") / clean.std("time")
    np.testing.assert_allclose(ratio, 0.1, rtol=0.05)


def test_maps_iterate_bit_exactly(henon_map, logistic_map):
    x = henon_map.integrate(n=500, transient=10)
    y = np.array([0.1, 0.1])
    out = np.empty(2)
    ref = []
    for k in range(510):
        if k >= 10:
            ref.append(y.copy())
        henon(y, np.array([1.4, 0.3]), out)
        y = out.copy()
    assert np.array_equal(x.values, np.array(ref))
    assert list(x.time.values[:2]) == [10.0, 11.0]
    z = logistic_map.integrate(n=100)
    v, ref = np.array([0.1234]), []
    for _ in range(100):
        ref.append(v[0])
        nxt = np.empty(1)
        logistic(v, np.array([4.0]), nxt)
        v = nxt
    assert np.array_equal(z[:, 0].values, ref)


def test_map_ramp_per_iteration(logistic_map):
    x = logistic_map.integrate(n=5, ramp={"r": (3.0, 3.4)}, ic=[0.5])
    r = np.linspace(3.0, 3.4, 5)
    v = [0.5]
    for k in range(4):
        v.append(r[k] * v[-1] * (1 - v[-1]))
    np.testing.assert_allclose(x[:, 0], v, rtol=1e-15)


def python_only(t, y, p, out):
    # fractions.Fraction is a Python object numba cannot type; scipy runs it fine.
    out[0] = -float(Fraction(1, 1)) * p[0] * y[0]


def test_plain_python_rhs_falls_back_to_scipy():
    s = ts.define(python_only, params={"a": 1.0}, ic=[1.0], name="PurePython")
    assert s.compiled() is None
    x = s.integrate(n=3, dt=1.0, rtol=1e-10, atol=1e-10)
    assert x.attrs["integrator"] == "scipy DOP853"
    np.testing.assert_allclose(x[:, 0], np.exp(-np.arange(3.0)), rtol=1e-8)
    with pytest.raises(InputError, match="noise needs a numba-compilable"):
        s.integrate(n=3, dt=1.0, noise=0.1)


def test_rhs_jac_and_metadata():
    s = ts.get("Lorenz")
    y = np.array([1.0, 2.0, 3.0])
    J = s.jac(y)
    eps = 1e-6
    fd = np.array([(s.rhs(y + eps * e) - s.rhs(y - eps * e)) / (2 * eps) for e in np.eye(3)]).T
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-6)
    meta = s.metadata
    assert meta["dimension"] == 3 and meta["has_jacobian"] and meta["period"] == s.period
    assert "Lorenz" in repr(s)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(n=0, dt=0.1), "n must be an integer >= 1"),
        (dict(n=5, dt=0.0), "dt must be a finite number > 0"),
        (dict(n=5, dt=-1.0), "dt must be"),
        (dict(n=5, dt=np.inf), "dt must be"),
        (dict(n=5, dt=0.1, pts_per_period=10), "only one of dt, pts_per_period"),
        (dict(n=5, t=[0.0, 1.0]), "give n or t"),
        (dict(t=[0.0, 2.0, 1.0]), "non-decreasing"),
        (dict(t=[-1.0, 2.0]), "t must be >= 0"),
        (dict(n=5, dt=0.1, ic=[1.0, 2.0]), r"ic of Lorenz must have shape \(3,\)"),
        (dict(n=5, dt=0.1, ic=[1.0, np.nan, 2.0]), "ic must be finite"),
        (dict(n=5, dt=0.1, sweep={"rhoo": [1.0]}), "no sweep 'rhoo'; did you mean 'rho'"),
        (dict(n=5, dt=0.1, ramp={"rho": 3.0}), "pair"),
        (dict(n=5, dt=0.1, ramp={"rho": (1, 2)}, sweep={"rho": [1.0]}), "both swept and ramped"),
        (dict(n=5, dt=0.1, method="euler"), "method must be one of"),
        (dict(n=5, dt=0.1, rtol=0.0), "rtol must be"),
        (dict(n=5, dt=0.1, noise=-1.0), "noise must be"),
        (dict(n=5, dt=0.1, transient=-1.0), "transient must be"),
        (dict(n=5, dt=0.1, obs_noise=np.nan), "obs_noise must be"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.get("Lorenz").integrate(**kwargs)


def test_bad_input_maps_and_params(henon_map):
    with pytest.raises(InputError, match="Henon is a map.*pts_per_period"):
        henon_map.integrate(n=10, pts_per_period=10)
    with pytest.raises(InputError, match="Henon is a map.*dt"):
        henon_map.integrate(n=10, dt=0.1)
    with pytest.raises(InputError, match="no parameter 'sigm'; did you mean 'sigma'"):
        ts.get("Lorenz", sigm=3.0)
    with pytest.raises(InputError, match="must be a finite number"):
        ts.get("Lorenz", rho=np.nan)
    with pytest.raises(InputError, match="no analytic Jacobian"):
        ts.define(python_only, params={"a": 1.0}, ic=[1.0]).jac([1.0])


def test_requests_beyond_their_sizes_are_refused_before_they_run(henon_map):
    # An empty ensemble returned a trajectory without members in silence; n=1e12 died in numpy's allocation;
    # a map's transient of 1e9 iterations or Euler-Maruyama at dt=1e6 (1e12 steps) ran for hours.
    lorenz = ts.get("Lorenz")
    with pytest.raises(
        InputError, match=r"^ic has no rows: an ensemble needs at least one initial .*\(0, 3\)$"
    ):
        lorenz.integrate(n=5, dt=0.1, ic=np.zeros((0, 3)))
    with pytest.raises(
        InputError,
        match=r"^n=1000000000000 samples of 3 variables for 1 member\(s\) are 3e\+12 values \(2.4e\+04 GB\)",
    ):
        lorenz.integrate(n=10**12, dt=0.1)
    with pytest.raises(
        InputError, match=r"^n=200000000 samples of 3 variables for 2 member\(s\) are 1.2e\+09 values"
    ):
        lorenz.integrate(n=2 * 10**8, dt=0.1, ic=np.ones((2, 3)))
    with pytest.raises(
        InputError, match=r"^transient=1e\+09 and n=10 ask for 1e\+09 iterations per member, more than "
    ):
        henon_map.integrate(n=10, transient=10**9)
    with pytest.raises(
        InputError, match=r"n=10 and dt=1e\+06 ask for 1.8e\+08 Euler-Maruyama steps of 0.05 per member"
    ):
        lorenz.integrate(n=10, dt=1e6, noise=0.1, substeps=2 * 10**7)
    with pytest.raises(InputError, match="max_steps must be an integer >= 1, got 0"):
        lorenz.integrate(n=5, dt=0.1, max_steps=0)
    # the budget is the caller's: raised, the same run goes
    assert henon_map.integrate(n=3, transient=20, max_steps=22).sizes["time"] == 3
    with pytest.raises(InputError, match="ask for 22 iterations per member, more than max_steps=21"):
        henon_map.integrate(n=3, transient=20, max_steps=21)


def test_map_blow_up_is_an_integration_error(henon_map):
    with pytest.raises(IntegrationError, match="Henon.*left"):
        henon_map.integrate(n=100, ic=[5.0, 5.0])


def test_noisy_ensemble_parallel_matches_serial_and_single_runs(ou):
    ics = np.array([[0.0], [1.0], [2.0]])
    par = ou.integrate(n=200, dt=0.1, ic=ics, seed=9, parallel=True)
    ser = ou.integrate(n=200, dt=0.1, ic=ics, seed=9, parallel=False)
    assert par.values.tobytes() == ser.values.tobytes()
    # Member 0 draws from child 0 of the seed, as a single run does.
    one = ou.integrate(n=200, dt=0.1, ic=ics[0], seed=9)
    assert np.array_equal(par.isel(member=0).values, one.values)


def test_integrate_to_streams_pieces_equal_to_one_call(tmp_path):
    xr = pytest.importorskip("xarray")
    pytest.importorskip("zarr")
    s = ts.get("Lorenz")
    ics = s.ic + np.random.default_rng(0).normal(size=(5, 3))
    kw = dict(n=20, dt=0.01, noise=0.2, seed=11, sweep={"rho": [27.0, 28.0]})
    whole = s.integrate(ic=ics, **kw)
    path = s.integrate_to(tmp_path / "ens.zarr", ic=ics, members_per_chunk=2, **kw)
    with xr.open_zarr(path) as ds:
        streamed = ds[s.name].load()
    assert streamed.dims == whole.dims and list(streamed.member.values) == [0, 1, 2, 3, 4]
    assert np.array_equal(streamed.values, whole.values)
    with pytest.raises(InputError, match="ending in .zarr"):
        s.integrate_to(tmp_path / "x.nc", ic=ics, n=5, dt=0.01)
    with pytest.raises(InputError, match="needs an ensemble"):
        s.integrate_to(tmp_path / "y.zarr", ic=s.ic, n=5, dt=0.01)


def _decay_chain(t, y, p, out):
    for i in range(y.size):
        out[i] = -p[1] * y[i]  # p = (N, k)


def test_size_parameters_go_through_the_ic_for_hook():
    """One mechanism for every variable-size system: the Spec names its size parameters and a
    hook builds the state for another size; the System's dimension, ic and output follow it."""
    from tsdyn.systems.base import Spec, flow, size_param

    def ic_for(params):
        return np.ones(size_param(params, "N", "Chain", minimum=2))

    spec = Spec(name="Chain", kind="flow", func=_decay_chain, params={"N": 3.0, "k": 1.0}, ic=np.ones(3),
                dt=0.1, size_params=("N",), ic_for=ic_for)  # fmt: skip
    s = ts.System(spec, N=5)
    assert s.dimension == 5 and s.ic.tolist() == [1.0] * 5 and s.metadata["dimension"] == 5
    x = s.integrate(n=2, dt=1.0)
    assert x.sizes["variable"] == 5
    np.testing.assert_allclose(x.values[-1], np.exp(-1.0), rtol=1e-8)
    assert s.with_params(N=3).dimension == 3 and ts.System(spec).dimension == 3
    with pytest.raises(InputError, match="parameter 'N' of Chain sets the state's size"):
        ts.System(spec, N=1)
    bad = Spec(name="Chain", kind="flow", func=_decay_chain, params={"N": 3.0}, ic=np.ones(3),
               size_params=("N",), ic_for=lambda params: np.full(2, np.nan))  # fmt: skip
    with pytest.raises(InputError, match="ic_for must return a finite 1-D state"):
        ts.System(bad, N=2)
    with pytest.raises(InputError, match="size_params and ic_for come together"):
        flow(params={"N": 3.0}, ic=[1.0, 1.0, 1.0], citation="c", description="d", size_params=("N",))
    with pytest.raises(InputError, match=r"size_params \['M'\] are not parameters"):
        flow(params={"N": 3.0}, ic=[1.0], citation="c", description="d", size_params=("M",), ic_for=ic_for)
