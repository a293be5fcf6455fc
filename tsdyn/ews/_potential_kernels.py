"""Compiled kernels of potential analysis: R's ``density()``, ``bw.nrd`` and earlywarnings' ``find.optima``.

:func:`potential_bins` and :func:`potential_wells` run
:func:`tsdyn.ews.potential_analysis` in two compiled calls around the FFT
convolution (summary, bandwidth, grids and binning before it; read-off,
potential and wells after it), so that a call on a numpy series spends
little time outside compiled code; the stages are the kernels below it,
which :func:`tsdyn.ews.moving_potential` and
:func:`tsdyn.ews.kernel_density` call one by one.
"""

from __future__ import annotations

import numpy as np

from tsdyn._numba import jit

# --- R earlywarnings' find.maxima and find.optima ------------------------------------------------


@jit
def find_extrema(f):
    """Local maxima and minima of ``f`` as R earlywarnings' ``find.maxima`` finds them (1-based), in one pass.

    R walks ``f2 = c(Inf, -f, Inf)`` (``c(Inf, f, Inf)`` for the minima):
    a run of non-increasing steps, then one that increases, closes a
    maximum at the run's last point (R's middle-of-plateau rounding then
    picks that point, as its loop over equal steps never runs after one
    over non-increasing steps). So point ``i`` is a maximum where ``f[i -
    1] - f[i] <= 0`` and ``f[i] - f[i + 1] > 0``, a minimum where ``f[i] -
    f[i - 1] <= 0`` and ``f[i + 1] - f[i] > 0``, the outside of ``f``
    counting as ``-Inf`` for the maxima and ``Inf`` for the minima: R's own
    differences, so that NaN and infinities fail where they fail in R.
    """
    n = f.shape[0]
    maxima = np.empty(n, dtype=np.int64)
    minima = np.empty(n, dtype=np.int64)
    nmax, nmin = 0, 0
    for i in range(n):
        v = f[i]
        if (f[i - 1] if i > 0 else -np.inf) - v <= 0 and v - (f[i + 1] if i < n - 1 else -np.inf) > 0:
            maxima[nmax] = i + 1
            nmax += 1
        if v - (f[i - 1] if i > 0 else np.inf) <= 0 and (f[i + 1] if i < n - 1 else np.inf) - v > 0:
            minima[nmin] = i + 1
            nmin += 1
    return maxima[:nmax], minima[:nmin]


