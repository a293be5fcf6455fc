"""Compiled kernels of the ordinal engine: pattern encoding, counting, entropy sums.

Pattern code
------------
A window ``x[s], x[s+tau], ..., x[s+(d-1)tau]`` is encoded by its Lehmer code:
digit ``c_j`` is the number of *later* samples of the window that are smaller
than sample ``j`` and the code is ``sum_j c_j (d-1-j)!``. That is the
lexicographic index of the window's rank vector (pattern 0 is increasing,
pattern ``d!-1`` decreasing). Ties follow the stable convention of ordpy and
antropy: of two equal samples the earlier one counts as smaller, so an equal
later sample never adds to a digit.

Why this code: digit ``j`` only looks forward, so it is a running count
``A_m[p]`` (smaller samples among the next ``m`` at lag ``tau``) that grows by
one comparison per step of ``m``. Each sample is compared once with each of the
``d-1`` samples before it, and a block of windows is encoded by ``2(d-1)``
branch-free passes that the compiler vectorizes; a small histogram counts them
(two windows per update where the code space is small: :data:`PAIR_MAX_BINS`).

With ``ties="shared"`` (equal values share a rank) digit ``j`` becomes
``2 A_m + [an equal sample among the next m]`` in radix ``2m+1``: given the
weak order of the later samples, that pair says exactly where sample ``j``
goes (into an existing level or a new one between levels). Some codes of that
``(2d-1)!!`` space are impossible; :func:`shared_valid_codes` lists the
``ordered Bell number`` of possible ones.
"""

from __future__ import annotations

import functools
import math
import time

import numpy as np

from tsdyn._numba import chunk_variants, jit, over_chunks, over_rows
from tsdyn.errors import InputError, NonFiniteInput

#: Largest histogram (number of pattern codes) a kernel will allocate per thread.
#: 2**25 int64 bins are 256 MiB; d = 10 needs 3.6 M bins, d = 11 already 40 M.
MAX_BINS = 2**25

BLOCK = 2048

STABLE = 0
SHARED = 1


def _code_space(d: int, ties: int) -> int:
    if ties == STABLE:
        return math.factorial(d)
    return math.prod(range(1, 2 * d, 2))


def _largest_d(ties: int) -> int:
    d = 1
    while _code_space(d + 1, ties) <= MAX_BINS:
        d += 1
    return d


#: Largest window length whose code space fits :data:`MAX_BINS`: 10 (stable ties), 8 (shared).
MAX_D = {STABLE: _largest_d(STABLE), SHARED: _largest_d(SHARED)}


def check_d(d: int, ties: int) -> int:
    """Return ``d``, or raise InputError when it exceeds :data:`MAX_D`.

    Checked before any factorial: d! of a huge d takes hours (d = 10**9)
    or breaks int-to-str conversion (d = 10**6).
    """
    if d > MAX_D[ties]:
        rule = "m!" if ties == STABLE else "(2m-1)!! (ties='shared')"
        raise InputError(
            f"m={d} is too large: its {rule} pattern bins exceed the limit of {MAX_BINS:,} "
            f"({MAX_BINS * 8 // 2**20} MiB per series), so m is at most {MAX_D[ties]}: use a smaller m"
        )
    return d


@functools.cache
def n_codes(d: int, ties: int) -> int:
    """Size of the code space (histogram length) for ``d`` and the tie rule."""
    return _code_space(check_d(d, ties), ties)


@functools.cache
def n_patterns(d: int, ties: int) -> int:
    """Number of possible patterns: d! or, with shared ranks, the ordered Bell number."""
    check_d(d, ties)
    if ties == STABLE:
        return math.factorial(d)
    # ordered Bell (Fubini) numbers: a(n) = sum_k C(n, k) a(n-k)
    fub = [1]
    for n in range(1, d + 1):
        fub.append(sum(math.comb(n, k) * fub[n - k] for k in range(1, n + 1)))
    return fub[d]


def check_code_space(d: int, ties: int, n_series: int = 1) -> int:
    """Return the histogram length, or raise InputError where it would not fit in memory.

    ``n_series`` counts the histograms kept at once (a full distribution per series).
    """
    bins = n_codes(d, ties)
    if bins * n_series > 8 * MAX_BINS:
        raise InputError(
            f"the pattern distributions of {n_series:,} series at m={d} need "
            f"{bins * n_series * 8 / 2**30:,.1f} GiB; the limit is {8 * MAX_BINS * 8 / 2**30:.0f} GiB: "
            "use a smaller m or fewer series at a time (entropies and complexities need no full distribution)"
        )
    return bins


@functools.cache
def weights(d: int, ties: int) -> np.ndarray:
    """Weight of the digit of a sample followed by m later ones, for m = 0..d-1 (read-only, shared)."""
    w = np.ones(d, dtype=np.int64)
    for m in range(1, d):
        w[m] = w[m - 1] * (m if ties == STABLE else 2 * m - 1)
    w.flags.writeable = False
    return w


