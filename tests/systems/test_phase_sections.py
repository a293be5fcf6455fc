"""Poincaré sections and return maps located on continuous trajectories (tsdyn/systems/sections.py)."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError

VDP_T = 6.6632868593231  # the catalog's period of Van der Pol at mu = 1


@pytest.fixture(scope="module")
def lorenz_run():
    return ts.get("Lorenz").integrate(n=20000, dt=0.01, transient=10.0)


def test_section_lies_on_the_plane(lorenz_run):
    sec = ts.poincare_section(lorenz_run, plane=("x2", 27.0), direction=-1)
    assert sec.sizes["crossing"] > 100 and sec.attrs["method"] == "quintic Hermite"
    np.testing.assert_allclose(sec.state.sel(variable="x2"), 27.0, atol=1e-12)
    assert (sec.sign == -1).all() and (sec.time.diff("crossing") > 0).all()
    assert sec.attrs["tsdyn_function"] == "tsdyn.systems.poincare_section"


def test_both_directions_are_the_union(lorenz_run):
    kw = {"plane": ([0.0, 0.0, 1.0], 27.0)}
    up = ts.poincare_section(lorenz_run, direction=1, **kw)
    down = ts.poincare_section(lorenz_run, direction=-1, **kw)
    both = ts.poincare_section(lorenz_run, direction=0, **kw)
    assert both.sizes["crossing"] == up.sizes["crossing"] + down.sizes["crossing"]
    np.testing.assert_array_equal(np.sort(both.time), np.sort(np.concatenate([up.time, down.time])))


def test_hermite_crossings_are_accurate_on_a_coarse_grid():
    # dt = 0.05 (130 points per period): linear interpolation between samples would be off by ~1e-3;
    # the quintic Hermite interpolant is within 1e-8 of the crossings located during integration.
    s = ts.get("VanDerPol")
    x = s.integrate(n=1500, dt=0.05, transient=60.0, rtol=1e-12, atol=1e-12)
    after = ts.poincare_section(x, plane=("x0", 0.0), direction=1)
    during = ts.poincare_section(
        s, plane=("x0", 0.0), direction=1, t=75.0, transient=60.0, rtol=1e-12, atol=1e-12
    )
    assert during.attrs["method"] == "scipy DOP853 events"
    n = min(after.sizes["crossing"], during.sizes["crossing"])
    assert n >= 10
    np.testing.assert_allclose(after.time[:n], during.time[:n], atol=1e-8)
    np.testing.assert_allclose(after.state[:n], during.state[:n], atol=1e-8)
    np.testing.assert_allclose(after.time.diff("crossing"), VDP_T, atol=1e-7)


def test_cubic_hermite_without_a_jacobian():
    def vdp(t, y, p, out):
        out[0] = y[1]
        out[1] = p[0] * (1 - y[0] * y[0]) * y[1] - y[0]

    s = ts.define(vdp, params={"mu": 1.0}, ic=[2.0, 0.0])
    x = s.integrate(n=2000, dt=0.01, transient=60.0, rtol=1e-12, atol=1e-12)
    sec = ts.poincare_section(x, plane=("x0", 0.0), system=s)
    assert sec.attrs["method"] == "cubic Hermite"
    np.testing.assert_allclose(sec.time.diff("crossing"), VDP_T, atol=1e-7)


def test_lorenz_map_of_successive_maxima_is_a_thin_single_hump(lorenz_run):
    # Lorenz (1963, fig. 4): successive maxima of z lie on a cusp-shaped curve z_{n+1} = g(z_n),
    # increasing then decreasing. The flow contracts volumes by exp(-13.67 t), so the attractor is
    # nearly a surface and the map nearly a curve: interpolating each point's z_{n+1} from its two
    # neighbours in z_n misses by far less than the spread a cloud would give (shuffled: ~0.2).
    zmap = ts.return_map(lorenz_run, variable="x2")
    assert zmap.sizes["event"] > 200 and zmap.attrs["events"] == "maxima"
    v, nxt = zmap.value.values, zmap.next.values
    np.testing.assert_array_equal(v[1:], nxt[:-1])
    order = np.argsort(v)
    v, nxt = v[order], nxt[order]
    top = int(np.argmax(nxt))
    assert 0.3 < (v[top] - v[0]) / np.ptp(v) < 0.7  # the hump is inside the range
    d = np.diff(nxt)
    assert (d[:top] < 0).sum() <= 2 and (d[top:] > 0).sum() <= 2  # increasing, then decreasing
    pred = nxt[:-2] + (nxt[2:] - nxt[:-2]) * (v[1:-1] - v[:-2]) / (v[2:] - v[:-2])
    miss = np.abs(pred - nxt[1:-1]) / np.ptp(nxt)
    assert np.median(miss) < 1e-3 and np.quantile(miss, 0.95) < 1e-2


def test_return_map_during_integration_and_on_a_plane():
    s = ts.get("VanDerPol")
    zmax = ts.return_map(s, variable="x0", t=40.0, transient=60.0)
    # The limit cycle's maximum of x (about 2.0086) repeats.
    np.testing.assert_allclose(zmax.next, zmax.value, atol=1e-8)
    assert 2.0 < float(zmax.value[0]) < 2.02
    zmin = ts.return_map(s, variable="x0", minima=True, t=40.0, transient=60.0)
    np.testing.assert_allclose(zmin.value, -zmax.value[0], atol=1e-8)  # the cycle is symmetric
    on_plane = ts.return_map(s, variable="x1", plane=("x0", 0.0), t=40.0, transient=60.0, lag=2)
    np.testing.assert_allclose(on_plane.next, on_plane.value, atol=1e-8)


def test_never_crossed_gives_an_empty_result_with_a_message(lorenz_run):
    sec = ts.poincare_section(lorenz_run, plane=("x2", 100.0))
    assert sec.sizes["crossing"] == 0
    assert sec.attrs["message"] == "the orbit never crosses the plane x2 = 100 in direction 1"
    zmap = ts.return_map(lorenz_run.isel(time=slice(0, 20)), variable="x2")
    assert zmap.sizes["event"] == 0 and "no pairs to map" in zmap.attrs["message"]


def test_bad_input(lorenz_run):
    lorenz = ts.get("Lorenz")
    cases = [
        (lambda: ts.poincare_section(ts.get("Henon"), plane=("x0", 0.0)), "Henon is a map"),
        (lambda: ts.poincare_section(ts.get("MackeyGlass"), plane=("x0", 0.0)), "for flows and maps"),
        (lambda: ts.poincare_section(lorenz, plane=("z", 0.0)), "no variable 'z'"),
        (lambda: ts.poincare_section(lorenz, plane=([1.0, 0.0], 0.0)), "normal must be 3 finite numbers"),
        (lambda: ts.poincare_section(lorenz, plane=27.0), "plane must be a pair"),
        (lambda: ts.poincare_section(lorenz, plane=("x2", 27.0), direction=2), "direction must be"),
        (lambda: ts.poincare_section(lorenz, plane=("x2", 27.0), params={"r": 1.0}), "no parameter 'r'"),
        (lambda: ts.poincare_section(lorenz_run, plane=("x2", 27.0), t=5.0), "t= is for a system"),
        (lambda: ts.poincare_section(lorenz_run, plane=("x2", 27.0), params={"rho": 1.0}), "params= is for"),
        (lambda: ts.poincare_section(lorenz_run.values, plane=("x2", 27.0)), "pass system="),
        (lambda: ts.poincare_section(lorenz_run.values, plane=("x2", 27.0), system=lorenz), "DataArray"),
        (lambda: ts.return_map(lorenz_run, variable="x2", plane=("x2", 27.0), minima=True), "give one"),
        (lambda: ts.return_map(lorenz_run, variable="x2", direction=-1), "minima=True or False"),
    ]
    for call, match in cases:
        with pytest.raises(InputError, match=match):
            call()
    # Built from the run, so that no other compiled kernel is needed.
    ens = lorenz_run.isel(time=slice(0, 50)).expand_dims(member=2)
    with pytest.raises(InputError, match="one trajectory at a time"):
        ts.poincare_section(ens, plane=("x2", 27.0))
    ramped = lorenz_run.isel(time=slice(0, 50)).assign_attrs(ramp_rho=np.array([28.0, 30.0]))
    with pytest.raises(InputError, match="integrated with a ramp"):
        ts.poincare_section(ramped, plane=("x2", 27.0))