@jit
def find_optima(f, deth, detl):
    """R earlywarnings' ``find.optima`` on one density ``f``: (maxima, minima), 1-based.

    ``detl`` is the lowest density of a maximum, ``deth`` the smallest drop
    from a maximum to a neighbouring minimum (both absolute). The steps and
    their order are R's, documented in :func:`tsdyn.ews.find_optima`; where
    R indexes merged maxima with the deletion flags of the unmerged ones,
    this does too (recycled, as R does).
    """
    found, troughs = find_extrema(f)
    maxima = np.empty(found.size, dtype=np.int64)
    nmax = 0
    for m in found:
        if f[m - 1] >= detl:
            maxima[nmax] = m
            nmax += 1
    maxima = maxima[:nmax]
    minima = np.empty(max(nmax - 1, 0), dtype=np.int64)
    nmin = 0
    if nmax > 1:
        # the deepest minimum between two neighbouring maxima (the middle one of equal ones)
        for i in range(1, nmax):
            low = np.inf
            for m in troughs:
                if maxima[i - 1] <= m <= maxima[i] and f[m - 1] < low:
                    low = f[m - 1]
            if low < np.inf:
                total = 0.0
                count = 0
                for m in troughs:
                    if maxima[i - 1] <= m <= maxima[i] and f[m - 1] == low:
                        total += m
                        count += 1
                minima[nmin] = np.int64(np.rint(total / count))  # R's round: half to even
                nmin += 1
        first, last = maxima.min(), maxima.max()
        kept = 0
        for k in range(nmin):
            if first < minima[k] < last:
                minima[kept] = minima[k]
                kept += 1
        nmin = kept
    minima = minima[:nmin]
    delmini = np.zeros(nmin, dtype=np.bool_)
    delmaxi = np.zeros(nmax, dtype=np.bool_)
    for j in range(nmax):
        mx = maxima[j]
        above = -1  # the nearest kept minimum above mx, and below it
        below = -1
        for k in range(nmin):
            if not delmini[k]:
                if minima[k] > mx and (above < 0 or minima[k] < above):
                    above = minima[k]
                if minima[k] < mx and (below < 0 or minima[k] > below):
                    below = minima[k]
        if above < 0:
            above = below
        if below < 0:
            below = above
        if above >= 0 and min(f[mx - 1] - f[above - 1], f[mx - 1] - f[below - 1]) < deth:
            delmaxi[j] = True
            drop = above if f[above - 1] > f[below - 1] else below
            for k in range(nmin):
                if minima[k] == drop:
                    delmini[k] = True
    # explicit loops here and below, not array expressions: each of those compiles a loop of its own
    kept = 0
    for k in range(nmin):
        if not delmini[k]:
            minima[kept] = minima[k]
            kept += 1
    minima = minima[:kept]
    if nmax > 1:  # maxima with no minimum between them merge into one
        merged = np.empty(nmax, dtype=np.int64)
        nmerged = 0
        for i in range(nmax - 1):
            cnt = 0
            none_between = True
            while none_between and i + cnt < nmax - 1:
                cnt += 1
                for m in minima:
                    if maxima[i] < m < maxima[i + cnt]:
                        none_between = False
            top = -np.inf
            for m in maxima[i : i + cnt]:
                top = max(top, f[m - 1])
            total = 0.0
            count = 0
            for m in maxima[i : i + cnt]:
                if f[m - 1] == top:
                    total += m
                    count += 1
            merged[nmerged] = np.int64(np.rint(total / count))
            nmerged += 1
        last = True
        for k in range(nmerged):
            last = last and merged[k] != maxima[nmax - 1]
        if last:
            merged[nmerged] = maxima[nmax - 1]
            nmerged += 1
        maxima = merged[:nmerged]
    if maxima.size > 0:
        kept = 0
        for k in range(maxima.size):
            if not delmaxi[k % nmax]:
                maxima[kept] = maxima[k]
                kept += 1
        maxima = maxima[:kept]
    return maxima, minima


# --- R's density(): linear binning (BinDist) of weighted samples ------------------------------


@jit
def _bin_point(v, weight, lo, rate, m, out):
    # R's BinDist: the weight splits between the two grid neighbours of v; a point whose lower
    # neighbour is just outside (bin -1 or m - 1) keeps only the half that falls inside. R
    # divides by the spacing; times its reciprocal (rate) the position moves by an ulp at most
    # (a 1e-16 share of a weight between neighbours), and a division per sample was a fifth of
    # the binning's time
    pos = (v - lo) * rate
    ix = np.floor(pos)
    fx = pos - ix
    i = int(ix)
    if 0 <= i <= m - 1:
        out[i] += weight * (1.0 - fx)
    if -1 <= i <= m - 2:
        out[i + 1] += weight * fx


@jit
def bin_weighted(x, weights, lo, delta, m, out):
    """Bin ``x`` with ``weights`` linearly onto ``m`` points from ``lo`` (spacing ``delta``) into ``out``.

    One weight (``weights`` of length 1) is every sample's weight.
    """
    stride = 1 if weights.shape[0] > 1 else 0
    rate = 1.0 / delta
    for j in range(x.shape[0]):
        _bin_point(x[j], weights[j * stride], lo, rate, m, out)


