"""The catalog's ODE flows: every continuous-time system of dysts 0.96, under the same names.

Each flow is a right-hand side ``rhs(t, X, p, out)`` in the numba-compatible
subset of Python, registered with :func:`tsdyn.systems.base.flow`. ``p``
holds the parameters in alphabetical order of their names (dysts's
positional order); an array-valued parameter is flattened in C order under
the names ``name_i`` / ``name_i_j`` at its alphabetical place, and its shape
is recorded in the spec's ``extra["array_params"]``. Non-autonomous systems
carry the forcing phase as an extra state variable (listed in
``unbounded``), as dysts does, so every flow here is autonomous in form.

Published parameters, initial conditions on the attractor and dominant
periods are those collected by Gilpin (2021) for dysts; the equations are
written here from the cited papers. Where we depart from dysts on purpose
(Lorenz's ``beta``, the double pendulum's Hamiltonian, ...),
tests/systems/test_catalog.py documents the difference.

>>> import numpy as np
>>> from tsdyn.systems import flows
>>> from tsdyn.systems.base import registry
>>> spec = registry()["Lorenz"]
>>> out = np.empty(3)
>>> spec.func(0.0, spec.ic, np.array(list(spec.params.values())), out)
>>> bool(np.all(np.isfinite(out)))
True
"""

import numpy as np

from tsdyn.systems.base import flow


def _Aizawa_jac(t, X, p, out):
    x, y, z = X
    a, b, d, e, f = p[0], p[1], p[3], p[4], p[5]
    r2 = x * x + y * y
    out[0, 0] = z - b
    out[0, 1] = -d
    out[0, 2] = x
    out[1, 0] = d
    out[1, 1] = z - b
    out[1, 2] = y
    out[2, 0] = -2.0 * x * (1.0 + e * z) + 3.0 * f * z * x * x
    out[2, 1] = -2.0 * y * (1.0 + e * z)
    out[2, 2] = a - z * z - e * r2 + f * x**3


@flow(
    params={"a": 0.95, "b": 0.7, "c": 0.6, "d": 3.5, "e": 0.25, "f": 0.1},
    ic=[-0.78450179, -0.62887672, -0.17620268],
    period=2.5837,
    dt=0.0005168261376896056,
    citation="Aizawa, Yoji, and Tatsuya Uezu (1982). Topological Aspects in Chaos and in 2 k-Period Doubling Cascade. Progress of Theoretical Physics 67.3 (1982): 982-985. See also Langford (1984). Numerical studies of torus bifurcations. Numerical Methods for Bifurcation Problems. Birkhauser, Basel, 1984. 285-295.",
    description="Flow that winds over a sphere-like surface pierced by a tube along the z axis.",
    jac=_Aizawa_jac,
)
def Aizawa(t, X, p, out):
    x, y, z = X
    a, b, c, d, e, f = p[0], p[1], p[2], p[3], p[4], p[5]
    r2 = x * x + y * y
    out[0] = (z - b) * x - d * y
    out[1] = d * x + (z - b) * y
    out[2] = c + a * z - z**3 / 3.0 - r2 * (1.0 + e * z) + f * z * x**3


def _AnishchenkoAstakhov_jac(t, X, p, out):
    x, y, z = X
    eta, mu = p[0], p[1]
    xp = x if x > 0.0 else 0.0
    out[0, 0] = mu - z
    out[0, 1] = 1.0
    out[0, 2] = -x
    out[1, 0] = -1.0
    out[1, 1] = 0.0
    out[1, 2] = 0.0
    out[2, 0] = 2.0 * eta * xp
    out[2, 1] = 0.0
    out[2, 2] = -eta


@flow(
    params={"eta": 0.5, "mu": 1.2},
    ic=[3.6225814, 3.3226339, 1.9973142],
    period=6.814,
    dt=0.001363027171195199,
    citation="Anishchenko, et al. Nonlinear dynamics of chaotic and stochastic systems: tutorial and modern developments. 2007.",
    description="Oscillator with inertial nonlinearity, a switching (half-wave) feedback on the third variable.",
    jac=_AnishchenkoAstakhov_jac,
)
def AnishchenkoAstakhov(t, X, p, out):
    x, y, z = X
    eta, mu = p[0], p[1]
    xp = x if x > 0.0 else 0.0
    out[0] = mu * x + y - x * z
    out[1] = -x
    out[2] = eta * (xp * x - z)


def _Arneodo_jac(t, X, p, out):
    x, y, z = X
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = 0.0
    out[1, 2] = 1.0
    out[2, 0] = 3.0 * d * x * x - a
    out[2, 1] = -b
    out[2, 2] = -c


