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


def test_lifted_angles_are_checked_by_their_increments():
    """The sine circle map, lifted (not taken mod 1): its angle drifts by design.

    At k = 5.7 it is chaotic (catalog); at k = 0.99, omega = 0.355 it lies in the 1/3
    Arnold tongue: x advances by exactly one turn every three steps, a period-3 orbit of
    the angle mod 1, which only its increments show (x itself never repeats).
    """
    circle = ts.get("Circle")
    assert circle.unbounded == (0,)
    x, report = circle.validated_ensemble(4, n=500, transient=100, seed=1, checks=CHECKS_NO_LYAPUNOV)
    assert report.accepted.all() and x.sizes["member"] == 4
    assert np.ptp(x.values[:, 0, 0]) > 100  # the raw angle drifts over hundreds of turns
    locked = ts.get("Circle", k=0.99, omega=0.355)
    lifted = locked.integrate(n=600, transient=200).values[:, 0]
    assert abs(lifted[-1] - lifted[-4] - 1.0) < 1e-9  # one turn every three steps
    _, report = locked.validated_ensemble(
        2, n=500, transient=200, seed=1, max_tries=2, checks=CHECKS_NO_LYAPUNOV
    )
    assert report.detail.tolist() == ["periodic orbit with period 3"] * 2


CHECKS_NO_LYAPUNOV = ("bounded", "fixed_point", "limit_cycle")


def test_shrink_spread_narrows_both_spreads_after_a_mostly_rejected_batch():
    """Henon's boundary crisis lies 2 % above a = 1.4: at a 30 % spread most variants blow up."""
    s = ts.get("Henon")
    run = {"n": 200, "transient": 100, "param_spread": 0.3, "ic_spread": 0.05, "seed": 4, "max_tries": 64}
    x, report = s.validated_ensemble(16, **run, shrink_spread=True)
    plain, plain_report = s.validated_ensemble(16, **run)
    assert (plain_report.spread_params == 1.0).all() and (plain_report.spread_ic == 1.0).all()
    assert x.sizes["member"] == 16 > plain.sizes["member"]  # the plain draws ran out of tries
    scales = report.spread_ic.to_numpy()
    assert scales[-1] < 1.0 and (np.diff(scales) <= 0).all() and np.isin(scales, 2.0 ** -np.arange(7)).all()
    assert (report.spread_params == report.spread_ic).all() or report.spread_params.iloc[-1] == 0.0
    # the rule, read back from the report: every level that was left had more than a third of its
    # candidates rejected
    levels = report.groupby(["spread_params", "spread_ic"], sort=False)
    for _, at in list(levels)[:-1]:
        assert (~at.accepted).mean() > 1 / 3
    # each candidate's draws are the plain draws scaled: the same random numbers, a smaller spread
    same = report.index[: len(plain_report)]
    dev = report.loc[same, "param_a"] / 1.4 - 1
    plain_dev = plain_report.loc[same, "param_a"] / 1.4 - 1
    np.testing.assert_allclose(dev, plain_dev * report.loc[same, "spread_params"], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(x.spread_ic.values, report.spread_ic[report.accepted].values)
    again, _ = s.validated_ensemble(16, **run, shrink_spread=True)
    np.testing.assert_array_equal(again.values, x.values)


def test_shrink_spread_ends_at_the_catalog_parameters():
    """The Ulam map x -> a - b x^2 at a = 1, b = 2 maps [-1, 1] onto itself exactly: any variant with
    a > 1 or a larger b lets orbits escape, so every spread level rejects about half, down to the last,
    which keeps the catalog's parameters and only moves the initial condition."""
    x, report = ts.get("Ulam").validated_ensemble(
        48, n=1000, transient=100, param_spread=0.05, seed=2, max_tries=400, shrink_spread=True,
        checks=CHECKS_NO_LYAPUNOV,
    )  # fmt: skip
    assert x.sizes["member"] == 48
    last = report[report.spread_params == 0.0]
    assert len(last) and last.accepted.all() and (last[["param_a", "param_b"]].values == [1.0, 2.0]).all()
    assert (x.spread_params.values[-1], x.spread_ic.values[-1]) == (0.0, 2.0**-6)