# --- encoding ---------------------------------------------------------------------------


def _block_encoder(ties: int):
    """The block encoder of one tie rule (``ties`` a compile-time constant: the other rule's loops are never compiled)."""

    def encode_block(x, start, count, d, tau, w, acc, eq, codes):
        """Codes of the ``count`` windows starting at ``start`` into ``codes[:count]``; whether a NaN or inf is among their samples.

        ``d`` >= 2. Every loop runs over aligned slices with one index: offset
        indexing (``x[p + off]``) would keep numba's negative-index check in the
        loop and stop LLVM from vectorizing it (measured 2.5x slower). The first
        step (``m = 1``) assigns the running counts and the codes instead of
        adding to zeroed arrays: two passes fewer per block.

        The NaN/inf test is the data layer's finite check fused into the
        kernel's pass: it reads the samples in the first comparison pass (and
        the ``tau`` samples after it), while they are in cache; the blocks of a
        series together cover all of its samples. ``v - v`` is 0 for every
        finite ``v`` and NaN otherwise; OR-ing the comparisons is an integer
        reduction, which vectorizes without fast-math.
        """
        span = count + (d - 1) * tau
        bad = False
        for m in range(1, d):
            lim = span - m * tau
            later = x[start + m * tau : start + span]
            here = x[start : start + lim]
            a = acc[:lim]
            if m == 1:
                for p in range(lim):
                    a[p] = np.int32(later[p] < here[p])
                    bad |= (here[p] - here[p]) != 0.0
                tail = x[start + lim : start + span]
                for p in range(tail.shape[0]):
                    bad |= (tail[p] - tail[p]) != 0.0
            else:
                for p in range(lim):
                    a[p] += np.int32(later[p] < here[p])
            jt = (d - 1 - m) * tau
            wm = np.int32(w[m])
            digits = acc[jt : jt + count]
            if ties == SHARED:
                e = eq[:lim]
                if m == 1:
                    for p in range(lim):
                        e[p] = np.int32(later[p] == here[p])
                else:
                    for p in range(lim):
                        e[p] |= np.int32(later[p] == here[p])
                flags = eq[jt : jt + count]
                if m == 1:
                    for s in range(count):
                        codes[s] = wm * (2 * digits[s] + flags[s])
                else:
                    for s in range(count):
                        codes[s] += wm * (2 * digits[s] + flags[s])
            elif m == 1:
                for s in range(count):
                    codes[s] = wm * digits[s]
            else:
                for s in range(count):
                    codes[s] += wm * digits[s]
        return bad

    # a name of its own per rule: its own entry in numba's on-disk cache
    encode_block.__qualname__ = f"_block_encoder.{'shared' if ties == SHARED else 'stable'}"
    return jit(encode_block)


_encode_stable = _block_encoder(STABLE)
_encode_shared = _block_encoder(SHARED)


@jit
def _encode_block(x, start, count, d, tau, w, ties, acc, eq, codes):
    """The block encoder of the tie rule ``ties`` (a run-time value: both rules compile)."""
    if ties == SHARED:
        return _encode_shared(x, start, count, d, tau, w, acc, eq, codes)
    return _encode_stable(x, start, count, d, tau, w, acc, eq, codes)


@jit
def _mark_nan_block(x, start, count, d, tau, codes):
    """Set the code of every window holding a NaN to -1."""
    for s in range(count):
        for j in range(d):
            if np.isnan(x[start + s + j * tau]):
                codes[s] = -1
                break


#: What a kernel raises on NaN or inf under nan_policy="raise" (the data layer then names the position).
NON_FINITE = "x contains NaN or inf; pass nan_policy='omit' to skip NaN windows"


@jit
def _encode_row(x, d, tau, w, ties, omit, codes):
    """Codes of every window of one series: NaN windows -1 when ``omit``, else NaN/inf refused."""
    m = x.shape[0] - (d - 1) * tau
    acc = np.empty(BLOCK + (d - 1) * tau, dtype=np.int32)
    eq = np.empty(BLOCK + (d - 1) * tau, dtype=np.int32)
    for start in range(0, m, BLOCK):
        count = min(BLOCK, m - start)
        blk = codes[start : start + count]
        bad = _encode_block(x, start, count, d, tau, w, ties, acc, eq, blk)
        if omit:
            _mark_nan_block(x, start, count, d, tau, blk)
        elif bad:
            raise NonFiniteInput(NON_FINITE)


@jit
def _any_nan(x):
    # an explicit loop: numba compiles it; any() over a generator it does not
    for v in x:  # noqa: SIM110
        if np.isnan(v):
            return True
    return False


