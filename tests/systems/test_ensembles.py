"""Validated ensembles (tsdyn/systems/_ensembles.py through System.validated_ensemble).

References: Lorenz (10, 28, 8/3) is chaotic with lambda1 ~ 0.906 (Sprott 2003);
at rho = 10 every orbit falls onto C+- = (+-sqrt(b (rho - 1)), ..., rho - 1)
(rho < 24.74, Lorenz 1963); rho = 160 lies in the periodic window 145 < rho < 166
(Sparrow 1982); Van der Pol is a limit cycle for every mu > 0; Henon (1.4, 0.3)
has lambda1 ~ 0.419; the logistic map at r = 3.2 has an attracting 2-cycle
(3 < r < 1 + sqrt 6). With beta < 0 Lorenz's z grows like exp(|beta| t).
"""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError

LORENZ_RUN = {"n": 2000, "dt": 0.02, "transient": 10.0}


def test_chaotic_lorenz_members_pass_and_equal_plain_integrations():
    s = ts.get("Lorenz")
    x, report = s.validated_ensemble(4, **LORENZ_RUN, param_spread=0.01, seed=3)
    assert x.dims == ("time", "variable", "member") and x.sizes["member"] == 4
    assert report.accepted.all() and (report.member.values == np.arange(4)).all()
    assert ((report.lyapunov > 0.7) & (report.lyapunov < 1.1)).all()
    # Each member is exactly what a plain integration with its parameters and start gives.
    for m in range(4):
        row = report[report.member == m].iloc[0]
        params = {k: row[f"param_{k}"] for k in s.params}
        assert float(x.rho[m]) == params["rho"]
        ic = [row[f"ic_{v}"] for v in s.variables]
        ref = s.with_params(**params).integrate(**LORENZ_RUN, ic=ic)
        np.testing.assert_array_equal(x.isel(member=m).values, ref.values)
    again, report2 = s.validated_ensemble(4, **LORENZ_RUN, param_spread=0.01, seed=3)
    np.testing.assert_array_equal(again.values, x.values)
    assert report2.equals(report)
    assert "param_rho" not in x.attrs and x.attrs["validation_candidates"] == 4


def test_fixed_point_is_rejected():
    s = ts.get("Lorenz", rho=10.0)
    x, report = s.validated_ensemble(2, **LORENZ_RUN, seed=1, max_tries=3)
    assert x.sizes["member"] == 0 and len(report) == 3
    assert (report.reason == "fixed point").all() and not report.accepted.any()
    # The orbit did settle on one of Lorenz's analytic fixed points.
    end = s.integrate(**LORENZ_RUN).values[-1]
    c = np.sqrt(s.params["beta"] * 9.0)
    assert np.allclose(np.abs(end), [c, c, 9.0], atol=1e-6)


@pytest.mark.parametrize(
    ("system", "run"),
    [
        (ts.get("Lorenz", rho=160.0), {"n": 4000, "dt": 0.01, "transient": 50.0}),
        (ts.get("VanDerPol"), {"n": 2000, "dt": 0.1, "transient": 50.0}),
        (ts.get("Logistic", r=3.2), {"n": 200, "transient": 500}),
    ],
)
def test_periodic_orbits_are_rejected_as_limit_cycles(system, run):
    x, report = system.validated_ensemble(2, **run, seed=2, max_tries=2)
    assert x.sizes["member"] == 0
    assert (report.reason == "limit cycle").all(), report.detail.tolist()
    if system.name == "Logistic":
        assert (report.detail == "periodic orbit with period 2").all()


def test_blow_up_is_rejected_as_unbounded():
    s = ts.get("Lorenz", beta=-1.0)
    _, report = s.validated_ensemble(1, n=300, dt=0.1, seed=0, max_tries=2)
    assert (report.reason == "unbounded").all() and report.detail.str.contains("blow-up").all()
    # Shorter: the sampled run stays below the bound but the Lyapunov run from its end escapes.
    _, report = s.validated_ensemble(1, n=50, dt=0.1, seed=0, max_tries=1)
    assert report.reason.tolist() == ["unbounded"]


def test_map_ensemble_and_lyapunov_of_henon():
    x, report = ts.get("Henon").validated_ensemble(3, n=300, transient=100, ic_spread=1e-4, seed=5)
    assert x.sizes["member"] == 3
    accepted = report[report.accepted]
    assert np.allclose(accepted.lyapunov, 0.419, atol=0.05)


def test_checks_can_be_switched_off_and_tries_run_out():
    s = ts.get("Lorenz", rho=10.0)
    x, report = s.validated_ensemble(2, **LORENZ_RUN, seed=1, checks=("bounded",))
    assert x.sizes["member"] == 2 and report.accepted.all() and report.lyapunov.isna().all()
    # Only the Lyapunov check left: the fixed point is still rejected, with a negative exponent.
    _, report = s.validated_ensemble(1, **LORENZ_RUN, seed=1, checks=("lyapunov",), max_tries=1)
    assert report.reason.tolist() == ["lyapunov"] and report.lyapunov.iloc[0] < 0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ts.get("MackeyGlass").validated_ensemble(2), "flows and maps"),
        (lambda: ts.get("Lorenz").validated_ensemble(0), "n_members must be"),
        (lambda: ts.get("Lorenz").validated_ensemble(2, max_tries=1), "max_tries must be"),
        (lambda: ts.get("Lorenz").validated_ensemble(1, checks=("chaos",)), "unknown checks"),
        (lambda: ts.get("Lorenz").validated_ensemble(1, param_spread={"r": 0.1}), "no param_spread 'r'"),
        (lambda: ts.get("Lorenz").validated_ensemble(1, param_spread=-1.0), "param_spread must be"),
        (lambda: ts.get("Lorenz").validated_ensemble(1, n=5, dt=0.1), "at least 8 samples"),
        (lambda: ts.get("Lorenz").validated_ensemble(1, cycle_tol=0.0), "cycle_tol must be"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_seed_recorded_when_none_given_reproduces_the_ensemble():
    s = ts.get("Lorenz")
    x, _ = s.validated_ensemble(2, n=200, dt=0.02, transient=5.0, checks=("bounded",))
    again, _ = s.validated_ensemble(
        2,
        n=200,
        dt=0.02,
        transient=5.0,
        checks=("bounded",),
        seed=np.random.SeedSequence(int(x.attrs["seed"])),
    )
    np.testing.assert_array_equal(again.values, x.values)
