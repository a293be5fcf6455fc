"""The catalog's maps: dysts 0.96's discrete systems that have published parameters, and more.

Each map is ``step(y, p, out)`` (``out`` = the next state) in the
numba-compatible subset of Python, registered with
:func:`tsdyn.systems.base.map_`; ``p`` holds the parameters in alphabetical
order of their names, as dysts orders them. Where we give a Jacobian it has the
map's own signature, ``jac(y, p, out)`` (no time argument: maps are iterated,
not integrated).

Below them come the DynamicalSystems.jl maps that dysts lacks (ArnoldCat,
BetaTransformation, CoupledStandardMaps, FoldedTowel, GrebogiMap,
MannevilleSimple, NonlinearlyCoupledLogistic, PomeauManneville, Rulkov,
UlamLattice), with that package's default parameters, and last tsdynamics's
GeneralizedHenon and Ulam.

Names are dysts's, then tsdynamics's, then a descriptive CamelCase of
DynamicalSystems.jl's function name. So DynamicalSystems.jl's ``towel`` is
registered once, as tsdynamics's ``FoldedTowel`` (same equations; tsdynamics's
parameter names, whose defaults are DynamicalSystems.jl's constants),
DynamicalSystems.jl's ``ulam`` lattice is ``UlamLattice`` (tsdynamics's ``Ulam``
is the single Ulam-von Neumann map), and
``DuffingMap`` is dysts's ``Duffing`` map, renamed because the Duffing
oscillator flow already holds that name in the one catalog. dysts's
``Zaslavskii`` and ``ZeraouliaSprott`` (commented out in its code but listed
with parameters) are included; ZeraouliaSprott's listed parameters are
DeJong's (b = 1.902 sends every orbit to infinity), so it has tsdynamics's
chaotic a = 4.8, b = 0.35. dysts's ``EndCap`` is not a system: it is the
placeholder closing dysts's JSON file (Henon's parameters, no equations, no
citation). One ``BlinkingVortexMap`` step is a whole blinking period (vortex
at +b, then at -b): dysts flips the sign of b in an attribute its step never
reads, so its own orbit stays on one streamline (and its formulas, written for
b > 0, do not preserve area with -b: we turn the disc by pi instead).

>>> import numpy as np
>>> from tsdyn.systems.catalog import maps
>>> from tsdyn.systems.base import registry
>>> spec = registry()["Henon"]
>>> out = np.empty(2)
>>> spec.func(np.array([0.0, 0.0]), np.array([1.4, 0.3]), out)
>>> out.tolist()
[1.0, 0.0]
"""

import numpy as np

from tsdyn.systems.base import map_

SPROTT_2003 = "Sprott, J. C. (2003). Chaos and Time-Series Analysis. Oxford University Press, Appendix A."


def _baker_jac(y, p, out):
    a = p[0]
    out[0, 0] = 2.0 - 1e-10
    out[0, 1] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = 0.5 * a


@map_(
    params={"a": 1.0},
    ic=[0.04995935, 0.363224],
    citation="Farmer, J. D., Ott, E. and Yorke, J. A. (1983). The dimension of chaotic attractors. Physica D 7, 153-180.",
    description="Baker's map: stretch the unit square twice, cut and stack (a = 1 is area preserving).",
    jac=_baker_jac,
)
def Baker(y, p, out):
    a = p[0]
    # dysts stretches by 2 - 1e-10 so that floating-point doubling does not
    # collapse every orbit onto 0 after ~53 steps; we keep its convention.
    stretched = (2.0 - 1e-10) * y[0]
    fold = np.floor(stretched)
    out[0] = stretched - fold
    out[1] = 0.5 * (a * y[1] + fold)


def _bedhead_jac(y, p, out):
    a, b = p[0], p[1]
    x, v = y[0], y[1]
    out[0, 0] = np.cos(x * v / b) * v * v / b - a * np.sin(a * x - v)
    out[0, 1] = np.cos(x * v / b) * x * v / b + np.sin(x * v / b) + np.sin(a * x - v)
    out[1, 0] = 1.0
    out[1, 1] = np.cos(v) / b


@map_(
    params={"a": -0.67, "b": 0.83},
    ic=[0.5, 0.5],
    citation="Ivan Emrich's Bedhead attractor (as collected in dysts 0.96).",
    description="Two-dimensional trigonometric map whose attractor resembles a tangle of hair.",
    jac=_bedhead_jac,
)
def Bedhead(y, p, out):
    a, b = p[0], p[1]
    x, v = y[0], y[1]
    out[0] = np.sin(x * v / b) * v + np.cos(a * x - v)
    out[1] = x + np.sin(v) / b


