"""The catalog's maps: dysts 0.96's discrete systems that have published parameters, and more.

Each map is a function of its named state variables and, keyword-only, its
parameters, returning the next state; tools/gen_catalog.py compiles it to
``step(X, p, out)`` and derives the Jacobian ``jac(X, p, out)`` (no time
argument: maps are iterated, not integrated) with sympy. Lattices are written in
that compiled form directly, and piecewise maps (mod, abs, floor) write
``<name>_jac`` by hand. ``systems.json`` orders the parameters alphabetically,
as dysts does.

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

>>> from tsdyn.systems.catalog import maps
>>> maps.Henon(0.0, 0.0, a=1.4, b=0.3)
(1.0, 0.0)
"""

import numpy as np


def Baker(x, y, *, a):
    # dysts stretches by 2 - 1e-10 so that floating-point doubling does not
    # collapse every orbit onto 0 after ~53 steps; we keep its convention.
    stretched = (2.0 - 1e-10) * x
    fold = np.floor(stretched)
    return (
        stretched - fold,
        0.5 * (a * y + fold),
    )


def Baker_jac(x, y, *, a):
    return (
        (2.0 - 1e-10, 0.0),
        (0.0, 0.5 * a),
    )


def Bedhead(x, v, *, a, b):
    return (
        np.sin(x * v / b) * v + np.cos(a * x - v),
        x + np.sin(v) / b,
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


def BlinkingVortexMap_jac(y, p, out):
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


def Bogdanov(x, v, *, eps, k, mu):
    vn = (1.0 + eps) * v + k * x * (x - 1.0) + mu * x * v
    return (
        x + vn,
        vn,
    )


def Chebyshev(x, *, a):
    return (np.cos(a * np.arccos(x)),)


def Chirikov(x, y, *, k):
    mom = x + k * np.sin(y)
    return (
        mom,
        y + mom,
    )


def Circle(x, *, k, omega):
    return (x + omega + k / (2.0 * np.pi) * np.sin(2.0 * np.pi * x),)


def DeJong(x, v, *, a, b, c, d):
    return (
        np.sin(a * v) - np.cos(b * x),
        np.sin(c * x) - np.cos(d * v),
    )


def DuffingMap(x, y, *, a, b):
    return (
        y,
        a * y - b * x - y**3,
    )


def Gauss(x, *, a, b):
    return (np.exp(-a * x * x) + b,)


def Gingerbreadman(x, y):
    return (
        1.0 - y + abs(x),
        x,
    )


def Gingerbreadman_jac(x, y):
    return (
        (np.sign(x), -1.0),
        (1.0, 0.0),
    )


def GumowskiMira(x, y, *, a, b):
    xn = b * y + a * x + 2.0 * (1.0 - a) * x * x / (1.0 + x * x)
    return (
        xn,
        a * xn + 2.0 * (1.0 - a) * xn * xn / (1.0 + xn * xn) - x,
    )


def Henon(x, y, *, a, b):
    return (
        1.0 - a * x * x + y,
        b * x,
    )


def Hopalong(x, y, *, a, b, c):
    return (
        y - 1.0 - np.sqrt(abs(b * x - 1.0 - c)) * np.sign(x - 1.0),
        a - x - 1.0,
    )


def Hopalong_jac(x, y, *, b, c):
    arg = b * x - 1.0 - c
    # d sqrt|u| / du = sign(u) / (2 sqrt|u|), infinite on the line b x = 1 + c
    return (
        (-np.sign(x - 1.0) * b * np.sign(arg) / (2.0 * np.sqrt(abs(arg))), 1.0),
        (-1.0, 0.0),
    )


def Ikeda(x, v, *, u):
    tau = 0.4 - 6.0 / (1.0 + x * x + v * v)
    return (
        1.0 + u * (x * np.cos(tau) - v * np.sin(tau)),
        u * (x * np.sin(tau) + v * np.cos(tau)),
    )


def KaplanYorke(x, y, *, alpha):
    # dysts reduces modulo 0.99999995 rather than 1 so floating-point doubling
    # does not end every orbit at 0; we keep its convention.
    return (
        (2.0 * x) % 0.99999995,
        alpha * y + np.cos(4.0 * np.pi * x),
    )


def KaplanYorke_jac(x, y, *, alpha):
    return (
        (2.0, 0.0),
        (-4.0 * np.pi * np.sin(4.0 * np.pi * x), alpha),
    )


def Logistic(x, *, r):
    return (r * x * (1.0 - x),)


def MaynardSmith(x, y, *, a, b):
    return (
        y,
        a * y + b - x * x,
    )


def Pickover(x, v, *, a, b, c, d):
    return (
        np.sin(a * v) + c * np.cos(a * x),
        np.sin(b * x) + d * np.cos(b * v),
    )


def Ricker(x, *, a):
    return (x * np.exp(a - x),)


def Svensson(x, v, *, a, b, c, d):
    return (
        d * np.sin(a * x) - np.sin(b * v),
        c * np.cos(a * x) + np.cos(b * v),
    )


def Tent(x, *, mu):
    return (mu * (1.0 - 2.0 * abs(x - 0.5)),)


def Tent_jac(x, *, mu):
    return ((-2.0 * mu * np.sign(x - 0.5),),)


def Tinkerbell(x, v, *, a, b, c, d):
    return (
        x * x - v * v + a * x + b * v,
        2.0 * x * v + c * x + d * v,
    )


def Zaslavskii(x, y, *, eps, nu, r):
    mu = (1.0 - np.exp(-r)) / r
    kick = np.cos(2.0 * np.pi * x)
    # reduced modulo 0.99999995 like dysts's other circle maps
    return (
        (x + nu * (1.0 + mu * y) + eps * nu * mu * kick) % 0.99999995,
        np.exp(-r) * (y + eps * kick),
    )


def Zaslavskii_jac(x, y, *, eps, nu, r):
    mu = (1.0 - np.exp(-r)) / r
    s = np.sin(2.0 * np.pi * x)
    return (
        (1.0 - 2.0 * np.pi * eps * nu * mu * s, nu * mu),
        (-2.0 * np.pi * eps * np.exp(-r) * s, np.exp(-r)),
    )


def ZeraouliaSprott(x, v, *, a, b):
    return (
        -a * x / (1.0 + v * v),
        x + b * v,
    )


# ---- DynamicalSystems.jl (PredefinedDynamicalSystems.jl 1.x) maps missing from dysts ----


def ArnoldCat(x, y):
    return (
        (2.0 * x + y) % 1.0,
        (x + y) % 1.0,
    )


def ArnoldCat_jac(x, y):
    return (
        (2.0, 1.0),
        (1.0, 1.0),
    )


def BetaTransformation(x0, *, beta):
    x = beta * x0
    return (x if x0 < 1.0 / beta else x - 1.0,)


def BetaTransformation_jac(x, *, beta):
    return ((beta,),)


def GrebogiMap(th, x, *, J0, a, b):
    # the angle is reduced mod 2 pi so that the attractor at theta = pi stays finite
    return (
        (th + a * np.sin(2.0 * th) - b * np.sin(4.0 * th) - x * np.sin(th)) % (2.0 * np.pi),
        -J0 * np.cos(th),
    )


def GrebogiMap_jac(th, x, *, J0, a, b):
    return (
        (1.0 + 2.0 * a * np.cos(2.0 * th) - 4.0 * b * np.cos(4.0 * th) - x * np.cos(th), -np.sin(th)),
        (J0 * np.sin(th), 0.0),
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


def CoupledStandardMaps_jac(y, p, out):
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


def MannevilleSimple(x, *, eps):
    return (((1.0 + eps) * x + (1.0 - eps) * x * x) % 1.0,)


def MannevilleSimple_jac(x, *, eps):
    return ((1.0 + eps + 2.0 * (1.0 - eps) * x,),)


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


def NonlinearlyCoupledLogistic_jac(y, p, out):
    k = p[0]
    n = y.size
    for i in range(n):
        for j in range(n):
            out[i, j] = 2.0 * k * y[j]
        out[i, i] = -2.0 * y[i] * (1.0 + k * (n - 1))


def PomeauManneville(y, p, out):
    z = p[0]
    x = y[0]
    if x < -0.5:
        out[0] = -4.0 * x - 3.0
    elif x <= 0.5:
        out[0] = x * (1.0 + abs(2.0 * x) ** (z - 1.0))
    else:
        out[0] = -4.0 * x + 3.0


def PomeauManneville_jac(y, p, out):
    z = p[0]
    x = y[0]
    if abs(x) <= 0.5:
        out[0, 0] = 1.0 + z * abs(2.0 * x) ** (z - 1.0)
    else:
        out[0, 0] = -4.0


def Rulkov(x, y, *, alpha, beta, sigma):
    return (
        alpha / (1.0 + x * x) + y,
        y - sigma * x - beta,
    )


def FoldedTowel(x1, x2, x3, *, a, b, c, d, e, f, g):
    # one folded quantity feeds both the x1 and the x2 update
    fold = (x2 + c) * (1.0 - 2.0 * x3)
    return (
        a * x1 * (1.0 - x1) - b * fold,
        d * (fold - 1.0) * (1.0 - e * x1),
        f * x3 * (1.0 - x3) + g * x2,
    )


def UlamLattice(y, p, out):
    eps = p[0]
    n = y.size
    for i in range(n):
        arg = eps * y[i - 1] + (1.0 - eps) * y[i]
        out[i] = 2.0 - arg * arg


def UlamLattice_jac(y, p, out):
    eps = p[0]
    n = y.size
    out[:, :] = 0.0
    for i in range(n):
        arg = eps * y[i - 1] + (1.0 - eps) * y[i]
        out[i, i - 1 if i > 0 else n - 1] += -2.0 * arg * eps
        out[i, i] += -2.0 * arg * (1.0 - eps)


# ---- tsdynamics 6.1 maps missing from dysts and DynamicalSystems.jl ----


def GeneralizedHenon(x, y, z, *, a, b):
    return (
        a - y * y - b * z,
        x,
        y,
    )


def Ulam(x, *, a, b):
    return (a - b * x * x,)
