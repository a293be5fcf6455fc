r"""Pseudo-arclength continuation of equilibria in one parameter, with fold, Hopf and branch-point detection.

A branch of equilibria of a flow (:math:`f(x; p) = 0`) or of fixed points of
a map (:math:`F(x; p) - x = 0`) is a curve :math:`u(s) = (x(s), p(s))`
parametrised by its arclength :math:`s`. Each step predicts along the
tangent :math:`t` (the null vector of :math:`[f_x \; f_p]`, oriented as the
previous one) and corrects by Newton on the bordered system

.. math::

    f(x, p) = 0, \qquad t \cdot (u - u_{pred}) = 0,

so the curve is followed through folds, where :math:`p` turns back
(Keller 1977; Kuznetsov, *Elements of Applied Bifurcation Theory*, ch. 10).
Test functions are read at every point and a sign change between two points
is located by Brent's method along the arclength (a branch point by Newton on
its extended system instead: near one, a corrector may land on the crossing
branch):

- ``fold`` (flows and maps): :math:`t_p`, the tangent's parameter component;
- ``branch point`` (flows and maps): :math:`\det [f_x \; f_p ; t^T]`, the bordered Jacobian;
- ``hopf`` (flows): :math:`\prod_{i<j} (\lambda_i + \lambda_j)` over the eigenvalues;
- ``period-doubling`` (maps): :math:`\prod_i (\lambda_i + 1)`;
- ``neimark-sacker`` (maps): :math:`\prod_{i<j} (\lambda_i \lambda_j - 1)`.

A zero of the Hopf (Neimark-Sacker) function with no eigenvalue pair on the
imaginary axis (unit circle) is a neutral saddle, not a bifurcation, and is
not reported. At a Hopf point the first Lyapunov coefficient :math:`l_1`
(Kuznetsov's eq. 3.20, derivatives of :math:`f` by finite differences)
tells a supercritical (:math:`l_1 < 0`: a stable cycle is born) from a
subcritical one (:math:`l_1 > 0`).

>>> import tsdyn.systems as ts
>>> br = ts.continuation(ts.get("Brusselator", b=1.0), "b", bounds=(0.5, 3.0), start=[1.0, 1.0])
>>> br.bifurcation_type.values.tolist(), round(float(br.bifurcation_param[0]), 8)  # b = 1 + a^2
(['hopf'], 2.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, check_int, check_real
from tsdyn.systems._phase import Equations, check_system, result_attrs, with_params
from tsdyn.systems._request import check_params, check_state

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["continuation"]

# Stop reasons (attrs["stopped"]).
BOUND, MAX_POINTS, LOST, ESCAPED = "bound", "max_points", "lost", "escaped"


class _Branch:
    """The residual, its Jacobian in (state, parameter), the tangent and the test functions at one point."""

    def __init__(self, system, param: str, tol: float):
        self.eq = Equations(system)
        self.iterated = system.behaviour.iterated
        self.k = list(system.params).index(param)
        self.d = system.dimension
        self.tol = tol

    def _at(self, p: float) -> None:
        self.eq.p[self.k] = p

    def residual(self, u: np.ndarray) -> np.ndarray:
        self._at(u[-1])
        g = self.eq.rhs(u[:-1])
        return g - u[:-1] if self.iterated else g

    def jacobian(self, u: np.ndarray) -> np.ndarray:
        """``[f_x  f_p]``, (d, d + 1); ``f_p`` by central differences."""
        x, p = u[:-1], u[-1]
        out = np.empty((self.d, self.d + 1))
        self._at(p)
        out[:, :-1] = self.eq.jac(x) - (np.eye(self.d) if self.iterated else 0.0)
        hp = 1e-6 * max(1.0, abs(p))
        self._at(p + hp)
        up = self.eq.rhs(x)
        self._at(p - hp)
        out[:, -1] = (up - self.eq.rhs(x)) / (2 * hp)
        self._at(p)
        return out

    def correct(
        self, guess: np.ndarray, along: np.ndarray, max_iter: int = 12
    ) -> tuple[np.ndarray, int] | None:
        """Newton on ``f(u) = 0, along . (u - guess) = 0``: the point and its iterations, or None."""
        u = guess.copy()
        border = np.zeros((self.d + 1, self.d + 1))
        border[-1] = along
        with np.errstate(all="ignore"):
            for it in range(1, max_iter + 1):
                try:
                    g = self.residual(u)
                    border[:-1] = self.jacobian(u)
                except ArithmeticError:
                    return None
                rhs = np.append(-g, -along @ (u - guess))
                if not np.isfinite(rhs).all() or not np.isfinite(border).all():
                    return None
                try:
                    du = np.linalg.solve(border, rhs)
                except np.linalg.LinAlgError:
                    return None
                u += du
                size = max(1.0, float(np.linalg.norm(u)))
                if (
                    np.linalg.norm(du) <= self.tol * size
                    and np.linalg.norm(self.residual(u)) <= 1e3 * self.tol * size
                ):
                    return u, it
        return None

    def tangent(self, u: np.ndarray, previous: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The unit tangent at ``u`` (oriented as ``previous``) and ``[f_x f_p]`` there."""
        a = self.jacobian(u)
        if previous is None:
            t = np.linalg.svd(a)[2][-1]
        else:
            t = np.linalg.solve(np.vstack([a, previous]), np.append(np.zeros(self.d), 1.0))
            t /= np.linalg.norm(t)
        return t, a

    def eigenvalues(self, a: np.ndarray) -> np.ndarray:
        """Eigenvalues of the Jacobian (flows) or of ``DF`` (maps) from ``[f_x f_p]``."""
        fx = a[:, :-1] + (np.eye(self.d) if self.iterated else 0.0)
        return np.linalg.eigvals(fx)

    def tests(self, t: np.ndarray, a: np.ndarray, ev: np.ndarray) -> dict[str, float]:
        """The test functions at a point (their signs are what matters)."""
        iu = np.triu_indices(self.d, 1)
        out = {"fold": float(t[-1]), "branch point": float(np.linalg.slogdet(np.vstack([a, t]))[0])}
        if self.iterated:
            out["period-doubling"] = float(np.prod(ev + 1).real)
            out["neimark-sacker"] = (
                float(np.prod((ev[:, None] * ev[None, :] - 1)[iu]).real) if self.d > 1 else 1.0
            )
        else:
            out["hopf"] = float(np.prod((ev[:, None] + ev[None, :])[iu]).real) if self.d > 1 else 1.0
        return out

    def stable(self, ev: np.ndarray) -> bool:
        return bool((np.abs(ev) < 1).all()) if self.iterated else bool((ev.real < 0).all())


