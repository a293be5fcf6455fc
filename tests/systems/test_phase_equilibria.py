"""Fixed points and period-k points against their closed forms (tsdyn/systems/equilibria.py)."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError

LORENZ_BOX = [(-30, 30), (-30, 30), (-10, 60)]


def test_lorenz_origin_and_c_pm():
    s = ts.get("Lorenz")
    beta, rho = s.params["beta"], s.params["rho"]
    fp = ts.fixed_points(s, box=LORENZ_BOX, seed=1)
    a = math.sqrt(beta * (rho - 1))
    expected = np.array([[-a, -a, rho - 1], [0.0, 0.0, 0.0], [a, a, rho - 1]])
    np.testing.assert_allclose(fp.state.values, expected, rtol=0, atol=1e-10)
    assert fp.type.values.tolist() == ["saddle-focus", "saddle", "saddle-focus"]
    assert not fp.stable.values.any()
    # The origin's eigenvalues: -beta and the roots of l^2 + (sigma + 1) l - sigma (rho - 1) = 0.
    sigma = s.params["sigma"]
    roots = np.roots([1, sigma + 1, -sigma * (rho - 1)])
    np.testing.assert_allclose(
        np.sort(fp.eigenvalues.values[1].real), np.sort([*roots, -beta]), rtol=0, atol=1e-10
    )
    assert fp.attrs["tsdyn_function"] == "tsdyn.systems.fixed_points"
    assert fp.attrs["param_rho"] == rho


def test_lorenz_below_the_pitchfork_has_one_stable_node():
    fp = ts.fixed_points(ts.get("Lorenz"), box=LORENZ_BOX, params={"rho": 0.5}, n_starts=20)
    np.testing.assert_allclose(fp.state.values, [[0.0, 0.0, 0.0]], atol=1e-12)
    assert fp.type.values.tolist() == ["node"] and fp.stable.values.tolist() == [True]


def test_rossler_two_equilibria_default_box():
    s = ts.get("Rossler")
    a, b, c = s.params["a"], s.params["b"], s.params["c"]
    fp = ts.fixed_points(s, seed=0)
    xs = (c + np.array([-1, 1]) * math.sqrt(c * c - 4 * a * b)) / 2
    expected = np.column_stack([xs, -xs / a, xs / a])
    np.testing.assert_allclose(fp.state.values, expected, rtol=0, atol=1e-10)
    assert fp.type.values.tolist() == ["saddle-focus", "saddle-focus"]


def test_henon_two_fixed_points():
    s = ts.get("Henon")
    a, b = s.params["a"], s.params["b"]
    fp = ts.fixed_points(s, seed=0)
    xs = (-(1 - b) + np.array([-1, 1]) * math.sqrt((1 - b) ** 2 + 4 * a)) / (2 * a)
    np.testing.assert_allclose(fp.state.values, np.column_stack([xs, b * xs]), rtol=0, atol=1e-10)
    assert fp.type.values.tolist() == ["saddle", "saddle"] and fp.least_period.values.tolist() == [1, 1]
    # det DF = -b: the product of the multipliers.
    np.testing.assert_allclose(fp.eigenvalues.values.prod(axis=1), -b, atol=1e-12)


def test_logistic_fixed_points_and_two_cycle():
    s = ts.get("Logistic")
    r = s.params["r"]
    fp = ts.fixed_points(s)
    np.testing.assert_allclose(fp.state.values.ravel(), [0.0, 1 - 1 / r], rtol=0, atol=1e-10)
    # Multipliers r and 2 - r: both unstable at r = 3.9 (the second by flipping).
    np.testing.assert_allclose(fp.eigenvalues.values.ravel().real, [r, 2 - r], atol=1e-12)
    assert not fp.stable.values.any()
    two = ts.fixed_points(s, period=2)
    cycle = ((r + 1) + np.array([-1, 1]) * math.sqrt((r + 1) * (r - 3))) / (2 * r)
    pts = two.state.values.ravel()
    np.testing.assert_allclose(pts[two.least_period.values == 2], cycle, rtol=0, atol=1e-10)
    np.testing.assert_allclose(pts[two.least_period.values == 1], [0.0, 1 - 1 / r], atol=1e-10)
    np.testing.assert_allclose(two.eigenvalues.values[two.least_period.values == 2].real, -r * r + 2 * r + 4)


def test_logistic_stable_fixed_point_below_r3():
    fp = ts.fixed_points(ts.get("Logistic", r=2.5), box=[(0.1, 1.0)], n_starts=10)
    np.testing.assert_allclose(fp.state.values.ravel(), [0.6], atol=1e-12)
    assert fp.stable.values.tolist() == [True] and fp.type.values.tolist() == ["node"]


def test_same_seed_same_result():
    s = ts.get("Henon")
    a, b = ts.fixed_points(s, seed=3, n_starts=30), ts.fixed_points(s, seed=3, n_starts=30)
    assert a.identical(b)


def test_box_without_fixed_points_gives_an_empty_result_with_a_message():
    fp = ts.fixed_points(ts.get("Lorenz"), box=[(1, 2), (1, 2), (1, 2)], n_starts=10)
    assert fp.sizes["fixed_point"] == 0
    assert "no fixed point of Lorenz in the box" in fp.attrs["message"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"params": {"rhoo": 1.0}}, "no parameter 'rhoo'; did you mean 'rho'"),
        ({"box": [(0, 1), (0, 1)]}, r"shape \(3, 2\)"),
        ({"box": [(0, 1), (2, 1), (0, 1)]}, "box excludes every start: for x1 its low 2"),
        ({"box": [(0, np.inf), (0, 1), (0, 1)]}, "box must be finite"),
        ({"period": 2}, "period=2 is for maps"),
        ({"n_starts": 0}, "n_starts"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.fixed_points(ts.get("Lorenz"), **kwargs)


@pytest.mark.parametrize("name", ["MackeyGlass", "DoubleWell"])
def test_delay_equations_and_sdes_are_refused(name):
    with pytest.raises(InputError, match="for flows and maps"):
        ts.fixed_points(ts.get(name))


def test_not_a_system():
    with pytest.raises(InputError, match="needs a tsdyn.systems.System"):
        ts.fixed_points("Lorenz")


def bistable(t, y, p, out):
    out[0] = p[0] * y[0] - y[0] ** 3


def test_user_flow_without_jacobian_uses_central_differences():
    s = ts.define(bistable, params={"a": 1.0}, ic=[0.5])
    fp = ts.fixed_points(s, box=[(-2.0, 2.0)], n_starts=20)
    np.testing.assert_allclose(fp.state.values.ravel(), [-1.0, 0.0, 1.0], atol=1e-10)
    # f'(x) = a - 3 x^2: -2 at +-1 (stable), 1 at 0; central differences to ~1e-8.
    np.testing.assert_allclose(fp.eigenvalues.values.ravel().real, [-2.0, 1.0, -2.0], atol=1e-6)
    assert fp.stable.values.tolist() == [True, False, True]


def test_arithmetic_errors_of_compiled_functions_end_a_start_not_the_search():
    # Hopalong's Jacobian divides by sqrt|b x - 1 - c|, zero on a line; it has no fixed point
    # (x = (a - 1) / 2 would need 1 + sqrt|b x - 1 - c| sign(x - 1) = 0).
    fp = ts.fixed_points(ts.get("Hopalong"), n_starts=20)
    assert fp.sizes["fixed_point"] == 0 and "none of 20 Newton starts" in fp.attrs["message"]
