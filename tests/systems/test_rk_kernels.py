"""The generated solver kernels (tsdyn/systems/_rk_kernels.py) are in sync with their generator."""

import subprocess
import sys
from pathlib import Path

import numpy as np

from tsdyn.systems import _tableaus as tab

ROOT = Path(__file__).resolve().parents[2]


def test_generated_file_is_in_sync(tmp_path, repo_script):
    gen = repo_script("tools/gen_rk_kernels.py")
    fresh = tmp_path / "_rk_kernels.py"
    fresh.write_text(gen.build())
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(fresh)], check=True)
    assert fresh.read_text() == (ROOT / "tsdyn" / "systems" / "_rk_kernels.py").read_text(), (
        "regenerate with: python tools/gen_rk_kernels.py"
    )


def test_tableaus_are_consistent():
    # Row sums equal the nodes, and the weights sum to one (order conditions of order 1).
    for A, C, B in (
        (tab.DP5_A, tab.DP5_C, tab.DP5_B),
        (tab.DOP853_A[:12, :12], tab.DOP853_C[:12], tab.DOP853_B),
    ):
        np.testing.assert_allclose(A.sum(axis=1), C[: A.shape[0]], atol=1e-14)
        assert abs(B.sum() - 1) < 1e-14
    # Order conditions b.c^k = 1/(k+1) up to the pair's order.
    for B, C, order in ((tab.DP5_B, tab.DP5_C, 5), (tab.DOP853_B, tab.DOP853_C[:12], 8)):
        for k in range(order):
            assert abs(B @ C[: B.size] ** k - 1 / (k + 1)) < 1e-13


def _both_dop853(f, y0s, p0s, ts, **options):
    """dop853_serial's and dop853_compact's (out, status, info) for the same call."""
    from tsdyn.systems import _integrate as I

    return [I.solve_rk(f, y0s, p0s, ts, t0=0.0, compact=compact, **options) for compact in (False, True)]


def test_compact_dop853_is_bit_identical_to_the_unrolled_one():
    # Small calls run on dop853_compact (a loop over the tableau); it must take the same steps to the same
    # bits as dop853_serial: every tolerance, a ramp, an ensemble, flows of 3 to 5 variables.
    import tsdyn.systems as ts

    calls = 0
    for name in ("Lorenz", "Rossler", "Lorenz96", "DoublePendulum", "VanDerPol"):
        system = ts.get(name)
        f = system.compiled("rhs")
        p = np.array([list(system.params.values())], dtype=float)
        times = np.linspace(0.0, 5 * system.period, 301)
        for tol in (1e-3, 1e-6, 1e-9, 1e-12):
            calls += _same(_both_dop853(f, system.ic[None, :], p, times, rtol=tol, atol=tol))
        # An ensemble of three members under a ramp of the first parameter that starts mid-run.
        y0s = system.ic + 0.1 * np.random.default_rng(0).standard_normal((3, system.dimension))
        rate = np.zeros(p.shape[1])
        rate[0] = 0.02 * (abs(p[0, 0]) or 1.0)
        calls += _same(_both_dop853(f, y0s, np.repeat(p, 3, axis=0), times, rate=rate, t_ramp=times[100]))
    assert calls == 25


def _same(runs) -> int:
    (out_a, status_a, info_a), (out_b, status_b, info_b) = runs
    assert (status_a == 0).all() and info_a[:, 0].min() > 10  # real integrations, not trivial ones
    assert (
        np.array_equal(out_a, out_b) and np.array_equal(status_a, status_b) and np.array_equal(info_a, info_b)
    )
    return 1


def square_growth(t, y, p, out):
    out[0] = y[0] * y[0]  # y = 1 / (1 - t): infinite at t = 1


def test_compact_dop853_stops_as_the_unrolled_one():
    # Blow-up, a NaN right-hand side mid-run, a step budget: the same status, time reached and NaN rows.
    from tests.systems.test_nonfinite_rhs import nan_after_one
    from tsdyn.systems import _integrate as I

    cases = [
        (square_growth, {"max_abs": 1e6}, I.BLOW_UP),
        (nan_after_one, {}, I.NONFINITE),
        (square_growth, {"max_steps": 5}, I.MAX_STEPS),
    ]
    for rhs, options, code in cases:
        runs = _both_dop853(
            I.compile_rhs(rhs), np.ones((1, 1)), np.zeros((1, 0)), np.linspace(0, 2, 9), **options
        )
        assert [int(r[1][0]) for r in runs] == [code, code]
        assert np.array_equal(runs[0][0], runs[1][0], equal_nan=True) and np.array_equal(
            runs[0][2], runs[1][2]
        )


def infinite_at_start(t, y, p, out):
    out[0] = np.inf if t == 0.0 else -y[0]


def test_an_infinite_derivative_at_the_start_is_a_status_not_a_zero_division():
    # The first-step probe divided by h0 = 0.01 * d0 / inf = 0 and raised ZeroDivisionError out of the kernel.
    from tsdyn.systems import _integrate as I

    f = I.compile_rhs(infinite_at_start)
    for method, compact in ((I.DOPRI5, False), (I.DOP853, False), (I.DOP853, True)):
        out, status, info = I.solve_rk(
            f, np.ones((1, 1)), np.zeros((1, 0)), np.array([0.0, 1.0]), t0=0.0, method=method, compact=compact
        )
        assert int(status[0]) == I.NONFINITE_START and info[0, 3] == 0.0 and np.isnan(out[0, 1, 0])


def test_small_calls_choose_the_compact_kernel():
    from tsdyn.systems import _integrate as I

    # integrate(n=1000) of Lorenz: 10 periods of 3 variables; 1000 periods or 100 members are large.
    assert I.compact_fits(1, 3, 10 * 0.75, 0.75)
    assert not I.compact_fits(1, 3, 1000 * 0.75, 0.75) and not I.compact_fits(100, 3, 10 * 0.75, 0.75)