def continuation(
    system: System,
    param: str,
    *,
    bounds: Sequence[float],
    start: Sequence[float] | None = None,
    direction: int = 1,
    step: float = 0.01,
    max_step: float | None = None,
    max_points: int = 2000,
    params: Mapping[str, float] | None = None,
    tol: float = 1e-10,
    max_abs: float = 1e8,
) -> xr.Dataset:
    """Follow a branch of equilibria (flows) or fixed points (maps) in one parameter, detecting bifurcations.

    Parameters
    ----------
    system : System
        A flow or a map (``tsdyn.systems.get(...)``); the branch starts at its
        current value of ``param``.
    param : str
        The parameter continued.
    bounds : (float, float)
        The range of ``param``; the run stops when the branch leaves it.
    start : array_like, optional
        A state near the equilibrium to start from (refined by Newton).
        Default: the equilibrium that :func:`~tsdyn.systems.fixed_points`
        finds nearest to the system's initial condition.
    direction : {1, -1}
        Towards increasing (1) or decreasing (-1) ``param`` at the start.
    step, max_step : float
        First and largest arclength step (default ``max_step``: 1/20 of the
        bounds' width). The step grows by 1.3 after an easy correction and
        halves after a failed one or a sharp turn of the tangent.
    max_points : int
        Most points on the branch.
    params : mapping, optional
        Other parameter values to use instead of the system's.
    tol : float
        Newton's tolerance (relative step) and the bisection's on the arclength.
    max_abs : float
        Bound on the state: a branch beyond it has escaped.

    Returns
    -------
    xarray.Dataset
        Along ``point``: the parameter (named ``param``), ``state`` (point,
        variable), ``eigenvalues`` (point, eigenvalue; complex; of the
        Jacobian, or of ``DF`` for maps; sorted by decreasing real part or
        modulus), ``stable`` and ``arclength``. Along ``bifurcation`` (in the
        order met): ``bifurcation_type`` (``"fold"``, ``"hopf"``,
        ``"branch point"``, ``"period-doubling"``, ``"neimark-sacker"``),
        ``bifurcation_param``, ``bifurcation_state`` (bifurcation, variable),
        ``first_lyapunov`` (Hopf points; NaN otherwise), ``frequency``
        (Hopf: the imaginary part of the critical pair; NaN otherwise) and
        ``after_point`` (the index of the point before it). attrs: the
        settings, ``stopped`` (``"bound"``, ``"max_points"``, ``"lost"``:
        Newton failed at the smallest step, or ``"escaped"``) and a ``message``
        saying where and why the run stopped: a lost branch is a report, not
        an exception.

    See Also
    --------
    locate_bifurcation : The first bifurcation of a given type along the parameter.
    cycle_continuation : The same for a periodic orbit.
    fixed_points : The equilibria at one parameter value.

    Examples
    --------
    The saddle-node normal form :math:`\\dot x = r + x^2`: the stable branch
    :math:`x = -\\sqrt{-r}` meets the unstable one at the fold :math:`r = 0`.

    >>> import tsdyn.systems as ts
    >>> def saddle_node(t, y, p, out):
    ...     out[0] = p[0] + y[0] * y[0]
    >>> s = ts.define(saddle_node, params={"r": -1.0}, ic=[-1.0])
    >>> br = ts.continuation(s, "r", bounds=(-1.0, 1.0), start=[-1.0])
    >>> br.bifurcation_type.values.tolist(), abs(float(br.bifurcation_param[0])) < 1e-9
    (['fold'], True)
    >>> bool(br.stable[0]), bool(br.stable[-1])  # the branch comes back unstable
    (True, False)
    """
    check_system(system, "continuation")
    if not isinstance(param, str):
        raise InputError(f"param must be a parameter's name, got {param!r}")
    check_params(system.spec, {param: 0.0})
    system = with_params(system, params)
    try:
        lo, hi = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise InputError(f"bounds must be a pair (low, high) of {param}, got {bounds!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InputError(f"bounds must be two finite values, low < high, got {bounds!r}")
    p0 = float(system.params[param])
    if not lo <= p0 <= hi:
        raise InputError(
            f"{system.name}'s {param} = {p0:g} is outside bounds ({lo:g}, {hi:g}): the branch starts there"
        )
    if isinstance(direction, bool) or direction not in (1, -1):
        raise InputError(f"direction must be 1 (increasing {param}) or -1 (decreasing), got {direction!r}")
    h_max = (
        (hi - lo) / 20
        if max_step is None
        else check_real(max_step, "max_step", minimum=0, inclusive=(False, True))
    )
    h = min(check_real(step, "step", minimum=0, inclusive=(False, True)), h_max)
    h_min = 1e-6 * h
    max_points = check_int(max_points, "max_points", minimum=2)
    tol = check_real(tol, "tol", minimum=0, maximum=1e-3, inclusive=(False, True))
    max_abs = check_real(max_abs, "max_abs", minimum=0, inclusive=(False, True))

    br = _Branch(system, param, tol)
    x0 = _start(system, start)
    first = br.correct(np.append(x0, p0), np.append(np.zeros(br.d), 1.0))
    if first is None:
        raise InputError(
            f"no equilibrium of {system.name} near start {np.round(x0, 6).tolist()} at {param} = {p0:g}: "
            "Newton did not converge"
        )
    u = first[0]
    t, a = br.tangent(u, None)
    if abs(t[-1]) < 1e-8:
        raise InputError(f"{system.name} at {param} = {p0:g} starts on a fold: start a little away from it")
    t *= direction * np.sign(t[-1])
    ev = br.eigenvalues(a)
    points, evs, arcs = [u], [ev], [0.0]
    tests = br.tests(t, a, ev)
    found: list[dict[str, Any]] = []
    stopped, message = MAX_POINTS, f"stopped after max_points = {max_points} points"
    while len(points) < max_points:
        step_taken = br.correct(u + h * t, t)
        if step_taken is not None:
            v, iters = step_taken
            t_new, a_new = br.tangent(v, t)
            # A sharp turn of the tangent: the step may have jumped to another branch.
            if t_new @ t < 0.9:
                step_taken = None
        if step_taken is None:
            h /= 2
            if h < h_min:
                stopped = LOST
                message = (
                    f"lost the branch at {param} = {u[-1]:.8g}: Newton did not converge with steps down to "
                    f"{h_min:.3g} (a singular point or a very sharp turn)"
                )
                break
            continue
        ev_new = br.eigenvalues(a_new)
        tests_new = br.tests(t_new, a_new, ev_new)
        for name, value in tests_new.items():
            if value * tests[name] < 0:
                hit = _locate(br, name, u, v, t, tests[name])
                if hit is not None:
                    hit["after_point"] = len(points) - 1
                    found.append(hit)
        u, t, tests = v, t_new, tests_new
        points.append(u)
        evs.append(ev_new)
        arcs.append(arcs[-1] + float(np.linalg.norm(points[-1] - points[-2])))
        if not lo <= u[-1] <= hi:
            stopped, message = BOUND, f"left bounds ({lo:g}, {hi:g}) of {param} at {u[-1]:.8g}"
            break
        if not (np.abs(u[:-1]) <= max_abs).all():
            stopped, message = ESCAPED, f"the state left |x| <= {max_abs:g} at {param} = {u[-1]:.8g}"
            break
        if iters <= 3:
            h = min(1.3 * h, h_max)
    found = [f for f in found if lo <= f["param"] <= hi]
    return _dataset(system, param, br, points, evs, arcs, found, dict(
        bounds=np.array([lo, hi]), direction=direction, step=step, max_step=h_max, tol=tol, stopped=stopped,
        message=message,
    ))  # fmt: skip


def _start(system, start) -> np.ndarray:
    if start is not None:
        return check_state(system, start, "start")
    from tsdyn.systems.equilibria import fixed_points

    fp = fixed_points(system)
    if fp.sizes["fixed_point"] == 0:
        raise InputError(f"{fp.attrs['message']}; give start")
    states = fp.state.values
    return states[int(np.argmin(np.linalg.norm(states - system.ic, axis=1)))]


def _locate(br: _Branch, name: str, u: np.ndarray, v: np.ndarray, t: np.ndarray, sign0: float) -> dict | None:
    """The point between ``u`` and the next one, ``v``, where test ``name`` is 0.

    Brent's method on the arclength along the tangent ``t`` at ``u``, each
    trial point corrected onto the branch, except for branch points: near one
    Newton may land on the crossing branch, so they are solved directly.
    """
    from scipy.optimize import brentq

    def point(s: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        res = br.correct(u + s * t, t)
        if res is None:
            return None
        v = res[0]
        t_v, a = br.tangent(v, t)
        return v, t_v, a, br.eigenvalues(a)

    def g(s: float) -> float:
        at = point(s)
        if at is None:
            raise ArithmeticError
        return br.tests(*at[1:])[name] * np.sign(sign0)

    if name == "branch point":
        return _branch_point(br, u, v)
    try:
        h = float(np.linalg.norm(v - u))
        s = float(brentq(g, 0.0, h, xtol=br.tol * max(1.0, h)))
    except (ArithmeticError, ValueError):
        return None
    at = point(s)
    if at is None:
        return None
    w, _, _, ev = at
    hit = _hit(name, w)
    if name in ("hopf", "neimark-sacker"):
        crit = np.abs(ev.real) if name == "hopf" else np.abs(np.abs(ev) - 1)
        k = int(np.argmin(np.where(np.abs(ev.imag) <= 1e-8, np.inf, crit)))
        # A zero of the product with no critical complex pair is a neutral saddle: no bifurcation.
        if not np.isfinite(crit[k]) or crit[k] > 1e-6 * max(1.0, float(np.abs(ev).max())):
            return None
        if name == "hopf":
            hit["frequency"] = abs(float(ev[k].imag))
            hit["first_lyapunov"] = first_lyapunov_coefficient(br, w)
    return hit


def _hit(name: str, v: np.ndarray) -> dict[str, Any]:
    return {
        "type": name,
        "param": float(v[-1]),
        "state": v[:-1],
        "first_lyapunov": np.nan,
        "frequency": np.nan,
    }


def _branch_point(br: _Branch, u: np.ndarray, v: np.ndarray) -> dict | None:
    r"""A simple branch point between ``u`` and ``v``, from the extended system (Kuznetsov, sec. 10.2.2).

    Unknowns ``(x, p, phi, b)``: :math:`f(x, p) + b \phi = 0`,
    :math:`f_x^T \phi = 0`, :math:`f_p^T \phi = 0`, :math:`|\phi| = 1`; at a
    branch point ``b = 0`` and ``phi`` spans the left null space of
    :math:`[f_x \; f_p]`. The guess: where the bordered determinant, linear
    along the chord from ``u`` to ``v``, vanishes.
    """
    from scipy.optimize import brentq, root

    d = br.d
    chord = (v - u) / np.linalg.norm(v - u)

    def det(s: float) -> float:
        w = u + s * (v - u)
        return float(np.linalg.det(np.vstack([br.jacobian(w), chord])))

    try:
        w = u + brentq(det, 0.0, 1.0) * (v - u)
    except ValueError:
        return None
    phi = np.linalg.svd(br.jacobian(w))[0][:, -1]

    def extended(z: np.ndarray) -> np.ndarray:
        x, ph, b = z[: d + 1], z[d + 1 : 2 * d + 1], z[-1]
        a = br.jacobian(x)
        return np.concatenate([br.residual(x) + b * ph, a.T @ ph, [ph @ ph - 1]])

    sol = root(extended, np.concatenate([w, phi, [0.0]]), method="hybr", tol=1e-14)
    z = sol.x
    lo, hi = sorted((u[-1], v[-1]))
    slack = abs(hi - lo)
    if not (np.abs(extended(z)) <= 1e3 * br.tol).all() or not lo - slack <= z[d] <= hi + slack:
        return None
    return _hit("branch point", z[: d + 1])


def first_lyapunov_coefficient(br: _Branch, u: np.ndarray) -> float:
    """Kuznetsov's :math:`l_1` (Elements of Applied Bifurcation Theory, eq. 3.20) at a Hopf point ``u``.

    The second and third derivatives of ``f`` enter as the multilinear forms
    ``B`` and ``C``, here from central differences of the right-hand side
    (directional second and third derivatives, polarised).
    """
    x, d = u[:-1], br.d
    br._at(u[-1])
    a = br.eq.jac(x)
    ev, vec = np.linalg.eig(a)
    k = int(np.argmax(ev.imag - 1e300 * (np.abs(ev.real) > 1e-4 * max(1.0, float(np.abs(ev).max())))))
    omega = float(ev[k].imag)
    q = vec[:, k] / np.linalg.norm(vec[:, k])
    evt, vect = np.linalg.eig(a.T)
    p = vect[:, int(np.argmin(np.abs(evt + 1j * omega)))]
    p = p / np.conj(np.vdot(p, q))  # <p, q> = conj(p) . q = 1
    scale = max(1.0, float(np.abs(x).max()))
    e2, e3 = 1e-4 * scale, 2e-3 * scale
    f = br.eq.rhs
    f0 = f(x)

    def d2(w):  # f''(x)[w, w]
        return (f(x + e2 * w) - 2 * f0 + f(x - e2 * w)) / e2**2

    def d3(w):  # f'''(x)[w, w, w]
        return (f(x + 2 * e3 * w) - 2 * f(x + e3 * w) + 2 * f(x - e3 * w) - f(x - 2 * e3 * w)) / (2 * e3**3)

    def b_real(v, w):
        return (d2(v + w) - d2(v - w)) / 4

    def b(v, w):  # complex bilinear
        return (
            b_real(v.real, w.real)
            - b_real(v.imag, w.imag)
            + 1j * (b_real(v.real, w.imag) + b_real(v.imag, w.real))
        )

    qa, qb = q.real, q.imag
    c_aab = (d3(qa + qb) - d3(qa - qb) - 2 * d3(qb)) / 6
    c_abb = (d3(qa + qb) + d3(qa - qb) - 2 * d3(qa)) / 6
    c_qqqbar = d3(qa) + c_abb + 1j * (c_aab + d3(qb))
    bqqbar = b(q, np.conj(q))
    bqq = b(q, q)
    term = (
        np.vdot(p, c_qqqbar)
        - 2 * np.vdot(p, b(q, np.linalg.solve(a, bqqbar).astype(np.complex128)))
        + np.vdot(p, b(np.conj(q), np.linalg.solve(2j * omega * np.eye(d) - a, bqq)))
    )
    return float(term.real / (2 * omega))


def _dataset(system, param, br, points, evs, arcs, found, settings) -> xr.Dataset:
    import xarray as xr

    u = np.array(points)
    ev = np.array(evs)
    key = np.abs(ev) if br.iterated else ev.real
    order = np.lexsort((-ev.imag, -key), axis=-1) if ev.size else np.zeros_like(ev, dtype=int)
    ev = np.take_along_axis(ev, order, axis=-1)
    nb = len(found)
    data = {
        param: ("point", u[:, -1]),
        "state": (("point", "variable"), u[:, :-1]),
        "eigenvalues": (("point", "eigenvalue"), ev),
        "stable": ("point", np.array([br.stable(e) for e in evs], dtype=bool)),
        "arclength": ("point", np.array(arcs)),
        "bifurcation_type": ("bifurcation", np.array([f["type"] for f in found], dtype=object).astype(str)),
        "bifurcation_param": ("bifurcation", np.array([f["param"] for f in found], dtype=np.float64)),
        "bifurcation_state": (
            ("bifurcation", "variable"),
            np.array([f["state"] for f in found], dtype=np.float64).reshape(nb, br.d),
        ),
        "first_lyapunov": ("bifurcation", np.array([f["first_lyapunov"] for f in found], dtype=np.float64)),
        "frequency": ("bifurcation", np.array([f["frequency"] for f in found], dtype=np.float64)),
        "after_point": ("bifurcation", np.array([f["after_point"] for f in found], dtype=np.int64)),
    }
    ds = xr.Dataset(data, coords={"variable": system.variables, "eigenvalue": np.arange(br.d)})
    ds[param].attrs["long_name"] = f"parameter {param}"
    ds.attrs = result_attrs(system, continuation, continued=param, **settings)
    return ds
