"""DFA and rescaled-range analysis equal nolds' where the two definitions coincide.

nolds 0.6.3 fails at import on Python 3.11 (its bundled data sets); it is loaded
through ``tools/nolds_shim.py``. Not installed: skipped. Installed but not
loadable: the tests fail (the shim raises), they do not skip.

Where the definitions differ (documented in docs/entropy_fractal.md's terms):

- nolds' ``dfa`` cuts half-overlapping windows by default (``overlap=True``);
  tsdyn's windows are consecutive, as nolds' with ``overlap=False``.
- nolds' ``hurst_rs`` takes the sample standard deviation by default
  (``unbiased=True``, ddof = 1); tsdyn's the population one (ddof = 0), as
  nolds' with ``unbiased=False``.
- The Anis-Lloyd-Peters correction: nolds subtracts the expected R/S before the
  log fit, tsdyn divides by it (and adds 0.5); only the uncorrected exponents
  are compared.
- nolds' default fits are RANSAC (scikit-learn, random); ``fit_exp="poly"`` /
  ``fit="poly"`` is the least-squares fit tsdyn does.
"""

from __future__ import annotations

import numpy as np
import pytest

import tsdyn.fractal as tf

pytestmark = pytest.mark.peer


@pytest.fixture(scope="module")
def nolds(repo_script):
    shim = repo_script("tools/nolds_shim.py")
    if not shim.installed():
        pytest.skip("nolds is not installed (the peers extra)")
    return shim.load_nolds()  # installed: any failure to load is an error, not a skip


def _series(kind: str, n: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    noise = rng.standard_normal(n)
    return {"white": noise, "walk": np.cumsum(noise), "ar1": _ar1(noise, 0.8)}[kind]


def _ar1(noise: np.ndarray, phi: float) -> np.ndarray:
    x = np.empty_like(noise)
    x[0] = noise[0]
    for i in range(1, x.size):
        x[i] = phi * x[i - 1] + noise[i]
    return x


@pytest.mark.parametrize("kind", ["white", "walk", "ar1"])
@pytest.mark.parametrize("degree", [1, 2])
def test_dfa_equals_nolds_with_consecutive_windows(nolds, kind, degree):
    x = _series(kind, 3000)
    scales = [8, 12, 18, 27, 40, 60, 90, 135, 200, 300]
    ours = tf.dfa(x, degree=degree, scales=scales)
    alpha, (log_n, log_f, _) = nolds.dfa(
        x, nvals=scales, overlap=False, order=degree, fit_exp="poly", debug_data=True
    )
    np.testing.assert_allclose(np.log(ours.fluctuation), log_f, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(np.exp(log_n), scales, rtol=1e-12)
    assert ours.alpha == pytest.approx(alpha, abs=1e-10)


def test_dfa_differs_from_nolds_default_overlapping_windows(nolds):
    # the documented difference is real: half-overlapping windows give another F(n)
    x = _series("ar1", 3000)
    scales = [8, 16, 32, 64, 128, 256]
    _, (_, log_f, _) = nolds.dfa(x, nvals=scales, fit_exp="poly", debug_data=True)
    assert not np.allclose(np.log(tf.dfa(x, scales=scales).fluctuation), log_f, rtol=1e-6)


@pytest.mark.parametrize("kind", ["white", "ar1"])
def test_rescaled_range_equals_nolds_uncorrected_population_sd(nolds, kind):
    x = _series(kind, 4000)
    scales = [8, 12, 20, 32, 50, 80, 128, 200, 320, 500, 1000]
    ours = tf.hurst(x, scales=scales, corrected=False)
    theirs = [nolds.rs(x, n, unbiased=False) for n in scales]
    np.testing.assert_allclose(ours.rescaled_range, theirs, rtol=1e-10)
    h = nolds.hurst_rs(x, nvals=scales, fit="poly", corrected=False, unbiased=False)
    assert ours.hurst == pytest.approx(h, abs=1e-10)