@flow(
    params={"a": -5.5, "b": 4.5, "c": 1.0, "d": -1.0},
    ic=[-2.7515698, 0.19079818, 3.4703629],
    period=3.1641,
    dt=0.000632925487581133,
    citation="Arneodo, A., Coullet, P. & Tresser, C. Occurence of strange attractors in three-dimensional Volterra equations. Physics Letters A 79, 259--263 (1980)",
    description="Third-order jerk flow with a cubic term; the Arneodo-Coullet-Tresser attractor.",
    jac=_Arneodo_jac,
)
def Arneodo(t, X, p, out):
    x, y, z = X
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = y
    out[1] = z
    out[2] = d * x**3 - a * x - b * y - c * z


flow(
    name="Coullet",
    params={"a": -0.8, "b": 1.1, "c": 0.45, "d": -1.0},
    ic=[0.34539837958549907, 0.4284701181998099, 0.086983698175975],
    period=5.7663,
    dt=0.0011534522420402027,
    citation="Arneodo, A., Coullet, P. & Tresser, C. Occurence of strange attractors in three-dimensional volterra equations. Physics Letters A 79, 259--263 (1980)",
    description="The Arneodo-Coullet-Tresser jerk flow at a second published parameter set.",
    jac=_Arneodo_jac,
)(Arneodo)


def _ArnoldBeltramiChildress_jac(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = 0.0
    out[0, 1] = -c * np.sin(y)
    out[0, 2] = a * np.cos(z)
    out[1, 0] = b * np.cos(x)
    out[1, 1] = 0.0
    out[1, 2] = -a * np.sin(z)
    out[2, 0] = -b * np.sin(x)
    out[2, 1] = c * np.cos(y)
    out[2, 2] = 0.0


@flow(
    params={"a": 1.73205, "b": 1.41421, "c": 1.0},
    ic=[147.91266, -1762.805, -647.37622],
    period=2.8508,
    dt=0.0005702550425070285,
    citation="V. I. Arnold, Journal of Applied Mathematics and Mechanics 30, 223 (1966).",
    description="Steady Beltrami solution of the 3-D Euler equations (ABC flow); tracer paths are chaotic.",
    jac=_ArnoldBeltramiChildress_jac,
    unbounded=(0, 1, 2),
)
def ArnoldBeltramiChildress(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0] = a * np.sin(z) + c * np.cos(y)
    out[1] = b * np.sin(x) + a * np.cos(z)
    out[2] = c * np.sin(y) + b * np.cos(x)


def _ArnoldWeb_jac(t, X, p, out):
    p1, p2, x1, x2, z = X
    mu = p[0]
    den = 4.0 + np.cos(z) + np.cos(x1) + np.cos(x2)
    s1, s2, sz = np.sin(x1), np.sin(x2), np.sin(z)
    g = -2.0 * mu / den**3
    out[:, :] = 0.0
    out[0, 2] = -mu * np.cos(x1) / den**2 + g * s1 * s1
    out[0, 3] = g * s1 * s2
    out[0, 4] = g * s1 * sz
    out[1, 2] = g * s2 * s1
    out[1, 3] = -mu * np.cos(x2) / den**2 + g * s2 * s2
    out[1, 4] = g * s2 * sz
    out[2, 0] = 1.0
    out[3, 1] = 1.0


@flow(
    params={"mu": 0.01, "w": 1.0},
    ic=[0.10469507, 0.0892929984, 11025.3686, 6055.32273, 0.1],
    period=67.25,
    dt=0.013452242040339115,
    citation="Froeschle, C., Guzzo, M. & Legga, E (2000). Graphical evolution of the Arnold web: From order to chaos. Science 289.",
    description="Nearly integrable two-degree-of-freedom Hamiltonian with a periodic perturbation; Arnold diffusion along the resonance web.",
    jac=_ArnoldWeb_jac,
    unbounded=(2, 3, 4),
    hamiltonian=True,
    nonautonomous=True,
)
def ArnoldWeb(t, X, p, out):
    p1, p2, x1, x2, z = X
    mu, w = p[0], p[1]
    den = 4.0 + np.cos(z) + np.cos(x1) + np.cos(x2)
    out[0] = -mu * np.sin(x1) / den**2
    out[1] = -mu * np.sin(x2) / den**2
    out[2] = p1
    out[3] = p2
    out[4] = w


def _AtmosphericRegime_jac(t, X, p, out):
    x, y, z = X
    alpha, beta, mu1, mu2, omega, sigma = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0, 0] = mu1 + sigma * y
    out[0, 1] = sigma * x
    out[0, 2] = 0.0
    out[1, 0] = -2.0 * sigma * x
    out[1, 1] = mu2 + alpha * z
    out[1, 2] = omega + alpha * y + 2.0 * beta * z
    out[2, 0] = 0.0
    out[2, 1] = -omega - 2.0 * alpha * y - beta * z
    out[2, 2] = mu2 - beta * y


