"""Scenario runs: null runs match the linearized stationary statistics; ramps cross on time."""

import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.ews.scenarios import SCENARIOS, scenario


def lag1(v):
    v = v - v.mean(axis=0)
    return float(np.mean(np.sum(v[1:] * v[:-1], axis=0) / np.sum(v * v, axis=0)))


@pytest.mark.parametrize(
    ("kind", "ac1"),
    [
        # every run starts with linear decay rate 1: OU statistics var = sigma^2 / 2, ac1 = e^-1;
        # the Hopf x component also rotates: ac1 = e^-1 cos(omega * dt)
        ("fold", np.exp(-1)),
        ("transcritical", np.exp(-1)),
        ("pitchfork", np.exp(-1)),
        ("hopf", np.exp(-1) * np.cos(1.0)),
    ],
)
def test_null_runs_have_the_linearized_stationary_statistics(kind, ac1):
    da = scenario(kind, n_members=8, n_time=1000, sigma=0.02, null=True, seed=0)
    v = da.values[50:]
    assert v.var(axis=0).mean() == pytest.approx(0.02**2 / 2, rel=0.1)
    assert lag1(v) == pytest.approx(ac1, abs=0.04)
    assert np.isnan(da.transition_time).all() and da.attrs["null"] == 1


def test_may_grazing_model():
    # multiplicative noise sigma x around the upper state x* = 8.889 decaying at lambda = 0.7806:
    # linearized stationary variance (sigma x*)^2 / (2 lambda), lag-1 autocorrelation e^-lambda
    null = scenario("may", n_members=8, n_time=1000, sigma=0.02, null=True, seed=0).values[50:]
    assert null.mean() == pytest.approx(8.889, abs=0.02)
    assert null.var(axis=0).mean() == pytest.approx((0.02 * 8.889) ** 2 / (2 * 0.7806), rel=0.1)
    assert lag1(null) == pytest.approx(np.exp(-0.7806), abs=0.04)
    run = scenario("may", n_members=2, n_time=400, seed=1)
    assert run.attrs["bifurcation_parameter_start"] == 1.0
    # the ramp reaches the fold c = 2.6044 at the transition time
    rate = run.attrs["bifurcation_parameter_rate"]
    assert 1.0 + rate * run.attrs["bifurcation_time"] == pytest.approx(2.6044, abs=1e-3)
    assert (run.isel(time=slice(-10, None)) < 1.0).all()  # collapsed to the overgrazed state


def test_fold_ramp_tips_by_the_crossing():
    da = scenario("fold", n_members=3, n_time=400, seed=1)
    t_c = 0.8 * 399
    tt = da.transition_time.values
    assert (tt <= t_c).all() and (tt > 0.6 * t_c).all()
    assert da.attrs["bifurcation_time"] == pytest.approx(t_c)
    for m in range(3):  # before its transition time a run stays in the upper basin
        assert (da.isel(member=m).sel(time=slice(None, tt[m] - 0.5)) > -0.5).all()
    before = da.sel(time=slice(0, 50)).values
    after = da.isel(time=slice(-20, None)).values
    assert before.mean() == pytest.approx(0.3849, abs=0.02)  # upper branch of mu0 - x^2 - x^3/2
    assert after.mean() == pytest.approx(-2.0, abs=0.15)  # the alternative state near -c


def test_flicker_transition_is_the_first_jump():
    da = scenario("flicker", n_members=10, n_time=300, seed=2)
    for m in range(10):
        tt = float(da.transition_time[m])
        if np.isfinite(tt):
            x = da.isel(member=m)
            assert (x.sel(time=slice(None, tt - 0.5)) <= 0).all() and x.sel(time=tt) > 0


@pytest.mark.parametrize("kind", SCENARIOS)
def test_seeded_and_shaped(kind):
    a = scenario(kind, n_members=2, n_time=50, seed=5)
    b = scenario(kind, n_members=2, n_time=50, seed=5)
    null = scenario(kind, n_members=2, n_time=50, seed=5, null=True)
    np.testing.assert_array_equal(a.values, b.values)
    assert a.dims == ("time", "member") and a.shape == (50, 2)
    assert not np.array_equal(a.values[:, 0], a.values[:, 1])
    assert not np.array_equal(a.values, null.values)
    assert a.attrs["system"] == kind and a.attrs["seed"] == 5


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kind": "saddle"}, "kind"),
        ({"kind": "fold", "n_members": 0}, "n_members"),
        ({"kind": "fold", "sigma": -1.0}, "sigma"),
        ({"kind": "fold", "dt": 0}, "dt"),
        ({"kind": "fold", "transition": 1.5}, "transition"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        scenario(**kwargs)


# --- real systems of the catalog, ramped through a known bifurcation ---------------------


def test_stuart_landau_ramp_through_its_hopf_point_warns():
    from tsdyn.ews import analyze, roc_auc, system_scenario

    # x' = x (mu - r^2) - (omega + b r^2) y: a supercritical Hopf at mu = 0; near the stable focus
    # the fluctuations decay at rate -mu, so variance and lag-1 autocorrelation rise as mu -> 0
    kw = {"ramp": {"mu": (-1.0, 0.25)}, "bifurcation": 0.0, "n_members": 6, "n_time": 300, "dt": 0.5,
          "transient": 10.0, "seed": 4}  # fmt: skip
    runs = system_scenario("StuartLandau", **kw)
    null = system_scenario("StuartLandau", null=True, **kw)
    t = runs["time"].values
    # the ramp reaches mu = 0 at 1/1.25 of the way from the first sample to the last
    assert float(runs.transition_time[0]) == pytest.approx(t[0] + 0.8 * (t[-1] - t[0]))
    assert np.isnan(null.transition_time).all() and null.attrs["param_mu"] == -1.0
    assert runs.attrs["ramp_mu"].tolist() == [-1.0, 0.25]
    # null: the linearised focus at mu = -1 with noise 0.05 per component, var x = sigma^2 / (2 |mu|)
    assert float(null.var()) == pytest.approx(0.05**2 / 2, rel=0.2)
    n_use = int(np.searchsorted(t, float(runs.transition_time[0]) - 5.0))
    taus = {}
    for label, da in (("ramp", runs), ("null", null)):
        res = analyze(da.isel(time=slice(0, n_use)), window=0.5, detrend="gaussian", bandwidth=0.2)
        taus[label] = res.ktau["tau"]
    for name in ("variance", "ac1"):
        assert (taus["ramp"].loc[name] > 0.4).all()
        assert roc_auc(taus["null"].loc[name].values, taus["ramp"].loc[name].values) > 0.8


def test_system_scenario_bad_input():
    from tsdyn.ews import system_scenario

    with pytest.raises(InputError, match="exactly one parameter"):
        system_scenario("StuartLandau", ramp={"mu": (-1, 0), "b": (1, 2)})
    with pytest.raises(InputError, match="not crossed"):
        system_scenario("StuartLandau", ramp={"mu": (-1.0, -0.5)}, bifurcation=0.0)
    with pytest.raises(InputError, match="pair"):
        system_scenario("StuartLandau", ramp={"mu": -1.0})
    with pytest.raises(InputError, match="flow or an SDE"):
        system_scenario("Henon", ramp={"a": (1.0, 1.4)})
    with pytest.raises(InputError, match="variable"):
        system_scenario("StuartLandau", ramp={"mu": (-1.0, 0.2)}, variable="z")
    with pytest.raises(InputError, match="no system named"):
        system_scenario("NoSuchSystem", ramp={"mu": (-1.0, 0.2)})