@jit
def bin_moving(x, driver, first, step, lo, delta, m, out):
    """Bin ``x`` once per driver value ``first + i step`` (row ``i`` of ``out``), Gaussian-weighted.

    Sample ``j`` weighs ``exp(-z^2 / 2)``, ``z = (driver_j - first) / step - i``,
    in row ``i``; each row is then divided by its total weight (binning is
    linear, so this equals binning normalised weights). The weights are
    products from the nearest driver value outward (``K_{i+1} / K_i =
    exp(z_i - 1/2)``, that factor shrinking by ``e^-1`` per row), one ``exp``
    pair per sample; a weight that underflows to 0 stays 0 further out.
    """
    k = out.shape[0]
    total = np.zeros(k)
    rate = 1.0 / delta
    shrink = np.empty(k)  # shrink[s] = exp(-s): one rounding per factor
    for s in range(k):
        shrink[s] = np.exp(-1.0 * s)
    for j in range(x.shape[0]):
        z0 = (driver[j] - first) / step
        near = min(max(int(np.rint(z0)), 0), k - 1)
        z = z0 - near
        top = np.exp(-0.5 * z * z)
        total[near] += top
        _bin_point(x[j], top, lo, rate, m, out[near])
        w = top
        up = np.exp(z - 0.5)
        for s in range(near + 1, k):
            w *= up * shrink[s - near - 1]
            if w == 0.0:
                break
            total[s] += w
            _bin_point(x[j], w, lo, rate, m, out[s])
        w = top
        down = np.exp(-z - 0.5)
        for s in range(near - 1, -1, -1):
            w *= down * shrink[near - 1 - s]
            if w == 0.0:
                break
            total[s] += w
            _bin_point(x[j], w, lo, rate, m, out[s])
    for s in range(k):
        out[s] /= total[s]


# --- R's bw.nrd and density range in two passes (no sort) ----------------------------------------


@jit(fastmath={"reassoc"})
def _centred_sums(x, mean):
    # sum((x - mean)^2) and sum(x - mean) (the rounding correction of the two-pass variance), in
    # any order: reassociation lets the loop run on vector registers (a third of the time of four
    # scalar partial sums; a different rounding, far below the 1e-10 R's numbers are matched to)
    squares, residual = 0.0, 0.0
    for j in range(x.shape[0]):
        d = x[j] - mean
        squares += d * d
        residual += d
    return squares, residual