@flow(
    params={"alpha": -2.0, "beta": -5.0, "mu1": 0.05, "mu2": -0.01, "omega": 3.0, "sigma": 1.1},
    ic=[0.026544189906947246, 0.20580772677536016, 0.43758119702219506],
    period=89.59496756697331,
    dt=0.01792198051014566,
    citation="Tuwankotta (2006). Chaos in a coupled oscillators system with widely spaced frequencies and energy-preserving non-linearity",
    description="Low-order truncation of a forced barotropic flow that switches between weather regimes.",
    jac=_AtmosphericRegime_jac,
)
def AtmosphericRegime(t, X, p, out):
    x, y, z = X
    alpha, beta, mu1, mu2, omega, sigma = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = mu1 * x + sigma * x * y
    out[1] = mu2 * y + omega * z + alpha * y * z + beta * z * z - sigma * x * x
    out[2] = mu2 * z - omega * y - alpha * y * y - beta * y * z


def _BeerRNN_jac(t, X, p, out):
    tau = p[0:3]
    theta = p[3:6]
    w = p[6:15].reshape((3, 3))
    n = X.size
    for j in range(n):
        sj = 1.0 / (1.0 + np.exp(-(X[j] + theta[j])))
        ds = sj * (1.0 - sj)
        for i in range(n):
            out[i, j] = w[i, j] * ds / tau[i]
    for i in range(n):
        out[i, i] -= 1.0 / tau[i]


@flow(
    params={
        "tau_0": 1.0,
        "tau_1": 2.5,
        "tau_2": 1.0,
        "theta_0": -4.108,
        "theta_1": -2.787,
        "theta_2": -1.114,
        "w_0_0": 5.422,
        "w_0_1": -0.018,
        "w_0_2": 2.75,
        "w_1_0": -0.24,
        "w_1_1": 4.59,
        "w_1_2": 1.21,
        "w_2_0": 0.535,
        "w_2_1": -2.25,
        "w_2_2": 3.885,
    },
    ic=[1.5014532, 2.3742845, 0.65819415],
    period=181.58,
    dt=0.03632205367561255,
    citation="Beer, R. D. (1995). On the dynamics of small continuous-time recurrent neural networks. Adapt. Behav., 3(4), 4692013509.",
    description="Continuous-time recurrent network of three sigmoid neurons (a minimal model nervous system).",
    jac=_BeerRNN_jac,
    array_params={"tau": (3,), "theta": (3,), "w": (3, 3)},
)
def BeerRNN(t, X, p, out):
    tau = p[0:3]
    theta = p[3:6]
    w = p[6:15].reshape((3, 3))
    n = X.size
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += w[i, j] / (1.0 + np.exp(-(X[j] + theta[j])))
        out[i] = (acc - X[i]) / tau[i]


@flow(
    params={
        "c1": -8.03474,
        "c10": 0.0223915,
        "c11": 7.53559e-05,
        "c12": 8.07384e-06,
        "c13": -0.000499825,
        "c2": 0.05408,
        "c3": -0.0115886,
        "c4": 832.587,
        "c5": -0.029155,
        "c6": 0.00321617,
        "c7": -0.01352,
        "c8": -0.0831709,
        "c9": -0.0199985,
        "ci": 0.000833,
        "kf": 0.00035,
        "t0": 2308.62,
        "y0": 7.72571e-06,
        "yb1": 6.92813e-07,
        "yb2": 2.00869,
        "yb3": 0.01352,
        "z0": 8.33e-06,
    },
    ic=[0.023491701, 0.61703254, 0.84669066],
    period=0.038257,
    dt=3.6520086681113285e-06,
    citation="Gyorgyi and Field (1992). A three-variable model of deterministic chaos in the Belousov-Zhabotinsky reaction. Nature.",
    description="Reduced three-variable model of the Belousov-Zhabotinsky reaction with period doubling to chaos.",
)
def BelousovZhabotinsky(t, X, p, out):
    x, z, v = X
    c1, c10, c11, c12, c13, c2, c3, c4, c5, c6, c7, c8, c9, ci, kf, t0, y0, yb1, yb2, yb3, z0 = (
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
        p[11],
        p[12],
        p[13],
        p[14],
        p[15],
        p[16],
        p[17],
        p[18],
        p[19],
        p[20],
    )
    ybar = yb1 * z * v / (y0 * (yb2 * x + yb3 + kf))
    xc = x if x > 0.0 else 0.0
    rf = (ci - z0 * z) * np.sqrt(xc)
    out[0] = t0 * (c1 * xc * ybar + c2 * ybar + c3 * xc * xc + c4 * rf + c5 * xc * z - kf * xc)
    out[1] = t0 * (c6 / z0 * rf + c7 * xc * z + c8 * z * v + c9 * z - kf * z)
    out[2] = t0 * (c10 * xc * ybar + c11 * ybar + c12 * xc * xc + c13 * z * v - kf * v)