def _blinking_vortex_jac(y, p, out):
    a, b, gamma, t = p[0], p[1], p[2], p[3]
    r, th = y[0], y[1]
    # forward-mode chain rule through both half periods: each intermediate u
    # carries its derivatives (u_r, u_th) with respect to this half's (r, th),
    # and m accumulates the product of the two half-period Jacobians
    m00, m01, m10, m11 = 1.0, 0.0, 0.0, 1.0
    bb = abs(b)
    if not 0.0 < bb < a:
        out[:, :] = np.nan
        return
    for half in range(2):
        # a vortex at -|b| is the one at +|b| seen from the disc turned by pi:
        # a rotation, whose Jacobian in (r, theta) is the identity
        turned = (half == 1) != (b < 0.0)
        c, s = np.cos(th), np.sin(th)
        if turned:
            c, s = -c, -s
        img = a * a / bb
        num = bb * bb + r * r - 2.0 * bb * r * c
        num_r, num_th = 2.0 * r - 2.0 * bb * c, 2.0 * bb * r * s
        den = img * img + r * r - 2.0 * img * r * c
        den_r, den_th = 2.0 * r - 2.0 * img * c, 2.0 * img * r * s
        lam2 = num / den
        l2_r = (num_r * den - num * den_r) / (den * den)
        l2_th = (num_th * den - num * den_th) / (den * den)
        lam = np.sqrt(lam2)
        lam_r, lam_th = l2_r / (2.0 * lam), l2_th / (2.0 * lam)
        etac = (bb - lam2 * img) / (1.0 - lam2)
        detac = (bb - img) / (1.0 - lam2) ** 2
        etac_r, etac_th = detac * l2_r, detac * l2_th
        rho0 = lam * (img - bb) / (1.0 - lam2)
        drho = np.sign(rho0) * (img - bb) * (1.0 + lam2) / (1.0 - lam2) ** 2
        rho = abs(rho0)
        rho_r, rho_th = drho * lam_r, drho * lam_th
        px, py = r * c - etac, r * s
        px_r, px_th = c - etac_r, -r * s - etac_th
        py_r, py_th = s, r * c
        pp = px * px + py * py
        tp = np.arctan2(py, px)
        tp_r, tp_th = (px * py_r - py * px_r) / pp, (px * py_th - py * px_th) / pp
        fac = 2.0 * lam / (1.0 + lam2)
        dfac = 2.0 * (1.0 - lam2) / (1.0 + lam2) ** 2
        fac_r, fac_th = dfac * lam_r, dfac * lam_th
        tau = t * gamma * (1.0 - lam2) / (2.0 * np.pi * rho * rho * (1.0 + lam2))
        tau_r = tau * (-2.0 * rho_r / rho - 2.0 * l2_r / (1.0 - lam2 * lam2))
        tau_th = tau * (-2.0 * rho_th / rho - 2.0 * l2_th / (1.0 - lam2 * lam2))
        rhs = tp - fac * np.sin(tp) + tau
        rhs_r = tp_r * (1.0 - fac * np.cos(tp)) - fac_r * np.sin(tp) + tau_r
        rhs_th = tp_th * (1.0 - fac * np.cos(tp)) - fac_th * np.sin(tp) + tau_th
        q = rhs
        lo, hi = rhs - fac, rhs + fac
        for _ in range(100):
            g = q - fac * np.sin(q) - rhs
            if g > 0.0:
                hi = q
            else:
                lo = q
            dq = g / (1.0 - fac * np.cos(q))
            qn = q - dq
            if not lo <= qn <= hi:
                qn = 0.5 * (lo + hi)
            if qn == q:
                break
            q = qn
        gq = 1.0 - fac * np.cos(q)
        q_r = (rhs_r + fac_r * np.sin(q)) / gq
        q_th = (rhs_th + fac_th * np.sin(q)) / gq
        xo, yo = etac + rho * np.cos(q), rho * np.sin(q)
        xo_r = etac_r + rho_r * np.cos(q) - yo * q_r
        xo_th = etac_th + rho_th * np.cos(q) - yo * q_th
        yo_r = rho_r * np.sin(q) + rho * np.cos(q) * q_r
        yo_th = rho_th * np.sin(q) + rho * np.cos(q) * q_th
        r = np.sqrt(xo * xo + yo * yo)
        th = np.arctan2(-yo, -xo) if turned else np.arctan2(yo, xo)
        j00, j01 = (xo * xo_r + yo * yo_r) / r, (xo * xo_th + yo * yo_th) / r
        j10 = (xo * yo_r - yo * xo_r) / (r * r)
        j11 = (xo * yo_th - yo * xo_th) / (r * r)
        m00, m01, m10, m11 = (
            j00 * m00 + j01 * m10, j00 * m01 + j01 * m11, j10 * m00 + j11 * m10, j10 * m01 + j11 * m11,
        )  # fmt: skip
    out[0, 0], out[0, 1], out[1, 0], out[1, 1] = m00, m01, m10, m11


@map_(
    params={"a": 1.0, "b": 0.5, "gamma": 1.0, "t": 1.5},
    ic=[0.17, 0.33],
    citation="Aref, H. (1984). Stirring by chaotic advection. J. Fluid Mech. 143, 1-21.",
    description=(
        "Aref's blinking vortex: a tracer (r, theta) in a disc of radius a stirred by a point vortex of "
        "strength gamma that sits for time t at x = b, then for time t at x = -b (one step = one period; "
        "0 < |b| < a)."
    ),
    jac=_blinking_vortex_jac,
    hamiltonian=True,
)
def BlinkingVortexMap(y, p, out):
    a, b, gamma, t = p[0], p[1], p[2], p[3]
    r, th = y[0], y[1]
    bb = abs(b)
    if not 0.0 < bb < a:
        # the vortex must sit inside the disc, off its centre: NaN makes the
        # iteration stop with an error naming the system
        out[0] = np.nan
        out[1] = np.nan
        return
    for half in range(2):
        # The formulas below hold for a vortex at x = bb > 0; a vortex at -bb is
        # the one at +bb seen from the disc turned by pi.
        turned = (half == 1) != (b < 0.0)
        c, s = np.cos(th), np.sin(th)
        if turned:
            c, s = -c, -s
        # With its image at a^2 / bb the vortex keeps the wall a streamline; the
        # tracer moves on the streamline's circle (centre etac, radius rho), and
        # its angle q about that centre obeys the Kepler-like law
        # q - fac sin q = q0 - fac sin q0 + tau.
        img = a * a / bb
        lam2 = (bb * bb + r * r - 2.0 * bb * r * c) / (img * img + r * r - 2.0 * img * r * c)
        lam = np.sqrt(lam2)
        etac = (bb - lam2 * img) / (1.0 - lam2)
        rho = abs(lam * (img - bb) / (1.0 - lam2))
        tp = np.arctan2(r * s, r * c - etac)
        fac = 2.0 * lam / (1.0 + lam2)
        tau = t * gamma * (1.0 - lam2) / (2.0 * np.pi * rho * rho * (1.0 + lam2))
        rhs = tp - fac * np.sin(tp) + tau
        # q - fac sin q increases monotonically (fac < 1), so the root is unique and
        # lies in [rhs - fac, rhs + fac]: Newton's method kept inside that bracket
        q = rhs
        lo, hi = rhs - fac, rhs + fac
        for _ in range(100):
            g = q - fac * np.sin(q) - rhs
            if g > 0.0:
                hi = q
            else:
                lo = q
            qn = q - g / (1.0 - fac * np.cos(q))
            if not lo <= qn <= hi:
                qn = 0.5 * (lo + hi)
            if qn == q:
                break
            q = qn
        xo, yo = etac + rho * np.cos(q), rho * np.sin(q)
        r = np.sqrt(xo * xo + yo * yo)
        th = np.arctan2(-yo, -xo) if turned else np.arctan2(yo, xo)
    out[0] = r
    out[1] = th