@jit
def sample_summary(x, out):
    """``out = (min, max, spread, distinct)`` of ``x`` (R's ``bw.nrd`` and range); False if not finite.

    ``spread`` is ``bw.nrd``'s ``min(sd, IQR / 1.34)``: ``sd`` with
    ``ddof=1`` (a two-pass sum with its rounding correction: the mean over
    four interleaved partial sums, the centred sums in any order on vector
    registers), the IQR from R's type-7 quantiles;
    ``distinct`` is the number of distinct values capped at 3. Where one
    pass of comparisons shows ``q25 <= mean - 0.67 sd`` and ``q75 >= mean +
    0.67 sd`` (margins for the round-off included), ``spread = sd`` at once.
    Else the quantiles' order statistics are found exactly without a sort: the values are
    counted into ``len(x)`` equal bins (the bin of a value never decreases
    as it grows, rounding included), the cumulative counts name the bins of
    the wanted ranks, and only those bins' few values are sorted; where
    those bins alone prove ``IQR / 1.34 > sd`` (by more than a bin and the
    quantiles' round-off), ``spread = sd`` without them. A NaN or infinite
    value (or a sum that overflows) makes the first pass's sum not finite:
    the call returns False there, with ``out`` unset.
    """
    n = x.shape[0]
    # four scalar accumulators of each kind (by index mod 4), so that the additions do not
    # wait on each other; the tail goes to the first ones
    s0, s1, s2, s3 = 0.0, 0.0, 0.0, 0.0
    lo0, lo1, hi0, hi1 = x[0], x[0], x[0], x[0]
    full = n - n % 4
    for j in range(0, full, 4):
        a, b, c, d = x[j], x[j + 1], x[j + 2], x[j + 3]
        s0, s1, s2, s3 = s0 + a, s1 + b, s2 + c, s3 + d
        lo0, hi0 = min(lo0, min(a, c)), max(hi0, max(a, c))
        lo1, hi1 = min(lo1, min(b, d)), max(hi1, max(b, d))
    for j in range(full, n):
        s0 += x[j]
        lo0, hi0 = min(lo0, x[j]), max(hi0, x[j])
    total = s0 + s1 + (s2 + s3)
    if not np.isfinite(total):
        return False
    lo, hi = min(lo0, lo1), max(hi0, hi1)
    mean = total / n
    squares, residual = _centred_sums(x, mean)
    sd = np.sqrt((squares - residual * residual / n) / (n - 1))
    out[0], out[1] = lo, hi
    # the ranks of the two order statistics each quantile interpolates between
    pos = (0.25 * (n - 1), 0.75 * (n - 1))
    ranks = np.empty(4, dtype=np.int64)
    for k in range(2):
        ranks[2 * k] = int(np.floor(pos[k]))
        ranks[2 * k + 1] = min(ranks[2 * k] + 1, n - 1)
    # first, without a histogram: with enough values at or below mean - c and few enough below
    # mean + c (c = 0.67 sd, widened by the quantiles' round-off), q25 <= mean - c and
    # q75 >= mean + c, so IQR / 1.34 > sd; one pass of comparisons, no scattered adds. Several
    # states (the series potential analysis is for) mostly pass it
    reach = 0.67 * sd * (1.0 + 1e-12) + 8 * 2.0**-52 * max(abs(lo), abs(hi))
    below, above = mean - reach, mean + reach
    n_below, n_under = 0, 0
    for j in range(n):
        v = x[j]
        n_below += v <= below
        n_under += v < above
    # a third distinct value: any strictly between the extremes (mostly among the first few)
    inside = False
    for j in range(n):
        if lo < x[j] < hi:
            inside = True
            break
    out[3] = 1.0 if hi == lo else (3.0 if inside else 2.0)
    if n_below > ranks[1] and n_under <= ranks[2]:
        out[2] = sd
        return True
    # else the histogram: the bins of the ranks' values (whole blocks of 64 bins skipped at a time)
    scale = n / (hi - lo) if hi > lo else 0.0
    counts = np.zeros(n, dtype=np.int32)
    for j in range(n):
        counts[min(int((x[j] - lo) * scale), n - 1)] += 1
    bins = np.empty(4, dtype=np.int64)
    before = np.empty(4, dtype=np.int64)
    b, cum = 0, 0
    for k in range(4):
        while b + 64 <= n:
            block = 0
            for i in range(b, b + 64):
                block += counts[i]
            if cum + block > ranks[k]:
                break
            cum += block
            b += 64
        while cum + counts[b] <= ranks[k]:
            cum += counts[b]
            b += 1
        bins[k], before[k] = b, cum
    # q25 lies at or below bin bins[1]'s top, q75 at or above bin bins[2]'s bottom; a bin of
    # margin covers the rounding of the bin numbers, 8 ulps the quantiles' arithmetic
    iqr_floor = (bins[2] - bins[1] - 2) / scale - 8 * 2.0**-52 * max(abs(lo), abs(hi)) if scale > 0 else 0.0
    if iqr_floor > 1.34 * sd * (1.0 + 1e-12):
        out[2] = sd
        return True
    # the values of the bins from each quantile's first rank's to its second's, in one pass
    # without branches (every value is written, the count only grows for those that belong)
    sizes = np.zeros(2, dtype=np.int64)
    for k in range(2):
        for b in range(bins[2 * k], bins[2 * k + 1] + 1):
            sizes[k] += counts[b]
    low_bins, high_bins = np.empty(sizes[0] + 1), np.empty(sizes[1] + 1)
    k0, k1 = 0, 0
    for j in range(n):
        v = x[j]
        b = min(int((v - lo) * scale), n - 1)
        low_bins[k0] = v
        k0 += (bins[0] <= b) & (b <= bins[1])
        high_bins[k1] = v
        k1 += (bins[2] <= b) & (b <= bins[3])
    quartiles = np.empty(2)
    for k in range(2):
        chosen = low_bins[:k0] if k == 0 else high_bins[:k1]
        chosen.sort()
        low = chosen[ranks[2 * k] - before[2 * k]]
        high = chosen[ranks[2 * k + 1] - before[2 * k]]
        quartiles[k] = low + (pos[k] - ranks[2 * k]) * (high - low)
    out[2] = min(sd, (quartiles[1] - quartiles[0]) / 1.34)
    return True


