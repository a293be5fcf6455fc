"""Ordinal patterns: the code of every window and the pattern distribution.

Parameters shared by the whole ordinal engine
---------------------------------------------
m : int
    Embedding dimension, the number of samples in a window (>= 2). Counting
    works up to m = 10 (3.6 M patterns); larger m raises :class:`InputError`.
tau : int
    Delay between the samples of a window, in samples (>= 1).
ties : {"stable", "shared"}
    ``"stable"`` (default, as ordpy and antropy): of two equal samples the
    earlier counts as smaller, so there are m! patterns. ``"shared"``: equal
    samples share a rank (EntropyHub's "modified" PE); the patterns are then
    the weak orders of m values (the ordered Bell number of them, 13 for
    m = 3, 75 for m = 4) and m is limited to 8.
nan_policy : {"raise", "omit"}
    ``"raise"`` (default) refuses NaN; ``"omit"`` skips every window that
    holds a NaN (a series left with no window gives NaN).
allow_short : bool
    By default a series shorter than (m-1)*tau + m! samples, too short for
    every one of the m! patterns to occur once, is refused with
    :class:`InputError` (rolling functions ask it of each window). That
    minimum also catches the numpy time-axis trap: a trajectory's
    ``.values`` is (time, variable), so read time-last it looks like many
    series of a few samples; when another numpy axis is longer than the time
    axis the message says so and suggests ``.T``. ``allow_short=True``
    accepts anything down to one window, (m-1)*tau + 1 samples (a textbook
    example, a deliberately short record).

Pattern order
-------------
A pattern is identified by its *index*. The canonical order (``order="rank"``)
is the lexicographic order of the window's rank vector, i.e. its Lehmer code:
index 0 is the increasing window, index m! - 1 the decreasing one.
``order="argsort"`` is ordpy's order (lexicographic order of
``np.argsort(window, kind="stable")``, as ``itertools.permutations``); both
orders put the increasing pattern first and the decreasing one last.
:func:`pattern_table` gives the argsort vector of every index. With
``ties="shared"`` the patterns are numbered in increasing order of the
engine's internal weak-order code (only ``order="rank"`` exists).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_choice, check_int, check_nan_policy
from tsdyn.ordinal import _kernels as K

__all__ = ["n_patterns", "ordinal_distribution", "ordinal_sequence", "pattern_table"]

TIES = {"stable": K.STABLE, "shared": K.SHARED}
ORDERS = ("rank", "argsort")
NAN_POLICIES = ("raise", "omit")  # the subset of tsdyn.errors.NAN_POLICIES the engine accepts


@dataclass(frozen=True)
class Setup:
    """Checked ordinal parameters, ready for the kernels."""

    m: int
    tau: int
    ties: int
    omit: bool
    nan_policy: str
    allow_short: bool = False

    @property
    def span(self) -> int:
        """Samples one window covers."""
        return (self.m - 1) * self.tau + 1

    @property
    def min_length(self) -> int:
        """Samples for every one of the m! patterns to occur once: (m-1)*tau + m!.

        A numpy array whose last (time) axis is shorter than this while
        another axis is longer is refused as transposed: it is what a
        (time, variable) trajectory read time-last looks like.
        """
        return (self.m - 1) * self.tau + math.factorial(self.m)

    @property
    def reason(self) -> str:
        if self.allow_short:
            return self.one_pattern
        return (
            f"every ordinal pattern of m={self.m}, tau={self.tau} to occur once ((m-1)*tau + m! samples; "
            f"allow_short=True accepts down to one pattern, {self.span} samples)"
        )

    @property
    def one_pattern(self) -> str:
        return f"one ordinal pattern with m={self.m}, tau={self.tau} ((m-1)*tau+1 samples)"

    def needed(self, scale: int = 1) -> int:
        """Samples a series (or each rolling window) must hold, ``scale`` times over for a coarse-graining."""
        return scale * (self.span if self.allow_short else self.min_length)

    @property
    def n_patterns(self) -> int:
        return K.n_patterns(self.m, self.ties)

    def attrs(self) -> dict:
        ties = "stable" if self.ties == K.STABLE else "shared"
        return {"m": self.m, "tau": self.tau, "ties": ties, "nan_policy": self.nan_policy}

    @functools.lru_cache(maxsize=64)  # noqa: B019 (Setups are few, small and themselves cached by setup())
    def _length_rule(self, extra_length: int, scale: int) -> tuple[int, str]:
        """Fewest samples a series must hold, and why (see :meth:`run`)."""
        hard = scale * self.span + extra_length
        needed = max(hard, self.needed(scale))
        if needed == hard and (extra_length or scale > 1):
            return needed, f"{self.one_pattern} plus {needed - self.span} more"
        return needed, self.reason if scale == 1 else f"{self.reason}, {scale} times over (coarse-graining)"

    def run(
        self,
        kernel: Callable[..., Any],
        x: SeriesLike,
        *,
        dim: str,
        outputs: Output | Sequence[Output],
        kwargs: Mapping[str, Any] | None = None,
        attrs: Mapping[str, Any] | None = None,
        function: str | None = None,
        extra_length: int = 0,
        scale: int = 1,
    ) -> SeriesResult:
        """apply_along_time with this setup's length check, NaN policy and attrs.

        The series must hold ``extra_length`` samples more than one window
        (a rolling window, a successor pattern) and, ``scale`` times over (a
        coarse-graining), :meth:`needed`; the time-axis trap hint applies
        whenever ``allow_short`` is off.
        """
        needed, reason = self._length_rule(extra_length, scale)
        return apply_along_time(
            kernel,
            x,
            outputs=outputs,
            dim=dim,
            kwargs=kwargs,
            attrs={**self.attrs(), **(attrs or {})},
            function=function,
            min_length=needed,
            expected_length=0 if self.allow_short else needed,
            length_reason=reason,
            nan_policy=self.nan_policy,
            squares=False,  # ranks alone: any magnitude float64 holds
        )


def setup(
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    *,
    max_m: int | None = None,
    allow_short: bool = False,
) -> Setup:
    """Check the shared ordinal parameters (see the module docstring).

    Checked parameters are remembered (keyed by their types as well, so
    ``True`` is not taken for ``1``): a repeated call costs a dictionary
    look-up, not a dozen checks, on every call of every ordinal function.
    """
    args = (m, tau, ties, nan_policy, max_m, allow_short)
    try:
        return _setup(tuple(type(v) for v in args), args)
    except TypeError:  # an unhashable argument: the checks below name it
        return _check_setup(*args)


@functools.lru_cache(maxsize=256)
def _setup(_types: tuple, args: tuple) -> Setup:
    return _check_setup(*args)


def _check_setup(m, tau, ties, nan_policy, max_m, allow_short) -> Setup:
    m = check_int(m, "m", minimum=2, maximum=max_m)
    tau = check_int(tau, "tau", minimum=1)
    check_choice(ties, "ties", tuple(TIES))
    check_nan_policy(nan_policy, NAN_POLICIES)
    code = TIES[ties]
    K.check_code_space(m, code)
    if not isinstance(allow_short, bool | np.bool_):
        raise InputError(f"allow_short must be True or False, got {allow_short!r}")
    return Setup(m, tau, code, nan_policy == "omit", nan_policy, bool(allow_short))


def time_length(x: SeriesLike, dim: str) -> int:
    """Samples along ``dim`` (to size outputs whose length depends on it)."""
    return as_series(x, dim=dim).sizes[dim]


def n_patterns(m: int, *, ties: str = "stable") -> int:
    """Number of possible ordinal patterns of ``m`` samples.

    m! with ``ties="stable"``; the ordered Bell number with ``ties="shared"``.

    Parameters
    ----------
    m : int
        Embedding dimension.
    ties : {"stable", "shared"}
        How equal values are ranked (see the module docstring).


    Returns
    -------
    int

    See Also
    --------
    pattern_table : The patterns themselves.

    Examples
    --------
    >>> n_patterns(4), n_patterns(4, ties="shared")
    (24, 75)
    """
    m = check_int(m, "m", minimum=1)
    check_choice(ties, "ties", tuple(TIES))
    return K.n_patterns(m, TIES[ties])


def pattern_table(m: int, *, order: str = "rank") -> np.ndarray:
    """Argsort vector of every pattern index, shape ``(m!, m)``.

    Row ``i`` is ``np.argsort(window, kind="stable")`` of any window with
    pattern index ``i`` (ordpy's representation of a pattern).

    Parameters
    ----------
    m : int
        Embedding dimension (2 to 8: the table has m! rows).
    order : {"rank", "argsort"}
        Which pattern order the rows follow (module docstring).

    Returns
    -------
    numpy.ndarray
        Integer array of shape ``(m!, m)``.

    See Also
    --------
    ordinal_sequence : The pattern code of every window.
    n_patterns : How many there are.

    Examples
    --------
    >>> pattern_table(3)
    array([[0, 1, 2],
           [0, 2, 1],
           [1, 0, 2],
           [2, 0, 1],
           [1, 2, 0],
           [2, 1, 0]])
    >>> pattern_table(3, order="argsort")[:, 0]
    array([0, 0, 1, 1, 2, 2])
    """
    m = check_int(m, "m", minimum=2, maximum=8)
    check_choice(order, "order", ORDERS)
    lex = np.array(list(itertools.permutations(range(m))), dtype=np.int64)
    if order == "argsort":
        return lex
    return lex[K.rank_to_argsort(m)]


def ordinal_sequence(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    order: str = "rank",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Pattern index of every window along ``dim``.

    Window ``i`` holds samples ``i, i+tau, ..., i+(m-1)tau``; there are
    ``n - (m-1) tau`` of them, along a new dimension ``window`` whose
    coordinate is ``i``. Indices are returned as floats (NaN marks a window
    skipped by ``nan_policy="omit"``); they are exact integers.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, ties, nan_policy, allow_short
        See the module docstring.
    order : {"rank", "argsort"}
        Pattern numbering: canonical (Lehmer code of the ranks) or ordpy's.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, with ``window`` in place of ``dim``.

    See Also
    --------
    ordinal_distribution : The patterns' frequencies.
    pattern_table : The pattern of each code.

    Examples
    --------
    >>> ordinal_sequence([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    array([0., 0., 3., 2., 3.])
    >>> ordinal_sequence([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], order="argsort", allow_short=True)
    array([0., 0., 4., 2., 4.])
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    check_choice(order, "order", ORDERS)
    if order == "argsort" and cfg.ties == K.SHARED:
        raise InputError("order='argsort' (ordpy's) exists only for ties='stable'")
    n_windows = max(time_length(x, dim) - cfg.span + 1, 0)
    out = Output(
        "pattern",
        long_name=f"ordinal pattern index ({order} order)",
        core_dims=("window",),
        sizes={"window": n_windows},
        coords={"window": np.arange(n_windows)},
    )
    return cfg.run(
        _sequence_kernel,
        x,
        dim=dim,
        outputs=out,
        kwargs={"cfg": cfg, "order": order},
        attrs={"order": order},
        function=public_name(ordinal_sequence),
    )


def _sequence_kernel(a, *, parallel, cfg, order):
    codes = K.encode(a, d=cfg.m, tau=cfg.tau, ties=cfg.ties, omit=cfg.omit, parallel=parallel)
    out = _renumber(codes, cfg, order).astype(np.float64)
    out[codes < 0] = np.nan
    return out


def _renumber(codes: np.ndarray, cfg: Setup, order: str) -> np.ndarray:
    """Internal codes to pattern indices of the requested order (-1 stays -1)."""
    if cfg.ties == K.SHARED:
        table = np.full(K.n_codes(cfg.m, cfg.ties), -1, dtype=np.int64)
        valid = K.shared_valid_codes(cfg.m)
        table[valid] = np.arange(valid.size)
        return np.where(codes >= 0, table[codes], -1)
    if order == "argsort":
        return np.where(codes >= 0, K.rank_to_argsort(cfg.m)[codes], -1)
    return codes


def ordinal_distribution(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    order: str = "rank",
    counts: bool = False,
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Probability (or count) of every possible ordinal pattern.

    All patterns are listed, observed or not, along a new dimension
    ``pattern`` (length m!, or the ordered Bell number with ``ties="shared"``)
    in the order chosen (module docstring). ``order="argsort"`` with all m!
    patterns is ordpy's ``ordinal_distribution(..., return_missing=True,
    ordered=True)``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, ties, nan_policy, allow_short
        See the module docstring.
    order : {"rank", "argsort"}
        Pattern numbering.
    counts : bool
        Return the number of windows of each pattern instead of probabilities.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, with ``pattern`` in place of ``dim``.

    See Also
    --------
    ordinal_sequence : The pattern of every window.
    permutation_entropy : Its entropy.

    Examples
    --------
    >>> ordinal_distribution([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    array([0.4, 0. , 0.2, 0.4, 0. , 0. ])
    >>> ordinal_distribution([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], counts=True, order="argsort", allow_short=True)
    array([2., 0., 1., 0., 2., 0.])
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    check_choice(order, "order", ORDERS)
    if order == "argsort" and cfg.ties == K.SHARED:
        raise InputError("order='argsort' (ordpy's) exists only for ties='stable'")
    n = cfg.n_patterns
    out = Output(
        "count" if counts else "probability",
        long_name=("number of windows" if counts else "probability")
        + f" of each ordinal pattern ({order} order)",
        core_dims=("pattern",),
        sizes={"pattern": n},
        coords={"pattern": np.arange(n)},
    )
    return cfg.run(
        _distribution_kernel,
        x,
        dim=dim,
        outputs=out,
        kwargs={"cfg": cfg, "order": order, "counts": counts},
        attrs={"order": order},
        function=public_name(ordinal_distribution),
    )


def _distribution_kernel(a, *, parallel, cfg, order, counts):
    hist, totals = pattern_counts(a, cfg, order=order, parallel=parallel)
    if counts:
        return hist.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return hist / totals[:, None]


def pattern_counts(
    a: np.ndarray, cfg: Setup, *, order: str = "rank", parallel: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Counts of every pattern index for each row of a 2-D float64 array, and the totals.

    The engine's building block for modules that need whole distributions
    (networks, surrogate tests): ``(counts (n_series, n_patterns) int64, totals)``.
    """
    K.check_code_space(cfg.m, cfg.ties, a.shape[0])
    hist, totals = K.count(a, d=cfg.m, tau=cfg.tau, ties=cfg.ties, omit=cfg.omit, parallel=parallel)
    if cfg.ties == K.SHARED:
        hist = hist[:, K.shared_valid_codes(cfg.m)]
    elif order == "argsort":
        hist = hist[:, K.argsort_to_rank(cfg.m)]
    return hist, totals
