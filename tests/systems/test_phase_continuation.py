"""Pseudo-arclength continuation with bifurcation detection (tsdyn/systems/continuation.py)."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError


def _saddle_node(t, y, p, out):
    out[0] = p[0] + y[0] * y[0]


def _pitchfork(t, y, p, out):
    out[0] = p[0] * y[0] - y[0] ** 3


def _hopf(t, y, p, out):
    r2 = y[0] ** 2 + y[1] ** 2
    out[0] = p[0] * y[0] - p[2] * y[1] + p[1] * y[0] * r2
    out[1] = p[2] * y[0] + p[0] * y[1] + p[1] * y[1] * r2


def test_saddle_node_fold_and_branch_shape():
    s = ts.define(_saddle_node, params={"r": -1.0}, ic=[-1.0])
    br = ts.continuation(s, "r", bounds=(-1.0, 1.0), start=[-1.0])
    assert br.bifurcation_type.values.tolist() == ["fold"]
    assert abs(float(br.bifurcation_param[0])) < 1e-9 and abs(float(br.bifurcation_state[0, 0])) < 1e-5
    # Every point lies on x^2 = -r; x < 0 (stable, eigenvalue 2x) before the fold, x > 0 after.
    x, r = br.state.values[:, 0], br.r.values
    np.testing.assert_allclose(x**2, -r, atol=1e-9)
    np.testing.assert_array_equal(br.stable.values, x < 0)
    np.testing.assert_allclose(br.eigenvalues.values[:, 0].real, 2 * x, atol=1e-6)
    assert br.attrs["stopped"] == "bound" and br.r.values[-2] >= -1.0


def test_pitchfork_branch_point_on_the_trivial_branch():
    s = ts.define(_pitchfork, params={"r": -1.0}, ic=[0.0])
    br = ts.continuation(s, "r", bounds=(-1.0, 1.0), start=[0.0])
    assert br.bifurcation_type.values.tolist() == ["branch point"]
    assert float(br.bifurcation_param[0]) == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_array_equal(br.stable.values, br.r.values < 0)


@pytest.mark.parametrize(("s", "omega"), [(-1.0, 1.0), (1.0, 1.0), (-0.3, 2.0)])
def test_hopf_normal_form_and_its_first_lyapunov_coefficient(s, omega):
    sys_ = ts.define(_hopf, params={"mu": -1.0, "s": s, "omega": omega}, ic=[0.0, 0.0])
    br = ts.continuation(sys_, "mu", bounds=(-1.0, 1.0), start=[0.0, 0.0])
    assert br.bifurcation_type.values.tolist() == ["hopf"]
    assert float(br.bifurcation_param[0]) == pytest.approx(0.0, abs=1e-9)
    assert float(br.frequency[0]) == pytest.approx(omega, rel=1e-8)
    # z' = (mu + i omega) z + s |z|^2 z in x, y with |q| = 1: l1 = 2 s / omega (sign: super/subcritical).
    assert float(br.first_lyapunov[0]) == pytest.approx(2 * s / omega, rel=1e-4)


def test_brusselator_hopf_at_one_plus_a_squared():
    for a in (1.0, 1.5):
        br = ts.continuation(ts.get("Brusselator", a=a, b=1.0), "b", bounds=(0.5, 5.0), start=[a, 1 / a])
        assert br.bifurcation_type.values.tolist() == ["hopf"]
        assert float(br.bifurcation_param[0]) == pytest.approx(1 + a * a, abs=1e-8)
        assert float(br.frequency[0]) == pytest.approx(a, rel=1e-6)  # omega = a at the Hopf point
        np.testing.assert_allclose(
            br.state.values, np.c_[np.full(br.sizes["point"], a), br.b.values / a], atol=1e-9
        )


def test_lorenz_pitchfork_at_rho_one_and_subcritical_hopf():
    sigma, beta = 10.0, 8.0 / 3.0
    origin = ts.continuation(ts.get("Lorenz", rho=0.5), "rho", bounds=(0.0, 30.0), start=[0, 0, 0])
    assert origin.bifurcation_type.values.tolist() == ["branch point"]
    assert float(origin.bifurcation_param[0]) == pytest.approx(1.0, abs=1e-9)
    c = math.sqrt(beta)
    cplus = ts.continuation(ts.get("Lorenz", rho=2.0), "rho", bounds=(1.5, 30.0), start=[c, c, 1.0])
    assert cplus.bifurcation_type.values.tolist() == ["hopf"]
    rho_h = sigma * (sigma + beta + 3) / (sigma - beta - 1)
    assert float(cplus.bifurcation_param[0]) == pytest.approx(rho_h, abs=1e-8)
    assert float(cplus.first_lyapunov[0]) > 0  # subcritical
    # C+ = (sqrt(beta (rho - 1)), same, rho - 1) along the whole branch.
    rho = cplus.rho.values
    np.testing.assert_allclose(cplus.state.values[:, 2], rho - 1, atol=1e-9)
    np.testing.assert_allclose(cplus.state.values[:, 0], np.sqrt(beta * (rho - 1)), atol=1e-9)
    np.testing.assert_array_equal(cplus.stable.values, rho < rho_h)


def test_map_period_doubling_and_fold():
    # Logistic fixed point x = 1 - 1/r: multiplier 2 - r, period doubling at r = 3.
    br = ts.continuation(ts.get("Logistic", r=2.0), "r", bounds=(1.5, 3.5), start=[0.5])
    assert br.bifurcation_type.values.tolist() == ["period-doubling"]
    assert float(br.bifurcation_param[0]) == pytest.approx(3.0, abs=1e-9)
    # Transcritical at r = 1 on the same branch (x = 1 - 1/r crosses x = 0): a branch point.
    br = ts.continuation(ts.get("Logistic", r=2.0), "r", bounds=(0.5, 3.5), start=[0.5], direction=-1)
    assert br.bifurcation_type.values.tolist() == ["branch point"]
    assert float(br.bifurcation_param[0]) == pytest.approx(1.0, abs=1e-9)


def test_lost_branch_is_reported_not_raised():
    # x' = r - |x|^(1/2): the branches x = +-r^2 meet in a cusp at r = 0 (f_x infinite), where no step goes on.
    def corner(t, y, p, out):
        out[0] = p[0] - np.sqrt(abs(y[0]))

    s = ts.define(corner, params={"r": 1.0}, ic=[1.0])
    br = ts.continuation(s, "r", bounds=(-1.0, 2.0), start=[1.0], direction=-1)
    assert br.attrs["stopped"] == "lost" and "lost the branch" in br.attrs["message"]
    assert br.r.values.min() >= 0 and br.sizes["point"] > 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"param": "nope", "bounds": (0, 1)}, "nope"),
        ({"param": "rho", "bounds": (1, 0)}, "bounds"),
        ({"param": "rho", "bounds": (0, 10)}, "outside bounds"),
        ({"param": "rho", "bounds": (0, 30), "direction": 0}, "direction"),
        ({"param": "rho", "bounds": (0, 30), "start": [1.0, 2.0]}, "start"),
        ({"param": "rho", "bounds": (0, 30), "step": -1.0}, "step"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.continuation(ts.get("Lorenz"), **kwargs)


def test_other_kinds_refused():
    with pytest.raises(InputError, match="flows and maps"):
        ts.continuation(ts.get("MackeyGlass"), "beta", bounds=(0, 5))


def test_bifurcation_diagram_draws_stability_and_labels():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import xarray as xr

    from tsdyn.plot import bifurcation_diagram

    s = ts.define(_saddle_node, params={"r": -1.0}, ic=[-1.0])
    ax = bifurcation_diagram(ts.continuation(s, "r", bounds=(-1.0, 1.0), start=[-1.0]))
    assert [line.get_linestyle() for line in ax.lines[:2]] == ["-", "--"]  # stable, then unstable
    assert [t.get_text() for t in ax.texts] == ["LP"]
    with pytest.raises(InputError, match="continuation or orbit_diagram"):
        bifurcation_diagram(xr.Dataset())