def _BickleyJet_jac(t, X, p, out):
    y, x, z = X
    ell, u = p[0], p[11]
    eps = p[1:4]
    k = p[4:7]
    sigma = p[8:11]
    sech2 = 1.0 / np.cosh(y / ell) ** 2
    th = np.tanh(y / ell)
    csum = 0.0
    ssum = 0.0
    csz = 0.0
    k2c = 0.0
    k2cz = 0.0
    for i in range(k.size):
        ph = k[i] * (x - sigma[i] * z)
        csum += eps[i] * np.cos(ph)
        ssum += eps[i] * k[i] * np.sin(ph)
        csz += eps[i] * k[i] * sigma[i] * np.sin(ph)
        k2c += eps[i] * k[i] ** 2 * np.cos(ph)
        k2cz += eps[i] * k[i] ** 2 * sigma[i] * np.cos(ph)
    out[0, 0] = -2.0 * u * sech2 * th * ssum
    out[0, 1] = ell * u * sech2 * k2c
    out[0, 2] = -ell * u * sech2 * k2cz
    out[1, 0] = u * sech2 / ell * (2.0 * th * (1.0 + 2.0 * csum * th) - 2.0 * csum * sech2)
    out[1, 1] = 2.0 * u * sech2 * th * ssum
    out[1, 2] = -2.0 * u * sech2 * th * csz
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={
        "ell": 1.77,
        "eps_0": 0.0075,
        "eps_1": 0.15,
        "eps_2": 0.3,
        "k_0": 0.313922,
        "k_1": 0.627845,
        "k_2": 0.941767,
        "omega": 1.0,
        "sigma_0": 9.05854e-06,
        "sigma_1": 1.28453e-05,
        "sigma_2": 2.88863e-05,
        "u": 6.266e-05,
    },
    ic=[-0.4, 0.3, 0.0],
    period=97826.57,
    dt=17.56824204034172,
    citation="Hadjighasem, Karrasch, Teramoto, Haller (2016). A Spectral Clustering Approach to Lagrangian Vortex Detection Phys Rev E.",
    description="Tracer advected by a meandering zonal jet between counter-rotating vortices (quasi-periodically perturbed Bickley jet).",
    jac=_BickleyJet_jac,
    unbounded=(1, 2),
    hamiltonian=True,
    array_params={"eps": (3,), "k": (3,), "sigma": (3,)},
)
def BickleyJet(t, X, p, out):
    y, x, z = X
    ell, omega, u = p[0], p[7], p[11]
    eps = p[1:4]
    k = p[4:7]
    sigma = p[8:11]
    sech2 = 1.0 / np.cosh(y / ell) ** 2
    th = np.tanh(y / ell)
    csum = 0.0
    ssum = 0.0
    for i in range(k.size):
        ph = k[i] * (x - sigma[i] * z)
        csum += eps[i] * np.cos(ph)
        ssum += eps[i] * k[i] * np.sin(ph)
    out[0] = ell * u * sech2 * ssum
    out[1] = u * sech2 * (-1.0 - 2.0 * csum * th)
    out[2] = omega


def _Blasius_jac(t, X, p, out):
    x, y, z = X
    a, alpha1, alpha2, b, c, k1, k2 = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    fx = alpha1 * y / (1.0 + k1 * x) ** 2
    fy = alpha1 * x / (1.0 + k1 * x)
    gy = alpha2 * z / (1.0 + k2 * y) ** 2
    gz = alpha2 * y / (1.0 + k2 * y)
    out[0, 0] = a - fx
    out[0, 1] = -fy
    out[0, 2] = 0.0
    out[1, 0] = fx
    out[1, 1] = fy - b - gy
    out[1, 2] = -gz
    out[2, 0] = 0.0
    out[2, 1] = gy
    out[2, 2] = gz - c


@flow(
    params={"a": 1.0, "alpha1": 0.2, "alpha2": 1.0, "b": 1.0, "c": 10.0, "k1": 0.05, "k2": 0.0, "zs": 0.006},
    ic=[4.031713, 5.1113788, 0.016508812],
    period=6.6038,
    dt=0.0013209801633604456,
    citation="Blasius, Huppert, Stone. Nature 1999",
    description="Three-level food chain (vegetation, herbivores, predators) with saturating responses; chaotic with phase-coherent cycles.",
    jac=_Blasius_jac,
)
def Blasius(t, X, p, out):
    x, y, z = X
    a, alpha1, alpha2, b, c, k1, k2, zs = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    fxy = alpha1 * x * y / (1.0 + k1 * x)
    gyz = alpha2 * y * z / (1.0 + k2 * y)
    out[0] = a * x - fxy
    out[1] = fxy - b * y - gyz
    out[2] = gyz - c * (z - zs)