@over_rows
def _encode(x, d, tau, w, ties, omit, codes):
    _encode_row(x, d, tau, w, ties, omit and _any_nan(x), codes)


def encode(
    a: np.ndarray, *, d: int, tau: int, ties: int = STABLE, omit: bool = False, parallel: bool = False
):
    """Pattern codes (int32, shape ``(n_series, n - (d-1) tau)``) of every row; -1 marks NaN windows."""
    m = a.shape[1] - (d - 1) * tau
    out = np.empty((a.shape[0], m), dtype=np.int32)
    _encode(a, d, tau, weights(d, ties), ties, omit, out, parallel=parallel)
    return out


# --- pattern counts and measures straight from them, one histogram per thread ---------------
#
# Many series at a large d would need n_series x d! counts; the measures keep one
# histogram per thread, hand the non-zero counts of each row to a measure and reset
# only the bins they touched (by walking the codes when a row has fewer windows
# than bins), so the cost per row is O(n), not O(d!).

SHANNON = 0  # out: [S, J]: Shannon entropy and Jensen-Shannon divergence from uniform (nats)
RENYI = 1  # out per alpha in params: [H_alpha, Jensen-Renyi divergence] (alpha = 1: Shannon)
TSALLIS = 2  # out per q in params: [S_q, Jensen-Tsallis divergence] (q = 1: Shannon)
FISHER = 3  # out: [sum (sqrt p_{i+1} - sqrt p_i)^2 in the order params (a code table), peak == 1]
HISTOGRAM = 4  # out: the counts themselves, (n_series, n_codes) int64 (what count returns)

# Counting one window at a time is a load-add-store per window, about half of a
# whole pass at m = 3-4. With few codes, the pair (code of window 2k, code of
# window 2k + 1) indexes a table of nbins^2 counts that stays in L1 (576 at m = 4)
# and one update counts two windows; the row's histogram is the table's row and
# column sums. Exact integer counts, so the same results. Only where a row has
# enough windows that summing the table costs little beside them, and where the
# call counts enough windows in all that the paired loops are worth compiling: a
# first call on a short series (1 000 points) then compiles about 0.3-0.5 s less.
PAIR_MAX_BINS = 24
PAIR_MIN_WINDOWS = 4  # times nbins^2
PAIR_MIN_TOTAL = 1 << 14  # windows of all rows together


@jit
def _shannon(vals, k, total, nbins, out):
    u = 1.0 / nbins
    s = 0.0
    mix = 0.0
    for i in range(k):
        p = vals[i] / total
        s -= p * math.log(p)
        h = 0.5 * (p + u)
        mix -= h * math.log(h)
    # every pattern that never occurs still adds its share of the mixture (P + U) / 2
    mix -= (nbins - k) * 0.5 * u * math.log(0.5 * u)
    out[0] = s
    out[1] = mix - 0.5 * s - 0.5 * math.log(nbins)


@jit
def _lnq(x, q):
    return (x ** (1.0 - q) - 1.0) / (1.0 - q)


@jit
def _generalized(vals, k, total, nbins, kind, params, out):
    """Fill ``out`` with the Renyi or Tsallis values of ``kind`` from the ``k`` non-zero counts ``vals``.

    The formulas: Renyi (Jauregui et al. 2018, Physica A 498, eq. 4) and
    Tsallis (Ribeiro et al. 2017, PRE 95 062106, eq. 10) divergences between
    P and the uniform U through the mixture (P + U) / 2.
    """
    u = 1.0 / nbins
    zeros = nbins - k
    for j in range(params.shape[0]):
        q = params[j]
        if q == 1.0:
            _shannon(vals, k, total, nbins, out[2 * j : 2 * j + 2])
            continue
        if kind == RENYI:
            power = 0.0
            first = 0.0
            second = 0.0
            for i in range(k):
                p = vals[i] / total
                h = 0.5 * (p + u)
                power += p**q
                first += p**q * h ** (1.0 - q)
                second += u**q * h ** (1.0 - q)
            second += zeros * u**q * (0.5 * u) ** (1.0 - q)
            out[2 * j] = math.log(power) / (1.0 - q)
            out[2 * j + 1] = (math.log(first) + math.log(second)) / (2.0 * (q - 1.0))
        else:
            ent = 0.0
            first = 0.0
            second = 0.0
            for i in range(k):
                p = vals[i] / total
                h = 0.5 * (p + u)
                ent += p * _lnq(1.0 / p, q)
                first += p * _lnq(h / p, q)
                second += _lnq(nbins * h, q)
            second += zeros * _lnq(0.5, q)
            out[2 * j] = ent
            out[2 * j + 1] = -0.5 * first - 0.5 * u * second


