"""Orbit diagrams and period-doubling points (tsdyn/systems/bifurcations.py)."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError

# Period-doubling points of the logistic map: r_1 = 3, r_2 = 1 + sqrt(6), then (Feigenbaum 1978;
# e.g. Strogatz, Nonlinear Dynamics and Chaos, table 10.2.1) 3.544090, 3.564407, 3.568759, 3.569692.
PD_LOGISTIC = [3.0, 1 + math.sqrt(6), 3.544090, 3.564407, 3.568759, 3.569692]
BRACKETS = [(2.9, 3.2), (3.3, 3.5), (3.46, 3.56), (3.55, 3.566), (3.565, 3.569), (3.5689, 3.5697)]
FEIGENBAUM = 4.669201609


def test_logistic_orbit_diagram_periods_and_lyapunov():
    r = np.array([2.8, 3.2, 3.5, 3.83, 4.0])
    od = ts.orbit_diagram(ts.get("Logistic"), "r", r, n=256, transient=5000)
    assert od.state.dims == ("r", "point", "variable") and od.state.shape == (5, 256, 1)
    distinct = [np.unique(np.round(od.state.sel(r=v).values, 6)).size for v in r]
    # Fixed point, 2-cycle, 4-cycle, the period-3 window, chaos.
    assert distinct[:4] == [1, 2, 4, 3] and distinct[4] > 200
    lyap = od.lyapunov.values
    assert (lyap[:4] < 0).all()
    assert lyap[4] == pytest.approx(math.log(2), abs=0.05)  # r = 4: lambda = ln 2
    # The 2-cycle's multiplier is 4 + 2r - r^2 (Strogatz, ex. 10.3.2): lambda = ln|4 + 2r - r^2| / 2.
    assert lyap[1] == pytest.approx(math.log(abs(4 + 6.4 - 3.2**2)) / 2, abs=1e-6)
    # The same exponent as lyapunov_spectrum's, computed in the sweep's own pass.
    alone = ts.lyapunov_spectrum(ts.get("Logistic", r=3.83), k=1, n=256, transient=5000).exponents[0]
    assert lyap[3] == pytest.approx(alone, rel=1e-9)
    np.testing.assert_allclose(od.state.sel(r=2.8).values, 1 - 1 / 2.8, atol=1e-10)
    assert od.attrs["swept"] == "r" and od.attrs["tsdyn_function"] == "tsdyn.systems.orbit_diagram"


def test_logistic_period_doublings_and_feigenbaum_ratios():
    s = ts.get("Logistic")
    rs = np.array([ts.period_doubling(s, "r", b, period=2**k) for k, b in enumerate(BRACKETS)])
    np.testing.assert_allclose(rs[:2], PD_LOGISTIC[:2], rtol=0, atol=1e-10)
    np.testing.assert_allclose(rs, PD_LOGISTIC, rtol=0, atol=1e-6)  # the table's six digits
    gaps = np.diff(rs)
    ratios = gaps[:-1] / gaps[1:]
    # The third and fourth ratios, (r4 - r3) / (r5 - r4) and (r5 - r4) / (r6 - r5), near delta.
    np.testing.assert_allclose(ratios[2:], FEIGENBAUM, rtol=0.01)


def test_henon_diagram_marks_escaping_values():
    od = ts.orbit_diagram(ts.get("Henon"), "a", [1.0, 1.4, 1.6], n=200, transient=1000, lyapunov=False)
    assert od.escaped.values.tolist() == [False, False, True]
    assert od.n_points.values.tolist() == [200, 200, 0] and np.isnan(od.state.sel(a=1.6)).all()
    assert np.unique(np.round(od.state.sel(a=1.0, variable="x0").values, 6)).size == 4  # a 4-cycle
    assert "lyapunov" not in od


def test_rossler_c_sweep_period_doubling_cascade():
    od = ts.orbit_diagram(
        ts.get("Rossler"),
        "c",
        [2.5, 3.5, 4.0, 5.7],
        n=20000,
        transient=500.0,
        plane=("x1", 0.0),
        direction=-1,
    )
    distinct = []
    for c in od.c.values:
        x = od.state.sel(c=c, variable="x0").values
        distinct.append(np.unique(np.round(x[np.isfinite(x)], 3)).size)
    assert distinct[:3] == [1, 2, 4] and distinct[3] > 100
    assert od.lyapunov.sel(c=5.7) == pytest.approx(0.0714, abs=0.01)  # Sprott (2003), table A.1
    assert (np.abs(od.lyapunov.values[:3]) < 0.01).all()  # periodic: the largest exponent is 0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ts.orbit_diagram(ts.get("Logistic"), "rr", [3.0]), "no parameter 'rr'; did you mean 'r'"),
        (lambda: ts.orbit_diagram(ts.get("Logistic"), "r", [3.0], plane=("x0", 0.5)), "is a map"),
        (lambda: ts.orbit_diagram(ts.get("Logistic"), "r", [3.0, np.nan]), "finite numbers"),
        (lambda: ts.orbit_diagram(ts.get("MackeyGlass"), "beta", [2.0]), "for flows and maps"),
        (lambda: ts.period_doubling(ts.get("Logistic"), "r", (3.1, 3.2)), "no period doubling"),
        (lambda: ts.period_doubling(ts.get("Logistic"), "r", (3.2, 3.1)), "low < high"),
        (lambda: ts.period_doubling(ts.get("Logistic"), "r", (2.9, 3.2), plane=("x0", 0.5)), "is a map"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


@pytest.mark.slow
def test_rossler_first_period_doubling_agrees_with_its_orbit_diagram():
    s = ts.get("Rossler")
    sec = {"plane": ("x1", 0.0), "direction": -1}
    c1 = ts.period_doubling(s, "c", (2.5, 3.5), xtol=1e-6, **sec)
    assert 2.8 < c1 < 2.9
    od = ts.orbit_diagram(s, "c", [c1 - 0.1, c1 + 0.1], n=10000, transient=2000.0, lyapunov=False, **sec)
    distinct = [
        np.unique(np.round(od.state.isel(c=j, variable=0).values[: int(od.n_points[j])], 4)).size
        for j in range(2)
    ]
    assert distinct == [1, 2]
