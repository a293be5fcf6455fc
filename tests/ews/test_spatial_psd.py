"""Fitted patch-size distributions against R spatialwarnings 3.1.2's patchdistr_sews (stored fixtures).

tools/spatialwarnings_refs.R fitted the power law (PL), truncated power law (TPL),
exponential and log-normal to the patch sizes of parts of its bundled forestgap and
serengeti maps, at xmin = 1 and at the xmin estimated by Kolmogorov-Smirnov distance,
with AIC, AICc, BIC and the best model (psd_type), and stored plrange.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tsdyn.errors import InputError
from tsdyn.ews.patchfit import _tpl_constant, patch_distribution, plrange, xmin_estimate
from tsdyn.ews.spatial import patch_sizes

FIXTURES = Path(__file__).parent / "fixtures" / "spatialwarnings"
FITS = pd.read_csv(FIXTURES / "psd_fits.csv")
RANGES = pd.read_csv(FIXTURES / "plrange.csv")
# Tolerances, relative, and why:
# - PL and exponential criteria (AIC, AICc, BIC): 1e-10. The exponential's maximum is closed form
#   (a geometric distribution) and the PL likelihood is flat at its maximum, so R's optimiser
#   error in the parameter (below) leaves the likelihood exact to round-off.
# - PL exponent and exponential rate: 1e-5. R's L-BFGS-B stops at a relative change of the
#   likelihood of 2e-9 (factr 1e7) with finite-difference gradients: the parameter is good to
#   the square root of that; tsdyn's maximum is tighter.
# - TPL criteria: 1e-3. R's L-BFGS-B stops early along the flat cutoff direction (tsdyn finds a
#   likelihood higher by 0.017 on serengeti5) and R sums the normalising series only until a term
#   falls below 1e-8 of the sum, which misses 7e-4 of it for a nearly untruncated power law
#   (tsdyn sums it to round-off: test_tpl_constant_is_the_full_series).
# - log-normal criteria: 1e-5. With few large patches its maximum lies on a ridge towards
#   meanlog -> -inf where Nelder-Mead drifts (both stop on a flat likelihood, at different
#   meanlog); its parameters are compared where the maximum is interior (forestgap8, xmin 1).
CRITERIA_TOL = {"pl": 1e-10, "exp": 1e-10, "tpl": 1e-3, "lnorm": 1e-5}


def _sizes(name: str) -> np.ndarray:
    return patch_sizes(np.loadtxt(FIXTURES / f"{name}.csv", delimiter=","))


CASES = list(FITS[["matrix", "xmin_arg"]].drop_duplicates().itertuples(index=False))


@pytest.mark.parametrize(("name", "xmin_arg"), CASES)
def test_patchdistr_fits_match_spatialwarnings(name, xmin_arg):
    ref = FITS[(FITS.matrix == name) & (FITS.xmin_arg == xmin_arg)]
    sizes = _sizes(name)
    if ref.type.isna().all():  # three or fewer distinct sizes: spatialwarnings' NA row
        xmin = 1 if xmin_arg == "1" else xmin_estimate(sizes)
        assert xmin_arg == "1" or np.isnan(xmin)
        fit = patch_distribution(sizes, fit_lnorm=True)
        assert fit.psd_type is None and fit.table[["AIC", "plexpo"]].isna().all().all()
        return
    ref = ref.set_index("type")
    xmin = int(ref.xmin_fit.iloc[0])
    if xmin_arg == "estimate":
        assert xmin_estimate(sizes) == xmin
    fit = patch_distribution(sizes, xmin=xmin, fit_lnorm=True)
    assert fit.psd_type == ref.index[ref.best.astype(bool)].item()
    np.testing.assert_array_equal(fit.table.loc[ref.index, "npars"], ref.npars)
    for kind, tol in CRITERIA_TOL.items():
        for crit in ("AIC", "AICc", "BIC"):
            assert fit.table.loc[kind, crit] == pytest.approx(ref.loc[kind, crit], rel=tol), (kind, crit)
    assert fit.table.loc["pl", "plexpo"] == pytest.approx(ref.loc["pl", "plexpo"], rel=1e-5)
    assert fit.table.loc["exp", "cutoff"] == pytest.approx(ref.loc["exp", "cutoff"], rel=1e-5)
    if name == "forestgap8":  # interior maxima: the TPL and log-normal parameters too
        for col in ("plexpo", "cutoff"):
            assert fit.table.loc["tpl", col] == pytest.approx(ref.loc["tpl", col], rel=1e-3)
        if xmin == 1:
            for col in ("meanlog", "sdlog"):
                assert fit.table.loc["lnorm", col] == pytest.approx(ref.loc["lnorm", col], rel=1e-3)


@pytest.mark.parametrize("name", RANGES.matrix.tolist())
def test_plrange_matches_spatialwarnings(name):
    ref = RANGES[RANGES.matrix == name].iloc[0]
    xmin, value = plrange(_sizes(name))
    if np.isnan(ref.xmin_est):
        assert np.isnan(xmin) and np.isnan(value)
    else:
        assert xmin == ref.xmin_est
        assert value == pytest.approx(ref.plrange, rel=1e-10)


@pytest.mark.parametrize(
    ("expo", "rate", "xmin"), [(1.31, 8.8e-6, 1), (-0.5, 1e-4, 3), (0.8, 0.96, 1), (2.0, 1e-5, 2)]
)
def test_tpl_constant_is_the_full_series(expo, rate, xmin):
    # against the series summed term by term until its terms vanish (1e-22 of the sum)
    k = np.arange(xmin, xmin + 4_000_000, dtype=np.float64)
    terms = np.exp(-expo * np.log(k) - rate * k)
    assert terms[-1] < 1e-22 * terms.sum()
    assert _tpl_constant(expo, rate, xmin) == pytest.approx(terms.sum(), rel=1e-13)


def test_the_fits_recover_their_models():
    rng = np.random.default_rng(3)
    assert patch_distribution(rng.geometric(0.2, size=2000)).psd_type == "exp"
    # a discrete power law with exponent 2.2 (support cut at 1e6: its tail beyond is 1e-7)
    k = np.arange(1, 1_000_001)
    p = k**-2.2
    pl = rng.choice(k, size=3000, p=p / p.sum())
    fit = patch_distribution(pl)
    assert fit.psd_type == "pl" and abs(fit.table.loc["pl", "plexpo"] - 2.2) < 0.05


@pytest.mark.parametrize(
    ("sizes", "kwargs", "match"),
    [
        ([1, 2, 0, 4], {}, "whole numbers >= 1"),
        ([1.5, 2, 3, 4], {}, "whole numbers >= 1"),
        ([], {}, "non-empty"),
        ([1, 2, 3, 4, 5], {"best_by": "LL"}, "best_by"),
        ([1, 2, 3, 4, 5], {"xmin": 0}, "xmin"),
    ],
)
def test_bad_input(sizes, kwargs, match):
    with pytest.raises(InputError, match=match):
        patch_distribution(sizes, **kwargs)
