"""R's density() as potential analysis computes it, against the algorithm written out directly.

The reference bins the sample linearly (R's BinDist), sums the kernel
samples at R's spacing ``2 (up - lo) / (2m - 1)`` over every pair of grid
points (no FFT, no padding: the circular convolution R's FFT computes, read
at the first ``m`` points) and interpolates linearly, as R's
``density(x, bw, n, from, to)`` does. :func:`kernel_density` pads less and
may use the Gaussian's analytic transform (``convolution_plan`` bounds both
below ``2^-59`` of the kernel's peak); the FFT's own round-off is a few
``1e-16`` of the peak, so the densities agree to ``1e-14`` of it.
"""

import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.ews import bw_nrd, kernel_density, potential_analysis
from tsdyn.ews._potential_kernels import convolution_plan


def r_density(x, bw, n, start, stop):
    m = max(n, 512)
    m = int(2 ** np.ceil(np.log2(m))) if m > 512 else m
    lo, up = start - 4 * bw, stop + 4 * bw
    delta = (up - lo) / (m - 1)
    pos = (x - lo) / delta
    ix = np.floor(pos).astype(int)
    fx = pos - ix
    y = np.zeros(m + 1)
    inside = (ix >= 0) & (ix <= m - 1)
    np.add.at(y, ix[inside], (1 - fx[inside]) / x.size)
    inside = (ix >= -1) & (ix <= m - 2)
    np.add.at(y, ix[inside] + 1, fx[inside] / x.size)
    step = 2 * (up - lo) / (2 * m - 1)
    gaps = np.abs(np.subtract.outer(np.arange(m), np.arange(m))) * step
    conv = np.exp(-0.5 * (gaps / bw) ** 2) / (bw * np.sqrt(2 * np.pi)) @ y[:m]
    return np.interp(np.linspace(start, stop, n), np.linspace(lo, up, m), np.maximum(conv, 0)), m, up - lo


@pytest.mark.parametrize(
    ("bw", "n", "analytic", "padded"),
    [
        (0.3, 200, True, True),  # about 25 kernel samples per bandwidth: the Gaussian's own transform
        (0.004, 700, False, True),  # below 3 samples per bandwidth: the sampled kernel, transformed
        (10.0, 512, True, False),  # the kernel's reach is beyond m points: R's full 2m padding
    ],
)
def test_kernel_density_equals_r_density_written_out(bw, n, analytic, padded):
    x = np.random.default_rng(3).normal(0, 1, 400)
    start, stop = x.min() - 0.1, x.max() + 0.2
    want, m, span = r_density(x, bw, n, start, stop)
    size, _, is_analytic = convolution_plan(m, span, bw, m - 1)
    assert is_analytic == analytic and (size < 2 * m) == padded
    got = kernel_density(x, bandwidth=bw, n=n, start=start, stop=stop)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14 * want.max())


@pytest.mark.parametrize("outlier", [None, 300.0])
def test_potential_density_is_r_density_normalised(outlier):
    # with the samples inside the level grid the padding covers the data's span only; an outlier
    # stretches the grid until the kernel has under 3 samples per bandwidth (sampled kernel)
    x = np.random.default_rng(4).normal(0, 1, 1500)
    if outlier is not None:
        x[100] = outlier
    res = potential_analysis(x)
    want = r_density(x, res.bandwidth, res.data.level.size, x.min(), x.max())[0]
    want /= np.sum(want * (res.data.level[1] - res.data.level[0]))
    np.testing.assert_allclose(res.data.density, want, rtol=0, atol=1e-14 * want.max())
    assert res.data.level[0] == x.min() and res.data.level[-1] == x.max()


def test_kernel_density_refuses_weights_that_are_not_one_per_sample():
    with pytest.raises(InputError, match="weights must be 5 finite values"):
        kernel_density(np.arange(5.0), bandwidth=1.0, n=10, start=0.0, stop=4.0, weights=[1.0])


def test_potential_refuses_weights_that_are_all_zero():
    # kernel_density gives R's zero density; potential_analysis would divide it by its area, 0
    x = np.random.default_rng(14).normal(0, 1, 200)
    with pytest.raises(InputError, match="weights are all 0"):
        potential_analysis(x, weights=np.zeros(200))
    assert not kernel_density(x, bandwidth=0.3, n=5, start=-1.0, stop=1.0, weights=np.zeros(200)).any()


def test_overflowing_values_are_refused():
    with pytest.raises(InputError, match="overflow their sum"):
        potential_analysis(np.array([1e308, 1.5e308, 1.7e308, 0.0]))


def _bw_nrd_numpy(x):
    q25, q75 = np.quantile(x, [0.25, 0.75])  # R's type 7
    return 1.06 * min(np.std(x, ddof=1), (q75 - q25) / 1.34) * x.size**-0.2