def _bogdanov_jac(y, p, out):
    eps, k, mu = p[0], p[1], p[2]
    x, v = y[0], y[1]
    dyx = k * (2.0 * x - 1.0) + mu * v
    dyy = 1.0 + eps + mu * x
    out[0, 0] = 1.0 + dyx
    out[0, 1] = dyy
    out[1, 0] = dyx
    out[1, 1] = dyy


@map_(
    params={"eps": 0.0, "k": 1.2, "mu": 0.0},
    ic=[0.51, 0.2],
    citation="Bogdanov, R. (1981). Bifurcations of a limit cycle for a family of vector fields on the plane. Selecta Math. Soviet. 1, 373-388.",
    description="Bogdanov map: Euler discretisation of the Bogdanov-Takens normal form, area preserving at eps = mu = 0.",
    jac=_bogdanov_jac,
)
def Bogdanov(y, p, out):
    eps, k, mu = p[0], p[1], p[2]
    x, v = y[0], y[1]
    vn = (1.0 + eps) * v + k * x * (x - 1.0) + mu * x * v
    out[0] = x + vn
    out[1] = vn


def _chebyshev_jac(y, p, out):
    a = p[0]
    out[0, 0] = a * np.sin(a * np.arccos(y[0])) / np.sqrt(1.0 - y[0] * y[0])


@map_(
    params={"a": 6.0},
    ic=[0.51],
    citation="Geisel, T. and Fairen, V. (1984). Statistical properties of chaos in Chebyshev maps. Phys. Lett. A 105, 263-266.",
    description="Chebyshev map x -> cos(a arccos x) on [-1, 1]; fully chaotic for integer a >= 2.",
    jac=_chebyshev_jac,
)
def Chebyshev(y, p, out):
    a = p[0]
    out[0] = np.cos(a * np.arccos(y[0]))


def _chirikov_jac(y, p, out):
    k = p[0]
    kc = k * np.cos(y[1])
    out[0, 0] = 1.0
    out[0, 1] = kc
    out[1, 0] = 1.0
    out[1, 1] = 1.0 + kc


@map_(
    params={"k": 0.971635},
    ic=[0.1, 0.1],
    citation="Chirikov, B. V. (1979). A universal instability of many-dimensional oscillator systems. Phys. Rep. 52, 263-379.",
    description="Chirikov standard map (momentum, angle) at the critical kick strength where the last KAM torus breaks.",
    jac=_chirikov_jac,
    hamiltonian=True,
)
def Chirikov(y, p, out):
    k = p[0]
    mom = y[0] + k * np.sin(y[1])
    out[0] = mom
    out[1] = y[1] + mom


def _circle_jac(y, p, out):
    k = p[0]
    out[0, 0] = 1.0 + k * np.cos(2.0 * np.pi * y[0])


@map_(
    params={"k": 5.7, "omega": 0.333},
    ic=[0.0],
    citation="Arnold, V. I. (1965). Small denominators I: mappings of the circumference onto itself. AMS Transl. Ser. 2, 46, 213-284.",
    description="Sine circle map (lifted, not taken mod 1); chaotic above the critical coupling k = 1.",
    jac=_circle_jac,
)
def Circle(y, p, out):
    k, omega = p[0], p[1]
    out[0] = y[0] + omega + k / (2.0 * np.pi) * np.sin(2.0 * np.pi * y[0])


def _dejong_jac(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0, 0] = b * np.sin(b * x)
    out[0, 1] = a * np.cos(a * v)
    out[1, 0] = c * np.cos(c * x)
    out[1, 1] = d * np.sin(d * v)


@map_(
    params={"a": 1.641, "b": 1.902, "c": 0.316, "d": 1.525},
    ic=[1.78166133, -1.15791549],
    citation="Peter de Jong's map; see Sprott, J. C. (1993). Strange Attractors: Creating Patterns in Chaos. M&T Books.",
    description="Peter de Jong's trigonometric map of the plane.",
    jac=_dejong_jac,
)
def DeJong(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0] = np.sin(a * v) - np.cos(b * x)
    out[1] = np.sin(c * x) - np.cos(d * v)


def _duffing_jac(y, p, out):
    a, b = p[0], p[1]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -b
    out[1, 1] = a - 3.0 * y[1] * y[1]


