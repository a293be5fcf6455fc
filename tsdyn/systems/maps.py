"""The catalog's maps: dysts 0.96's discrete systems that have published parameters.

Each map is ``step(y, p, out)`` (``out`` = the next state) in the
numba-compatible subset of Python, registered with
:func:`tsdyn.systems.base.map_`; ``p`` holds the parameters in alphabetical
order of their names, as dysts orders them. Where we give a Jacobian it has the
map's own signature, ``jac(y, p, out)`` (no time argument: maps are iterated,
not integrated).

Below them come the DynamicalSystems.jl maps that dysts lacks (ArnoldCat,
BetaTransformation, GrebogiMap, MannevilleSimple, PomeauManneville, Rulkov,
Towel, Ulam), with that package's default parameters.

Names are dysts's, except ``DuffingMap`` (dysts's ``Duffing`` map, renamed
because the Duffing oscillator flow already holds that name in the one
catalog). dysts's ``Zaslavskii`` (commented out in its code but listed with
parameters) is included; ``BlinkingVortexMap`` (a root solve with a state that
flips sign every step), ``ZeraouliaSprott`` (parameters copied from DeJong, not
the paper's) and ``EndCap`` (no equations) are not.

>>> import numpy as np
>>> from tsdyn.systems import maps
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


@map_(
    params={"a": 3.1, "b": 2.5, "c": 4.2},
    ic=[0.1, 0.1],
    citation="Barry Martin's hopalong map (as collected in dysts 0.96).",
    description="Barry Martin's hopalong map with a square-root nonlinearity.",
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
    description="Grebogi's kicked-rotor-like map with a long chaotic transient and fractal basin boundaries between two fixed points.",
    jac=_grebogi_jac,
)
def GrebogiMap(y, p, out):
    j0, a, b = p[0], p[1], p[2]
    th, x = y[0], y[1]
    # the angle is reduced mod 2 pi so that the attractor at theta = pi stays finite
    out[0] = (th + a * np.sin(2.0 * th) - b * np.sin(4.0 * th) - x * np.sin(th)) % (2.0 * np.pi)
    out[1] = -j0 * np.cos(th)


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


def _towel_jac(y, p, out):
    x1, x2, x3 = y[0], y[1], y[2]
    out[0, 0] = 3.8 * (1.0 - 2.0 * x1)
    out[0, 1] = -0.05 * (1.0 - 2.0 * x3)
    out[0, 2] = 0.1 * (x2 + 0.35)
    out[1, 0] = -0.19 * ((x2 + 0.35) * (1.0 - 2.0 * x3) - 1.0)
    out[1, 1] = 0.1 * (1.0 - 2.0 * x3) * (1.0 - 1.9 * x1)
    out[1, 2] = -0.2 * (x2 + 0.35) * (1.0 - 1.9 * x1)
    out[2, 0] = 0.0
    out[2, 1] = 0.2
    out[2, 2] = 3.78 * (1.0 - 2.0 * x3)


@map_(
    params={},
    ic=[0.085, -0.121, 0.075],
    citation="Rossler, O. E., Hudson, J. L., Knudsen, C. and Tsuda, I. (1995). Nowhere-differentiable attractors. Int. J. Intell. Syst. 10, 15-23.",
    description="Rossler's three-dimensional 'folded towel' map with two positive Lyapunov exponents (hyperchaos).",
    jac=_towel_jac,
)
def Towel(y, p, out):
    x1, x2, x3 = y[0], y[1], y[2]
    out[0] = 3.8 * x1 * (1.0 - x1) - 0.05 * (x2 + 0.35) * (1.0 - 2.0 * x3)
    out[1] = 0.1 * ((x2 + 0.35) * (1.0 - 2.0 * x3) - 1.0) * (1.0 - 1.9 * x1)
    out[2] = 3.78 * x3 * (1.0 - x3) + 0.2 * x2


def _ulam_jac(y, p, out):
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
    jac=_ulam_jac,
)
def Ulam(y, p, out):
    eps = p[0]
    n = y.size
    for i in range(n):
        arg = eps * y[i - 1] + (1.0 - eps) * y[i]
        out[i] = 2.0 - arg * arg
