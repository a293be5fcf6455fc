"""The settings shared by every RQA function, as one frozen record.

:func:`tsdyn.recurrence.rqa`, :func:`~tsdyn.recurrence.rqa_scan`,
:func:`~tsdyn.recurrence.rolling_rqa` and the cross and joint variants take
the same settings: pass them as keywords, or build an :class:`RQAOptions`
once and hand it to several calls (keywords given beside it replace its
fields).

>>> from tsdyn.recurrence import RQAOptions
>>> opts = RQAOptions(m=3, tau=2, recurrence_rate=0.05)
>>> opts.replace(l_min=3).l_min, opts.metric
(3, 'euclidean')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from tsdyn.errors import InputError, check_choice, check_int

__all__ = ["BORDERS", "RQAOptions"]

BORDERS = ("keep", "discard", "longest")


class Checked(NamedTuple):
    """The settings as the kernels take them."""

    kind: str  # "threshold" or "recurrence_rate"
    values: np.ndarray  # the threshold values (one, or the scan's grid)
    metric: int  # the kernels' metric code
    theiler: int
    l_min: int
    v_min: int
    border: int  # the kernels' border code (tsdyn.recurrence._kernels.BORDERS)
    tangential: bool  # True: diagonal lines from the skeleton (tangential-motion correction)


@dataclass(frozen=True, kw_only=True)
class RQAOptions:
    """Settings of a recurrence quantification (every field as the keyword of the same name).

    Attributes
    ----------
    threshold : float or sequence of float, optional
        The distance :math:`\\varepsilon` (> 0), or a fraction of the spread
        with ``relative_to`` (an increasing sequence for a scan).
    recurrence_rate : float or sequence of float, optional
        A fixed recurrence rate in (0, 1) instead of ``threshold``.
    relative_to : {None, "std", "diameter"}
        ``threshold`` as a fraction of the points' standard deviation or of
        the attractor's diameter.
    m, tau : int, optional
        Embedding dimension and delay of a univariate series (default: the
        chaos engine's choice).
    metric : {"euclidean", "chebyshev", "manhattan"}
    theiler : int
        Pairs with :math:`|i - j| \\le` ``theiler`` never recur (0: the line
        of identity only).
    l_min, v_min : int
        Shortest diagonal and vertical line that counts (default 2).
    border : {"keep", "discard", "longest"}
        The black lines (diagonal and vertical) that touch the plot's edge,
        whose true length the plot cuts off (Kraemer & Marwan 2019's border
        correction, their *semi-border* lines: first or last point on the
        edge): ``"keep"`` counts them as any other line; ``"discard"`` leaves
        them out (their *dibo*); ``"longest"`` leaves them out but for the
        longest of them, counted once per histogram (their *kelo*: a periodic
        signal, whose lines all run from edge to edge, keeps one line and a
        diagonal entropy of 0 instead of losing every line).
    tangential : bool
        Kraemer & Marwan (2019)'s tangential-motion correction: the
        diagonal-line measures (determinism, average and longest line,
        divergence, entropy) read from the plot's skeleton, one line per
        cluster of touching diagonal lines (its longest). The recurrence rate
        and the vertical measures stay those of the plot. The pairs are then
        stored (up to about 70 bytes each) instead of streamed.
    dim : str
        The time dimension.
    nan_policy : {"raise", "propagate"}

    See Also
    --------
    tsdyn.recurrence.rqa : Takes these settings, as do
        :func:`~tsdyn.recurrence.rqa_scan`, :func:`~tsdyn.recurrence.rolling_rqa`,
        :func:`~tsdyn.recurrence.cross_rqa` and :func:`~tsdyn.recurrence.joint_rqa`.

    Examples
    --------
    One set of options for several calls; keywords beside it replace its fields:

    >>> from tsdyn.recurrence import rqa
    >>> opts = RQAOptions(m=2, tau=7, recurrence_rate=0.05)
    >>> x = np.sin(2 * np.pi * np.arange(400) / 30)
    >>> round(float(rqa(x, opts).recurrence_rate), 2), round(float(rqa(x, opts, l_min=3).determinism), 2)
    (0.05, 0.99)
    >>> opts.replace(l_min=3).l_min, opts.metric
    (3, 'euclidean')
    """

    threshold: Any = None
    recurrence_rate: Any = None
    relative_to: str | None = None
    m: int | None = None
    tau: int | None = None
    metric: str = "euclidean"
    theiler: int = 0
    l_min: int = 2
    v_min: int = 2
    border: str = "keep"
    tangential: bool = False
    dim: str = "time"
    nan_policy: str = "raise"

    def replace(self, **changes) -> RQAOptions:
        """A copy with ``changes``; an unknown name is refused with the known ones."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown RQA option(s) {unknown}; choose from {sorted(known)}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def build(cls, options: RQAOptions | None, changes: Mapping[str, Any]) -> RQAOptions:
        """``options`` (default: all defaults) with the keywords ``changes`` applied."""
        if options is not None and not isinstance(options, RQAOptions):
            raise InputError(f"options must be an RQAOptions, got {type(options).__name__}")
        return (options or cls()).replace(**changes)

    def check(self, *, grid: bool) -> Checked:
        """Check every setting (``grid``: the threshold is a scan's increasing sequence)."""
        from tsdyn.recurrence._kernels import BORDERS as BORDER_CODES
        from tsdyn.recurrence.sets import check_common, check_threshold

        kind, values = check_threshold(self.threshold, self.recurrence_rate, self.relative_to, grid=grid)
        metric, theiler = check_common(self.metric, self.theiler)
        l_min = check_int(self.l_min, "l_min", minimum=1)
        v_min = check_int(self.v_min, "v_min", minimum=1)
        check_choice(self.border, "border", BORDERS)
        if not isinstance(self.tangential, bool | np.bool_):
            raise InputError(f"tangential must be True or False, got {self.tangential!r}")
        return Checked(
            kind, values, metric, theiler, l_min, v_min, BORDER_CODES[self.border], bool(self.tangential)
        )

    def attrs(self, prep, checked: Checked, *, grid: bool) -> dict:
        """The result's attrs: the settings used (the embedding as chosen for ``prep``)."""
        values = checked.values if grid else checked.values[0]
        threshold_attrs: dict[str, Any] = {checked.kind: values}
        if checked.kind == "threshold":
            threshold_attrs["relative_to"] = self.relative_to or "absolute"
        return {
            **threshold_attrs,
            "m": prep.m,
            "tau": prep.tau,
            "metric": self.metric,
            "theiler": checked.theiler,
            "l_min": checked.l_min,
            "v_min": checked.v_min,
            "border": self.border,
            "tangential_motion": "skeleton" if checked.tangential else "kept",
            "line_of_identity": "excluded",
            "nan_policy": self.nan_policy,
        }