@map_(
    params={"a": 2.75, "b": 0.2},
    ic=[0.51, 0.1],
    citation="Holmes, P. (1979). A nonlinear oscillator with a strange attractor. Phil. Trans. R. Soc. A 292, 419-448.",
    description="Holmes's cubic (Duffing) map, a discrete analogue of the forced Duffing oscillator.",
    jac=_duffing_jac,
    name="DuffingMap",
)
def DuffingMap(y, p, out):
    a, b = p[0], p[1]
    out[0] = y[1]
    out[1] = a * y[1] - b * y[0] - y[1] ** 3


def _gauss_jac(y, p, out):
    a = p[0]
    out[0, 0] = -2.0 * a * y[0] * np.exp(-a * y[0] * y[0])


@map_(
    params={"a": 4.9, "b": -0.5},
    ic=[0.5],
    citation="Hilborn, R. C. (2000). Chaos and Nonlinear Dynamics, 2nd ed. Oxford University Press (the Gaussian map).",
    description="Gaussian (mouse) map x -> exp(-a x^2) + b.",
    jac=_gauss_jac,
)
def Gauss(y, p, out):
    a, b = p[0], p[1]
    out[0] = np.exp(-a * y[0] * y[0]) + b


def _gingerbreadman_jac(y, p, out):
    out[0, 0] = np.sign(y[0])
    out[0, 1] = -1.0
    out[1, 0] = 1.0
    out[1, 1] = 0.0


@map_(
    params={},
    ic=[0.51, 0.1],
    citation="Devaney, R. L. (1984). A piecewise linear model for the zones of instability of an area-preserving map. Physica D 10, 387-393.",
    description="Devaney's gingerbread-man map: piecewise linear and area preserving.",
    jac=_gingerbreadman_jac,
    hamiltonian=True,
)
def Gingerbreadman(y, p, out):
    out[0] = 1.0 - y[1] + abs(y[0])
    out[1] = y[0]


def _gumowski_mira_jac(y, p, out):
    a, b = p[0], p[1]
    x = y[0]
    xn = b * y[1] + a * x + 2.0 * (1.0 - a) * x * x / (1.0 + x * x)
    dfx = a + 4.0 * (1.0 - a) * x / (1.0 + x * x) ** 2
    dfxn = a + 4.0 * (1.0 - a) * xn / (1.0 + xn * xn) ** 2
    out[0, 0] = dfx
    out[0, 1] = b
    out[1, 0] = dfxn * dfx - 1.0
    out[1, 1] = dfxn * b


@map_(
    params={"a": -1.1, "b": -0.2},
    ic=[0.1, 0.1],
    citation="Gumowski, I. and Mira, C. (1980). Recurrences and Discrete Dynamic Systems. Lecture Notes in Mathematics 809, Springer.",
    description="Gumowski-Mira map, a recurrence from accelerator physics that draws ornate attractors.",
    jac=_gumowski_mira_jac,
)
def GumowskiMira(y, p, out):
    a, b = p[0], p[1]
    x = y[0]
    xn = b * y[1] + a * x + 2.0 * (1.0 - a) * x * x / (1.0 + x * x)
    out[0] = xn
    out[1] = a * xn + 2.0 * (1.0 - a) * xn * xn / (1.0 + xn * xn) - x


def _henon_jac(y, p, out):
    a, b = p[0], p[1]
    out[0, 0] = -2.0 * a * y[0]
    out[0, 1] = 1.0
    out[1, 0] = b
    out[1, 1] = 0.0


@map_(
    params={"a": 1.4, "b": 0.3},
    ic=[1.21674097, 0.03536533],
    citation="Henon, M. (1976). A two-dimensional mapping with a strange attractor. Commun. Math. Phys. 50, 69-77.",
    description="Henon map: a quadratic fold with constant area contraction b.",
    jac=_henon_jac,
)
def Henon(y, p, out):
    a, b = p[0], p[1]
    out[0] = 1.0 - a * y[0] * y[0] + y[1]
    out[1] = b * y[0]


def _hopalong_jac(y, p, out):
    b, c = p[1], p[2]
    arg = b * y[0] - 1.0 - c
    # d sqrt|u| / du = sign(u) / (2 sqrt|u|), infinite on the line b x = 1 + c
    out[0, 0] = -np.sign(y[0] - 1.0) * b * np.sign(arg) / (2.0 * np.sqrt(abs(arg)))
    out[0, 1] = 1.0
    out[1, 0] = -1.0
    out[1, 1] = 0.0


@map_(
    params={"a": 3.1, "b": 2.5, "c": 4.2},
    ic=[0.1, 0.1],
    citation="Barry Martin's hopalong map (as collected in dysts 0.96).",
    description="Barry Martin's hopalong map with a square-root nonlinearity.",
    jac=_hopalong_jac,
)
def Hopalong(y, p, out):
    a, b, c = p[0], p[1], p[2]
    x = y[0]
    out[0] = y[1] - 1.0 - np.sqrt(abs(b * x - 1.0 - c)) * np.sign(x - 1.0)
    out[1] = a - x - 1.0


def _ikeda_jac(y, p, out):
    u = p[0]
    x, v = y[0], y[1]
    den = 1.0 + x * x + v * v
    tau = 0.4 - 6.0 / den
    ct, st = np.cos(tau), np.sin(tau)
    tx, tv = 12.0 * x / den**2, 12.0 * v / den**2
    rot_x = x * ct - v * st
    rot_y = x * st + v * ct
    out[0, 0] = u * (ct - rot_y * tx)
    out[0, 1] = u * (-st - rot_y * tv)
    out[1, 0] = u * (st + rot_x * tx)
    out[1, 1] = u * (ct + rot_x * tv)