# --- R's density(): the FFT convolution of the binned weights with the Gaussian kernel ----------

#: Reach of the kernel in bandwidths: exp(-REACH^2 / 2) = 2^-61 of its peak
_REACH = np.sqrt(122.0 * np.log(2.0))
#: Fewest kernel samples per bandwidth for the analytic transform (aliasing <= 2^-60 of the peak)
_ANALYTIC_MIN = 3.0
#: The analytic transform is left at 0 where exp(-rate f^2) < 2^-64 (rate f^2 > 64 log 2)
_SPECTRUM_CUT = 64.0 * np.log(2.0)


@jit
def _fast_length(target):
    # the smallest even 2^a 3^b 5^c >= target: a size pocketfft transforms fast
    best = 2
    while best < target:
        best *= 2
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            size = 2 * p35
            while size < target:
                size *= 2
            best = min(best, size)
            p35 *= 3
        p5 *= 5
    return best


@jit
def convolution_plan(m, span, bandwidth, used):
    """How to convolve ``m`` binned points spanning ``span`` with R's Gaussian kernel.

    R's ``density`` samples the kernel at ``step = 2 span / (2m - 1)``
    (``seq(0, 2 (up - lo), length = 2m)``, mirrored) and convolves it with
    the bins, zero-padded to ``2m``, by FFT. The same numbers, to a bound far
    below R's own FFT round-off (about ``2^-53`` of the peak), come cheaper:

    - where every weighted bin and every bin read back lie within ``used``
      bins of each other (``m - 1`` at most), the padding only has to hold
      the kernel's reach ``9.2 bw``, beyond which it is below ``2^-61`` of
      its peak: the circular size is the smallest even ``2^a 3^b 5^c`` at
      least ``used + reach + 1`` and ``2 reach`` (R's ``2m`` if not less);
      the pairs that wrap around lose or gain at most ``2^-60`` of the peak
      per unit weight;
    - with at least 3 samples per bandwidth (``s = bw / step >= 3``), the
      sampled kernel's transform is the Gaussian's own, ``exp(-2 pi^2 s^2
      (f / size)^2) / step`` (Poisson summation): the first alias is
      ``exp(-pi^2 s^2 / 2)`` at the Nyquist frequency, which moves an
      output by at most ``2 s sqrt(2 pi) exp(-pi^2 s^2 / 2) <= 2^-60`` of
      the peak per unit weight; its values below ``2^-64`` of the one at
      frequency 0 are left at 0 (from ``f = 1.5 size / s`` on: about 60 of
      the 1081 frequencies of a 2160-point transform are computed): the
      tail's integral bounds what they would add to an output by ``2^-67``
      of the peak per unit weight; narrower kernels are sampled and
      transformed as R does.

    Returns ``(size, values, analytic)``: the circular size, and the
    kernel's (real) transform at frequencies ``0 .. size / 2`` if
    ``analytic``, else the sampled kernel (``size`` values, in the real
    parts) to transform.
    """
    step = 2.0 * span / (2 * m - 1)
    samples = bandwidth / step
    size = 2 * m
    reach = np.ceil(_REACH * samples)
    if max(used + reach + 1, 2 * reach) < size:
        size = _fast_length(int(max(used + reach + 1, 2 * reach)))
    if samples >= _ANALYTIC_MIN:
        spectrum = np.zeros(size // 2 + 1, dtype=np.complex128)
        rate = 2.0 * (np.pi * samples / size) ** 2
        for f in range(size // 2 + 1):
            if rate * f * f > _SPECTRUM_CUT:
                break
            spectrum[f] = np.exp(-rate * f * f) / step
        return size, spectrum, True
    kernel = np.zeros(size, dtype=np.complex128)  # real: complex only to share the spectrum's type
    for k in range(size // 2 + 1):
        kernel[k] = np.exp(-0.5 * (k * step / bandwidth) ** 2) / (bandwidth * np.sqrt(2.0 * np.pi))
    for k in range(size // 2 + 1, size):
        kernel[k] = kernel[size - k]
    return size, kernel, False


@jit
def density_layout(start, stop, n, bandwidth, inside):
    """R's density() grids from ``start`` to ``stop``: ``(at, m, lo, up, size, spectrum, analytic)``.

    ``at``: the ``n`` points the density is read at (``numpy.linspace``'s
    numbers); ``m = max(512, 2^k >= n)`` bins from ``lo = start - 4 bw`` to
    ``up = stop + 4 bw``; then :func:`convolution_plan`'s circular size and
    kernel values.
    ``inside``: every sample lies in ``[start, stop]``, so the bins in use
    (weighted or read) are those of that range and a neighbour each side.
    """
    at = np.empty(n)
    for i in range(n - 1):
        at[i] = i * ((stop - start) / (n - 1)) + start
    at[n - 1] = stop
    m = 512
    while m < n:
        m *= 2
    lo, up = start - 4.0 * bandwidth, stop + 4.0 * bandwidth
    used = m - 1
    if inside:
        used = min(used, int((stop - start) / ((up - lo) / (m - 1))) + 4)
    size, values, analytic = convolution_plan(m, up - lo, bandwidth, used)
    return at, m, lo, up, size, values, analytic


@jit(error_model="numpy")  # no zero-division checks (the knots are apart): 15 % faster
def _read_row(conv, m, lo, up, at, extra, row):
    # R's approx() of the first m values of conv (on numpy.linspace(lo, up, m), negative round-off
    # clipped to 0) at the ascending points `at` inside, plus `extra`: row; returns sum(row) times
    # at's spacing. The knots are equally spaced, so each point's interval comes from its position,
    # not from a walk along both grids (a third faster); where rounding puts a point an ulp across a
    # knot, the neighbouring interval's line gives the same value to an ulp
    knots = np.empty(m)
    spacing = (up - lo) / (m - 1)
    for k in range(m - 1):
        knots[k] = k * spacing + lo
    knots[m - 1] = up
    rate = 1.0 / spacing
    total = 0.0
    for i in range(at.shape[0]):
        a = at[i]
        j = min(max(int((a - lo) * rate), 0), m - 2)
        left, right = max(conv[j], 0.0), max(conv[j + 1], 0.0)
        v = left + (right - left) * ((a - knots[j]) / (knots[j + 1] - knots[j])) + extra
        row[i] = v
        total += v
    return total * (at[1] - at[0])


@jit
def read_density(conv, m, lo, up, at, smoothing, normalise, out):
    """R's density read off each convolved row of ``conv`` at the points ``at`` into ``out``'s rows.

    The first ``m`` values (on the grid from ``lo`` to ``up``, which holds
    the ascending ``at`` inside) with negative round-off clipped to 0,
    interpolated linearly at ``at``; if ``normalise``, ``smoothing / (at[-1]
    - at[0])`` is added and each row scaled to unit area on the (equally
    spaced) ``at``.
    """
    extra = smoothing / (at[-1] - at[0]) if normalise else 0.0
    for r in range(conv.shape[0]):
        total = _read_row(conv[r], m, lo, up, at, extra, out[r])
        if normalise:
            out[r] /= total


@jit
def potential_of(f, scale, pot):
    """``pot = -log(f) * scale``: the potential of the density ``f`` (``scale = sigma^2 / 2``; ``-log 0 = inf``)."""
    for i in range(f.shape[0]):
        pot[i] = -np.log(f[i]) * scale


# --- potential_analysis in two compiled calls around the FFT convolution ------------------------


@jit
def potential_bins(x, weights, bandwidth, adjust, n, stats):
    """Summary, bandwidth, R's density grids and the binned sample of one series, in one call.

    ``weights``: one per sample, or none (each sample weighs ``1 /
    len(x)``); ``bandwidth`` is the kernel's (0: R's ``bw.nrd`` of ``x``), times
    ``adjust``; the density is read at ``n`` points from ``min(x)`` to
    ``max(x)``. ``stats`` receives ``(min, max, spread, distinct, bandwidth,
    m, lo, up)`` (:func:`sample_summary`, then :func:`density_layout`'s bins).
    Returns ``(status, at, binned, spectrum, analytic)``: status 0, or 1 where
    ``x`` is not finite, 2 where it has fewer than 3 distinct values, 3 where
    the bandwidth is not positive (the arrays are then empty);
    ``binned`` is ``(1, size)``, ready for the FFT.
    """
    if not sample_summary(x, stats):
        return 1, np.empty(0), np.empty((1, 0)), np.empty(0, dtype=np.complex128), True
    if stats[3] < 3.0:
        return 2, np.empty(0), np.empty((1, 0)), np.empty(0, dtype=np.complex128), True
    # bw.nrd as R (and bw_nrd) compute it: the same operations in the same order
    bw = 1.06 * stats[2] * float(x.shape[0]) ** -0.2 if bandwidth == 0.0 else bandwidth
    bw *= adjust
    stats[4] = bw
    if not bw > 0.0:
        return 3, np.empty(0), np.empty((1, 0)), np.empty(0, dtype=np.complex128), True
    at, m, lo, up, size, spectrum, analytic = density_layout(stats[0], stats[1], n, bw, True)
    stats[5], stats[6], stats[7] = m, lo, up
    binned = np.zeros((1, size))
    uniform = np.full(1, 1.0 / x.shape[0])  # here: numpy's array call cost half a us of the caller
    bin_weighted(x, weights if weights.shape[0] else uniform, lo, (up - lo) / (m - 1), m, binned[0])
    return 0, at, binned, spectrum, analytic


@jit
def potential_wells(conv, stats, at, smoothing, scale, threshold, limit, density, potential):
    """The normalised density, its potential and find.optima's wells and barriers, in one call.

    ``conv``: the convolved bins, ``stats`` and ``at`` as
    :func:`potential_bins` left them; ``density`` (``(1, len(at))``) and
    ``potential`` receive the curves along ``at``, ``potential =
    -log(density) scale``. ``threshold`` and ``limit`` are in kernel heights,
    ``dnorm(0, bandwidth) / len(at)``. Returns the wells' and barriers' grid
    indices (0-based) and their levels.
    """
    bandwidth = stats[4]
    f = density[0]
    total = _read_row(conv[0], int(stats[5]), stats[6], stats[7], at, smoothing / (at[-1] - at[0]), f)
    for i in range(f.shape[0]):  # normalised and its log in one loop: the divisions overlap the logs
        f[i] /= total
        potential[i] = -np.log(f[i]) * scale
    height = 1.0 / (bandwidth * np.sqrt(2.0 * np.pi)) / at.shape[0]
    maxima, minima = find_optima(f, threshold * height, limit * height)
    wells, well_levels = np.empty(maxima.shape[0], dtype=np.int64), np.empty(maxima.shape[0])
    for k in range(maxima.shape[0]):
        wells[k], well_levels[k] = maxima[k] - 1, at[maxima[k] - 1]
    barriers, barrier_levels = np.empty(minima.shape[0], dtype=np.int64), np.empty(minima.shape[0])
    for k in range(minima.shape[0]):
        barriers[k], barrier_levels[k] = minima[k] - 1, at[minima[k] - 1]
    return wells, well_levels, barriers, barrier_levels