@pytest.mark.parametrize(
    "x",
    [
        np.random.default_rng(0).normal(0, 1, 10_001),  # IQR / 1.34 just above sd: bins decide
        np.r_[np.random.default_rng(1).normal(-2, 0.3, 500), np.random.default_rng(2).normal(2, 0.3, 700)],
        np.random.default_rng(3).standard_cauchy(3000),  # IQR / 1.34 below sd: exact quartiles
        np.random.default_rng(4).integers(0, 5, 999).astype(float),  # ties across the quartiles
        np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
        1e9 + np.random.default_rng(5).normal(0, 1e-3, 4000),  # values far from 0: round-off margin
        np.random.default_rng(6).uniform(0, 1, 2001),  # IQR / 1.34 = 1.29 sd: the comparison pass proves it
        np.r_[np.zeros(6), np.ones(6)],  # two states, n = 12: IQR / 1.34 > sd from the comparisons
        np.array([0.0, 1.0, 1.0, 2.0]),  # four values, IQR / 1.34 = 0.75 below sd = 0.82
    ],
)
def test_bw_nrd_equals_sd_and_quantile_formula(x):
    assert bw_nrd(x) == pytest.approx(_bw_nrd_numpy(x), rel=1e-13)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"detection_threshold": "1"}, "detection_threshold"),
        ({"detection_limit": np.nan}, "detection_limit"),
        ({"density_smoothing": -0.1}, "density_smoothing"),
        ({"bandwidth": "scott"}, "bandwidth"),
        ({"bw_adjust": 0.0}, "bw_adjust"),
    ],
)
def test_potential_refuses_bad_parameters(kwargs, match):
    with pytest.raises(InputError, match=match):
        potential_analysis(np.random.default_rng(8).normal(0, 1, 200), **kwargs)


def test_potential_takes_integer_parameters_as_floats():
    x = np.r_[np.random.default_rng(9).normal(-2, 0.5, 300), np.random.default_rng(10).normal(2, 0.5, 300)]
    ints = potential_analysis(x, std=2, bandwidth=1, detection_threshold=2, detection_limit=0, bw_adjust=1)
    floats = potential_analysis(x, std=2.0, bandwidth=1.0, detection_threshold=2.0, detection_limit=0.0)
    np.testing.assert_array_equal(ints.data.potential, floats.data.potential)
    np.testing.assert_array_equal(ints.well_index, floats.well_index)
    assert ints.n_wells == 2


def test_public_fft_gives_the_same_density(monkeypatch):
    # without scipy's private pocketfft module the convolution goes through scipy.fft: the same
    # transforms, so the same numbers (both kernels: analytic and sampled)
    import sys

    from tsdyn.ews import potential

    x = np.r_[np.random.default_rng(11).normal(0, 1, 500), 300.0]
    direct = [potential_analysis(x).data.density, potential_analysis(x[:-1]).data.density]
    monkeypatch.setitem(sys.modules, "scipy.fft._pocketfft.pypocketfft", None)
    potential._transforms.cache_clear()
    try:
        public = [potential_analysis(x).data.density, potential_analysis(x[:-1]).data.density]
    finally:
        potential._transforms.cache_clear()
    for a, b in zip(direct, public, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-15 * a.max())


def test_potential_log_is_within_an_ulp_of_libm():
    # potential_of's log (libm's, through numba) against numpy's: every binade from the smallest normal
    # to 1e300, the reduction's edge sqrt(2), powers of 2, zero and subnormals (libm's log there)
    from tsdyn.ews._potential_kernels import potential_of

    rng = np.random.default_rng(12)
    edges = [
        0.0,
        5e-324,
        1e-310,
        2.0**-1022,
        2.0**-1000,
        0.5,
        1.0,
        2.0,
        np.sqrt(2.0),
        np.nextafter(np.sqrt(2.0), 3),
    ]
    f = np.r_[np.exp(rng.uniform(-708, 690, 200_000)), rng.uniform(0.5, 2.0, 100_000), edges]
    got = np.empty_like(f)
    potential_of(f, 1.0, got)
    with np.errstate(divide="ignore"):
        want = -np.log(f)
    np.testing.assert_array_equal(got[f == 0], want[f == 0])
    body = f > 0
    assert np.max(np.abs(got[body] - want[body]) / np.spacing(np.abs(want[body]))) <= 1.0


def _r_find_maxima(f):
    # R earlywarnings' find.maxima written out: its walk along f2 = c(Inf, -f, Inf), 1-based
    f2 = np.r_[np.inf, -np.asarray(f, dtype=float), np.inf]
    with np.errstate(invalid="ignore"):
        found, cnt = [], 1
        while cnt < f2.size:
            if f2[cnt] - f2[cnt - 1] <= 0:
                while f2[cnt] - f2[cnt - 1] <= 0:
                    cnt += 1
                ind1 = cnt - 1
                while f2[cnt] - f2[cnt - 1] == 0:
                    cnt += 1
                if f2[cnt] - f2[cnt - 1] > 0:
                    found.append(round((ind1 + cnt - 1) / 2))
            cnt += 1
    return found


def test_extrema_in_one_pass_are_r_find_maxima():
    # plateaus (few levels), NaN and infinities included: the one-pass rule picks what R's walk picks
    from tsdyn.ews._potential_kernels import find_extrema

    rng = np.random.default_rng(13)
    for case in range(3000):
        f = (
            rng.integers(0, 4, rng.integers(1, 30)).astype(float)
            if case % 2
            else rng.normal(size=rng.integers(1, 30))
        )
        for special in (np.nan, np.inf, -np.inf)[: case % 4]:
            f[rng.integers(0, f.size)] = special
        maxima, minima = find_extrema(f)
        assert maxima.tolist() == _r_find_maxima(f)
        assert minima.tolist() == _r_find_maxima(-f)