@flow(
    params={"a": 1.0, "b": 0.5298833894399929, "bc": 1.0, "sigma": -1.0, "tau": 3.0},
    ic=[-0.08541919, -0.05204435, 0.0],
    period=2.9520625,
    dt=0.0005905109184863022,
    citation="Meleshko & Aref. A blinking rotlet model for chaotic advection. Physics of Fluids 1996. See also Tallapragada and Sudarsanam PRE 2019",
    description="Stokes flow in a disk stirred by two rotlets that switch on and off in turn (polar coordinates r, theta and the switching phase).",
    unbounded=(1, 2),
    hamiltonian=True,
    nonautonomous=True,
)
def BlinkingRotlet(t, X, p, out):
    r, th, ph = X
    a, b, bc, sigma, tau = p[0], p[1], p[2], p[3], p[4]
    w1 = 0.5 + 0.5 * np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    a2 = a * a
    vr = 0.0
    vth = 0.0
    for sgn in (1.0, -1.0):
        bb = sgn * b
        cth = np.cos(th)
        kap = a2 + bb * bb * r * r / a2 - 2.0 * bb * r * cth
        gam = (1.0 - r * r / a2) * (a2 - bb * bb * r * r / a2)
        iot = bb * bb * r / a2 - bb * cth
        zet = bb * bb + r * r - 2.0 * bb * r * cth
        nu = a2 + bb * bb - 2.0 * bb * bb * r * r / a2
        ur = bb * np.sin(th) * (1.0 / zet - 1.0 / kap - bc * gam / kap**2)
        uth = bc * gam * iot / kap**2 + bc * r * nu / (a2 * kap) + iot / kap - (r - bb * cth) / zet
        wgt = w1 if sgn > 0.0 else 1.0 - w1
        vr += wgt * ur
        vth += wgt * uth
    out[0] = sigma * vr
    out[1] = sigma * vth / r
    out[2] = 1.0


flow(
    name="BlinkingVortex",
    params={"a": 1.0, "b": 0.5, "bc": 0.0, "sigma": -1.0, "tau": 3.0},
    ic=[-0.08541919, -0.05204435, 0.0],
    period=2.7616666666666667,
    dt=0.0005524254042340715,
    citation="Aref (1984). Stirring by chaotic advection. J. Fluid Mechanics.",
    description="Aref's blinking-vortex mixer: two point vortices in a disk alternately switched on.",
    unbounded=(1, 2),
    hamiltonian=True,
    nonautonomous=True,
)(BlinkingRotlet)


def _Bouali2_jac(t, X, p, out):
    x, y, z = X
    a, b, bb, c, g, m, y0 = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    out[0, 0] = a * (y0 - y)
    out[0, 1] = -a * x
    out[0, 2] = -b
    out[1, 0] = 2.0 * g * x * y
    out[1, 1] = g * (x * x - 1.0)
    out[1, 2] = 0.0
    out[2, 0] = m * (bb * z - 1.5)
    out[2, 1] = 0.0
    out[2, 2] = m * bb * x - c


@flow(
    params={"a": 3.0, "b": 2.2, "bb": 0.0, "c": 0.0, "g": 1.0, "m": -0.0026667, "y0": 1.0},
    ic=[-0.79392257, 1.3617589, -0.030578888],
    period=7.6779,
    dt=0.0005356692782129358,
    citation="Bouali (1999). Feedback loop in extended Van der Pols equation applied to an economic model of cycles. International Journal of Bifurkation and Chaos, Vol. 9, No. 4",
    description="Bouali's three-variable economic-cycle model with a quadratic, demand-limited feedback.",
    jac=_Bouali2_jac,
)
def Bouali2(t, X, p, out):
    x, y, z = X
    a, b, bb, c, g, m, y0 = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    out[0] = a * x * (y0 - y) - b * z
    out[1] = g * y * (x * x - 1.0)
    out[2] = m * x * (bb * z - 1.5) - c * z


flow(
    name="Bouali",
    params={"a": 1.0, "b": -0.3, "bb": 1.0, "c": 0.05, "g": 1.0, "m": 1.0, "y0": 4.0},
    ic=[0.38673159, 3.0544196, -0.0067836194],
    period=3.0411,
    dt=0.0006083213868978987,
    citation="Bouali (1999). Feedback loop in extended Van der Pols equation applied to an economic model of cycles. International Journal of Bifurkation and Chaos, Vol. 9, No. 4",
    description="Bouali's economic-cycle flow at the parameters of the original paper (fluctuating demand).",
    jac=_Bouali2_jac,
)(Bouali2)


def _BurkeShaw_jac(t, X, p, out):
    x, y, z = X
    n = p[1]
    out[0, 0] = -n
    out[0, 1] = -n
    out[0, 2] = 0.0
    out[1, 0] = -n * z
    out[1, 1] = 1.0
    out[1, 2] = -n * x
    out[2, 0] = n * y
    out[2, 1] = n * x
    out[2, 2] = 0.0