@map_(
    params={"u": 0.9},
    ic=[0.9, 0.55524451],
    citation="Ikeda, K. (1979). Multiple-valued stationary state and its instability of the transmitted light by a ring cavity system. Opt. Commun. 30, 257-261.",
    description="Ikeda map of light circulating in a nonlinear optical ring cavity.",
    jac=_ikeda_jac,
)
def Ikeda(y, p, out):
    u = p[0]
    x, v = y[0], y[1]
    tau = 0.4 - 6.0 / (1.0 + x * x + v * v)
    out[0] = 1.0 + u * (x * np.cos(tau) - v * np.sin(tau))
    out[1] = u * (x * np.sin(tau) + v * np.cos(tau))


def _kaplan_yorke_jac(y, p, out):
    alpha = p[0]
    out[0, 0] = 2.0
    out[0, 1] = 0.0
    out[1, 0] = -4.0 * np.pi * np.sin(4.0 * np.pi * y[0])
    out[1, 1] = alpha


@map_(
    params={"alpha": 0.2},
    ic=[0.2, 0.2],
    citation="Kaplan, J. L. and Yorke, J. A. (1979). Chaotic behavior of multidimensional difference equations. Lecture Notes in Mathematics 730, 204-227.",
    description="Kaplan-Yorke map: a doubling map driving a contracting cosine map.",
    jac=_kaplan_yorke_jac,
)
def KaplanYorke(y, p, out):
    alpha = p[0]
    # dysts reduces modulo 0.99999995 rather than 1 so floating-point doubling
    # does not end every orbit at 0; we keep its convention.
    out[0] = (2.0 * y[0]) % 0.99999995
    out[1] = alpha * y[1] + np.cos(4.0 * np.pi * y[0])


def _logistic_jac(y, p, out):
    r = p[0]
    out[0, 0] = r * (1.0 - 2.0 * y[0])


@map_(
    params={"r": 3.9},
    ic=[0.51],
    citation="May, R. M. (1976). Simple mathematical models with very complicated dynamics. Nature 261, 459-467.",
    description="Logistic map of a population with non-overlapping generations.",
    jac=_logistic_jac,
)
def Logistic(y, p, out):
    r = p[0]
    out[0] = r * y[0] * (1.0 - y[0])


def _maynard_smith_jac(y, p, out):
    a = p[0]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -2.0 * y[0]
    out[1, 1] = a


@map_(
    params={"a": 0.87, "b": 0.75},
    ic=[0.0, 0.1],
    citation="Maynard Smith, J. (1968). Mathematical Ideas in Biology. Cambridge University Press.",
    description="Maynard Smith's delayed density-dependent population map.",
    jac=_maynard_smith_jac,
)
def MaynardSmith(y, p, out):
    a, b = p[0], p[1]
    out[0] = y[1]
    out[1] = a * y[1] + b - y[0] * y[0]


def _pickover_jac(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0, 0] = -a * c * np.sin(a * x)
    out[0, 1] = a * np.cos(a * v)
    out[1, 0] = b * np.cos(b * x)
    out[1, 1] = -b * d * np.sin(b * v)


@map_(
    params={"a": -1.4, "b": 1.6, "c": 1.0, "d": 0.7},
    ic=[-0.97631884, -1.2040783],
    citation="Pickover, C. A. (1990). Computers, Pattern, Chaos and Beauty. St. Martin's Press.",
    description="Clifford Pickover's trigonometric map of the plane.",
    jac=_pickover_jac,
)
def Pickover(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0] = np.sin(a * v) + c * np.cos(a * x)
    out[1] = np.sin(b * x) + d * np.cos(b * v)


def _ricker_jac(y, p, out):
    a = p[0]
    out[0, 0] = (1.0 - y[0]) * np.exp(a - y[0])


@map_(
    params={"a": 3.3},
    ic=[0.51],
    citation="Ricker, W. E. (1954). Stock and recruitment. J. Fish. Res. Board Can. 11, 559-623.",
    description="Ricker stock-recruitment map with overcompensating density dependence.",
    jac=_ricker_jac,
)
def Ricker(y, p, out):
    a = p[0]
    out[0] = y[0] * np.exp(a - y[0])


def _svensson_jac(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0, 0] = a * d * np.cos(a * x)
    out[0, 1] = -b * np.cos(b * v)
    out[1, 0] = -a * c * np.sin(a * x)
    out[1, 1] = -b * np.sin(b * v)


@map_(
    params={"a": 1.5, "b": -1.8, "c": 1.6, "d": 0.9},
    ic=[0.5, 0.5],
    citation="Johnny Svensson's map, after Ivan Emrich (as collected in dysts 0.96).",
    description="Svensson's trigonometric map of the plane, a relative of de Jong's.",
    jac=_svensson_jac,
)
def Svensson(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0] = d * np.sin(a * x) - np.sin(b * v)
    out[1] = c * np.cos(a * x) + np.cos(b * v)


def _tent_jac(y, p, out):
    mu = p[0]
    out[0, 0] = -2.0 * mu * np.sign(y[0] - 0.5)


@map_(
    params={"mu": 0.95},
    ic=[0.51],
    citation="Ott, E. (2002). Chaos in Dynamical Systems, 2nd ed. Cambridge University Press (the tent map).",
    description="Tent map: piecewise linear stretching and folding of the unit interval.",
    jac=_tent_jac,
)
def Tent(y, p, out):
    mu = p[0]
    out[0] = mu * (1.0 - 2.0 * abs(y[0] - 0.5))


def _tinkerbell_jac(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0, 0] = 2.0 * x + a
    out[0, 1] = b - 2.0 * v
    out[1, 0] = 2.0 * v + c
    out[1, 1] = 2.0 * x + d


