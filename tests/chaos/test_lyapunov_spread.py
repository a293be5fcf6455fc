"""tools/lyapunov_spread.py: the hit chance of an unbiased estimate and the finite-time spread."""

import pytest
from scipy.stats import norm


@pytest.fixture(scope="module")
def spread(repo_script):
    return repo_script("tools/lyapunov_spread.py")


def test_hit_chance_is_the_normal_probability(spread):
    # P(|cv z| <= tol) for z ~ N(0, 1): at cv = tol / 1.96 it is 95 %
    assert spread.hit_chance(0.15 / norm.ppf(0.975), 0.15) == pytest.approx(0.95, abs=1e-9)
    assert spread.hit_chance(0.1, 0.15) == pytest.approx(norm.cdf(1.5) - norm.cdf(-1.5))


def test_window_spread_of_henon(spread):
    # Henon's finite-time exponent over 2000-iteration windows: mean 0.4192 (Sprott 2003),
    # and a spread that shrinks as 1 / sqrt(length): 1.5 % here, 0.9 % at 10 000
    mean, sd = spread.window_spread("Henon", 2000, 1.0, 6)
    assert mean == pytest.approx(0.4192, rel=0.02)
    assert 0.002 < sd / mean < 0.05


def test_hits_per_realisation_without_tangent_runs(spread, capsys):
    # two records of each map, the estimator alone: Henon (0.4192) and the logistic map hit on both
    args = ["--systems", "Henon", "Logistic", "--n", "2000", "--realisations", "2", "--gap", "500"]
    assert spread.main([*args, "--no-dynamics"]) == 0
    out = capsys.readouterr().out
    assert "hits per realisation: 2, 2 of 2 systems" in out
    assert "finite-time cv: median" not in out  # no tangent runs, no spread of the dynamics claimed