@flow(
    params={"e": 13.0, "n": 10.0},
    ic=[-0.79153188, 0.65244479, 0.22517831],
    period=0.78333,
    dt=0.00015669211535254134,
    citation="Shaw (1981). Zeitschrift fur Naturforschung.",
    description="Lorenz-like flow derived by Shaw and Burke with a scroll attractor symmetric about the z axis.",
    jac=_BurkeShaw_jac,
)
def BurkeShaw(t, X, p, out):
    x, y, z = X
    e, n = p[0], p[1]
    out[0] = -n * (x + y)
    out[1] = y - n * x * z
    out[2] = n * x * y + e


@flow(
    params={
        "K2": 0.1,
        "K5": 0.3194,
        "Ka": 0.1,
        "Kd": 1.0,
        "Ky": 0.3,
        "Kz": 0.6,
        "V0": 2.0,
        "V1": 2.0,
        "V4": 3.0,
        "Vm2": 6.0,
        "Vm3": 30.0,
        "Vm5": 50.0,
        "beta": 0.65,
        "eps": 13.0,
        "k": 10.0,
        "kf": 1.0,
        "m": 2.0,
        "n": 4.0,
        "p": 1.0,
    },
    ic=[0.26162904, 1.0055612, 0.14407867],
    period=1.343,
    dt=0.000268644774129001,
    citation="Houart, Dupont, Goldbeter. Bull Math Biol 1999.",
    description="Intracellular calcium oscillations driven by calcium-induced calcium release (Houart et al. model).",
)
def CaTwoPlus(t, X, p, out):
    z, y, a = X
    K2, K5, Ka, Kd, Ky, Kz, V0, V1, V4, Vm2, Vm3, Vm5, beta, eps, k, kf, m, n, p_ = (
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
        p[11],
        p[12],
        p[13],
        p[14],
        p[15],
        p[16],
        p[17],
        p[18],
    )
    vin = V0 + V1 * beta
    v2 = Vm2 * z * z / (K2 * K2 + z * z)
    v3 = Vm3 * z**m / (Kz**m + z**m) * (y * y / (Ky * Ky + y * y)) * (a**4 / (Ka**4 + a**4))
    v5 = Vm5 * a**p_ / (K5**p_ + a**p_) * z**n / (Kd**n + z**n)
    out[0] = vin - v2 + v3 + kf * y - k * z
    out[1] = v2 - v3 - kf * y
    out[2] = beta * V4 - v5 - eps * a


flow(
    name="CaTwoPlusQuasiperiodic",
    params={
        "K2": 0.1,
        "K5": 0.3,
        "Ka": 0.2,
        "Kd": 0.5,
        "Ky": 0.2,
        "Kz": 0.5,
        "V0": 2.0,
        "V1": 2.0,
        "V4": 5.0,
        "Vm2": 6.0,
        "Vm3": 20.0,
        "Vm5": 30.0,
        "beta": 0.51,
        "eps": 0.1,
        "k": 10.0,
        "kf": 1.0,
        "m": 2.0,
        "n": 4.0,
        "p": 2.0,
    },
    ic=[0.26321067, 0.87886607, 0.3148781],
    period=0.65614,
    dt=0.00013124987497917573,
    citation="Houart, Dupont, Goldbeter. Bull Math Biol 1999.",
    description="The calcium-oscillation model at parameters where the published dynamics are close to quasi-periodic.",
)(CaTwoPlus)


@flow(
    params={
        "K": 0.01,
        "Kc": 0.5,
        "Kd1": 0.02,
        "Kim": 0.65,
        "V2": 0.15,
        "V4": 0.05,
        "Vm1": 0.3,
        "Vm3": 0.1,
        "kd1": 0.001,
        "vd": 0.025,
        "vi": 0.05,
    },
    ic=[0.71565329, 0.9489355, 0.98910371, 0.72138631, 0.94987035, 0.98912572],
    period=204.71,
    dt=0.04094882480413617,
    citation="Romond, Rustici, Gonze, Goldbeter. 1999.",
    description="Two coupled cdc2-cyclin oscillators (Romond et al.) modelling mitotic control.",
)
def CellCycle(t, X, p, out):
    c1, m1, x1, c2, m2, x2 = X
    K, Kc, Kd1, Kim, V2, V4, Vm1, Vm3, kd1, vd, vi = (
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
    )
    v1 = Vm1 * c1 / (Kc + c1)
    u1 = Vm1 * c2 / (Kc + c2)
    out[0] = vi * Kim / (Kim + m2) - vd * x1 * c1 / (Kd1 + c1) - kd1 * c1
    out[1] = v1 * (1.0 - m1) / (K + 1.0 - m1) - V2 * m1 / (K + m1)
    out[2] = Vm3 * m1 * (1.0 - x1) / (K + 1.0 - x1) - V4 * x1 / (K + x1)
    out[3] = vi * Kim / (Kim + m1) - vd * x2 * c2 / (Kd1 + c2) - kd1 * c2
    out[4] = u1 * (1.0 - m2) / (K + 1.0 - m2) - V2 * m2 / (K + m2)
    out[5] = Vm3 * m2 * (1.0 - x2) / (K + 1.0 - x2) - V4 * x2 / (K + x2)


