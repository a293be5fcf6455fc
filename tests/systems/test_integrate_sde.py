"""Euler-Maruyama: statistics, strong order, ramps, reproducibility (tsdyn/systems/_integrate.py)."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError, IntegrationError
from tsdyn.systems._integrate import EM_KERNELS, compile_rhs, euler_maruyama


def ou_drift(t, y, p, out):
    out[0] = -p[0] * y[0]


def gbm_drift(t, y, p, out):
    out[0] = p[0] * y[0]


def ramp_drift(t, y, p, out):
    out[0] = p[0]


def blow_up(t, y, p, out):
    out[0] = y[0] * y[0]


def test_ou_stationary_variance_matches_discrete_exact_value():
    # EM on dY = -theta Y dt + s dW is the AR(1) Y' = (1 - theta h) Y + s sqrt(h) Z, whose
    # stationary variance is s^2 / (theta (2 - theta h)) exactly.
    theta, s, h = 1.0, 0.5, 0.05
    _, y = euler_maruyama(ou_drift, [0.0], dt=h, n=100_000, params=[theta], sigma=s, seed=3, transient=5.0)
    expected = s**2 / (theta * (2 - theta * h))
    assert y[:, 0].var() == pytest.approx(expected, rel=0.05)


def _em(f, g, y, h, steps, p, zero, z):
    # One member, one output row after ``steps`` steps, normals given.
    ys = y.reshape(1, -1)
    EM_KERNELS[False](
        f,
        g,
        np.ones(1),
        ys,
        0.0,
        h,
        steps,
        p.reshape(1, -1),
        zero,
        0.0,
        z[None],
        np.empty((1, 1, 1)),
        np.empty(1, dtype=np.int64),
    )
    y[:] = ys[0]


def _strong_error(drift, diffusion, p, y0, T, n_coarse, n_ref, paths, exact=None):
    """Mean |error| at T over Brownian paths shared by a fine reference and the coarse run."""
    f, g = compile_rhs(drift), compile_rhs(diffusion)
    rng = np.random.default_rng(0)
    zero = np.zeros(1)
    err = 0.0
    for _ in range(paths):
        z = rng.standard_normal((n_ref, 1))
        r = n_ref // n_coarse
        zc = np.ascontiguousarray(z.reshape(n_coarse, r, 1).sum(axis=1) / np.sqrt(r))
        yc = np.array([y0])
        _em(f, g, yc, T / n_coarse, n_coarse, p, zero, zc)
        if exact is None:
            yr = np.array([y0])
            _em(f, g, yr, T / n_ref, n_ref, p, zero, z)
            ref = yr[0]
        else:
            ref = exact(np.sqrt(T / n_ref) * z.sum())
        err += abs(yc[0] - ref)
    return err / paths


def test_strong_order_half_for_multiplicative_noise():
    # Geometric Brownian motion dY = mu Y dt + s Y dW has Y_T = Y0 exp((mu - s^2/2) T + s W_T).
    mu, s, T = 0.5, 1.0, 1.0

    def diff(t, y, p, out):
        out[0] = 1.0 * y[0]

    ns = [8, 32, 128]
    errs = [
        _strong_error(
            gbm_drift,
            diff,
            np.array([mu]),
            1.0,
            T,
            n,
            1024,
            200,
            lambda w: np.exp((mu - s**2 / 2) * T + s * w),
        )
        for n in ns
    ]
    slope = np.polyfit(np.log(ns), np.log(errs), 1)[0]
    assert -0.75 < slope < -0.35


def additive_unit(t, y, p, out):
    out[0] = 1.0


def test_strong_order_one_for_additive_noise():
    ns = [8, 32, 128]
    errs = [_strong_error(ou_drift, additive_unit, np.array([2.0]), 1.0, 1.0, n, 2048, 50) for n in ns]
    slope = np.polyfit(np.log(ns), np.log(errs), 1)[0]
    assert -1.2 < slope < -0.8


def test_linear_ramp_is_exact_at_every_step():
    # With no noise, y(T) = sum_k p(t_k) h = p0 T + r h^2 N (N - 1) / 2 exactly.
    h, N, p0, r = 0.01, 500, 1.0, 0.3
    t, y = euler_maruyama(ramp_drift, [0.0], dt=h, n=N + 1, params=[p0], ramp_rate=[r], sigma=0.0, seed=0)
    assert y[-1, 0] == pytest.approx(p0 * N * h + r * h * h * N * (N - 1) / 2, rel=1e-12)
    assert t[-1] == pytest.approx(N * h)


def test_ramp_starts_after_transient_by_default():
    _, y = euler_maruyama(
        ramp_drift, [0.0], dt=0.1, n=3, params=[1.0], ramp_rate=[5.0], sigma=0.0, seed=0, transient=1.0
    )
    # Parameters stay at p0 through the transient, so y(1) = 1; then p(1.0) = 1, p(1.1) = 1.5.
    np.testing.assert_allclose(y[:, 0], [1.0, 1.1, 1.1 + 0.15], rtol=1e-12)


def test_same_seed_is_bit_identical_and_seeds_differ():
    kw = dict(dt=0.01, n=300, params=[1.0], sigma=0.3, substeps=3)
    a = euler_maruyama(ou_drift, [1.0], seed=42, **kw)[1]
    b = euler_maruyama(ou_drift, [1.0], seed=42, **kw)[1]
    c = euler_maruyama(ou_drift, [1.0], seed=43, **kw)[1]
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_multiplicative_default_diffusion_keeps_zero_fixed():
    _, y = euler_maruyama(
        gbm_drift, [0.0], dt=0.01, n=50, params=[1.0], sigma=1.0, multiplicative=True, seed=1
    )
    assert np.all(y == 0.0)


def test_blow_up_is_an_integration_error():
    with pytest.raises(IntegrationError, match="non-finite state"):
        euler_maruyama(blow_up, [10.0], dt=0.5, n=200, sigma=0.0, seed=0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(dt=0.0, n=5), "dt must be"),
        (dict(dt=0.1, n=0), "n must be an integer"),
        (dict(dt=0.1, n=5, sigma=[1.0, 2.0]), "sigma must be"),
        (dict(dt=0.1, n=5, transient=-1.0), "transient must be"),
        (dict(dt=0.1, n=5, ramp_rate=[1.0, 2.0]), "ramp rate"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        euler_maruyama(ou_drift, [1.0], params=[1.0], seed=0, **kwargs)


def test_non_finite_initial_condition():
    with pytest.raises(InputError, match="initial condition"):
        euler_maruyama(ou_drift, [np.nan], dt=0.1, n=3, params=[1.0])


def test_uncompilable_rhs_is_an_input_error():
    def bad(t, y, p, out):
        out[0] = {"a": y}  # dicts of arrays cannot be stored into a float array

    with pytest.raises(InputError, match="numba cannot compile"):
        compile_rhs(bad)


def test_the_noisy_path_honours_max_abs():
    # Euler-Maruyama checked only NaN: a geometric Brownian motion at noise 100 reached -9.5e32
    with pytest.raises(IntegrationError, match="left \\|x\\| <= 1e\\+12 at sample"):
        ts.get("GeometricBrownianMotion").integrate(n=200, noise=100, seed=0)
    with pytest.raises(IntegrationError, match="left \\|x\\| <= 30"):
        ts.get("Lorenz").integrate(n=100, dt=0.01, noise=50, seed=0, max_abs=30)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_abs": float("nan")}, "max_abs must be a number > 0"),
        ({"max_abs": 0}, "max_abs must be a number > 0"),
        ({"noise": "a"}, "noise must hold numbers"),
        ({"sweep": {"rho": "ab"}}, "sweep values of 'rho' must hold numbers"),
        ({"ic": ["1", "2", "3"]}, "ic must hold numbers"),
    ],
)
def test_odd_integration_arguments_are_refused(kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.get("Lorenz").integrate(n=10, dt=0.01, **kwargs)


def test_sample_times_are_checked_as_given():
    lorenz = ts.get("Lorenz")
    with pytest.raises(InputError, match=r"t\[2\] is nan"):
        lorenz.integrate(t=[0.0, 0.5, float("nan")])
    with pytest.raises(InputError, match="1-D sequence of sample times, got shape \\(2, 2\\)"):
        lorenz.integrate(t=[[0, 1], [2, 3]])


@pytest.mark.parametrize(
    ("name", "kwargs", "takes"),
    [
        ("MackeyGlass", {"n": 20, "dt": 1.0}, "'auto', 'dopri5'"),
        ("Henon", {"n": 10}, "'auto'"),
        ("Lorenz", {"n": 10, "dt": 0.01, "noise": 0.1, "seed": 0}, "'auto'"),
    ],
)
def test_a_method_the_integration_does_not_use_is_refused(name, kwargs, takes):
    # a map's iteration, Euler-Maruyama and the method of steps ran unchanged under method="radau"
    with pytest.raises(InputError, match=f"method='radau' does not apply .* takes {takes}"):
        ts.get(name).integrate(method="radau", **kwargs)


@pytest.mark.parametrize("kwargs", [{"substeps": 5}, {"multiplicative": True}])
def test_noise_options_without_noise_are_refused(kwargs):
    # they shape the Euler-Maruyama steps; on a deterministic run they did nothing, in silence
    with pytest.raises(InputError, match="apply to noisy integration"):
        ts.get("Lorenz").integrate(n=10, dt=0.01, **kwargs)
    assert ts.get("Lorenz").integrate(n=10, dt=0.01, noise=0.1, seed=0, **kwargs).shape == (10, 3)