@map_(
    params={"a": 0.9, "b": -0.6013, "c": 2.0, "d": 0.5},
    ic=[0.13738266, -0.0308518],
    citation=SPROTT_2003,
    description="Tinkerbell map: a quadratic map of the plane with a fairy-shaped attractor.",
    jac=_tinkerbell_jac,
)
def Tinkerbell(y, p, out):
    a, b, c, d = p[0], p[1], p[2], p[3]
    x, v = y[0], y[1]
    out[0] = x * x - v * v + a * x + b * v
    out[1] = 2.0 * x * v + c * x + d * v


def _zaslavskii_jac(y, p, out):
    eps, nu, r = p[0], p[1], p[2]
    mu = (1.0 - np.exp(-r)) / r
    s = np.sin(2.0 * np.pi * y[0])
    out[0, 0] = 1.0 - 2.0 * np.pi * eps * nu * mu * s
    out[0, 1] = nu * mu
    out[1, 0] = -2.0 * np.pi * eps * np.exp(-r) * s
    out[1, 1] = np.exp(-r)


@map_(
    params={"eps": 5.0, "nu": 0.2, "r": 2.0},
    ic=[0.51, 0.1],
    citation="Zaslavskii, G. M. (1978). The simplest case of a strange attractor. Phys. Lett. A 69, 145-147.",
    description="Zaslavskii's dissipative kicked-rotator map (angle mod 1, momentum).",
    jac=_zaslavskii_jac,
)
def Zaslavskii(y, p, out):
    eps, nu, r = p[0], p[1], p[2]
    mu = (1.0 - np.exp(-r)) / r
    kick = np.cos(2.0 * np.pi * y[0])
    # reduced modulo 0.99999995 like dysts's other circle maps
    out[0] = (y[0] + nu * (1.0 + mu * y[1]) + eps * nu * mu * kick) % 0.99999995
    out[1] = np.exp(-r) * (y[1] + eps * kick)


def _zeraoulia_sprott_jac(y, p, out):
    a, b = p[0], p[1]
    x, v = y[0], y[1]
    den = 1.0 + v * v
    out[0, 0] = -a / den
    out[0, 1] = 2.0 * a * x * v / (den * den)
    out[1, 0] = 1.0
    out[1, 1] = b


@map_(
    params={"a": 4.8, "b": 0.35},
    ic=[0.4690212482439324, -4.084384252822208],
    citation=(
        "Zeraoulia, E. and Sprott, J. C. (2011). On the dynamics of a new simple 2-D rational discrete "
        "mapping. Int. J. Bifurcation Chaos 21, 155-160."
    ),
    description="Zeraoulia-Sprott rational map (x, y) -> (-a x / (1 + y^2), x + b y), chaotic after a quasi-periodic route.",
    jac=_zeraoulia_sprott_jac,
)
def ZeraouliaSprott(y, p, out):
    a, b = p[0], p[1]
    x, v = y[0], y[1]
    out[0] = -a * x / (1.0 + v * v)
    out[1] = x + b * v


# ---- DynamicalSystems.jl (PredefinedDynamicalSystems.jl 1.x) maps missing from dysts ----


def _arnold_cat_jac(y, p, out):
    out[0, 0] = 2.0
    out[0, 1] = 1.0
    out[1, 0] = 1.0
    out[1, 1] = 1.0


@map_(
    params={},
    ic=[0.001245, 0.00875],
    citation="Arnold, V. I. and Avez, A. (1968). Ergodic Problems of Classical Mechanics. Benjamin, New York.",
    description="Arnold's cat map: the hyperbolic toral automorphism (x, y) -> (2x + y, x + y) mod 1.",
    jac=_arnold_cat_jac,
    hamiltonian=True,
)
def ArnoldCat(y, p, out):
    out[0] = (2.0 * y[0] + y[1]) % 1.0
    out[1] = (y[0] + y[1]) % 1.0


def _beta_jac(y, p, out):
    out[0, 0] = p[0]


@map_(
    params={"beta": 2.0},
    ic=[0.25],
    citation="Renyi, A. (1957). Representations for real numbers and their ergodic properties. Acta Math. Acad. Sci. Hung. 8, 477-493.",
    description="Beta transformation x -> beta x mod 1 (at beta = 2 the doubling map, which floating point collapses to 0 within ~55 steps).",
    jac=_beta_jac,
)
def BetaTransformation(y, p, out):
    beta = p[0]
    x = beta * y[0]
    out[0] = x if y[0] < 1.0 / beta else x - 1.0


def _grebogi_jac(y, p, out):
    j0, a, b = p[0], p[1], p[2]
    th, x = y[0], y[1]
    out[0, 0] = 1.0 + 2.0 * a * np.cos(2.0 * th) - 4.0 * b * np.cos(4.0 * th) - x * np.cos(th)
    out[0, 1] = -np.sin(th)
    out[1, 0] = j0 * np.sin(th)
    out[1, 1] = 0.0


@map_(
    params={"J0": 0.3, "a": 1.32, "b": 0.9},
    ic=[0.2, 0.0],
    citation="Grebogi, C., McDonald, S. W., Ott, E. and Yorke, J. A. (1983). Final state sensitivity: an obstruction to predictability. Phys. Lett. A 99, 415-418.",
    description=(
        "Grebogi et al.'s final-state-sensitivity map: at the published parameters it has no chaotic attractor; "
        "orbits wander on a chaotic saddle, then settle on one of the fixed points (0, -J0) and (pi, J0), "
        "whose basins share a fractal boundary."
    ),
    chaotic=False,
    jac=_grebogi_jac,
)
def GrebogiMap(y, p, out):
    j0, a, b = p[0], p[1], p[2]
    th, x = y[0], y[1]
    # the angle is reduced mod 2 pi so that the attractor at theta = pi stays finite
    out[0] = (th + a * np.sin(2.0 * th) - b * np.sin(4.0 * th) - x * np.sin(th)) % (2.0 * np.pi)
    out[1] = -j0 * np.cos(th)