def _CellularNeuralNetwork_jac(t, X, p, out):
    x, y, z = X
    a, b, c, d = p[0], p[1], p[2], p[3]
    dx = 0.5 * (np.sign(x + 1.0) - np.sign(x - 1.0))
    dy = 0.5 * (np.sign(y + 1.0) - np.sign(y - 1.0))
    dz = 0.5 * (np.sign(z + 1.0) - np.sign(z - 1.0))
    out[0, 0] = -1.0 + d * dx
    out[0, 1] = -b * dy
    out[0, 2] = -b * dz
    out[1, 0] = -b * dx
    out[1, 1] = -1.0 + c * dy
    out[1, 2] = -a * dz
    out[2, 0] = -b * dx
    out[2, 1] = a * dy
    out[2, 2] = -1.0 + dz


@flow(
    params={"a": 4.4, "b": 3.21, "c": 1.1, "d": 1.24},
    ic=[-0.26574016, -0.36754928, -0.073094132],
    period=3.2,
    dt=0.0006401066844473746,
    citation="Arena, Caponetto, Fortuna, and Porto., Int J Bifurcat Chaos. 1998:  1527-1539.",
    description="Three-cell cellular neural network with piecewise-linear saturating outputs.",
    jac=_CellularNeuralNetwork_jac,
)
def CellularNeuralNetwork(t, X, p, out):
    x, y, z = X
    a, b, c, d = p[0], p[1], p[2], p[3]
    fx = 0.5 * (abs(x + 1.0) - abs(x - 1.0))
    fy = 0.5 * (abs(y + 1.0) - abs(y - 1.0))
    fz = 0.5 * (abs(z + 1.0) - abs(z - 1.0))
    out[0] = -x + d * fx - b * (fy + fz)
    out[1] = -y - b * fx + c * fy - a * fz
    out[2] = -z - b * fx + a * fy + fz