@jit
def _fisher(hist, total, order, out):
    """Fisher information in the pattern order ``order`` (the code at each position) and whether one pattern holds all."""
    s = 0.0
    prev = math.sqrt(hist[int(order[0])] / total)
    for i in range(1, order.shape[0]):
        cur = math.sqrt(hist[int(order[i])] / total)
        s += (cur - prev) ** 2
        prev = cur
    peak = 0
    for b in range(hist.shape[0]):
        peak = max(peak, hist[b])
    out[0] = s
    out[1] = 1.0 if peak == total else 0.0


@chunk_variants
def _pattern_rows(kind, whole, ties, omit, paired):
    """Rows ``lo:hi``: the pattern histogram (``kind=HISTOGRAM``) or a measure of it.

    One definition, compiled per combination of the constants (each call
    compiles only its path): ``kind`` the output, ``whole`` whether the
    histogram is walked bin by bin (else, fewer windows than bins, through the
    row's codes), ``paired`` whether windows are counted two at a time
    (:data:`PAIR_MAX_BINS`; only with ``whole``), ``ties`` the tie rule, ``omit`` whether NaN windows are
    skipped (else NaN and inf raise :class:`NonFiniteInput`, checked block by
    block while the encoder's data is in cache: the data layer's finite check).
    """

    def rows(a, lo, hi, d, tau, w, nbins, npat, params, out, totals):
        m = a.shape[1] - (d - 1) * tau
        # np.empty and explicit loops only: np.zeros and min() would each compile an
        # overload of their own on a cold cache
        hist = np.empty(0 if kind == HISTOGRAM else nbins, dtype=np.int64)
        for b in range(hist.shape[0]):
            hist[b] = 0
        codes = np.empty(BLOCK if whole else m, dtype=np.int32)
        vals = np.empty(m if m < nbins else nbins, dtype=np.int64)
        acc = np.empty(BLOCK + (d - 1) * tau, dtype=np.int32)
        eq = np.empty(BLOCK + (d - 1) * tau if ties == SHARED else 0, dtype=np.int32)
        pairs = np.empty(nbins * nbins if paired else 0, dtype=np.int64)
        for b in range(pairs.shape[0]):
            pairs[b] = 0
        index = np.empty(BLOCK // 2 if paired else 0, dtype=np.int32)
        for r in range(lo, hi):
            x = a[r]
            h = out[r] if kind == HISTOGRAM else hist
            has_nan = omit and _any_nan(x)
            # typed int64 from the start: a literal 0 makes numba compile the measure twice
            total = np.int64(0)
            for start in range(0, m, BLOCK):
                count = BLOCK if m - start > BLOCK else m - start
                blk = codes[:count] if whole else codes[start : start + count]
                if ties == SHARED:  # a constant: only one encoder compiles
                    bad = _encode_shared(x, start, count, d, tau, w, acc, eq, blk)
                else:
                    bad = _encode_stable(x, start, count, d, tau, w, acc, eq, blk)
                if omit and has_nan:
                    _mark_nan_block(x, start, count, d, tau, blk)
                    for s in range(count):
                        if blk[s] >= 0:
                            h[blk[s]] += 1
                            total += 1
                    continue
                if bad:
                    raise NonFiniteInput(NON_FINITE)
                if paired:
                    half = count // 2
                    ix = index[:half]
                    for q in range(half):  # vectorized: the pair's bin
                        ix[q] = blk[2 * q] * nbins + blk[2 * q + 1]
                    for q in range(half):
                        pairs[ix[q]] += 1
                    if count % 2:
                        h[blk[count - 1]] += 1
                else:
                    for s in range(count):
                        h[blk[s]] += 1
                total += count
            if paired:  # each pair holds one window of its row's code and one of its column's
                for i in range(nbins):
                    for j in range(nbins):
                        c = pairs[i * nbins + j]
                        h[i] += c
                        h[j] += c
                        pairs[i * nbins + j] = 0
            totals[r] = total
            if kind == HISTOGRAM:
                continue
            if total == 0:
                for j in range(out.shape[1]):
                    out[r, j] = np.nan
                continue
            if kind == FISHER:
                _fisher(h, total, params, out[r])
                for b in range(nbins):
                    h[b] = 0
                continue
            # the non-zero counts, each bin reset as it is read
            k = np.int64(0)
            if whole:
                for b in range(nbins):
                    if h[b] > 0:
                        vals[k] = h[b]
                        k += 1
                        h[b] = 0
            else:
                for i in range(m):
                    c = codes[i]
                    if c >= 0 and h[c] > 0:
                        vals[k] = h[c]
                        k += 1
                        h[c] = 0
            if kind == SHANNON:
                _shannon(vals, k, total, npat, out[r])
            else:
                _generalized(vals, k, total, npat, kind, params, out[r])

    return rows


def _patterns(a, *, d, tau, kind, params, out, ties, omit, parallel):
    """Run :func:`_pattern_rows` into ``out``; the number of windows counted per row."""
    nbins = n_codes(d, ties)
    totals = np.zeros(a.shape[0], dtype=np.int64)
    # FISHER reads the whole histogram; the others walk the codes where there are fewer windows than bins
    m = a.shape[1] - (d - 1) * tau
    whole = kind in (HISTOGRAM, FISHER) or m >= nbins
    # small code spaces count windows two at a time (see PAIR_MAX_BINS)
    paired = (
        whole
        and nbins <= PAIR_MAX_BINS
        and m >= PAIR_MIN_WINDOWS * nbins * nbins
        and a.shape[0] * m >= PAIR_MIN_TOTAL
    )
    args = (d, tau, weights(d, ties), nbins, n_patterns(d, ties), params, out, totals)
    _pattern_rows(
        a, *args, parallel=parallel, kind=kind, whole=whole, ties=ties, omit=bool(omit), paired=paired
    )
    return totals


def count(a: np.ndarray, *, d: int, tau: int, ties: int = STABLE, omit: bool = False, parallel: bool = False):
    """Pattern histogram of every row: ``(counts (n_series, n_codes) int64, totals (n_series,))``."""
    out = np.zeros((a.shape[0], n_codes(d, ties)), dtype=np.int64)
    totals = _patterns(
        a, d=d, tau=tau, kind=HISTOGRAM, params=_NO_PARAMS, out=out, ties=ties, omit=omit, parallel=parallel
    )
    return out, totals


#: ``params`` of the measures that take none (one array, so every call has the same argument types).
_NO_PARAMS = np.zeros(1)


def measure(
    a: np.ndarray,
    *,
    d: int,
    tau: int,
    kind: int,
    params: np.ndarray | None = None,
    n_out: int = 1,
    ties: int = STABLE,
    omit: bool = False,
    parallel: bool = False,
):
    """Apply a count measure (``SHANNON``, ``RENYI``, ``TSALLIS``, ``FISHER``) to every row.

    Returns ``(values (n_series, n_out), totals (n_series,))`` where totals is
    the number of windows counted (0 gives NaN values). The uniform reference
    of the divergences has ``n_patterns(d, ties)`` states.
    """
    params = _NO_PARAMS if params is None else np.ascontiguousarray(params, dtype=np.float64)
    out = np.empty((a.shape[0], n_out), dtype=np.float64)
    totals = _patterns(
        a, d=d, tau=tau, kind=kind, params=params, out=out, ties=ties, omit=omit, parallel=parallel
    )
    return out, totals


def compile_variants(kind: int, *, parallel: bool = False) -> list[tuple[str, float]]:
    """Compile (or load from numba's cache) every variant of ``kind``: what ``tsdyn compile`` runs.

    A call compiles only its own variant (:func:`_pattern_rows`), so warming
    the public functions once would leave the others (omitted NaN, shared
    ties, short series, several series on threads) to compile at first use.
    Returns the name and seconds of each variant.
    """
    done = []
    # (whole, paired): FISHER and HISTOGRAM always walk the whole histogram
    lengths = [(True, True), (True, False)] + ([] if kind in (HISTOGRAM, FISHER) else [(False, False)])
    for whole, paired in lengths:
        for ties in (STABLE, SHARED):
            for omit in (False, True):
                nbins = n_codes(3, ties)
                # d = 3: enough windows for the pair table, more windows than bins, or fewer (4 samples)
                length = (
                    max(PAIR_MIN_TOTAL // 2, PAIR_MIN_WINDOWS * nbins * nbins) + 2
                    if paired
                    else 40
                    if whole
                    else 4
                )
                a = np.random.default_rng(0).standard_normal((2, length))
                params = np.arange(nbins, dtype=np.float64) if kind == FISHER else np.array([0.5, 2.0])
                out: np.ndarray = (
                    np.zeros((2, nbins), dtype=np.int64)
                    if kind == HISTOGRAM
                    else np.empty((2, 2 if kind in (SHANNON, FISHER) else 4))
                )
                start = time.perf_counter()
                _patterns(
                    a, d=3, tau=1, kind=kind, params=params, out=out, ties=ties, omit=omit, parallel=parallel
                )
                variant = _pattern_rows.variant(kind=kind, whole=whole, ties=ties, omit=omit, paired=paired)
                name = variant.rows.py_func.__qualname__ + (" (threads)" if parallel else "")
                done.append((name, time.perf_counter() - start))
    return done


# --- pattern tables ---------------------------------------------------------------------


@jit
def _rank_to_argsort_index(d, fact):
    """For each rank-vector Lehmer code, the lexicographic index of its argsort vector."""
    n = fact[d]
    out = np.empty(n, dtype=np.int64)
    ranks = np.empty(d, dtype=np.int64)
    used = np.zeros(d, dtype=np.bool_)
    order = np.empty(d, dtype=np.int64)
    for code in range(n):
        rest = code
        used[:] = False
        for j in range(d):
            digit = rest // fact[d - 1 - j]
            rest -= digit * fact[d - 1 - j]
            # digit = number of smaller values still free: take the digit-th free rank
            seen = -1
            for v in range(d):
                if not used[v]:
                    seen += 1
                    if seen == digit:
                        ranks[j] = v
                        used[v] = True
                        break
        for j in range(d):
            order[ranks[j]] = j
        idx = 0
        for j in range(d):
            smaller = 0
            for k in range(j + 1, d):
                if order[k] < order[j]:
                    smaller += 1
            idx += smaller * fact[d - 1 - j]
        out[code] = idx
    return out


@functools.cache
def rank_to_argsort(d: int) -> np.ndarray:
    """``table[code]`` is the ordpy (lexicographic argsort) index of the pattern ``code``."""
    fact = np.array([math.factorial(k) for k in range(d + 1)], dtype=np.int64)
    table = _rank_to_argsort_index(d, fact)
    table.flags.writeable = False
    return table


@functools.cache
def argsort_to_rank(d: int) -> np.ndarray:
    """Inverse of :func:`rank_to_argsort`: the code at each ordpy index."""
    table = np.argsort(rank_to_argsort(d))
    table.flags.writeable = False
    return table


@jit
def _shared_valid(d, w):
    """Mask of the radix-(2m+1) codes that some weak order of d values produces."""
    n = w[d - 1] * (2 * d - 1)
    ok = np.zeros(n, dtype=np.bool_)
    sizes = np.empty(d, dtype=np.int64)
    for code in range(n):
        nlev = 0
        good = True
        for m in range(d):  # the last sample (m = 0 later samples) first
            digit = (code // w[m]) % (2 * m + 1)
            below, eqflag = digit // 2, digit % 2
            cum = 0
            placed = False
            for lev in range(nlev + 1):
                if cum == below:
                    if eqflag and lev < nlev:
                        sizes[lev] += 1
                        placed = True
                    elif not eqflag:
                        for k in range(nlev, lev, -1):
                            sizes[k] = sizes[k - 1]
                        sizes[lev] = 1
                        nlev += 1
                        placed = True
                    break
                if lev < nlev:
                    cum += sizes[lev]
            if not placed:
                good = False
                break
        ok[code] = good
    return ok


@functools.cache
def shared_valid_codes(d: int) -> np.ndarray:
    """The codes that occur with ``ties='shared'``, ascending (ordered Bell number of them)."""
    codes = np.flatnonzero(_shared_valid(d, weights(d, SHARED)))
    codes.flags.writeable = False
    return codes


# --- weighted histograms -----------------------------------------------------------------

VARIANCE = 0
AMPLITUDE = 1


@jit
def _weighted_row(x, d, tau, w, ties, omit, scheme, amp, hist, codes):
    m = x.shape[0] - (d - 1) * tau
    _encode_row(x, d, tau, w, ties, omit and _any_nan(x), codes[:m])
    for s in range(m):
        c = codes[s]
        if c < 0:
            continue
        if scheme == VARIANCE:
            mean = 0.0
            for j in range(d):
                mean += x[s + j * tau]
            mean /= d
            v = 0.0
            for j in range(d):
                dev = x[s + j * tau] - mean
                v += dev * dev
            hist[c] += v / d
        else:
            absum = 0.0
            dsum = 0.0
            for j in range(d):
                absum += abs(x[s + j * tau])
                if j > 0:
                    dsum += abs(x[s + j * tau] - x[s + (j - 1) * tau])
            hist[c] += amp / d * absum + (1.0 - amp) / (d - 1) * dsum


@over_chunks
def _weighted_entropy_rows(a, lo, hi, d, tau, w, ties, omit, nbins, scheme, amp, out):
    m = a.shape[1] - (d - 1) * tau
    hist = np.zeros(nbins, dtype=np.float64)
    codes = np.empty(m, dtype=np.int32)
    for r in range(lo, hi):
        _weighted_row(a[r], d, tau, w, ties, omit, scheme, amp, hist, codes)
        total = 0.0
        for b in range(nbins):
            total += hist[b]
        s = 0.0
        for b in range(nbins):
            if hist[b] > 0:
                p = hist[b] / total
                s -= p * math.log(p)
            hist[b] = 0.0
        out[r] = s if total > 0 else np.nan


def weighted_entropy(a, *, d, tau, scheme, amp=0.5, ties=STABLE, omit=False, parallel=False):
    """Shannon entropy (nats) of the weight-summed pattern distribution of each row.

    A row whose windows all carry zero weight (a constant series) gives NaN.
    """
    nbins = n_codes(d, ties)
    out = np.empty(a.shape[0], dtype=np.float64)
    w = weights(d, ties)
    _weighted_entropy_rows(a, d, tau, w, ties, omit, nbins, scheme, amp, out, parallel=parallel)
    return out


# --- conditional entropy of the successor pattern ------------------------------------------


@jit
def _entropy_of_counts(hist, total):
    s = 0.0
    for b in range(hist.shape[0]):
        c = hist[b]
        if c > 0:
            p = c / total
            s -= p * math.log(p)
            hist[b] = 0
    return s


@over_chunks
def _conditional_rows(a, lo, hi, d, tau, w, omit, nbins, out):
    n = a.shape[1]
    m = n - (d - 1) * tau
    codes = np.empty(m, dtype=np.int32)
    single = np.zeros(nbins, dtype=np.int64)
    pair = np.zeros(nbins * d, dtype=np.int64)
    for r in range(lo, hi):
        x = a[r]
        _encode_row(x, d, tau, w, STABLE, omit and _any_nan(x), codes)
        total = 0
        for s in range(m - tau):
            c, nxt = codes[s], codes[s + tau]
            if c < 0 or nxt < 0:
                continue
            # the successor is fixed by the rank of its new sample among the d-1 shared
            # ones; an equal earlier sample counts as smaller (stable ties)
            new = x[s + d * tau]
            rank = 0
            for k in range(1, d):
                rank += x[s + k * tau] <= new
            single[c] += 1
            pair[c * d + rank] += 1
            total += 1
        if total == 0:
            out[r] = np.nan
            continue
        out[r] = _entropy_of_counts(pair, total) - _entropy_of_counts(single, total)


def conditional_entropy(a, *, d, tau, omit=False, parallel=False):
    """H(pattern at t + tau | pattern at t) in nats for each row (stable ties)."""
    nbins = n_codes(d, STABLE)
    out = np.empty(a.shape[0], dtype=np.float64)
    w = weights(d, STABLE)
    _conditional_rows(a, d, tau, w, omit, nbins, out, parallel=parallel)
    return out


# --- rolling entropy and complexity ------------------------------------------------------
#
# The window of samples [t - window + 1, t] holds the patterns that start in
# [t - window + 1, t - (d-1) tau]. Sliding by one sample adds one pattern and drops
# one, so the counts and the sums the measures need change in O(1):
#   T   = sum_b c_b ln c_b                 -> H = ln m - T / m
#   Phi = sum_b (c_b + m/N) ln(c_b + m/N)  -> S[(P+U)/2] = ln 2m - Phi / 2m
# with m the patterns in the window. Both step by table look-ups for the full count
# m = window - (d-1) tau; where omitted NaN windows make m smaller, Phi is rebuilt
# from the histogram (cost O(N) only at those steps).


@jit
def _phi(c, shift):
    v = c + shift
    return v * math.log(v)


@jit
def _rolling_sum(codes, n, window, lag, nstates, hist, table, shift, out):
    """out[t] = sum of f(count) over the ``nstates`` patterns, for the window ending at t.

    ``table[c] = f(c + 1) - f(c)`` with ``f(c) = (c + shift) ln(c + shift)``. The
    sum is re-added from the histogram every ``16 max(window, nbins)`` steps
    (amortized O(1), a sixteenth of a log per step), so rounding cannot
    accumulate over a long series.
    ``out[t]`` is NaN before the first full window. Kept minimal on purpose: a
    leaner loop body measured 10x faster than one that also did the rest.
    """
    hist[:] = 0
    base = 0.0 if shift == 0.0 else nstates * shift * math.log(shift)
    zero = 0.0 if shift == 0.0 else shift * math.log(shift)
    total = base
    nbins = hist.shape[0]
    resync = 16 * max(window, nbins)
    countdown = resync
    for t in range(n):
        s = t - lag
        if s >= 0:
            c = codes[s]
            if c >= 0:
                old = hist[c]
                hist[c] = old + 1
                total += table[old]
        s = t - window
        if s >= 0:
            c = codes[s]
            if c >= 0:
                old = hist[c] - 1
                hist[c] = old
                total -= table[old]
        countdown -= 1
        if countdown == 0:
            countdown = resync
            total = base
            for b in range(nbins):
                if hist[b] > 0:
                    total += _phi(hist[b], shift) - zero
        out[t] = total if t >= window - 1 else np.nan


@jit
def _rolling_counts(codes, n, window, lag, out):
    """Patterns counted in the window ending at each t (fewer than full where NaN windows were skipped)."""
    m = 0
    for t in range(n):
        s = t - lag
        if s >= 0 and codes[s] >= 0:
            m += 1
        s = t - window
        if s >= 0 and codes[s] >= 0:
            m -= 1
        out[t] = m


@jit
def _rolling_row(
    x, window, d, tau, w, ties, omit, npat, nbins, complexity, codes, hist, dclnc, dphi, ent, cpx
):
    n = x.shape[0]
    lag = (d - 1) * tau
    m_full = window - lag
    has_nan = omit and _any_nan(x)
    _encode_row(x, d, tau, w, ties, has_nan, codes)
    log_n = math.log(npat)
    # ent first holds T = sum c ln c; H = ln m - T / m
    _rolling_sum(codes, n, window, lag, nbins, hist, dclnc, 0.0, ent)
    counts = np.empty(n if has_nan else 0, dtype=np.int64)
    if has_nan:
        _rolling_counts(codes, n, window, lag, counts)
    # the loops below stay free of calls and logs on the common path (a full window):
    # measured, a call left in the loop body made it several times slower
    log_full = math.log(m_full)
    for t in range(n):
        ent[t] = (log_full - ent[t] / m_full) / log_n
    if has_nan:
        for t in range(n):
            m = counts[t]
            if m != m_full and not np.isnan(ent[t]):
                ent[t] = (
                    np.nan if m == 0 else (math.log(m) - (log_full - ent[t] * log_n) * m_full / m) / log_n
                )
    if not complexity:
        return
    # Phi = sum (c + m/N) ln(c + m/N) over all N patterns -> S[(P+U)/2] = ln 2m - Phi / 2m
    _rolling_sum(codes, n, window, lag, npat, hist, dphi, m_full / npat, cpx)
    jsmax = -0.5 * ((npat + 1.0) / npat * math.log(npat + 1.0) + log_n - 2.0 * math.log(2.0 * npat))
    log_2full = math.log(2.0 * m_full)
    for t in range(n):
        h = ent[t]
        div = log_2full - cpx[t] / (2.0 * m_full) - 0.5 * h * log_n - 0.5 * log_n
        cpx[t] = h * div / jsmax
    if has_nan:
        for t in range(window - 1, n):
            m = counts[t]
            if m != m_full:
                if m == 0:
                    cpx[t] = np.nan
                    continue
                # NaN windows omitted: Phi for this smaller m, rebuilt from the window's codes
                phi = _phi_rebuild(codes, t, window, lag, npat, hist, m / npat)
                h = ent[t]
                div = math.log(2.0 * m) - phi / (2.0 * m) - 0.5 * h * log_n - 0.5 * log_n
                cpx[t] = h * div / jsmax


@jit
def _phi_rebuild(codes, t, window, lag, npat, hist, shift):
    """Phi of the window ending at t from its codes (used only where NaN windows were omitted)."""
    lo = max(t - window + 1, 0)
    hi = t - lag
    for s in range(lo, hi + 1):
        if codes[s] >= 0:
            hist[codes[s]] = 0
    for s in range(lo, hi + 1):
        if codes[s] >= 0:
            hist[codes[s]] += 1
    phi = npat * _phi(0.0, shift)
    for s in range(lo, hi + 1):
        c = codes[s]
        if c >= 0 and hist[c] > 0:
            phi += _phi(hist[c], shift) - _phi(0.0, shift)
            hist[c] = 0
    return phi


@over_chunks
def _rolling_rows(a, lo, hi, window, d, tau, w, ties, omit, npat, nbins, complexity, ent, cpx):
    m_full = window - (d - 1) * tau
    codes = np.empty(a.shape[1] - (d - 1) * tau, dtype=np.int32)
    hist = np.zeros(nbins, dtype=np.int64)
    # increments of c ln c and of Phi's term when a count goes from c to c + 1
    dclnc = np.zeros(m_full + 1)
    dphi = np.zeros(m_full + 1)
    shift = m_full / npat
    for c in range(m_full + 1):
        dclnc[c] = (c + 1) * math.log(c + 1) - (c * math.log(c) if c > 0 else 0.0)
        dphi[c] = _phi(c + 1.0, shift) - _phi(float(c), shift)
    for r in range(lo, hi):
        _rolling_row(
            a[r],
            window,
            d,
            tau,
            w,
            ties,
            omit,
            npat,
            nbins,
            complexity,
            codes,
            hist,
            dclnc,
            dphi,
            ent[r],
            cpx[r],
        )


def rolling(a, *, window, d, tau, ties=STABLE, omit=False, complexity=False, parallel=False):
    """Normalized PE (and JS complexity) of each trailing window, at its right edge; NaN before."""
    nbins = n_codes(d, ties)
    npat = n_patterns(d, ties)
    ent = np.empty(a.shape, dtype=np.float64)
    cpx = np.empty(a.shape if complexity else (a.shape[0], 0), dtype=np.float64)
    w = weights(d, ties)
    args = (window, d, tau, w, ties, omit, npat, nbins, complexity, ent, cpx)
    _rolling_rows(a, *args, parallel=parallel)
    return (ent, cpx) if complexity else ent