def _coupled_standard_jac(y, p, out):
    gamma = p[0]
    m = y.size // 2
    out[:, :] = 0.0
    for i in range(m):
        up, dn = (i + 1) % m, (i - 1) % m
        cu, cd = np.cos(y[up] - y[i]), np.cos(y[dn] - y[i])
        # row m + i: the new momentum; row i: the new angle = angle + new momentum
        out[m + i, i] += p[1 + i] * np.cos(y[i]) + gamma * (cu + cd)
        out[m + i, up] -= gamma * cu
        out[m + i, dn] -= gamma * cd
        out[m + i, m + i] = 1.0
        for j in range(2 * m):
            out[i, j] = out[m + i, j]
        out[i, i] += 1.0


@map_(
    params={"gamma": 1.0, "k1": 1.0, "k2": 1.0},
    ic=[3.8714330006657853, 3.501074294354364, 6.263498076595121, 4.283853788271446],
    citation=(
        "Kantz, H. and Grassberger, P. (1988). Internal Arnold diffusion and chaos thresholds in coupled "
        "symplectic maps. J. Phys. A 21, L127-L133."
    ),
    description=(
        "Ring of M = 2 standard maps (angles theta_1..M, then momenta p_1..M, all mod 2 pi) with kicks k_i "
        "and nonlinear nearest-neighbour coupling gamma; symplectic."
    ),
    jac=_coupled_standard_jac,
    hamiltonian=True,
)
def CoupledStandardMaps(y, p, out):
    gamma = p[0]
    m = y.size // 2
    two_pi = 2.0 * np.pi
    for i in range(m):
        up, dn = (i + 1) % m, (i - 1) % m
        kick = p[1 + i] * np.sin(y[i]) - gamma * (np.sin(y[up] - y[i]) + np.sin(y[dn] - y[i]))
        mom = (y[m + i] + kick) % two_pi
        out[m + i] = mom
        out[i] = (y[i] + mom) % two_pi


def _manneville_simple_jac(y, p, out):
    eps = p[0]
    out[0, 0] = (1.0 + eps) + 2.0 * (1.0 - eps) * y[0]


@map_(
    params={"eps": 0.1},
    ic=[0.4],
    citation="Manneville, P. (1980). Intermittency, self-similarity and 1/f spectrum in dissipative dynamical systems. J. Phys. 41, 1235-1243.",
    description="Manneville's map x -> (1 + eps) x + (1 - eps) x^2 mod 1, type-I intermittency.",
    jac=_manneville_simple_jac,
)
def MannevilleSimple(y, p, out):
    eps = p[0]
    out[0] = ((1.0 + eps) * y[0] + (1.0 - eps) * y[0] * y[0]) % 1.0


def _nonlinearly_coupled_logistic_jac(y, p, out):
    k = p[0]
    n = y.size
    for i in range(n):
        for j in range(n):
            out[i, j] = 2.0 * k * y[j]
        out[i, i] = -2.0 * y[i] * (1.0 + k * (n - 1))


@map_(
    params={"k": 0.08, "lam": 1.2},
    ic=[1.07517141, 1.2158042, 1.20291434, 1.1083998],
    citation=(
        "Datseris, G. and Parlitz, U. (2022). Nonlinear Dynamics: A Concise Introduction Interlaced with "
        "Code. Springer (the coupled logistic maps of DynamicalSystems.jl)."
    ),
    description=(
        "Four quadratic (logistic) maps u -> lam - u^2 with all-to-all coupling through the squares, "
        "k sum_j (u_j^2 - u_i^2). Not chaotic at these parameters: periodic attractors coexist (ic: a "
        "period-8 cycle; DynamicalSystems.jl's ic (0, 1/3, 2/3, 1) escapes to infinity)."
    ),
    jac=_nonlinearly_coupled_logistic_jac,
    chaotic=False,
)
def NonlinearlyCoupledLogistic(y, p, out):
    k, lam = p[0], p[1]
    n = y.size
    total = 0.0
    for j in range(n):
        total += y[j] * y[j]
    for i in range(n):
        sq = y[i] * y[i]
        # k * sum over j != i of (u_j^2 - u_i^2) = k * (total - n u_i^2)
        out[i] = lam - sq + k * (total - n * sq)


def _pomeau_manneville_jac(y, p, out):
    z = p[0]
    x = y[0]
    if abs(x) <= 0.5:
        out[0, 0] = 1.0 + z * abs(2.0 * x) ** (z - 1.0)
    else:
        out[0, 0] = -4.0


@map_(
    params={"z": 2.5},
    ic=[0.2],
    citation="Pomeau, Y. and Manneville, P. (1980). Intermittent transition to turbulence in dissipative dynamical systems. Commun. Math. Phys. 74, 189-197.",
    description="Piecewise Pomeau-Manneville map with laminar phases near 0 of exponent z (intermittency, anomalous diffusion).",
    jac=_pomeau_manneville_jac,
)
def PomeauManneville(y, p, out):
    z = p[0]
    x = y[0]
    if x < -0.5:
        out[0] = -4.0 * x - 3.0
    elif x <= 0.5:
        out[0] = x * (1.0 + abs(2.0 * x) ** (z - 1.0))
    else:
        out[0] = -4.0 * x + 3.0