def _Chen_jac(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = c - a - z
    out[1, 1] = c
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b


@flow(
    params={"a": 35.0, "b": 3.0, "c": 28.0},
    ic=[3.2689697, 5.2990458, 19.435349],
    period=0.58689,
    dt=0.00011739756626106157,
    citation="Chen (1997). Proc. First Int. Conf. Control of Oscillations and Chaos.",
    description="Chen's dual of the Lorenz system, found by chaos anti-control of a feedback loop.",
    jac=_Chen_jac,
)
def Chen(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0] = a * (y - x)
    out[1] = (c - a - z) * x + c * y
    out[2] = x * y - b * z


def _ChenLee_jac(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = a
    out[0, 1] = -z
    out[0, 2] = -y
    out[1, 0] = z
    out[1, 1] = b
    out[1, 2] = x
    out[2, 0] = y / 3.0
    out[2, 1] = x / 3.0
    out[2, 2] = c


@flow(
    params={"a": 5.0, "b": -10.0, "c": -0.38},
    ic=[0.17177112, 0.10360479, 6.2553878],
    period=2.8043,
    dt=0.0005609534922487569,
    citation="Chen HK, Lee CI (2004). Anti-control of chaos in rigid body motion. Chaos, Solitons & Fractals",
    description="Euler equations of a rigid body under linear feedback (Chen-Lee system).",
    jac=_ChenLee_jac,
)
def ChenLee(t, X, p, out):
    x, y, z = X
    a, b, c = p[0], p[1], p[2]
    out[0] = a * x - y * z
    out[1] = b * y + x * z
    out[2] = c * z + x * y / 3.0


def _Chua_jac(t, X, p, out):
    x, y, z = X
    alpha, beta, m0, m1 = p[0], p[1], p[2], p[3]
    dh = m1 + 0.5 * (m0 - m1) * (np.sign(x + 1.0) - np.sign(x - 1.0))
    out[0, 0] = -alpha * (1.0 + dh)
    out[0, 1] = alpha
    out[0, 2] = 0.0
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[1, 2] = 1.0
    out[2, 0] = 0.0
    out[2, 1] = -beta
    out[2, 2] = 0.0


@flow(
    params={"alpha": 15.6, "beta": 28.0, "m0": -1.142857, "m1": -0.71429},
    ic=[1.1262351, -0.11386474, -0.78324421],
    period=1.4235,
    dt=0.0002847474579095888,
    citation="Chua, L. O. (1969) Introduction to Nonlinear Network Theory, McGraw-Hill, New York.",
    description="Chua's circuit: an RLC oscillator whose piecewise-linear diode gives the double-scroll attractor.",
    jac=_Chua_jac,
)
def Chua(t, X, p, out):
    x, y, z = X
    alpha, beta, m0, m1 = p[0], p[1], p[2], p[3]
    h = m1 * x + 0.5 * (m0 - m1) * (abs(x + 1.0) - abs(x - 1.0))
    out[0] = alpha * (y - x - h)
    out[1] = x - y + z
    out[2] = -beta * y


@flow(
    params={
        "Ki": 1.0,
        "k": 0.5,
        "k1": 0.3,
        "k2": 0.15,
        "kd": 1.4,
        "kdn": 0.4,
        "km": 0.4,
        "ks": 1.0,
        "n": 4.0,
        "ps": 24.0,
        "vc": 2.5,
        "vd": 6.0,
        "vdn": 1.5,
        "vm": 0.7,
        "vmax": 4.7,
        "vmin": 1.0,
    },
    ic=[1.5401187, 5.3707921, 41.054266, 11.619073, 2004.0233],
    period=27.0,
    dt=0.005400900150025336,
    citation="Leloup, Gonze, Goldbeter. 1999. Gonze, Leloup, Goldbeter. 2000",
    description="Drosophila PER/TIM circadian clock under a periodic light-dark cycle (forcing phase as fifth variable).",
    unbounded=(4,),
    nonautonomous=True,
)
def CircadianRhythm(t, X, p, out):
    m, fc, fs, fn, th = X
    Ki, k, k1, k2, kd, kdn, km, ks, n, ps, vc, vd, vdn, vm, vmax, vmin = (
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
        p[11],
        p[12],
        p[13],
        p[14],
        p[15],
    )
    vs = vc * (0.5 + 0.5 * np.cos(th) + vmin) * (vmax - vmin)
    out[0] = vs * Ki**n / (Ki**n + fn**n) - vm * m / (km + m)
    out[1] = ks * m - (k1 + k) * fc + k2 * fn
    out[2] = k * fc - vd * fs / (kd + fs)
    out[3] = k1 * fc - k2 * fn - vdn * fn / (kdn + fn)
    out[4] = 2.0 * np.pi / ps


@flow(
    params={
        "a1": 2.5,
        "a2": 0.05,
        "a3": 0.4,
        "b1": 6.0,
        "b2": 1.333,
        "d1": 0.16,
        "d2": 0.004,
        "delta": 1.0,
        "k1": 6.0,
        "k2": 9.0,
        "k4": 9.0,
        "vv": 0.33333,
    },
    ic=[0.10946017, 0.46664421, 0.66580212],
    period=122.77,
    dt=0.02455809301550289,
    citation="Gilpin & Feldman (2017). PLOS Comp Biol",
    description="Predator-prey dynamics with a prey defence trait that evolves on a slower time scale.",
)
def CoevolvingPredatorPrey(t, X, p, out):
    x, y, alpha = X
    a1, a2, a3, b1, b2, d1, d2, delta, k1, k2, k4, vv = (
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        p[5],
        p[6],
        p[7],
        p[8],
        p[9],
        p[10],
        p[11],
    )
    ad = alpha * delta
    out[0] = x * (
        a1 * alpha * (1.0 - k1 * x * (ad - alpha)) / (1.0 + b1 * alpha)
        - a3 * y / (1.0 + b2 * x)
        - d1 * (1.0 + k2 * (alpha**2 - ad**2) - k4 * (alpha**4 - ad**4))
    )
    out[1] = y * (a2 * x / (1.0 + b2 * x) - d2)
    out[2] = -vv * (
        a1 * k1 * x * ad / (1.0 + b1 * alpha)
        + d1 * (4.0 * k4 * alpha**3 * delta**4 - 2.0 * k2 * alpha * delta**2)
    )


def _Colpitts_jac(t, X, p, out):
    x, y, z = X
    a, b, d, e = p[0], p[1], p[3], p[4]
    dfz = -1.0 if z < e - 1.0 else 0.0
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = -a * dfz
    out[1, 0] = -1.0
    out[1, 1] = -b
    out[1, 2] = -1.0
    out[2, 0] = 0.0
    out[2, 1] = 1.0
    out[2, 2] = -d


@flow(
    params={"a": 30.0, "b": 0.8, "c": 20.0, "d": 0.08, "e": 10.0},
    ic=[8.9389043, 0.64637337, 8.7869304],
    period=4.2676,
    dt=0.0008536622770461122,
    citation="Kennedy (2007). IEEE Trans Circuits & Systems. 1994: 771-774. Li, Zhou, Yang. Chaos, Solitons, & Fractals.",
    description="Colpitts transistor oscillator with a piecewise-linear (exponential-free) transistor model.",
    jac=_Colpitts_jac,
)
def Colpitts(t, X, p, out):
    x, y, z = X
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    v = e - 1.0 - z
    fz = v if v > 0.0 else 0.0
    out[0] = y - a * fz
    out[1] = c - x - b * y - z
    out[2] = y - d * z