def _rulkov_jac(y, p, out):
    alpha, sigma = p[0], p[2]
    out[0, 0] = -2.0 * alpha * y[0] / (1.0 + y[0] * y[0]) ** 2
    out[0, 1] = 1.0
    out[1, 0] = -sigma
    out[1, 1] = 1.0


@map_(
    params={"alpha": 4.1, "beta": 0.001, "sigma": 0.001},
    ic=[1.0, 1.0],
    citation="Rulkov, N. F. (2001). Regularization of synchronized chaotic bursts. Phys. Rev. Lett. 86, 183-186.",
    description="Rulkov's two-dimensional map neuron with fast spiking and slow modulation (chaotic bursting).",
    jac=_rulkov_jac,
)
def Rulkov(y, p, out):
    alpha, beta, sigma = p[0], p[1], p[2]
    out[0] = alpha / (1.0 + y[0] * y[0]) + y[1]
    out[1] = y[1] - sigma * y[0] - beta


def _folded_towel_jac(y, p, out):
    a, b, c, d, e, f, g = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    x1, x2, x3 = y[0], y[1], y[2]
    fold = (x2 + c) * (1.0 - 2.0 * x3)
    out[0, 0] = a * (1.0 - 2.0 * x1)
    out[0, 1] = -b * (1.0 - 2.0 * x3)
    out[0, 2] = 2.0 * b * (x2 + c)
    out[1, 0] = -d * e * (fold - 1.0)
    out[1, 1] = d * (1.0 - 2.0 * x3) * (1.0 - e * x1)
    out[1, 2] = -2.0 * d * (x2 + c) * (1.0 - e * x1)
    out[2, 0] = 0.0
    out[2, 1] = g
    out[2, 2] = f * (1.0 - 2.0 * x3)


@map_(
    params={"a": 3.8, "b": 0.05, "c": 0.35, "d": 0.1, "e": 1.9, "f": 3.78, "g": 0.2},
    ic=[0.085, -0.121, 0.075],
    citation=(
        "Rossler, O. E. (1979). Chaotic oscillations: an example of hyperchaos. Lectures in Applied "
        "Mathematics 17, 141-156; Rossler, O. E., Hudson, J. L., Knudsen, C. and Tsuda, I. (1995). "
        "Nowhere-differentiable attractors. Int. J. Intell. Syst. 10, 15-23."
    ),
    description="Rossler's three-dimensional 'folded towel' map with two positive Lyapunov exponents (hyperchaos).",
    jac=_folded_towel_jac,
)
def FoldedTowel(y, p, out):
    a, b, c, d, e, f, g = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    x1, x2, x3 = y[0], y[1], y[2]
    # one folded quantity feeds both the x1 and the x2 update
    fold = (x2 + c) * (1.0 - 2.0 * x3)
    out[0] = a * x1 * (1.0 - x1) - b * fold
    out[1] = d * (fold - 1.0) * (1.0 - e * x1)
    out[2] = f * x3 * (1.0 - x3) + g * x2


def _ulam_lattice_jac(y, p, out):
    eps = p[0]
    n = y.size
    out[:, :] = 0.0
    for i in range(n):
        arg = eps * y[i - 1] + (1.0 - eps) * y[i]
        out[i, i - 1 if i > 0 else n - 1] += -2.0 * arg * eps
        out[i, i] += -2.0 * arg * (1.0 - eps)


@map_(
    params={"eps": 0.6},
    ic=np.cos(np.arange(1, 101)),
    citation="Kaneko, K. (1989). Spatiotemporal chaos in one- and two-dimensional coupled map lattices. Physica D 37, 60-82.",
    description="Ring of 100 Ulam maps x -> 2 - x^2 with one-way diffusive coupling (a coupled map lattice).",
    jac=_ulam_lattice_jac,
)
def UlamLattice(y, p, out):
    eps = p[0]
    n = y.size
    for i in range(n):
        arg = eps * y[i - 1] + (1.0 - eps) * y[i]
        out[i] = 2.0 - arg * arg


# ---- tsdynamics 6.1 maps missing from dysts and DynamicalSystems.jl ----


def _generalized_henon_jac(y, p, out):
    b = p[1]
    out[:, :] = 0.0
    out[0, 1] = -2.0 * y[1]
    out[0, 2] = -b
    out[1, 0] = 1.0
    out[2, 1] = 1.0


@map_(
    params={"a": 1.9, "b": 0.03},
    ic=[1.1195005779484588, 1.84512691731291, 0.8808240629679297],
    citation="Baier, G. and Klein, M. (1990). Maximum hyperchaos in generalized Henon maps. Phys. Lett. A 151, 281-284.",
    description="Baier-Klein generalized Henon map (x, y, z) -> (a - y^2 - b z, x, y): hyperchaos in three dimensions.",
    jac=_generalized_henon_jac,
)
def GeneralizedHenon(y, p, out):
    a, b = p[0], p[1]
    out[0] = a - y[1] * y[1] - b * y[2]
    out[1] = y[0]
    out[2] = y[1]


def _ulam_jac(y, p, out):
    out[0, 0] = -2.0 * p[1] * y[0]


@map_(
    params={"a": 1.0, "b": 2.0},
    ic=[0.3],
    citation="Ulam, S. M. and von Neumann, J. (1947). On combination of stochastic and deterministic processes. Bull. Amer. Math. Soc. 53, 1120.",
    description="Ulam-von Neumann map x -> a - b x^2; at a = 1, b = 2 conjugate to the logistic map at r = 4 (exponent ln 2).",
    jac=_ulam_jac,
)
def Ulam(y, p, out):
    a, b = p[0], p[1]
    out[0] = a - b * y[0] * y[0]
