"""The catalog's ODE flows: every continuous-time system of dysts 0.96, under the same names.

Each flow is a right-hand side ``rhs(t, X, p, out)`` in the numba-compatible
subset of Python, registered with :func:`tsdyn.systems.base.flow`. ``p``
holds the parameters in alphabetical order of their names (dysts's
positional order); an array-valued parameter is flattened in C order under
the names ``name_i`` / ``name_i_j`` at its alphabetical place, and its shape
is recorded in the spec's ``extra["array_params"]``. Non-autonomous systems
carry the forcing phase as an extra state variable (listed in
``unbounded``), as dysts does, so every flow here is autonomous in form.

Every flow also has a hand-written analytic Jacobian ``jac(t, X, p, out)``
filling the ``(dim, dim)`` matrix (dysts has 60); at the kinks of piecewise
systems (diodes, sign, abs and max terms) it takes a conventional
slope there (one-sided, or the mean of the two sides where sign() is used).

Published parameters, initial conditions on the attractor and dominant
periods are those collected by Gilpin (2021) for dysts; the equations are
written here from the cited papers. Where we depart from dysts on purpose
(Lorenz's ``beta``, the double pendulum's Hamiltonian, ...),
tests/systems/test_catalog.py documents the difference.

>>> import numpy as np
>>> from tsdyn.systems.catalog import flows
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
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e, f = p[0], p[1], p[2], p[3], p[4], p[5]
    r2 = x * x + y * y
    out[0] = (z - b) * x - d * y
    out[1] = d * x + (z - b) * y
    out[2] = c + a * z - z**3 / 3.0 - r2 * (1.0 + e * z) + f * z * x**3


def _AnishchenkoAstakhov_jac(t, X, p, out):
    x, z = X[0], X[2]
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
    x, y, z = X[0], X[1], X[2]
    eta, mu = p[0], p[1]
    xp = x if x > 0.0 else 0.0
    out[0] = mu * x + y - x * z
    out[1] = -x
    out[2] = eta * (xp * x - z)


def _Arneodo_jac(t, X, p, out):
    x = X[0]
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
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = a * np.sin(z) + c * np.cos(y)
    out[1] = b * np.sin(x) + a * np.cos(z)
    out[2] = c * np.sin(y) + b * np.cos(x)


def _ArnoldWeb_jac(t, X, p, out):
    x1, x2, z = X[2], X[3], X[4]
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
    p1, p2, x1, x2, z = X[0], X[1], X[2], X[3], X[4]
    mu, w = p[0], p[1]
    den = 4.0 + np.cos(z) + np.cos(x1) + np.cos(x2)
    out[0] = -mu * np.sin(x1) / den**2
    out[1] = -mu * np.sin(x2) / den**2
    out[2] = p1
    out[3] = p2
    out[4] = w


def _AtmosphericRegime_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
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


def _BelousovZhabotinsky_jac(t, X, p, out):
    x, z, v = X[0], X[1], X[2]
    c1 = p[0]
    c10 = p[1]
    c11 = p[2]
    c12 = p[3]
    c13 = p[4]
    c2 = p[5]
    c3 = p[6]
    c4 = p[7]
    c5 = p[8]
    c6 = p[9]
    c7 = p[10]
    c8 = p[11]
    c9 = p[12]
    ci = p[13]
    kf = p[14]
    t0 = p[15]
    y0 = p[16]
    yb1 = p[17]
    yb2 = p[18]
    yb3 = p[19]
    z0 = p[20]
    den = yb2 * x + yb3 + kf
    ybar = yb1 * z * v / (y0 * den)
    ybar_x = -ybar * yb2 / den
    ybar_z = yb1 * v / (y0 * den)
    ybar_v = yb1 * z / (y0 * den)
    xc = x if x > 0.0 else 0.0
    dxc = 1.0 if x > 0.0 else 0.0
    sq = np.sqrt(xc)
    # one-sided at the clip: the square root's slope is taken as 0 for x <= 0
    rf_x = (ci - z0 * z) * 0.5 / sq if x > 0.0 else 0.0
    rf_z = -z0 * sq
    out[0, 0] = t0 * (
        c1 * (dxc * ybar + xc * ybar_x) + c2 * ybar_x + 2.0 * c3 * xc * dxc + c4 * rf_x + (c5 * z - kf) * dxc
    )
    out[0, 1] = t0 * (c1 * xc * ybar_z + c2 * ybar_z + c4 * rf_z + c5 * xc)
    out[0, 2] = t0 * (c1 * xc + c2) * ybar_v
    out[1, 0] = t0 * (c6 / z0 * rf_x + c7 * z * dxc)
    out[1, 1] = t0 * (c6 / z0 * rf_z + c7 * xc + c8 * v + c9 - kf)
    out[1, 2] = t0 * c8 * z
    out[2, 0] = t0 * (c10 * (dxc * ybar + xc * ybar_x) + c11 * ybar_x + 2.0 * c12 * xc * dxc)
    out[2, 1] = t0 * ((c10 * xc + c11) * ybar_z + c13 * v)
    out[2, 2] = t0 * ((c10 * xc + c11) * ybar_v + c13 * z - kf)


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
    jac=_BelousovZhabotinsky_jac,
)
def BelousovZhabotinsky(t, X, p, out):
    x, z, v = X[0], X[1], X[2]
    c1 = p[0]
    c10 = p[1]
    c11 = p[2]
    c12 = p[3]
    c13 = p[4]
    c2 = p[5]
    c3 = p[6]
    c4 = p[7]
    c5 = p[8]
    c6 = p[9]
    c7 = p[10]
    c8 = p[11]
    c9 = p[12]
    ci = p[13]
    kf = p[14]
    t0 = p[15]
    y0 = p[16]
    yb1 = p[17]
    yb2 = p[18]
    yb3 = p[19]
    z0 = p[20]
    ybar = yb1 * z * v / (y0 * (yb2 * x + yb3 + kf))
    xc = x if x > 0.0 else 0.0
    rf = (ci - z0 * z) * np.sqrt(xc)
    out[0] = t0 * (c1 * xc * ybar + c2 * ybar + c3 * xc * xc + c4 * rf + c5 * xc * z - kf * xc)
    out[1] = t0 * (c6 / z0 * rf + c7 * xc * z + c8 * z * v + c9 * z - kf * z)
    out[2] = t0 * (c10 * xc * ybar + c11 * ybar + c12 * xc * xc + c13 * z * v - kf * v)


def _BickleyJet_jac(t, X, p, out):
    y, x, z = X[0], X[1], X[2]
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
    y, x, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    alpha1 = p[1]
    alpha2 = p[2]
    b = p[3]
    c = p[4]
    k1 = p[5]
    k2 = p[6]
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
    x, y, z = X[0], X[1], X[2]
    a, alpha1, alpha2, b, c, k1, k2, zs = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    fxy = alpha1 * x * y / (1.0 + k1 * x)
    gyz = alpha2 * y * z / (1.0 + k2 * y)
    out[0] = a * x - fxy
    out[1] = fxy - b * y - gyz
    out[2] = gyz - c * (z - zs)


def _BlinkingRotlet_jac(t, X, p, out):
    r, th, ph = X[0], X[1], X[2]
    a, b, bc, sigma, tau = p[0], p[1], p[2], p[3], p[4]
    tw = np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    w1 = 0.5 + 0.5 * tw
    dw1 = 20.0 * np.pi * (1.0 - tw * tw) * np.cos(2.0 * np.pi * ph / tau)
    a2 = a * a
    cth, sth = np.cos(th), np.sin(th)
    out[:, :] = 0.0
    vth = 0.0
    for sgn in (1.0, -1.0):
        bb = sgn * b
        wgt = w1 if sgn > 0.0 else 1.0 - w1
        dwgt = sgn * dw1
        kap = a2 + bb * bb * r * r / a2 - 2.0 * bb * r * cth
        gam = (1.0 - r * r / a2) * (a2 - bb * bb * r * r / a2)
        iot = bb * bb * r / a2 - bb * cth
        zet = bb * bb + r * r - 2.0 * bb * r * cth
        nu = a2 + bb * bb - 2.0 * bb * bb * r * r / a2
        kap_r, kap_t = 2.0 * bb * bb * r / a2 - 2.0 * bb * cth, 2.0 * bb * r * sth
        gam_r = -2.0 * r / a2 * (a2 - bb * bb * r * r / a2) - (1.0 - r * r / a2) * 2.0 * bb * bb * r / a2
        iot_r, iot_t = bb * bb / a2, bb * sth
        zet_r, zet_t = 2.0 * r - 2.0 * bb * cth, 2.0 * bb * r * sth
        nu_r = -4.0 * bb * bb * r / a2
        q = 1.0 / zet - 1.0 / kap - bc * gam / kap**2
        q_r = -zet_r / zet**2 + kap_r / kap**2 - bc * (gam_r / kap**2 - 2.0 * gam * kap_r / kap**3)
        q_t = -zet_t / zet**2 + kap_t / kap**2 + 2.0 * bc * gam * kap_t / kap**3
        ur = bb * sth * q
        uth = bc * gam * iot / kap**2 + bc * r * nu / (a2 * kap) + iot / kap - (r - bb * cth) / zet
        uth_r = (
            bc * (gam_r * iot + gam * iot_r) / kap**2
            - 2.0 * bc * gam * iot * kap_r / kap**3
            + bc * (nu + r * nu_r) / (a2 * kap)
            - bc * r * nu * kap_r / (a2 * kap**2)
            + iot_r / kap
            - iot * kap_r / kap**2
            - 1.0 / zet
            + (r - bb * cth) * zet_r / zet**2
        )
        uth_t = (
            bc * gam * iot_t / kap**2
            - 2.0 * bc * gam * iot * kap_t / kap**3
            - bc * r * nu * kap_t / (a2 * kap**2)
            + iot_t / kap
            - iot * kap_t / kap**2
            - bb * sth / zet
            + (r - bb * cth) * zet_t / zet**2
        )
        out[0, 0] += sigma * wgt * bb * sth * q_r
        out[0, 1] += sigma * wgt * bb * (cth * q + sth * q_t)
        out[0, 2] += sigma * dwgt * ur
        vth += wgt * uth
        out[1, 0] += sigma * wgt * uth_r / r
        out[1, 1] += sigma * wgt * uth_t / r
        out[1, 2] += sigma * dwgt * uth / r
    out[1, 0] -= sigma * vth / (r * r)


@flow(
    params={"a": 1.0, "b": 0.5298833894399929, "bc": 1.0, "sigma": -1.0, "tau": 3.0},
    ic=[-0.08541919, -0.05204435, 0.0],
    period=2.9520625,
    dt=0.0005905109184863022,
    citation="Meleshko & Aref. A blinking rotlet model for chaotic advection. Physics of Fluids 1996. See also Tallapragada and Sudarsanam PRE 2019",
    description="Stokes flow in a disk stirred by two rotlets that switch on and off in turn (polar coordinates r, theta and the switching phase).",
    jac=_BlinkingRotlet_jac,
    unbounded=(1, 2),
    hamiltonian=True,
    nonautonomous=True,
)
def BlinkingRotlet(t, X, p, out):
    r, th, ph = X[0], X[1], X[2]
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
    jac=_BlinkingRotlet_jac,
    unbounded=(1, 2),
    hamiltonian=True,
    nonautonomous=True,
)(BlinkingRotlet)


def _Bouali2_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    e, n = p[0], p[1]
    out[0] = -n * (x + y)
    out[1] = y - n * x * z
    out[2] = n * x * y + e


def _CaTwoPlus_jac(t, X, p, out):
    z, y, a = X[0], X[1], X[2]
    K2 = p[0]
    K5 = p[1]
    Ka = p[2]
    Kd = p[3]
    Ky = p[4]
    Kz = p[5]
    Vm2 = p[9]
    Vm3 = p[10]
    Vm5 = p[11]
    eps = p[13]
    k = p[14]
    kf = p[15]
    m = p[16]
    n = p[17]
    p_ = p[18]
    # Hill function h(u) = u^e / (K^e + u^e) has derivative e u^(e-1) K^e / (K^e + u^e)^2
    hz = z**m / (Kz**m + z**m)
    hy = y * y / (Ky * Ky + y * y)
    ha = a**4 / (Ka**4 + a**4)
    dhz = m * z ** (m - 1.0) * Kz**m / (Kz**m + z**m) ** 2
    dhy = 2.0 * y * Ky * Ky / (Ky * Ky + y * y) ** 2
    dha = 4.0 * a**3 * Ka**4 / (Ka**4 + a**4) ** 2
    v2_z = 2.0 * Vm2 * z * K2 * K2 / (K2 * K2 + z * z) ** 2
    v3_z, v3_y, v3_a = Vm3 * dhz * hy * ha, Vm3 * hz * dhy * ha, Vm3 * hz * hy * dha
    ga = a**p_ / (K5**p_ + a**p_)
    gz = z**n / (Kd**n + z**n)
    v5_a = Vm5 * p_ * a ** (p_ - 1.0) * K5**p_ / (K5**p_ + a**p_) ** 2 * gz
    v5_z = Vm5 * ga * n * z ** (n - 1.0) * Kd**n / (Kd**n + z**n) ** 2
    out[0, 0] = -v2_z + v3_z - k
    out[0, 1] = v3_y + kf
    out[0, 2] = v3_a
    out[1, 0] = v2_z - v3_z
    out[1, 1] = -v3_y - kf
    out[1, 2] = -v3_a
    out[2, 0] = -v5_z
    out[2, 1] = 0.0
    out[2, 2] = -v5_a - eps


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
    jac=_CaTwoPlus_jac,
)
def CaTwoPlus(t, X, p, out):
    z, y, a = X[0], X[1], X[2]
    K2 = p[0]
    K5 = p[1]
    Ka = p[2]
    Kd = p[3]
    Ky = p[4]
    Kz = p[5]
    V0 = p[6]
    V1 = p[7]
    V4 = p[8]
    Vm2 = p[9]
    Vm3 = p[10]
    Vm5 = p[11]
    beta = p[12]
    eps = p[13]
    k = p[14]
    kf = p[15]
    m = p[16]
    n = p[17]
    p_ = p[18]
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
    jac=_CaTwoPlus_jac,
)(CaTwoPlus)


def _CellCycle_jac(t, X, p, out):
    K = p[0]
    Kc = p[1]
    Kd1 = p[2]
    Kim = p[3]
    V2 = p[4]
    V4 = p[5]
    Vm1 = p[6]
    Vm3 = p[7]
    kd1 = p[8]
    vd = p[9]
    vi = p[10]
    out[:, :] = 0.0
    for a, b in ((0, 3), (3, 0)):
        # a: this oscillator's (c, m, x) start index, b: the other one's
        c, mm, xx = X[a], X[a + 1], X[a + 2]
        v1 = Vm1 * c / (Kc + c)
        out[a, a] = -vd * xx * Kd1 / (Kd1 + c) ** 2 - kd1
        out[a, a + 2] = -vd * c / (Kd1 + c)
        out[a, b + 1] = -vi * Kim / (Kim + X[b + 1]) ** 2
        out[a + 1, a] = Vm1 * Kc / (Kc + c) ** 2 * (1.0 - mm) / (K + 1.0 - mm)
        out[a + 1, a + 1] = -v1 * K / (K + 1.0 - mm) ** 2 - V2 * K / (K + mm) ** 2
        out[a + 2, a + 1] = Vm3 * (1.0 - xx) / (K + 1.0 - xx)
        out[a + 2, a + 2] = -Vm3 * mm * K / (K + 1.0 - xx) ** 2 - V4 * K / (K + xx) ** 2


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
    jac=_CellCycle_jac,
)
def CellCycle(t, X, p, out):
    c1, m1, x1, c2, m2, x2 = X[0], X[1], X[2], X[3], X[4], X[5]
    K = p[0]
    Kc = p[1]
    Kd1 = p[2]
    Kim = p[3]
    V2 = p[4]
    V4 = p[5]
    Vm1 = p[6]
    Vm3 = p[7]
    kd1 = p[8]
    vd = p[9]
    vi = p[10]
    v1 = Vm1 * c1 / (Kc + c1)
    u1 = Vm1 * c2 / (Kc + c2)
    out[0] = vi * Kim / (Kim + m2) - vd * x1 * c1 / (Kd1 + c1) - kd1 * c1
    out[1] = v1 * (1.0 - m1) / (K + 1.0 - m1) - V2 * m1 / (K + m1)
    out[2] = Vm3 * m1 * (1.0 - x1) / (K + 1.0 - x1) - V4 * x1 / (K + x1)
    out[3] = vi * Kim / (Kim + m1) - vd * x2 * c2 / (Kd1 + c2) - kd1 * c2
    out[4] = u1 * (1.0 - m2) / (K + 1.0 - m2) - V2 * m2 / (K + m2)
    out[5] = Vm3 * m2 * (1.0 - x2) / (K + 1.0 - x2) - V4 * x2 / (K + x2)


def _CellularNeuralNetwork_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    fx = 0.5 * (abs(x + 1.0) - abs(x - 1.0))
    fy = 0.5 * (abs(y + 1.0) - abs(y - 1.0))
    fz = 0.5 * (abs(z + 1.0) - abs(z - 1.0))
    out[0] = -x + d * fx - b * (fy + fz)
    out[1] = -y - b * fx + c * fy - a * fz
    out[2] = -z - b * fx + a * fy + fz


def _Chen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = a * (y - x)
    out[1] = (c - a - z) * x + c * y
    out[2] = x * y - b * z


def _ChenLee_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = a * x - y * z
    out[1] = b * y + x * z
    out[2] = c * z + x * y / 3.0


def _Chua_jac(t, X, p, out):
    x = X[0]
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
    x, y, z = X[0], X[1], X[2]
    alpha, beta, m0, m1 = p[0], p[1], p[2], p[3]
    h = m1 * x + 0.5 * (m0 - m1) * (abs(x + 1.0) - abs(x - 1.0))
    out[0] = alpha * (y - x - h)
    out[1] = x - y + z
    out[2] = -beta * y


def _CircadianRhythm_jac(t, X, p, out):
    m, fs, fn, th = X[0], X[2], X[3], X[4]
    Ki = p[0]
    k = p[1]
    k1 = p[2]
    k2 = p[3]
    kd = p[4]
    kdn = p[5]
    km = p[6]
    ks = p[7]
    n = p[8]
    vc = p[10]
    vd = p[11]
    vdn = p[12]
    vm = p[13]
    vmax = p[14]
    vmin = p[15]
    kn = Ki**n
    hill = kn / (kn + fn**n)
    vs = vc * (0.5 + 0.5 * np.cos(th) + vmin) * (vmax - vmin)
    out[:, :] = 0.0
    out[0, 0] = -vm * km / (km + m) ** 2
    out[0, 3] = -vs * kn * n * fn ** (n - 1.0) / (kn + fn**n) ** 2
    out[0, 4] = -0.5 * vc * np.sin(th) * (vmax - vmin) * hill
    out[1, 0] = ks
    out[1, 1] = -(k1 + k)
    out[1, 3] = k2
    out[2, 1] = k
    out[2, 2] = -vd * kd / (kd + fs) ** 2
    out[3, 1] = k1
    out[3, 3] = -k2 - vdn * kdn / (kdn + fn) ** 2


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
    jac=_CircadianRhythm_jac,
    unbounded=(4,),
    nonautonomous=True,
)
def CircadianRhythm(t, X, p, out):
    m, fc, fs, fn, th = X[0], X[1], X[2], X[3], X[4]
    Ki = p[0]
    k = p[1]
    k1 = p[2]
    k2 = p[3]
    kd = p[4]
    kdn = p[5]
    km = p[6]
    ks = p[7]
    n = p[8]
    ps = p[9]
    vc = p[10]
    vd = p[11]
    vdn = p[12]
    vm = p[13]
    vmax = p[14]
    vmin = p[15]
    vs = vc * (0.5 + 0.5 * np.cos(th) + vmin) * (vmax - vmin)
    out[0] = vs * Ki**n / (Ki**n + fn**n) - vm * m / (km + m)
    out[1] = ks * m - (k1 + k) * fc + k2 * fn
    out[2] = k * fc - vd * fs / (kd + fs)
    out[3] = k1 * fc - k2 * fn - vdn * fn / (kdn + fn)
    out[4] = 2.0 * np.pi / ps


def _CoevolvingPredatorPrey_jac(t, X, p, out):
    x, y, alpha = X[0], X[1], X[2]
    a1 = p[0]
    a2 = p[1]
    a3 = p[2]
    b1 = p[3]
    b2 = p[4]
    d1 = p[5]
    d2 = p[6]
    delta = p[7]
    k1 = p[8]
    k2 = p[9]
    k4 = p[10]
    vv = p[11]
    ad = alpha * delta
    grow = a1 * alpha * (1.0 - k1 * x * (ad - alpha)) / (1.0 + b1 * alpha)
    death = d1 * (1.0 + k2 * (alpha**2 - ad**2) - k4 * (alpha**4 - ad**4))
    f = grow - a3 * y / (1.0 + b2 * x) - death
    f_x = -a1 * alpha * k1 * (ad - alpha) / (1.0 + b1 * alpha) + a3 * y * b2 / (1.0 + b2 * x) ** 2
    u = alpha - k1 * x * (delta - 1.0) * alpha**2
    du = 1.0 - 2.0 * k1 * x * (delta - 1.0) * alpha
    f_a = a1 * (du * (1.0 + b1 * alpha) - u * b1) / (1.0 + b1 * alpha) ** 2
    f_a -= d1 * (2.0 * k2 * alpha * (1.0 - delta**2) - 4.0 * k4 * alpha**3 * (1.0 - delta**4))
    out[0, 0] = f + x * f_x
    out[0, 1] = -x * a3 / (1.0 + b2 * x)
    out[0, 2] = x * f_a
    out[1, 0] = y * a2 / (1.0 + b2 * x) ** 2
    out[1, 1] = a2 * x / (1.0 + b2 * x) - d2
    out[1, 2] = 0.0
    out[2, 0] = -vv * a1 * k1 * ad / (1.0 + b1 * alpha)
    out[2, 1] = 0.0
    out[2, 2] = -vv * (
        a1 * k1 * x * delta / (1.0 + b1 * alpha) ** 2
        + d1 * (12.0 * k4 * alpha**2 * delta**4 - 2.0 * k2 * delta**2)
    )


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
    jac=_CoevolvingPredatorPrey_jac,
)
def CoevolvingPredatorPrey(t, X, p, out):
    x, y, alpha = X[0], X[1], X[2]
    a1 = p[0]
    a2 = p[1]
    a3 = p[2]
    b1 = p[3]
    b2 = p[4]
    d1 = p[5]
    d2 = p[6]
    delta = p[7]
    k1 = p[8]
    k2 = p[9]
    k4 = p[10]
    vv = p[11]
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
    z = X[2]
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
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    v = e - 1.0 - z
    fz = v if v > 0.0 else 0.0
    out[0] = y - a * fz
    out[1] = c - x - b * y - z
    out[2] = y - d * z


def _Dadras_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    c, e, o, p_, r = p[0], p[1], p[2], p[3], p[4]
    out[0, 0] = -p_
    out[0, 1] = 1.0 + o * z
    out[0, 2] = o * y
    out[1, 0] = -z
    out[1, 1] = r
    out[1, 2] = 1.0 - x
    out[2, 0] = c * y
    out[2, 1] = c * x
    out[2, 2] = -e


@flow(
    params={"c": 2.0, "e": 9.0, "o": 2.7, "p": 3.0, "r": 1.7},
    ic=[1.0284085, -3.5348655, -0.72081646],
    period=3.2886,
    dt=0.0006578296382730287,
    citation="S Dadras, HR Momeni (2009). A novel three-dimensional autonomous chaotic system generating two, three and four-scroll attractors. Physics Letters A.",
    description="Dadras-Momeni three-dimensional quadratic system with multiple coexisting attractors.",
    jac=_Dadras_jac,
)
def Dadras(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    c, e, o, p_, r = p[0], p[1], p[2], p[3], p[4]
    out[0] = y - p_ * x + o * y * z
    out[1] = r * y - x * z + z
    out[2] = c * x * y - e * z


def _DequanLi_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, c, d, eps, f, k = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0, 0] = d * z - a
    out[0, 1] = a
    out[0, 2] = d * x
    out[1, 0] = k - z
    out[1, 1] = f
    out[1, 2] = -x
    out[2, 0] = y - 2.0 * eps * x
    out[2, 1] = x
    out[2, 2] = c


@flow(
    params={"a": 40.0, "c": 1.833, "d": 0.16, "eps": 0.65, "f": 20.0, "k": 55.0},
    ic=[-11.395722, -104.12614, 202.46173],
    period=0.083806,
    dt=1.6763993998996084e-05,
    citation="Li, Phys Lett A. 2008: 387-393.",
    description="Three-scroll unified chaotic system (TSUCS) of Dequan Li, a Lorenz-family flow with three scrolls.",
    jac=_DequanLi_jac,
)
def DequanLi(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, c, d, eps, f, k = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = a * (y - x) + d * x * z
    out[1] = k * x + f * y - x * z
    out[2] = c * z + x * y - eps * x * x


flow(
    name="PanXuZhou",
    params={"a": 10.0, "c": -2.6666666666666665, "d": 0.0, "eps": 0.0, "f": 0.0, "k": 16.0},
    ic=[-3.03805747, -1.98052429, 14.65665869],
    period=1.7829,
    dt=0.00035663943990670076,
    citation="Zhou, Wuneng, et al. On dynamics analysis of a new chaotic attractor. Physics Letters A 372.36 (2008): 5773-5777..",
    description="Lorenz-like attractor of Zhou et al., the three-scroll family with the d, eps and f terms switched off.",
    jac=_DequanLi_jac,
)(DequanLi)


flow(
    name="Tsucs2",
    params={"a": 40.0, "c": 0.833, "d": 0.5, "eps": 0.65, "f": 20.0, "k": 0.0},
    ic=[1.2969944, 1.12138, 50.028988],
    period=0.34526,
    dt=6.906351058511007e-05,
    citation="Pan, Zhou, Li (2013). Synchronization of Three-Scroll Unified Chaotic System (TSUCS) and its hyper-chaotic system using active pinning control",
    description="The three-scroll unified chaotic system at the TSUCS-2 parameters.",
    jac=_DequanLi_jac,
)(DequanLi)


def _DoubleGyre_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    alpha, eps = p[0], p[1]
    a = eps * np.sin(z)
    b = 1.0 - 2.0 * a
    f = a * x * x + b * x
    fx = 2.0 * a * x + b
    fz = eps * np.cos(z) * (x * x - 2.0 * x)
    fxz = eps * np.cos(z) * (2.0 * x - 2.0)
    sf, cf = np.sin(np.pi * f), np.cos(np.pi * f)
    sy, cy = np.sin(np.pi * y), np.cos(np.pi * y)
    k = alpha * np.pi
    out[0, 0] = -k * np.pi * cf * fx * cy
    out[0, 1] = k * np.pi * sf * sy
    out[0, 2] = -k * np.pi * cf * cy * fz
    out[1, 0] = k * sy * (2.0 * a * cf - np.pi * sf * fx * fx)
    out[1, 1] = k * np.pi * cf * cy * fx
    out[1, 2] = k * sy * (cf * fxz - np.pi * sf * fz * fx)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"alpha": 0.1, "eps": 0.1, "omega": 0.62832},
    ic=[1.5327241, 0.99802126, 3879.3323],
    period=13.953,
    dt=0.002791065177530072,
    citation="Shadden, Lekien, Marsden (2005). Definition and properties of Lagrangian coherent structures from finite-time Lyapunov exponents in two-dimensional aperiodic flows. Physica D.",
    description="Periodically oscillating double-gyre velocity field; tracers show Lagrangian coherent structures (forcing phase as third variable).",
    jac=_DoubleGyre_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def DoubleGyre(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    alpha, eps, omega = p[0], p[1], p[2]
    a = eps * np.sin(z)
    b = 1.0 - 2.0 * a
    f = a * x * x + b * x
    out[0] = -alpha * np.pi * np.sin(np.pi * f) * np.cos(np.pi * y)
    out[1] = alpha * np.pi * np.cos(np.pi * f) * np.sin(np.pi * y) * (2.0 * a * x + b)
    out[2] = omega


def _DoublePendulum_jac(t, X, p, out):
    th1, th2, p1, p2 = X[0], X[1], X[2], X[3]
    g, l1, l2, m1, m2 = p[0], p[1], p[2], p[3], p[4]
    dth = th1 - th2
    cd, sd = np.cos(dth), np.sin(dth)
    s2, c2 = np.sin(2.0 * dth), np.cos(2.0 * dth)
    den = m1 + m2 * sd * sd
    dden = m2 * s2
    ll = (l1 * l2) ** 2
    # derivatives with respect to the angle difference dth (th1 enters with +, th2 with -)
    num1 = l2 * p1 - l1 * p2 * cd
    w1 = (l1 * p2 * sd * den - num1 * dden) / (l1 * l1 * l2 * den * den)
    num2 = (m1 + m2) * l1 * p2 - m2 * l2 * p1 * cd
    w2 = (m2 * l2 * p1 * sd * den - num2 * dden) / (m2 * l1 * l2 * l2 * den * den)
    h1_d = p1 * p2 * (cd * den - sd * dden) / (l1 * l2 * den * den)
    h1_p1 = p2 * sd / (l1 * l2 * den)
    h1_p2 = p1 * sd / (l1 * l2 * den)
    num = m2 * l2 * l2 * p1 * p1 + (m1 + m2) * l1 * l1 * p2 * p2 - 2.0 * m2 * l1 * l2 * p1 * p2 * cd
    num_d = 2.0 * m2 * l1 * l2 * p1 * p2 * sd
    num_p1 = 2.0 * m2 * l2 * (l2 * p1 - l1 * p2 * cd)
    num_p2 = 2.0 * l1 * ((m1 + m2) * l1 * p2 - m2 * l2 * p1 * cd)
    h2_d = (num_d * s2 + 2.0 * num * c2) / (2.0 * ll * den * den) - num * s2 * dden / (ll * den**3)
    h2_p1 = num_p1 * s2 / (2.0 * ll * den * den)
    h2_p2 = num_p2 * s2 / (2.0 * ll * den * den)
    out[0, 0] = w1
    out[0, 1] = -w1
    out[0, 2] = 1.0 / (l1 * l1 * den)
    out[0, 3] = -cd / (l1 * l2 * den)
    out[1, 0] = w2
    out[1, 1] = -w2
    out[1, 2] = -cd / (l1 * l2 * den)
    out[1, 3] = (m1 + m2) / (m2 * l2 * l2 * den)
    out[2, 0] = -(m1 + m2) * g * l1 * np.cos(th1) - h1_d + h2_d
    out[2, 1] = h1_d - h2_d
    out[2, 2] = h2_p1 - h1_p1
    out[2, 3] = h2_p2 - h1_p2
    out[3, 0] = h1_d - h2_d
    out[3, 1] = -m2 * g * l2 * np.cos(th2) - h1_d + h2_d
    out[3, 2] = h1_p1 - h2_p1
    out[3, 3] = h1_p2 - h2_p2


@flow(
    params={"g": 9.81, "l1": 1.0, "l2": 1.0, "m1": 1.0, "m2": 1.0},
    ic=[-44.334542, 223.53554, -1.2249799, 2.535486],
    period=4.0234,
    dt=0.0008048141356891847,
    citation="See, for example: Marion (2013). Classical dynamics of particles and systems.",
    description="Planar double pendulum without friction, in Hamiltonian form (angles and conjugate momenta).",
    jac=_DoublePendulum_jac,
    unbounded=(0, 1),
    hamiltonian=True,
)
def DoublePendulum(t, X, p, out):
    th1, th2, p1, p2 = X[0], X[1], X[2], X[3]
    g, l1, l2, m1, m2 = p[0], p[1], p[2], p[3], p[4]
    dth = th1 - th2
    cd, sd = np.cos(dth), np.sin(dth)
    den = m1 + m2 * sd * sd
    out[0] = (l2 * p1 - l1 * p2 * cd) / (l1 * l1 * l2 * den)
    out[1] = ((m1 + m2) * l1 * p2 - m2 * l2 * p1 * cd) / (m2 * l1 * l2 * l2 * den)
    h1 = p1 * p2 * sd / (l1 * l2 * den)
    num = m2 * l2 * l2 * p1 * p1 + (m1 + m2) * l1 * l1 * p2 * p2 - 2.0 * m2 * l1 * l2 * p1 * p2 * cd
    h2 = num * np.sin(2.0 * dth) / (2.0 * (l1 * l2 * den) ** 2)
    out[2] = -(m1 + m2) * g * l1 * np.sin(th1) - h1 + h2
    out[3] = -m2 * g * l2 * np.sin(th2) + h1 - h2


def _Duffing_jac(t, X, p, out):
    x, z = X[0], X[2]
    alpha, beta, delta, gamma = p[0], p[1], p[2], p[3]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -beta - 3.0 * alpha * x * x
    out[1, 1] = -delta
    out[1, 2] = -gamma * np.sin(z)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"alpha": 1.0, "beta": -1.0, "delta": 0.1, "gamma": 0.35, "omega": 1.4},
    ic=[-1.1635382, -0.5092374, 0.0],
    period=7.4496,
    dt=0.0014901683613936711,
    citation="Duffing, G. (1918), Forced oscillations with variable natural frequency and their technical relevance, Heft 41/42, Braunschweig: Vieweg.",
    description="Periodically forced oscillator with a cubic restoring force (Duffing-Ueda); forcing phase as third variable.",
    jac=_Duffing_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def Duffing(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    alpha, beta, delta, gamma, omega = p[0], p[1], p[2], p[3], p[4]
    out[0] = y
    out[1] = gamma * np.cos(z) - delta * y - beta * x - alpha * x**3
    out[2] = omega


def _ExcitableCell_jac(t, X, p, out):
    v, n, c = X[0], X[1], X[2]
    aho = p[0]
    ahr = p[1]
    ahs = p[2]
    ams = p[3]
    amvb = p[4]
    amvo = p[5]
    ans = p[6]
    anvb = p[7]
    anvo = p[8]
    ar = p[9]
    bho = p[10]
    bhr = p[11]
    bmo = p[12]
    bmr = p[13]
    bms = p[14]
    bno = p[15]
    bnr = p[16]
    bns = p[17]
    gi = p[18]
    gkc = p[19]
    gkv = p[20]
    gl = p[21]
    kc = p[22]
    rho = p[23]
    tscl = p[24]
    vc = p[25]
    vi = p[26]
    vk = p[27]
    em = np.exp(-ar * v - amvo)
    am = ams * (amvb + v) / (1.0 - em)
    dam = ams * ((1.0 - em) - (amvb + v) * ar * em) / (1.0 - em) ** 2
    bm = bms * np.exp(-bmr * v - bmo)
    dbm = -bmr * bm
    ah = ahs * np.exp(-ahr * v - aho)
    dah = -ahr * ah
    bh = 1.0 / (1.0 + np.exp(-bhr * v - bho))
    dbh = bhr * bh * (1.0 - bh)
    en = np.exp(-ar * v - anvo)
    an = ans * (anvb + v) / (1.0 - en)
    dan = ans * ((1.0 - en) - (anvb + v) * ar * en) / (1.0 - en) ** 2
    bn = bns * np.exp(-bnr * v - bno)
    dbn = -bnr * bn
    minf, hinf, ninf = am / (am + bm), ah / (ah + bh), an / (an + bn)
    dminf = (dam * bm - am * dbm) / (am + bm) ** 2
    dhinf = (dah * bh - ah * dbh) / (ah + bh) ** 2
    dninf = (dan * bn - an * dbn) / (an + bn) ** 2
    m3h = minf**3 * hinf
    dm3h = 3.0 * minf**2 * dminf * hinf + minf**3 * dhinf
    gk = gkv * n**4 + gkc * c / (1.0 + c)
    out[0, 0] = gi * (dm3h * (vi - v) - m3h) - gk - gl
    out[0, 1] = 4.0 * gkv * n**3 * (vk - v)
    out[0, 2] = gkc / (1.0 + c) ** 2 * (vk - v)
    out[1, 0] = tscl * (dninf * (an + bn) + (ninf - n) * (dan + dbn))
    out[1, 1] = -tscl * (an + bn)
    out[1, 2] = 0.0
    out[2, 0] = rho * (dm3h * (vc - v) - m3h)
    out[2, 1] = 0.0
    out[2, 2] = -rho * kc


@flow(
    params={
        "aho": 2.5,
        "ahr": 0.05,
        "ahs": 0.07,
        "ams": 0.1,
        "amvb": 25.0,
        "amvo": 2.5,
        "ans": 0.01,
        "anvb": 20.0,
        "anvo": 2.0,
        "ar": 0.1,
        "bho": 2.0,
        "bhr": 0.1,
        "bmo": 2.7777777777777777,
        "bmr": 0.05555555555555555,
        "bms": 4.0,
        "bno": 0.375,
        "bnr": 0.0125,
        "bns": 0.125,
        "gi": 1800.0,
        "gkc": 11.0,
        "gkv": 1700.0,
        "gl": 7.0,
        "kc": 0.183333,
        "rho": 0.27,
        "tscl": 230.0,
        "vc": 100.0,
        "vi": 100.0,
        "vk": -75.0,
        "vl": -40.0,
        "vm": -50.0,
        "vn": -30.0,
    },
    ic=[-44.57779976420271, 0.13121643614884418, 0.4658533583951385],
    period=1.0,
    dt=0.00011057842973826836,
    citation="Teresa Chay. Chaos In A Three-variable Model Of An Excitable Cell. Physica D 1985",
    description="Chay's reduced Hodgkin-Huxley model of an excitable cell with a calcium-activated potassium current.",
    jac=_ExcitableCell_jac,
)
def ExcitableCell(t, X, p, out):
    v, n, c = X[0], X[1], X[2]
    aho = p[0]
    ahr = p[1]
    ahs = p[2]
    ams = p[3]
    amvb = p[4]
    amvo = p[5]
    ans = p[6]
    anvb = p[7]
    anvo = p[8]
    ar = p[9]
    bho = p[10]
    bhr = p[11]
    bmo = p[12]
    bmr = p[13]
    bms = p[14]
    bno = p[15]
    bnr = p[16]
    bns = p[17]
    gi = p[18]
    gkc = p[19]
    gkv = p[20]
    gl = p[21]
    kc = p[22]
    rho = p[23]
    tscl = p[24]
    vc = p[25]
    vi = p[26]
    vk = p[27]
    vl = p[28]
    am = ams * (amvb + v) / (1.0 - np.exp(-ar * v - amvo))
    bm = bms * np.exp(-bmr * v - bmo)
    ah = ahs * np.exp(-ahr * v - aho)
    bh = 1.0 / (1.0 + np.exp(-bhr * v - bho))
    an = ans * (anvb + v) / (1.0 - np.exp(-ar * v - anvo))
    bn = bns * np.exp(-bnr * v - bno)
    m3h = (am / (am + bm)) ** 3 * (ah / (ah + bh))
    ninf = an / (an + bn)
    out[0] = gi * m3h * (vi - v) + (gkv * n**4 + gkc * c / (1.0 + c)) * (vk - v) + gl * (vl - v)
    out[1] = (ninf - n) * tscl * (an + bn)
    out[2] = rho * (m3h * (vc - v) - kc * c)


def _Finance_jac(t, X, p, out):
    x, y = X[0], X[1]
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = 1.0 / b - a + y
    out[0, 1] = x
    out[0, 2] = 1.0
    out[1, 0] = -2.0 * x
    out[1, 1] = -b
    out[1, 2] = 0.0
    out[2, 0] = -1.0
    out[2, 1] = 0.0
    out[2, 2] = -c


@flow(
    params={"a": 0.001, "b": 0.2, "c": 1.1},
    ic=[-0.51664739, -3.9568707, 0.0012893581],
    period=9.8932,
    dt=0.001978969828304571,
    citation="Guoliang Cai, Juanjuan Huang. International Journal of Nonlinear Science, Vol. 3 (2007)",
    description="Macroeconomic model of interest rate, investment demand and price index.",
    jac=_Finance_jac,
)
def Finance(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = (1.0 / b - a + y) * x + z
    out[1] = -b * y - x * x
    out[2] = -x - c * z


def _FluidTrampoline_jac(t, X, p, out):
    x, y, th = X[0], X[1], X[2]
    gamma, psi = p[0], p[1]
    inside = 1.0 if x < 0.0 else 0.0
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -inside
    out[1, 1] = -2.0 * inside * psi * abs(y)
    out[1, 2] = -gamma * np.sin(th)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"gamma": 1.82, "psi": 0.01019, "w": 1.21},
    ic=[-0.65820064, -2.8807787, 0.1],
    period=7.7351,
    dt=0.0015472778796464582,
    citation="Gilet, Bush. The fluid trampoline: droplets bouncing on a soap film. JFM 2009.",
    description="Droplet bouncing on a vibrated soap film modelled as a nonlinear spring active only in contact.",
    jac=_FluidTrampoline_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def FluidTrampoline(t, X, p, out):
    x, y, th = X[0], X[1], X[2]
    gamma, psi, w = p[0], p[1], p[2]
    contact = x + psi * y * abs(y) if x < 0.0 else 0.0
    out[0] = y
    out[1] = gamma * np.cos(th) - 1.0 - contact
    out[2] = w


def _ForcedBrusselator_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    b, f = p[1], p[2]
    out[0, 0] = 2.0 * x * y - b - 1.0
    out[0, 1] = x * x
    out[0, 2] = -f * np.sin(z)
    out[1, 0] = b - 2.0 * x * y
    out[1, 1] = -x * x
    out[1, 2] = 0.0
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"a": 0.4, "b": 1.2, "f": 0.05, "w": 0.81},
    ic=[0.40635464, 1.8192295, 6381.6484],
    period=20.411,
    dt=0.004082880480079893,
    citation="I. Prigogine, From Being to Becoming: Time and Complexity in the Physical Sciences, New York: W.H. Freeman and Company, 1980.",
    description="Brusselator autocatalytic reaction under periodic forcing (forcing phase as third variable).",
    jac=_ForcedBrusselator_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def ForcedBrusselator(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, f, w = p[0], p[1], p[2], p[3]
    out[0] = a + x * x * y - (b + 1.0) * x + f * np.cos(z)
    out[1] = b * x - x * x * y
    out[2] = w


def _ForcedFitzHughNagumo_jac(t, X, p, out):
    v, z = X[0], X[2]
    b, f, gamma = p[1], p[3], p[4]
    out[0, 0] = 1.0 - v * v
    out[0, 1] = -1.0
    out[0, 2] = f * np.cos(z)
    out[1, 0] = gamma
    out[1, 1] = -gamma * b
    out[1, 2] = 0.0
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"a": 0.7, "b": 0.8, "curr": 0.965, "f": 0.4008225, "gamma": 0.08, "omega": 0.043650793650793655},
    ic=[-1.2155252, -0.046470891, 0.0],
    period=42.12235294117647,
    dt=0.008425874900717644,
    citation="FitzHugh, Richard (1961). Impulses and Physiological States in Theoretical Models of Nerve Membrane. Biophysical Journal. 1 (6).",
    description="FitzHugh-Nagumo neuron under sinusoidal current forcing (forcing phase as third variable).",
    jac=_ForcedFitzHughNagumo_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def ForcedFitzHughNagumo(t, X, p, out):
    v, w, z = X[0], X[1], X[2]
    a, b, curr, f, gamma, omega = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = v - v**3 / 3.0 - w + curr + f * np.sin(z)
    out[1] = gamma * (v + a - b * w)
    out[2] = omega


def _ForcedVanDerPol_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, mu = p[0], p[1]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -2.0 * mu * x * y - 1.0
    out[1, 1] = mu * (1.0 - x * x)
    out[1, 2] = a * np.cos(z)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"a": 1.2, "mu": 8.53, "w": 0.63},
    ic=[-1.520504, 0.19640249, 687.39073],
    period=14.476875,
    dt=0.0028958576429408823,
    citation="B. van der Pol (1920). A theory of the amplitude of free and forced triode vibrations. Radio Review 1.",
    description="Van der Pol relaxation oscillator under sinusoidal forcing (forcing phase as third variable).",
    jac=_ForcedVanDerPol_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def ForcedVanDerPol(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, mu, w = p[0], p[1], p[2]
    out[0] = y
    out[1] = mu * (1.0 - x * x) * y - x + a * np.sin(z)
    out[2] = w


def _GenesioTesi_jac(t, X, p, out):
    x = X[0]
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = 0.0
    out[1, 2] = 1.0
    out[2, 0] = 2.0 * x - c
    out[2, 1] = -b
    out[2, 2] = -a


@flow(
    params={"a": 0.44, "b": 1.1, "c": 1.0},
    ic=[-0.053772565, -0.26162564, 0.33501557],
    period=5.9431,
    dt=0.0011888181363559625,
    citation="Genesio, Tesi (1992). Harmonic balance methods for the analysis of chaotic dynamics in nonlinear systems. Automatica 28.3 (1992): 531-548.",
    description="Genesio-Tesi jerk system: a feedback control loop with a quadratic nonlinearity.",
    jac=_GenesioTesi_jac,
)
def GenesioTesi(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = y
    out[1] = z
    out[2] = x * x - c * x - b * y - a * z


def _GlycolyticOscillation_jac(t, X, p, out):
    a, b, c = X[0], X[1], X[2]
    d = p[0]
    k = p[1]
    l1 = p[2]
    l2 = p[3]
    q1 = p[5]
    q2 = p[6]
    s1 = p[7]
    s2 = p[8]
    ap, b2 = 1.0 + a, (1.0 + b) ** 2
    d1 = l1 + ap * ap * b2
    num1 = a * ap * b2
    phi_a = ((ap + a) * b2 * d1 - num1 * 2.0 * ap * b2) / d1**2
    phi_b = (a * ap * 2.0 * (1.0 + b) * d1 - num1 * ap * ap * 2.0 * (1.0 + b)) / d1**2
    db, c2 = 1.0 + d * b, (1.0 + c) ** 2
    d2 = l2 + db * db * c2
    num2 = b * db * c2
    eta_b = ((db + b * d) * c2 * d2 - num2 * 2.0 * db * d * c2) / d2**2
    eta_c = (b * db * 2.0 * (1.0 + c) * d2 - num2 * db * db * 2.0 * (1.0 + c)) / d2**2
    out[0, 0] = -s1 * phi_a
    out[0, 1] = -s1 * phi_b
    out[0, 2] = 0.0
    out[1, 0] = q1 * s1 * phi_a
    out[1, 1] = q1 * s1 * phi_b - s2 * eta_b
    out[1, 2] = -s2 * eta_c
    out[2, 0] = 0.0
    out[2, 1] = q2 * s2 * eta_b
    out[2, 2] = q2 * s2 * eta_c - k


@flow(
    params={
        "d": 0.0,
        "k": 4.422,
        "l1": 500000000.0,
        "l2": 100.0,
        "nu": 1.0,
        "q1": 50.0,
        "q2": 0.02,
        "s1": 22.2222,
        "s2": 22.2222,
    },
    ic=[29.453349256846987, 130.19350141357407, 0.18407087674169492],
    period=50.45999420049144,
    dt=0.010091998840098313,
    citation="Decroly, O.; Goldbeter, An amplified sensitivity arising from covalent modification in biological systems. A. Proc. Natl. Acad. Sci. USA 1982, 79,6917–6921.",
    description="Allosteric (Monod-Wyman-Changeux) model of two coupled enzymes in glycolysis.",
    jac=_GlycolyticOscillation_jac,
)
def GlycolyticOscillation(t, X, p, out):
    a, b, c = X[0], X[1], X[2]
    d, k, l1, l2, nu, q1, q2, s1, s2 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
    phi = a * (1.0 + a) * (1.0 + b) ** 2 / (l1 + (1.0 + a) ** 2 * (1.0 + b) ** 2)
    db = 1.0 + d * b
    eta = b * db * (1.0 + c) ** 2 / (l2 + db * db * (1.0 + c) ** 2)
    out[0] = nu - s1 * phi
    out[1] = q1 * s1 * phi - s2 * eta
    out[2] = q2 * s2 * eta - k * c


def _GuckenheimerHolmes_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, f = p[0], p[1], p[2], p[3], p[5]
    out[0, 0] = a + c * z + 2.0 * d * z * x
    out[0, 1] = -b + 2.0 * d * z * y
    out[0, 2] = c * x + d * (x * x + y * y)
    out[1, 0] = b
    out[1, 1] = a + c * z
    out[1, 2] = c * y
    out[2, 0] = -2.0 * f * x
    out[2, 1] = -2.0 * f * y
    out[2, 2] = -2.0 * z - 3.0 * a * z * z


@flow(
    params={"a": 0.4, "b": 20.25, "c": 3.0, "d": 1.6, "e": 1.7, "f": 0.44},
    ic=[-0.55582369, 0.05181624, 0.37766104],
    period=0.3076923076923077,
    dt=6.154871965840413e-05,
    citation="Guckenheimer, John, and Philip Holmes (1983).  Nonlinear oscillations, dynamical systems, and bifurcations of vector fields. Vol. 42. Springer Science & Business Media.",
    description="Normal-form-like oscillator of Guckenheimer and Holmes with a heteroclinic-type chaotic attractor.",
    jac=_GuckenheimerHolmes_jac,
)
def GuckenheimerHolmes(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e, f = p[0], p[1], p[2], p[3], p[4], p[5]
    r2 = x * x + y * y
    out[0] = a * x - b * y + c * z * x + d * z * r2
    out[1] = a * y + b * x + c * z * y
    out[2] = e - z * z - f * r2 - a * z**3


def _Hadley_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = -2.0 * y
    out[0, 2] = -2.0 * z
    out[1, 0] = y - b * z
    out[1, 1] = x - 1.0
    out[1, 2] = -b * x
    out[2, 0] = b * y + z
    out[2, 1] = b * x
    out[2, 2] = x - 1.0


@flow(
    params={"a": 0.2, "b": 4.0, "f": 9.0, "g": 1.0},
    ic=[1.3664423, 0.9309146, 0.64283417],
    period=1.4541,
    dt=0.00029086847807974437,
    citation="G. Hadley (1735). On the cause of the general trade winds. Philosophical Transactions of the Royal Society, vol. 34, pp. 58--62.",
    description="Low-order model of the Hadley circulation interacting with eddies (same form as Lorenz-84).",
    jac=_Hadley_jac,
)
def Hadley(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, f, g = p[0], p[1], p[2], p[3]
    out[0] = a * (f - x) - y * y - z * z
    out[1] = x * y - b * x * z - y + g
    out[2] = b * x * y + x * z - z


def _Halvorsen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = -b - 2.0 * y
    out[0, 2] = -b
    out[1, 0] = -b
    out[1, 1] = -a
    out[1, 2] = -b - 2.0 * z
    out[2, 0] = -b - 2.0 * x
    out[2, 1] = -b
    out[2, 2] = -a


@flow(
    params={"a": 1.4, "b": 4.0},
    ic=[-8.6807408, -2.4741399, 0.070775762],
    period=1.4889,
    dt=0.000297829638273015,
    citation="Sprott, Julien C (2010). Elegant chaos: algebraically simple chaotic flows. World Scientific, 2010.",
    description="Cyclically symmetric quadratic flow with a three-lobed attractor.",
    jac=_Halvorsen_jac,
)
def Halvorsen(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = -a * x - b * (y + z) - y * y
    out[1] = -a * y - b * (z + x) - z * z
    out[2] = -a * z - b * (x + y) - x * x


def _HastingsPowell_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a1, a2, b1, b2, d1, d2 = p[0], p[1], p[2], p[3], p[4], p[5]
    fx = a1 * y / (1.0 + b1 * x) ** 2
    fy = a1 * x / (1.0 + b1 * x)
    gy = a2 * z / (1.0 + b2 * y) ** 2
    gz = a2 * y / (1.0 + b2 * y)
    out[0, 0] = 1.0 - 2.0 * x - fx
    out[0, 1] = -fy
    out[0, 2] = 0.0
    out[1, 0] = fx
    out[1, 1] = fy - gy - d1
    out[1, 2] = -gz
    out[2, 0] = 0.0
    out[2, 1] = gy
    out[2, 2] = gz - d2


@flow(
    params={"a1": 5.0, "a2": 0.1, "b1": 3.0, "b2": 2.0, "d1": 0.4, "d2": 0.01},
    ic=[0.73207001, 0.17549271, 9.9014657],
    period=135.19,
    dt=0.02704250708451582,
    citation="Hastings, Powell. Ecology 1991",
    description="Three-species food chain with Holling type II responses; the teacup attractor.",
    jac=_HastingsPowell_jac,
)
def HastingsPowell(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a1, a2, b1, b2, d1, d2 = p[0], p[1], p[2], p[3], p[4], p[5]
    fxy = a1 * x * y / (1.0 + b1 * x)
    gyz = a2 * y * z / (1.0 + b2 * y)
    out[0] = x * (1.0 - x) - fxy
    out[1] = fxy - gyz - d1 * y
    out[2] = gyz - d2 * z


def _HenonHeiles_jac(t, X, p, out):
    x, y = X[0], X[1]
    lam = p[0]
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = -1.0 - 2.0 * lam * y
    out[2, 1] = -2.0 * lam * x
    out[3, 0] = -2.0 * lam * x
    out[3, 1] = 2.0 * lam * y - 1.0


@flow(
    params={"lam": 1.0},
    ic=[-0.29707259, -0.0031367513, 0.42548865, 0.071905482],
    period=6.37,
    dt=0.0012742123687280581,
    citation="Henon, M.; Heiles, C. (1964). The applicability of the third integral of motion: Some numerical experiments. The Astronomical Journal. 69: 73.",
    description="Star orbiting in an axisymmetric galactic potential with cubic terms (Henon-Heiles Hamiltonian).",
    jac=_HenonHeiles_jac,
    hamiltonian=True,
)
def HenonHeiles(t, X, p, out):
    x, y, px, py = X[0], X[1], X[2], X[3]
    lam = p[0]
    out[0] = px
    out[1] = py
    out[2] = -x - 2.0 * lam * x * y
    out[3] = -y - lam * (x * x - y * y)


def _HindmarshRose_jac(t, X, p, out):
    x = X[0]
    a, b, d, s, tx, tz = p[0], p[1], p[3], p[4], p[5], p[6]
    out[0, 0] = (2.0 * b * x - 3.0 * a * x * x) / tx - 1.0
    out[0, 1] = 1.0 / tx
    out[0, 2] = 1.0 / tx
    out[1, 0] = -3.0 * a * x * x - 2.0 * (d - b) * x
    out[1, 1] = 0.0
    out[1, 2] = 1.0
    out[2, 0] = -s / tz
    out[2, 1] = 0.0
    out[2, 2] = -1.0 / tz


@flow(
    params={"a": 0.49, "b": 1.0, "c": 0.0322, "d": 1.0, "s": 1.0, "tx": 0.03, "tz": 0.8},
    ic=[0.031111835, -0.021557059, 0.041475046],
    period=1.752,
    dt=0.000350458409734955,
    citation="Marhl, Perc. Chaos, Solitons, Fractals 2005.",
    description="Hindmarsh-Rose neuron with fast spiking and slow adaptation; chaotic bursting.",
    jac=_HindmarshRose_jac,
)
def HindmarshRose(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, s, tx, tz = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    out[0] = (y - a * x**3 + b * x * x + z) / tx - x
    out[1] = z - a * x**3 - (d - b) * x * x
    out[2] = (c - s * x - z) / tz


def _Hopfield_jac(t, X, p, out):
    eps, tau = p[1], p[38]
    k = p[2:38].reshape((6, 6))
    n = X.size
    for i in range(n):
        u = 0.0
        for j in range(n):
            u += k[i, j] * X[j]
        g = 0.5 * eps * (1.0 - np.tanh(eps * u) ** 2)
        for j in range(n):
            out[i, j] = g * k[i, j]
        out[i, i] -= 1.0 / tau


@flow(
    params={
        "beta": 0.5,
        "eps": 10.0,
        "k_0_0": 0.0,
        "k_0_1": -1.0,
        "k_0_2": 0.0,
        "k_0_3": 0.0,
        "k_0_4": -1.0,
        "k_0_5": -1.0,
        "k_1_0": 0.0,
        "k_1_1": 0.0,
        "k_1_2": 0.0,
        "k_1_3": -1.0,
        "k_1_4": -1.0,
        "k_1_5": -1.0,
        "k_2_0": -1.0,
        "k_2_1": -1.0,
        "k_2_2": 0.0,
        "k_2_3": 0.0,
        "k_2_4": -1.0,
        "k_2_5": 0.0,
        "k_3_0": -1.0,
        "k_3_1": -1.0,
        "k_3_2": -1.0,
        "k_3_3": 0.0,
        "k_3_4": 0.0,
        "k_3_5": 0.0,
        "k_4_0": -1.0,
        "k_4_1": -1.0,
        "k_4_2": 0.0,
        "k_4_3": -1.0,
        "k_4_4": 0.0,
        "k_4_5": 0.0,
        "k_5_0": 0.0,
        "k_5_1": -1.0,
        "k_5_2": -1.0,
        "k_5_3": -1.0,
        "k_5_4": 0.0,
        "k_5_5": 0.0,
        "tau": 2.5,
    },
    ic=[-0.67127393, -0.2420173, -0.055676628, 0.34697948, 0.45273118, 0.78389688],
    period=10.865,
    dt=0.002173362227038069,
    citation="Lewis & Glass, Neur Comp (1992)",
    description="Six-neuron Hopfield network with frustrated inhibitory couplings.",
    jac=_Hopfield_jac,
    array_params={"k": (6, 6)},
)
def Hopfield(t, X, p, out):
    beta, eps, tau = p[0], p[1], p[38]
    k = p[2:38].reshape((6, 6))
    n = X.size
    for i in range(n):
        u = 0.0
        for j in range(n):
            u += k[i, j] * X[j]
        out[i] = 0.5 * (1.0 + np.tanh(eps * u)) - beta - X[i] / tau


def _HyperBao_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = 1.0
    out[1, 0] = -z
    out[1, 1] = c
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = e
    out[3, 1] = d * z
    out[3, 2] = d * y


@flow(
    params={"a": 36.0, "b": 3.0, "c": 20.0, "d": 0.1, "e": 21.0},
    ic=[9.271308063781017, 9.752247178805291, 23.919154915696105, -16.69675939965203],
    period=0.5831505997603473,
    dt=0.00011664956154566752,
    citation="Bao, Liu  (2008). A hyperchaotic attractor coined from the chaotic Lu system. Chin. Physics Letters, Vol. 25, pp 2396-2399.",
    description="Hyperchaotic extension of the Lu system by Bao and Liu.",
    jac=_HyperBao_jac,
)
def HyperBao(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0] = a * (y - x) + w
    out[1] = c * y - x * z
    out[2] = x * y - b * z
    out[3] = e * x + d * y * z


def _HyperCai_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[1, 0] = b - z
    out[1, 1] = c
    out[1, 2] = -x
    out[1, 3] = 1.0
    out[2, 1] = 2.0 * y
    out[2, 2] = -d
    out[3, 0] = -e


@flow(
    params={"a": 27.5, "b": 3.0, "c": 19.3, "d": 2.9, "e": 3.3},
    ic=[-10.691273602120157, -15.541159376570342, 18.388272900250726, -14.904493939514888],
    period=0.6113936187028436,
    dt=0.0001222991069250412,
    citation="Guoliang, Huang (2007). A New Finance Chaotic Attractor. International Journal of Nonlinear Science.",
    description="Hyperchaotic four-dimensional extension of a finance-type system (Cai et al.).",
    jac=_HyperCai_jac,
)
def HyperCai(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0] = a * (y - x)
    out[1] = b * x + c * y - x * z + w
    out[2] = y * y - d * z
    out[3] = -e * x


def _HyperJha_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = 1.0
    out[1, 0] = b - z
    out[1, 1] = -1.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -c
    out[3, 0] = -z
    out[3, 2] = -x
    out[3, 3] = d


@flow(
    params={"a": 10.0, "b": 28.0, "c": 2.667, "d": 1.3},
    ic=[13.76544888070825, 20.203791990082554, 32.08179795423583, -51.189321449994914],
    period=0.8564467295817622,
    dt=0.00017131789889951677,
    citation="Jürgen Meier (2003). Presentation of Attractors with Cinema.",
    description="Four-dimensional hyperchaotic Lorenz-type system with a cross-coupled fourth variable.",
    jac=_HyperJha_jac,
)
def HyperJha(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x) + w
    out[1] = b * x - x * z - y
    out[2] = x * y - c * z
    out[3] = d * w - x * z


def _HyperLorenz_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = 1.0
    out[1, 0] = c - z
    out[1, 1] = -1.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = -z
    out[3, 2] = -x
    out[3, 3] = d


@flow(
    params={"a": 10.0, "b": 2.667, "c": 28.0, "d": 1.1},
    ic=[-9.186073735061425, -0.6744570634419695, 16.440536886214517, -145.0243848950473],
    period=1.277546730110058,
    dt=0.00025555193801167774,
    citation="Jürgen Meier (2003). Presentation of Attractors with Cinema.",
    description="Hyperchaotic Lorenz system with a fourth state fed back into the first equation.",
    jac=_HyperLorenz_jac,
)
def HyperLorenz(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x) + w
    out[1] = c * x - x * z - y
    out[2] = x * y - b * z
    out[3] = d * w - x * z


def _HyperLu_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = 1.0
    out[1, 0] = -z
    out[1, 1] = c
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = z
    out[3, 2] = x
    out[3, 3] = d


@flow(
    params={"a": 36.0, "b": 3.0, "c": 20.0, "d": 1.3},
    ic=[8.11348619, 10.55664382, 18.44590719, -28.38151717],
    period=0.7162856981996777,
    dt=0.00014328101980993325,
    citation="Chen, A., Lu, J., Lü, J., & Yu, S. (2006). Generating hyperchaotic Lü attractor via state feedback control. Physica A: Statistical Mechanics and its Applications, 364, 103-110.",
    description="Hyperchaotic Lu system with a fourth state driven by x z.",
    jac=_HyperLu_jac,
)
def HyperLu(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x) + w
    out[1] = c * y - x * z
    out[2] = x * y - b * z
    out[3] = d * w + x * z


def _HyperPang_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[1, 0] = -z
    out[1, 1] = c
    out[1, 2] = -x
    out[1, 3] = 1.0
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = -d
    out[3, 1] = -d


@flow(
    params={"a": 36.0, "b": 3.0, "c": 20.0, "d": 2.0},
    ic=[8.40863585, 4.67210241, 27.91032548, -1.26300886],
    period=0.8439374360017028,
    dt=0.0001688156231375615,
    citation="Pang, S., & Liu, Y. (2011). A new hyperchaotic system from the Lü system and its control. Journal of Computational and Applied Mathematics, 235(8), 2775-2789.",
    description="Hyperchaotic Lu-type system of Pang and Liu with linear feedback of the fourth state.",
    jac=_HyperPang_jac,
)
def HyperPang(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x)
    out[1] = c * y - x * z + w
    out[2] = x * y - b * z
    out[3] = -d * (x + y)


def _HyperQi_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e, f = p[0], p[1], p[2], p[3], p[4], p[5]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a + z
    out[0, 2] = y
    out[1, 0] = b - z
    out[1, 1] = b
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -c
    out[2, 3] = -e
    out[3, 0] = y
    out[3, 1] = x
    out[3, 2] = f
    out[3, 3] = -d


@flow(
    params={"a": 50.0, "b": 24.0, "c": 13.0, "d": 8.0, "e": 33.0, "f": 30.0},
    ic=[11.250900857894639, -3.647077762541555, 50.16987924937642, -168.2485185683687],
    period=0.06186038560173437,
    dt=1.2374139476927226e-05,
    citation="G. Qi, M. A. van Wyk, B. J. van Wyk, and G. Chen, (2008). On a new hyperchaotic system. Physics Letters A.",
    description="Four-wing hyperchaotic system of Qi et al.",
    jac=_HyperQi_jac,
)
def HyperQi(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d, e, f = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = a * (y - x) + y * z
    out[1] = b * (x + y) - x * z
    out[2] = x * y - c * z - e * w
    out[3] = x * y + f * z - d * w


def _HyperRossler_jac(t, X, p, out):
    x, z = X[0], X[2]
    a, c, d = p[0], p[2], p[3]
    out[:, :] = 0.0
    out[0, 1] = -1.0
    out[0, 2] = -1.0
    out[1, 0] = 1.0
    out[1, 1] = a
    out[1, 3] = 1.0
    out[2, 0] = z
    out[2, 2] = x
    out[3, 2] = -c
    out[3, 3] = d


@flow(
    params={"a": 0.25, "b": 3.0, "c": 0.5, "d": 0.05},
    ic=[-93.667697, 15.5078, 0.032086964, 43.792796],
    period=1.1157476694793766,
    dt=0.00022318673168449264,
    citation="Rossler, O. E. (1979). An equation for hyperchaos.",
    description="Rossler's 1979 hyperchaotic flow, the first example with two positive Lyapunov exponents.",
    jac=_HyperRossler_jac,
)
def HyperRossler(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = -y - z
    out[1] = x + a * y + w
    out[2] = b + x * z
    out[3] = d * w - c * z


def _HyperWang_jac(t, X, p, out):
    x, z = X[0], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[1, 0] = b - z
    out[1, 2] = -x
    out[1, 3] = 1.0
    out[2, 0] = 2.0 * e * x
    out[2, 2] = -c
    out[3, 0] = -d


@flow(
    params={"a": 10.0, "b": 40.0, "c": 2.5, "d": 10.6, "e": 4.0},
    ic=[0.16824907, 0.16854103, 37.04033781, -15.29027381],
    period=0.6481520567576332,
    dt=0.0001296520200215312,
    citation="Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. & van Wyk, M. A (2009). A 3-D four-wing attractor and its analysis. Brazilian J. Phys. 39.",
    description="Hyperchaotic extension of Wang's Lorenz-type system.",
    jac=_HyperWang_jac,
)
def HyperWang(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0] = a * (y - x)
    out[1] = b * x - x * z + w
    out[2] = e * x * x - c * z
    out[3] = -d * x


def _HyperXu_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = 1.0
    out[1, 0] = b + e * z
    out[1, 2] = e * x
    out[2, 0] = -y
    out[2, 1] = -x
    out[2, 2] = -c
    out[3, 0] = z
    out[3, 1] = -d
    out[3, 2] = x


@flow(
    params={"a": 10.0, "b": 40.0, "c": 2.5, "d": 2.0, "e": 16.0},
    ic=[0.68944486, -0.60254126, -0.5814657, 0.26629277],
    period=1.1328151255687646,
    dt=0.00022660079191240358,
    citation="Letellier & Rossler (2007). Hyperchaos. Scholarpedia 2.8 (2007): 1936.",
    description="Four-dimensional hyperchaotic system of Xu et al.",
    jac=_HyperXu_jac,
)
def HyperXu(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0] = a * (y - x) + w
    out[1] = b * x + e * x * z
    out[2] = -c * z - x * y
    out[3] = x * z - d * y


def _HyperYan_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[1, 0] = c - a - z
    out[1, 1] = c
    out[1, 2] = -x
    out[2, 0] = y + z
    out[2, 1] = x - z
    out[2, 2] = x - y - b
    out[2, 3] = -1.0
    out[3, 0] = -z
    out[3, 1] = z
    out[3, 2] = y - x
    out[3, 3] = -d


@flow(
    params={"a": 37.0, "b": 3.0, "c": 26.0, "d": 38.0},
    ic=[-6.576620730899293, -4.617145437320736, 17.796515255115004, 0.8072357311545831],
    period=0.9127028626966961,
    dt=0.00018257100103951984,
    citation="Jürgen Meier (2003). Presentation of Attractors with Cinema.",
    description="Hyperchaotic Chen-type system of Yan with coupled third and fourth states.",
    jac=_HyperYan_jac,
)
def HyperYan(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x)
    out[1] = (c - a - z) * x + c * y
    out[2] = x * y - y * z + x * z - b * z - w
    out[3] = y * z - x * z - d * w


def _HyperYangChen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[1, 0] = c - z
    out[1, 2] = -x
    out[1, 3] = 1.0
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = -d


@flow(
    params={"a": 30.0, "b": 3.0, "c": 35.0, "d": 8.0},
    ic=[3.534464234888686, 4.82852516302869, 25.04917588890622, 17.118520274514353],
    period=0.9127028626966961,
    dt=0.00018257100103951984,
    citation="Jürgen Meier (2003). Presentation of Attractors with Cinema.",
    description="Hyperchaotic Yang-Chen system (a Lorenz-family flow with a linear fourth state).",
    jac=_HyperYangChen_jac,
)
def HyperYangChen(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x)
    out[1] = c * x - x * z + w
    out[2] = x * y - b * z
    out[3] = -d * x


def _InteriorSquirmer_jac(t, X, p, out):
    r, th, ph = X[0], X[1], X[2]
    tau = p[10]
    a = p[0:5]
    g = p[5:10]
    tw = np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    w1 = 0.5 + 0.5 * tw
    dw1 = 20.0 * np.pi * (1.0 - tw * tw) * np.cos(2.0 * np.pi * ph / tau)
    out[:, :] = 0.0
    for i in range(a.size):
        n = i + 1.0
        an, gn = a[i] * w1, g[i] * (1.0 - w1)
        sn, cn = np.sin(n * th), np.cos(n * th)
        # radial speed: sum of (gn cn + an sn) n (r^(n+1) - r^(n-1))
        rad = n * (r ** (n + 1.0) - r ** (n - 1.0))
        out[0, 0] += (gn * cn + an * sn) * n * ((n + 1.0) * r**n - (n - 1.0) * r ** (n - 2.0))
        out[0, 1] += n * (an * cn - gn * sn) * rad
        out[0, 2] += dw1 * (a[i] * sn - g[i] * cn) * rad
        # angular speed: sum of (an cn - gn sn) ((n + 2) r^n - n r^(n-2))
        ang = (n + 2.0) * r**n - n * r ** (n - 2.0)
        out[1, 0] += (an * cn - gn * sn) * ((n + 2.0) * n * r ** (n - 1.0) - n * (n - 2.0) * r ** (n - 3.0))
        out[1, 1] -= n * (an * sn + gn * cn) * ang
        out[1, 2] += dw1 * (a[i] * cn + g[i] * sn) * ang


@flow(
    params={
        "a_0": 0.5,
        "a_1": 0.5,
        "a_2": 0.5,
        "a_3": 0.5,
        "a_4": 0.5,
        "g_0": 0.5,
        "g_1": 0.5,
        "g_2": 0.5,
        "g_3": 0.5,
        "g_4": 0.5,
        "tau": 3.0,
    },
    ic=[0.1, 0.1, 0.1],
    period=28.822573200111794,
    dt=0.005765475552614134,
    citation="Blake, J. R. Self propulsion due to oscillations on the surface of a cylinder at low Reynolds number. AMS Bulletin 1971.",
    description="Stokes flow inside a circular cylinder whose wall slip velocity alternates between two Fourier patterns (polar coordinates and switching phase).",
    jac=_InteriorSquirmer_jac,
    unbounded=(1, 2),
    hamiltonian=True,
    nonautonomous=True,
    array_params={"a": (5,), "g": (5,)},
)
def InteriorSquirmer(t, X, p, out):
    r, th, ph = X[0], X[1], X[2]
    tau = p[10]
    a = p[0:5]
    g = p[5:10]
    w1 = 0.5 + 0.5 * np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    vr = 0.0
    vth = 0.0
    rn = 1.0
    for i in range(a.size):
        n = i + 1.0
        rn *= r
        an = a[i] * w1
        gn = g[i] * (1.0 - w1)
        sn, cn = np.sin(n * th), np.cos(n * th)
        vr += (gn * cn + an * sn) * n * rn * (r * r - 1.0) / r
        vth += (2.0 * r + (r * r - 1.0) * n / r) * (an * cn - gn * sn) * rn
    out[0] = vr
    out[1] = vth / r
    out[2] = 1.0


def _IsothermalChemical_jac(t, X, p, out):
    alpha, beta = X[0], X[1]
    delta, mu, sigma = p[0], p[2], p[3]
    out[0, 0] = -(beta * beta + 1.0)
    out[0, 1] = -2.0 * alpha * beta
    out[0, 2] = mu
    out[1, 0] = (beta * beta + 1.0) / sigma
    out[1, 1] = (2.0 * alpha * beta - 1.0) / sigma
    out[1, 2] = 0.0
    out[2, 0] = 0.0
    out[2, 1] = 1.0 / delta
    out[2, 2] = -1.0 / delta


@flow(
    params={"delta": 1.0, "kappa": 2.5, "mu": 0.29786, "sigma": 0.013},
    ic=[0.5141505602006595, 0.9984288208727641, 1.0061777118724],
    period=0.7302799999999999,
    dt=0.00014608034672445314,
    citation="Petrov, Scott, Showalter. Mixed-mode oscillations in chemical systems. J Chem Phys 1992",
    description="Isothermal autocatalytic reaction scheme (Petrov-Scott-Showalter) with mixed-mode oscillations.",
    jac=_IsothermalChemical_jac,
)
def IsothermalChemical(t, X, p, out):
    alpha, beta, gamma = X[0], X[1], X[2]
    delta, kappa, mu, sigma = p[0], p[1], p[2], p[3]
    auto = alpha * (beta * beta + 1.0)
    out[0] = mu * (kappa + gamma) - auto
    out[1] = (auto - beta) / sigma
    out[2] = (beta - gamma) / delta


def _ItikBanksTumor_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a12, a13, a21, a31, d3, k3, r2, r3 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0, 0] = 1.0 - 2.0 * x - a12 * y - a13 * z
    out[0, 1] = -a12 * x
    out[0, 2] = -a13 * x
    out[1, 0] = -a21 * y
    out[1, 1] = r2 * (1.0 - 2.0 * y) - a21 * x
    out[1, 2] = 0.0
    out[2, 0] = z * (r3 * k3 / (x + k3) ** 2 - a31)
    out[2, 1] = 0.0
    out[2, 2] = r3 * x / (x + k3) - a31 * x - d3


@flow(
    params={"a12": 1.0, "a13": 2.5, "a21": 1.5, "a31": 0.2, "d3": 0.5, "k3": 1.0, "r2": 0.6, "r3": 4.5},
    ic=[0.051730215, 0.87071642, 0.015926427],
    period=49.74,
    dt=0.009949658276379978,
    citation="Itik, Banks. Int J Bifurcat Chaos 2010",
    description="Competition of tumour, healthy and immune (effector) cells (Itik-Banks model).",
    jac=_ItikBanksTumor_jac,
)
def ItikBanksTumor(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a12, a13, a21, a31, d3, k3, r2, r3 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0] = x * (1.0 - x - a12 * y - a13 * z)
    out[1] = y * (r2 * (1.0 - y) - a21 * x)
    out[2] = z * (r3 * x / (x + k3) - a31 * x - d3)


def _JerkCircuit_jac(t, X, p, out):
    y = X[1]
    eps, y0 = p[0], p[1]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = 0.0
    out[1, 2] = 1.0
    out[2, 0] = -1.0
    out[2, 1] = -eps * np.exp(y / y0) / y0
    out[2, 2] = -1.0


@flow(
    params={"eps": 1e-09, "y0": 0.026},
    ic=[-1.300882, 0.065382947, 0.91801911],
    period=19.4546,
    dt=0.003891568594765431,
    citation="Sprott (2011). A new chaotic jerk circuit. IEEE Circ. Sys. 2011.",
    description="Jerk electronic circuit whose only nonlinearity is the exponential current of a diode.",
    jac=_JerkCircuit_jac,
)
def JerkCircuit(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    eps, y0 = p[0], p[1]
    out[0] = y
    out[1] = z
    out[2] = -z - x - eps * (np.exp(y / y0) - 1.0)


def _KawczynskiStrizhak_jac(t, X, p, out):
    x = X[0]
    gamma, kappa, mu = p[1], p[2], p[3]
    out[0, 0] = gamma * (3.0 * mu - 3.0 * x * x)
    out[0, 1] = gamma
    out[0, 2] = 0.0
    out[1, 0] = -2.0 * mu
    out[1, 1] = -1.0
    out[1, 2] = -1.0
    out[2, 0] = kappa
    out[2, 1] = 0.0
    out[2, 2] = -kappa


@flow(
    params={"beta": -0.4, "gamma": 0.49, "kappa": 0.2, "mu": 2.1},
    ic=[-1.160501, 5.8636902, -1.2031947],
    period=10.991666666666667,
    dt=0.0015985997666280128,
    citation="P. E. Strizhak and A. L. Kawczynski, J. Phys. Chem. 99, 10830 (1995).",
    description="Three-variable chemical oscillator of Kawczynski and Strizhak showing mixed-mode and chaotic oscillations.",
    jac=_KawczynskiStrizhak_jac,
)
def KawczynskiStrizhak(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    beta, gamma, kappa, mu = p[0], p[1], p[2], p[3]
    out[0] = gamma * (y - x**3 + 3.0 * mu * x)
    out[1] = beta - 2.0 * mu * x - y - z
    out[2] = kappa * (x - z)


def _Laser_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, h, k = p[0], p[1], p[2], p[3], p[4], p[5]
    z2 = z * z
    out[0, 0] = -a
    out[0, 1] = a + b * z2
    out[0, 2] = 2.0 * b * y * z
    out[1, 0] = c + d * z2
    out[1, 1] = 0.0
    out[1, 2] = 2.0 * d * x * z
    out[2, 0] = 2.0 * k * x
    out[2, 1] = 0.0
    out[2, 2] = h


@flow(
    params={"a": 10.0, "b": 1.0, "c": 5.0, "d": -1.0, "h": -5.0, "k": -6.0},
    ic=[-2.540801356216252, -1.940570579119389, -2.9680975444071955],
    period=0.94667,
    dt=0.00018936556092683077,
    citation="Abooee, Yaghini-Bonabi, Jahed-Motlagh (2013). Analysis and circuitry realization of a novel three-dimensional chaotic system. Comm Nonline Sci 2013",
    description="Single-mode laser model with quadratic-in-intensity couplings (Haken-type laser equations variant).",
    jac=_Laser_jac,
)
def Laser(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, h, k = p[0], p[1], p[2], p[3], p[4], p[5]
    z2 = z * z
    out[0] = a * (y - x) + b * y * z2
    out[1] = (c + d * z2) * x
    out[2] = h * z + k * x * x


def _LidDrivenCavityFlow_jac(t, X, p, out):
    x, y, ph = X[0], X[1], X[2]
    a, b, tau, u1, u2 = p[0], p[1], p[2], p[3], p[4]
    s = np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    ds = 40.0 * np.pi * (1.0 - s * s) * np.cos(2.0 * np.pi * ph / tau)
    q = np.pi / a
    den1 = 2.0 * b * np.pi + a * np.sinh(2.0 * q * b)
    den2 = 4.0 * b * np.pi + a * np.sinh(4.0 * q * b)
    ch1, sh1 = np.cosh(q * y), np.sinh(q * y)
    ch2, sh2 = np.cosh(2.0 * q * y), np.sinh(2.0 * q * y)
    vx1 = np.cosh(q * b) * (np.pi * y * ch1 + a * sh1) - b * np.pi * np.sinh(q * b) * sh1
    vx2 = np.cosh(2.0 * q * b) * (2.0 * np.pi * y * ch2 + a * sh2)
    vx2 -= 2.0 * b * np.pi * np.sinh(2.0 * q * b) * sh2
    vy1 = b * np.sinh(q * b) * ch1 - y * np.cosh(q * b) * sh1
    vy2 = b * np.sinh(2.0 * q * b) * ch2 - y * np.cosh(2.0 * q * b) * sh2
    # y-derivatives, using a q = pi
    dvx1 = np.cosh(q * b) * (2.0 * np.pi * ch1 + np.pi * q * y * sh1) - b * np.pi * q * np.sinh(q * b) * ch1
    dvx2 = np.cosh(2.0 * q * b) * (4.0 * np.pi * ch2 + 4.0 * np.pi * q * y * sh2)
    dvx2 -= 4.0 * b * np.pi * q * np.sinh(2.0 * q * b) * ch2
    dvy1 = b * q * np.sinh(q * b) * sh1 - np.cosh(q * b) * (sh1 + q * y * ch1)
    dvy2 = 2.0 * b * q * np.sinh(2.0 * q * b) * sh2 - np.cosh(2.0 * q * b) * (sh2 + 2.0 * q * y * ch2)
    sx1, cx1 = np.sin(q * x), np.cos(q * x)
    sx2, cx2 = np.sin(2.0 * q * x), np.cos(2.0 * q * x)
    out[0, 0] = 2.0 * q * (s * u1 * cx1 * vx1 / den1 + 2.0 * u2 * cx2 * vx2 / den2)
    out[0, 1] = 2.0 * (s * u1 * sx1 * dvx1 / den1 + u2 * sx2 * dvx2 / den2)
    out[0, 2] = 2.0 * ds * u1 * sx1 * vx1 / den1
    out[1, 0] = -2.0 * np.pi * q * (s * u1 * sx1 * vy1 / den1 + 4.0 * u2 * sx2 * vy2 / den2)
    out[1, 1] = 2.0 * np.pi * (s * u1 * cx1 * dvy1 / den1 + 2.0 * u2 * cx2 * dvy2 / den2)
    out[1, 2] = 2.0 * np.pi * ds * u1 * cx1 * vy1 / den1
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"a": 6.0, "b": 1.0, "tau": 1.1, "u1": 9.92786, "u2": 8.34932},
    ic=[3.966790341130254, 0.18425981346720144, 0.0],
    period=2.7333134945588955,
    dt=0.000546753824549171,
    citation="Grover et al. Chaos (2012). Topological chaos, braiding and bifurcation of almost-cyclic sets.",
    description="Stokes flow in a rectangular cavity whose two lids move in alternation (time-periodic protocol as third variable).",
    jac=_LidDrivenCavityFlow_jac,
    unbounded=(2,),
    hamiltonian=True,
    nonautonomous=True,
)
def LidDrivenCavityFlow(t, X, p, out):
    x, y, ph = X[0], X[1], X[2]
    a, b, tau, u1, u2 = p[0], p[1], p[2], p[3], p[4]
    s = np.tanh(20.0 * tau * np.sin(2.0 * np.pi * ph / tau))
    q = np.pi / a
    den1 = 2.0 * b * np.pi + a * np.sinh(2.0 * q * b)
    den2 = 4.0 * b * np.pi + a * np.sinh(4.0 * q * b)
    vx1 = np.cosh(q * b) * (np.pi * y * np.cosh(q * y) + a * np.sinh(q * y))
    vx1 -= b * np.pi * np.sinh(q * b) * np.sinh(q * y)
    vx2 = np.cosh(2.0 * q * b) * (2.0 * np.pi * y * np.cosh(2.0 * q * y) + a * np.sinh(2.0 * q * y))
    vx2 -= 2.0 * b * np.pi * np.sinh(2.0 * q * b) * np.sinh(2.0 * q * y)
    vy1 = b * np.sinh(q * b) * np.cosh(q * y) - y * np.cosh(q * b) * np.sinh(q * y)
    vy2 = b * np.sinh(2.0 * q * b) * np.cosh(2.0 * q * y) - y * np.cosh(2.0 * q * b) * np.sinh(2.0 * q * y)
    out[0] = 2.0 * (s * u1 * np.sin(q * x) * vx1 / den1 + u2 * np.sin(2.0 * q * x) * vx2 / den2)
    out[1] = 2.0 * np.pi * (s * u1 * np.cos(q * x) * vy1 / den1 + 2.0 * u2 * np.cos(2.0 * q * x) * vy2 / den2)
    out[2] = 1.0


def _Lorenz_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    beta, rho, sigma = p[0], p[1], p[2]
    out[0, 0] = -sigma
    out[0, 1] = sigma
    out[0, 2] = 0.0
    out[1, 0] = rho - z
    out[1, 1] = -1.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -beta


@flow(
    params={"beta": 2.6666666666666665, "rho": 28.0, "sigma": 10.0},
    ic=[-9.7869288, -15.03852, 20.533978],
    period=1.5008,
    dt=0.0003002100350058257,
    citation="Lorenz, Edward N (1963). Deterministic nonperiodic flow. Journal of the atmospheric sciences 20.2 (1963): 130-141.",
    description="Three-mode truncation of Rayleigh-Benard convection; the butterfly attractor.",
    jac=_Lorenz_jac,
)
def Lorenz(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    beta, rho, sigma = p[0], p[1], p[2]
    out[0] = sigma * (y - x)
    out[1] = x * (rho - z) - y
    out[2] = x * y - beta * z


def _Lorenz84_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = -2.0 * y
    out[0, 2] = -2.0 * z
    out[1, 0] = y - b * z
    out[1, 1] = x - 1.0
    out[1, 2] = -b * x
    out[2, 0] = b * y + z
    out[2, 1] = b * x
    out[2, 2] = x - 1.0


@flow(
    params={"a": 1.32, "b": 7.91, "f": 4.83, "g": 4.194},
    ic=[1.926479236120359, -0.13402110197257552, -1.72146730664761],
    period=6.2586,
    dt=0.0012519286547757248,
    citation="E. Lorenz (1984). Irregularity: a fundamental property of the atmosphere. Tellus A, vol. 36, no. 2, pp. 98--110, 1984.",
    description="Lorenz's 1984 low-order model of the general circulation: a westerly jet and a travelling eddy.",
    jac=_Lorenz84_jac,
)
def Lorenz84(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, f, g = p[0], p[1], p[2], p[3]
    out[0] = a * (f - x) - y * y - z * z
    out[1] = (x - 1.0) * y - b * x * z + g
    out[2] = b * x * y + (x - 1.0) * z


def _Lorenz96_jac(t, X, p, out):
    n = X.size
    out[:, :] = 0.0
    for i in range(n):
        out[i, (i + 1) % n] += X[i - 1]
        out[i, (i - 2) % n] -= X[i - 1]
        out[i, (i - 1) % n] += X[(i + 1) % n] - X[i - 2]
        out[i, i] -= 1.0


@flow(
    params={"f": 20.0},
    ic=[-2.46820633, 0.09570264, 1.59270902, 10.21372147],
    period=2.1969,
    dt=0.00043945324220700854,
    citation="Lorenz, Edward (1996). Predictability: A problem partly solved. Seminar on Predictability, Vol. I, ECMWF.",
    description="Lorenz's 1996 ring of advected, damped and forced variables (any dimension >= 4; the default has 4).",
    jac=_Lorenz96_jac,
)
def Lorenz96(t, X, p, out):
    f = p[0]
    n = X.size
    for i in range(n):
        out[i] = (X[(i + 1) % n] - X[i - 2]) * X[i - 1] - X[i] + f


def _LorenzBounded_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    beta, r, rho, sigma = p[0], p[1], p[2], p[3]
    fac = 1.0 - (x * x + y * y + z * z) / (r * r)
    f0 = sigma * (y - x)
    f1 = x * (rho - z) - y
    f2 = x * y - beta * z
    gx, gy, gz = -2.0 * x / (r * r), -2.0 * y / (r * r), -2.0 * z / (r * r)
    out[0, 0] = -fac * sigma + f0 * gx
    out[0, 1] = fac * sigma + f0 * gy
    out[0, 2] = f0 * gz
    out[1, 0] = fac * (rho - z) + f1 * gx
    out[1, 1] = -fac + f1 * gy
    out[1, 2] = -fac * x + f1 * gz
    out[2, 0] = fac * y + f2 * gx
    out[2, 1] = fac * x + f2 * gy
    out[2, 2] = -fac * beta + f2 * gz


@flow(
    params={"beta": 2.667, "r": 64.0, "rho": 28.0, "sigma": 10.0},
    ic=[-13.284881, -12.444334, 34.188198],
    period=1.3716,
    dt=0.00027436572762127296,
    citation="Sprott & Xiong (2015). Chaos.",
    description="Lorenz flow multiplied by a confining factor 1 - |x|^2 / r^2 that keeps trajectories inside a ball.",
    jac=_LorenzBounded_jac,
)
def LorenzBounded(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    beta, r, rho, sigma = p[0], p[1], p[2], p[3]
    fac = 1.0 - (x * x + y * y + z * z) / (r * r)
    out[0] = fac * sigma * (y - x)
    out[1] = fac * (x * (rho - z) - y)
    out[2] = fac * (x * y - beta * z)


def _LorenzCoupled_jac(t, X, p, out):
    x1, y1, z1, x2, y2, z2 = X[0], X[1], X[2], X[3], X[4], X[5]
    beta, eps, rho1, rho2, sigma = p[0], p[1], p[3], p[4], p[5]
    out[:, :] = 0.0
    out[0, 0] = -sigma
    out[0, 1] = sigma
    out[1, 0] = rho1 - z1
    out[1, 1] = -1.0
    out[1, 2] = -x1
    out[2, 0] = y1
    out[2, 1] = x1
    out[2, 2] = -beta
    out[3, 0] = eps
    out[3, 3] = -sigma - eps
    out[3, 4] = sigma
    out[4, 3] = rho2 - z2
    out[4, 4] = -1.0
    out[4, 5] = -x2
    out[5, 3] = y2
    out[5, 4] = x2
    out[5, 5] = -beta


@flow(
    params={"beta": 2.667, "eps": 2.85, "rho": 28.0, "rho1": 35.0, "rho2": 1.15, "sigma": 10.0},
    ic=[7.0921483, 10.117408, 25.708428, 2.1689893, 0.96121877, 0.89550187],
    period=1.6207,
    dt=0.0003241940323387382,
    citation="Lorenz, Edward N. Deterministic nonperiodic flow. Journal of the atmospheric sciences 20.2 (1963): 130-141.",
    description="Two Lorenz systems with different Rayleigh numbers, the first driving the second through x.",
    jac=_LorenzCoupled_jac,
)
def LorenzCoupled(t, X, p, out):
    x1, y1, z1, x2, y2, z2 = X[0], X[1], X[2], X[3], X[4], X[5]
    beta, eps, rho1, rho2, sigma = p[0], p[1], p[3], p[4], p[5]
    out[0] = sigma * (y1 - x1)
    out[1] = x1 * (rho1 - z1) - y1
    out[2] = x1 * y1 - beta * z1
    out[3] = sigma * (y2 - x2) + eps * (x1 - x2)
    out[4] = x2 * (rho2 - z2) - y2
    out[5] = x2 * y2 - beta * z2


def _LorenzStenflo_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[:, :] = 0.0
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 3] = d
    out[1, 0] = c - z
    out[1, 1] = -1.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b
    out[3, 0] = -1.0
    out[3, 3] = -a


@flow(
    params={"a": 2.0, "b": 0.7, "c": 26.0, "d": 1.5},
    ic=[4.233438598886809, 9.08970605484108, 21.86662535600487, -1.4080695182833802],
    period=3.8877142857142855,
    dt=0.0007776724692212156,
    citation="Letellier & Rossler (2007). Hyperchaos. Scholarpedia 2.8 (2007): 1936.",
    description="Lorenz-Stenflo equations for low-frequency acoustic-gravity waves in a rotating atmosphere.",
    jac=_LorenzStenflo_jac,
)
def LorenzStenflo(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x) + d * w
    out[1] = x * (c - z) - y
    out[2] = x * y - b * z
    out[3] = -x - a * w


def _LuChen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = -z
    out[1, 1] = c
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b


@flow(
    params={"a": 36.0, "b": 3.0, "c": 18.0},
    ic=[10.956479, 9.8813092, 22.676714],
    period=2.3385,
    dt=0.00046777796299380726,
    citation="Lu, Chen. Int J Bifurcat Chaos. 2002: 659-661.",
    description="Lu-Chen system bridging the Lorenz and Chen attractors as c varies.",
    jac=_LuChen_jac,
)
def LuChen(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = a * (y - x)
    out[1] = c * y - x * z
    out[2] = x * y - b * z


def _LuChenCheng_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a * b / (a + b)
    out[0, 1] = -z
    out[0, 2] = -y
    out[1, 0] = z
    out[1, 1] = a
    out[1, 2] = x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = b


@flow(
    params={"a": -10.0, "b": -4.0, "c": 18.1},
    ic=[-5.5177615, 2.4990595, 10.461798],
    period=0.92333,
    dt=0.00018469678279714685,
    citation="Lu, Chen, Cheng. Int J Bifurcat Chaos. 2004: 1507--1537.",
    description="Lu-Chen-Cheng multi-scroll system with a four-scroll attractor.",
    jac=_LuChenCheng_jac,
)
def LuChenCheng(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = c - a * b / (a + b) * x - y * z
    out[1] = a * y + x * z
    out[2] = b * z + x * y


def _MacArthur_jac(t, X, p, out):
    d, m, r = p[25], p[51], p[52]
    c = p[0:25].reshape((5, 5))
    k = p[26:51].reshape((5, 5))
    nres, nsp = c.shape
    out[:, :] = 0.0
    for i in range(nres):
        out[nsp + i, nsp + i] = -d
    for j in range(nsp):
        mu = np.inf
        best = 0
        for i in range(nres):
            rate = r * X[nsp + i] / (k[i, j] + X[nsp + i])
            if rate < mu:
                mu = rate
                best = i
        # law of the minimum: only the limiting resource moves the growth rate
        dmu = r * k[best, j] / (k[best, j] + X[nsp + best]) ** 2
        out[j, j] = mu - m
        out[j, nsp + best] = X[j] * dmu
        for i in range(nres):
            out[nsp + i, j] -= c[i, j] * mu
            out[nsp + i, nsp + best] -= c[i, j] * X[j] * dmu


@flow(
    params={
        "c_0_0": 0.04,
        "c_0_1": 0.04,
        "c_0_2": 0.07,
        "c_0_3": 0.04,
        "c_0_4": 0.04,
        "c_1_0": 0.08,
        "c_1_1": 0.08,
        "c_1_2": 0.08,
        "c_1_3": 0.1,
        "c_1_4": 0.08,
        "c_2_0": 0.1,
        "c_2_1": 0.1,
        "c_2_2": 0.1,
        "c_2_3": 0.1,
        "c_2_4": 0.14,
        "c_3_0": 0.05,
        "c_3_1": 0.03,
        "c_3_2": 0.03,
        "c_3_3": 0.03,
        "c_3_4": 0.03,
        "c_4_0": 0.07,
        "c_4_1": 0.09,
        "c_4_2": 0.07,
        "c_4_3": 0.07,
        "c_4_4": 0.07,
        "d": 0.25,
        "k_0_0": 0.39,
        "k_0_1": 0.34,
        "k_0_2": 0.3,
        "k_0_3": 0.24,
        "k_0_4": 0.23,
        "k_1_0": 0.22,
        "k_1_1": 0.39,
        "k_1_2": 0.34,
        "k_1_3": 0.3,
        "k_1_4": 0.27,
        "k_2_0": 0.27,
        "k_2_1": 0.22,
        "k_2_2": 0.39,
        "k_2_3": 0.34,
        "k_2_4": 0.3,
        "k_3_0": 0.3,
        "k_3_1": 0.24,
        "k_3_2": 0.22,
        "k_3_3": 0.39,
        "k_3_4": 0.34,
        "k_4_0": 0.34,
        "k_4_1": 0.3,
        "k_4_2": 0.22,
        "k_4_3": 0.2,
        "k_4_4": 0.39,
        "m": 0.25,
        "r": 1.0,
        "s_0": 6.0,
        "s_1": 10.0,
        "s_2": 14.0,
        "s_3": 4.0,
        "s_4": 9.0,
    },
    ic=[
        9.4323333,
        18.838654,
        34.37572,
        15.08545,
        42.228427,
        0.17030505,
        0.10144427,
        0.3148045,
        0.21253581,
        0.22598604,
    ],
    period=43.406,
    dt=0.008682647107852971,
    citation="MacArthur, R. 1969. Species packing, and what competition minimizes. PNAS 64:1369. Parameter values taken from a model of phytoplankton in Huisman & Weissing. Nature 1999.",
    description="Huisman-Weissing plankton competition: five species on five resources with Liebig's law of the minimum.",
    jac=_MacArthur_jac,
    array_params={"c": (5, 5), "k": (5, 5), "s": (5,)},
)
def MacArthur(t, X, p, out):
    d, m, r = p[25], p[51], p[52]
    c = p[0:25].reshape((5, 5))
    k = p[26:51].reshape((5, 5))
    s = p[53:58]
    nres, nsp = c.shape
    for i in range(nres):
        out[nsp + i] = d * (s[i] - X[nsp + i])
    for j in range(nsp):
        mu = np.inf
        for i in range(nres):
            mu = min(mu, r * X[nsp + i] / (k[i, j] + X[nsp + i]))
        out[j] = X[j] * (mu - m)
        for i in range(nres):
            out[nsp + i] -= c[i, j] * mu * X[j]


def _MooreSpiegel_jac(t, X, p, out):
    x, y = X[0], X[1]
    a, b, eps = p[0], p[1], p[2]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = 0.0
    out[1, 2] = a
    out[2, 0] = -2.0 * x * y - b
    out[2, 1] = eps - x * x
    out[2, 2] = -1.0


@flow(
    params={"a": 10.0, "b": 4.0, "eps": 9.0},
    ic=[-3.4733266, 19.666962, -3.8262485],
    period=1.2887,
    dt=0.00025778296382725327,
    citation="Moore, Spiegel. A Thermally Excited Nonlinear Oscillator, Ap. J., 143, 871 (1966)",
    description="Moore-Spiegel thermo-mechanical oscillator: a gas parcel in a stratified, magnetised atmosphere.",
    jac=_MooreSpiegel_jac,
)
def MooreSpiegel(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, eps = p[0], p[1], p[2]
    out[0] = y
    out[1] = a * z
    out[2] = eps * y - z - x * (x * y + b)


def _MultiChua_jac(t, X, p, out):
    x = X[0]
    a, b = p[0], p[1]
    c = p[2:8]
    m = p[8:14]
    dh = m[m.size - 1]
    for i in range(1, c.size):
        dh += 0.5 * (m[i - 1] - m[i]) * (np.sign(x + c[i]) - np.sign(x - c[i]))
    out[0, 0] = -a * dh
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[1, 2] = 1.0
    out[2, 0] = 0.0
    out[2, 1] = -b
    out[2, 2] = 0.0


@flow(
    params={
        "a": 9.0,
        "b": 14.286,
        "c_0": 0.0,
        "c_1": 1.0,
        "c_2": 2.15,
        "c_3": 3.6,
        "c_4": 8.2,
        "c_5": 13.0,
        "m_0": -0.14285714,
        "m_1": 0.28571429,
        "m_2": -0.57142857,
        "m_3": 0.28571429,
        "m_4": -0.57142857,
        "m_5": 0.28571429,
    },
    ic=[-21.160123, 1.0322356, 27.405269],
    period=2.2586,
    dt=0.00045179529921654196,
    citation="Mufcstak E. Yalcin, Johan A. K. Suykens, Joos Vandewalle. Cellular Neural Networks, Multi-Scroll Chaos And Synchronization.",
    description="Chua-type circuit whose multi-segment piecewise-linear characteristic gives a multi-scroll attractor.",
    jac=_MultiChua_jac,
    array_params={"c": (6,), "m": (6,)},
)
def MultiChua(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    c = p[2:8]
    m = p[8:14]
    h = m[m.size - 1] * x
    for i in range(1, c.size):
        h += 0.5 * (m[i - 1] - m[i]) * (abs(x + c[i]) - abs(x - c[i]))
    out[0] = a * (y - h)
    out[1] = x - y + z
    out[2] = -b * y


def _NewtonLiepnik_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = 1.0 + 10.0 * z
    out[0, 2] = 10.0 * y
    out[1, 0] = -1.0 + 5.0 * z
    out[1, 1] = -0.4
    out[1, 2] = 5.0 * x
    out[2, 0] = -5.0 * y
    out[2, 1] = -5.0 * x
    out[2, 2] = b


@flow(
    params={"a": 0.4, "b": 0.175},
    ic=[0.29430753, 0.10649486, 0.29081125],
    period=8.5095,
    dt=0.0017021836972827486,
    citation="Leipnik, R. B., and T. A. Newton (1981). Double strange attractors in rigid body motion with linear feedback control. Physics Letters A 86.2 (1981): 63-67.",
    description="Newton-Leipnik rigid-body equations with linear feedback; two coexisting strange attractors.",
    jac=_NewtonLiepnik_jac,
)
def NewtonLiepnik(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = -a * x + y + 10.0 * y * z
    out[1] = -x - 0.4 * y + 5.0 * x * z
    out[2] = b * z - 5.0 * x * y


def _NoseHoover_jac(t, X, p, out):
    y, z = X[1], X[2]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -1.0
    out[1, 1] = z
    out[1, 2] = y
    out[2, 0] = 0.0
    out[2, 1] = -2.0 * y
    out[2, 2] = 0.0


@flow(
    params={"a": 1.5},
    ic=[-1.9758582, 0.24647527, 0.79024299],
    period=5.8673,
    dt=0.0011736556092682804,
    citation="Nose, S (1985). A unified formulation of the constant temperature molecular-dynamics methods. Journal of Chemical Physics (1984). Hoover, William G. Canonical dynamics: Equilibrium phase-space distributions. Phys. Rev. A. Hoover, William G., Anthony JC Ladd, and Bill Moran (1982). High-strain-rate plastic flow studied via nonequilibrium molecular dynamics. Physical Review Letters.",
    description="Nose-Hoover thermostatted harmonic oscillator (Sprott's conservative case A family).",
    jac=_NoseHoover_jac,
)
def NoseHoover(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = y
    out[1] = y * z - x
    out[2] = a - y * y


def _NuclearQuadrupole_jac(t, X, p, out):
    q1, q2 = X[0], X[1]
    a, b, d = p[0], p[1], p[2]
    out[:, :] = 0.0
    out[0, 2] = a
    out[1, 3] = a
    out[2, 0] = -a + 3.0 * np.sqrt(2.0) * b * q1 - d * (3.0 * q1 * q1 + q2 * q2)
    out[2, 1] = -3.0 * np.sqrt(2.0) * b * q2 - 2.0 * d * q1 * q2
    out[3, 0] = -3.0 * np.sqrt(2.0) * b * q2 - 2.0 * d * q1 * q2
    out[3, 1] = -a - 3.0 * np.sqrt(2.0) * b * q1 - d * (q1 * q1 + 3.0 * q2 * q2)


@flow(
    params={"a": 1.0, "b": 0.55, "d": 0.4},
    ic=[-0.85591178, 1.48078342, -0.85075322, 1.63576085],
    period=6.023076923076923,
    dt=0.0012048161873133268,
    citation="Baran V. and Raduta A. A. (1998), International Journal of Modern Physics E",
    description="Collective quadrupole vibrations of a nucleus (two-degree-of-freedom Hamiltonian with cubic and quartic terms).",
    jac=_NuclearQuadrupole_jac,
    hamiltonian=True,
)
def NuclearQuadrupole(t, X, p, out):
    q1, q2, p1, p2 = X[0], X[1], X[2], X[3]
    a, b, d = p[0], p[1], p[2]
    rho2 = q1 * q1 + q2 * q2
    out[0] = a * p1
    out[1] = a * p2
    out[2] = -a * q1 + 3.0 / np.sqrt(2.0) * b * (q1 * q1 - q2 * q2) - d * q1 * rho2
    out[3] = -a * q2 - 3.0 * np.sqrt(2.0) * b * q1 * q2 - d * q2 * rho2


def _OscillatingFlow_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    b, k, u = p[0], p[1], p[3]
    f = x + b * np.sin(z)
    cc = u * k * np.cos(k * y) * np.cos(k * f)
    ss = u * k * np.sin(k * y) * np.sin(k * f)
    out[0, 0] = cc
    out[0, 1] = -ss
    out[0, 2] = cc * b * np.cos(z)
    out[1, 0] = ss
    out[1, 1] = -cc
    out[1, 2] = ss * b * np.cos(z)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"b": 0.48, "k": 1.0, "omega": 0.49, "u": 0.72},
    ic=[3.14159265, 1.04719755, 0.4],
    period=23.857,
    dt=0.004772195365894731,
    citation="T. H. Solomon and J. P. Gollub, Phys. Rev. A 38, 6280 (1988).",
    description="Tracer in a cellular flow whose roll pattern oscillates laterally (phase as third variable).",
    jac=_OscillatingFlow_jac,
    unbounded=(0, 2),
    nonautonomous=True,
)
def OscillatingFlow(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    b, k, omega, u = p[0], p[1], p[2], p[3]
    f = x + b * np.sin(z)
    out[0] = u * np.cos(k * y) * np.sin(k * f)
    out[1] = -u * np.sin(k * y) * np.cos(k * f)
    out[2] = omega


def _PehlivanWei_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0, 0] = 0.0
    out[0, 1] = 1.0 - z
    out[0, 2] = -y
    out[1, 0] = -2.0
    out[1, 1] = 1.0 + z
    out[1, 2] = y
    out[2, 0] = -y
    out[2, 1] = -x - 2.0 * y
    out[2, 2] = 0.0


@flow(
    params={},
    ic=[0.21665608, 0.86710502, 0.50627859],
    period=3.7487330316742087,
    dt=0.0007498715849322934,
    citation="Pehlivan, Ihsan, and Wei Zhouchao (2012). Analysis, nonlinear control, and chaos generator circuit of another strange chaotic system.",
    description="Parameter-free quadratic flow of Pehlivan and Wei with codimension-one and -two Hopf bifurcations.",
    jac=_PehlivanWei_jac,
)
def PehlivanWei(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y * (1.0 - z)
    out[1] = y * (1.0 + z) - 2.0 * x
    out[2] = 2.0 - x * y - y * y


def _Qi_jac(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0, 0] = -a
    out[0, 1] = a + z * w
    out[0, 2] = y * w
    out[0, 3] = y * z
    out[1, 0] = b - z * w
    out[1, 1] = b
    out[1, 2] = -x * w
    out[1, 3] = -x * z
    out[2, 0] = y * w
    out[2, 1] = x * w
    out[2, 2] = -c
    out[2, 3] = x * y
    out[3, 0] = y * z
    out[3, 1] = x * z
    out[3, 2] = x * y
    out[3, 3] = -d


@flow(
    params={"a": 45.0, "b": 10.0, "c": 1.0, "d": 10.0},
    ic=[0.2562042648386667, 0.1956116640569919, 7.259823760387948, 1.3162558970131963],
    period=0.40820999999999996,
    dt=8.165560926819638e-05,
    citation="G. Qi, M. A. van Wyk, B. J. van Wyk, and G. Chen, (2008). On a new hyperchaotic system. Physics Letters A.",
    description="Four-dimensional Qi system with cubic cross terms and a broad power spectrum.",
    jac=_Qi_jac,
)
def Qi(t, X, p, out):
    x, y, z, w = X[0], X[1], X[2], X[3]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x) + y * z * w
    out[1] = b * (x + y) - x * z * w
    out[2] = x * y * w - c * z
    out[3] = x * y * z - d * w


def _QiChen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = -a
    out[0, 1] = a + z
    out[0, 2] = y
    out[1, 0] = c - z
    out[1, 1] = 1.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b


@flow(
    params={"a": 38.0, "b": 2.666, "c": 80.0},
    ic=[17.420882, 5.5459627, 78.89139],
    period=0.39179,
    dt=7.837106184364728e-05,
    citation="Qi et al. Chaos, Solitons & Fractals 2008.",
    description="Qi-Chen double-wing quadratic flow.",
    jac=_QiChen_jac,
)
def QiChen(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = a * (y - x) + y * z
    out[1] = c * x + y - x * z
    out[2] = x * y - b * z


def _RabinovichFabrikant_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, g = p[0], p[1]
    out[0, 0] = 2.0 * x * y + g
    out[0, 1] = z - 1.0 + x * x
    out[0, 2] = y
    out[1, 0] = 3.0 * z + 1.0 - 3.0 * x * x
    out[1, 1] = g
    out[1, 2] = 3.0 * x
    out[2, 0] = -2.0 * z * y
    out[2, 1] = -2.0 * z * x
    out[2, 2] = -2.0 * (a + x * y)


@flow(
    params={"a": 1.1, "g": 0.87},
    ic=[-1.8207276, 0.83440917, 0.2078248],
    period=2.3356,
    dt=0.0004671978663111531,
    citation="Rabinovich, Mikhail I.; Fabrikant, A. L. (1979). Stochastic Self-Modulation of Waves in Nonequilibrium Media. Sov. Phys. JETP.",
    description="Rabinovich-Fabrikant model of modulation instability in a non-equilibrium dissipative medium.",
    jac=_RabinovichFabrikant_jac,
)
def RabinovichFabrikant(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, g = p[0], p[1]
    out[0] = y * (z - 1.0 + x * x) + g * x
    out[1] = x * (3.0 * z + 1.0 - x * x) + g * y
    out[2] = -2.0 * z * (a + x * y)


def _RayleighBenard_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, r = p[0], p[1], p[2]
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = -z
    out[1, 1] = r
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -b


@flow(
    params={"a": 30.0, "b": 5.0, "r": 18.0},
    ic=[-15.660582, -13.32018, 26.879362],
    period=0.91967,
    dt=0.00018396466077678754,
    citation="Yanagita, Kaneko (1995). Rayleigh-Bénard convection patterns, chaos, spatiotemporal chaos and turbulence. Physica D: Nonlinear Phenomena 82.3 (1995): 288-313.",
    description="Lorenz-type three-mode model of Rayleigh-Benard convection with the Rayleigh number on y.",
    jac=_RayleighBenard_jac,
)
def RayleighBenard(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, r = p[0], p[1], p[2]
    out[0] = a * (y - x)
    out[1] = r * y - x * z
    out[2] = x * y - b * z


def _RikitakeDynamo_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, mu = p[0], p[1]
    out[0, 0] = -mu
    out[0, 1] = z
    out[0, 2] = y
    out[1, 0] = z - a
    out[1, 1] = -mu
    out[1, 2] = x
    out[2, 0] = -y
    out[2, 1] = -x
    out[2, 2] = 0.0


@flow(
    params={"a": 1.0, "mu": 1.0},
    ic=[-0.7791562791136255, -0.6302244598741468, 2.671200187214492],
    period=5.8975,
    dt=0.0011796966161026034,
    citation="Rikitake, T., Oscillations of a system of disk dynamos, Mathematical Proceedings of the Cambridge Philosophical Society, 1958.",
    description="Rikitake's two-disk dynamo, a model of geomagnetic polarity reversals.",
    jac=_RikitakeDynamo_jac,
)
def RikitakeDynamo(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, mu = p[0], p[1]
    out[0] = y * z - mu * x
    out[1] = x * (z - a) - mu * y
    out[2] = 1.0 - x * y


def _Rossler_jac(t, X, p, out):
    x, z = X[0], X[2]
    a, c = p[0], p[2]
    out[0, 0] = 0.0
    out[0, 1] = -1.0
    out[0, 2] = -1.0
    out[1, 0] = 1.0
    out[1, 1] = a
    out[1, 2] = 0.0
    out[2, 0] = z
    out[2, 1] = 0.0
    out[2, 2] = x - c


@flow(
    params={"a": 0.2, "b": 0.2, "c": 5.7},
    ic=[6.5134412, 0.4772013, 0.34164294],
    period=5.9086,
    dt=0.001181916986164424,
    citation="Rossler, O. E. (1976), An Equation for Continuous Chaos, Physics Letters, 57A (5): 3972013398,",
    description="Rossler's spiral-type chaotic flow with a single quadratic term.",
    jac=_Rossler_jac,
)
def Rossler(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = -(y + z)
    out[1] = x + a * y
    out[2] = b + z * (x - c)


def _Rucklidge_jac(t, X, p, out):
    y, z = X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = b - z
    out[0, 2] = -y
    out[1, 0] = 1.0
    out[1, 1] = 0.0
    out[1, 2] = 0.0
    out[2, 0] = 0.0
    out[2, 1] = 2.0 * y
    out[2, 2] = -1.0


@flow(
    params={"a": 2.0, "b": 6.7},
    ic=[1.9257158, 3.1923835, 5.7829655],
    period=6.0721,
    dt=0.0012146224370729896,
    citation="Rucklidge, A.M. (1992). Chaos in models of double convection. Journal of Fluid Mechanics.",
    description="Rucklidge's model of double-diffusive (magneto)convection in a laterally constrained layer.",
    jac=_Rucklidge_jac,
)
def Rucklidge(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = (b - z) * y - a * x
    out[1] = x
    out[2] = y * y - z


def _Sakarya_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, h, p_, q, r, s = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0, 0] = a
    out[0, 1] = h + s * z
    out[0, 2] = s * y
    out[1, 0] = q * z - p_
    out[1, 1] = -b
    out[1, 2] = q * x
    out[2, 0] = -r * y
    out[2, 1] = -r * x
    out[2, 2] = c


@flow(
    params={"a": -1.0, "b": 1.0, "c": 1.0, "h": 1.0, "p": 1.0, "q": 0.4, "r": 0.3, "s": 1.0},
    ic=[-2.8976045, 3.8877978, 3.07465],
    period=4.9844,
    dt=0.0009970461743625946,
    citation="Li, Chunbiao, et al (2015). A novel four-wing strange attractor born in bistability. IEICE Electronics Express 12.4.",
    description="Sakarya attractor, formed when two bistable attractors of a quadratic flow merge.",
    jac=_Sakarya_jac,
)
def Sakarya(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, h, p_, q, r, s = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0] = a * x + (h + s * z) * y
    out[1] = (q * z - p_) * x - b * y
    out[2] = c * z - r * x * y


flow(
    name="LiuChen",
    params={"a": 0.4, "b": 12.0, "c": -5.0, "h": 0.0, "p": 0.0, "q": -1.0, "r": 1.0, "s": 1.0},
    ic=[4.6722764, 5.2437205e-10, -6.4444208e-10],
    period=8.0164,
    dt=0.0016035472578764143,
    citation="Liu, Chen. Int J Bifurcat Chaos. 2004: 1395-1403.",
    description="Liu-Chen quadratic flow, the Sakarya system at another parameter set.",
    jac=_Sakarya_jac,
)(Sakarya)


def _SaltonSea_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, d, k, lam, m, mu, r, th = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0, 0] = r * (1.0 - (2.0 * x + y) / k) - lam * y
    out[0, 1] = -x * (r / k + lam)
    out[0, 2] = 0.0
    out[1, 0] = lam * y
    out[1, 1] = lam * x - mu - m * z * a / (y + a) ** 2
    out[1, 2] = -m * y / (y + a)
    out[2, 0] = 0.0
    out[2, 1] = th * z * a / (y + a) ** 2
    out[2, 2] = th * y / (y + a) - d


@flow(
    params={"a": 15.0, "d": 8.3, "k": 400.0, "lam": 0.06, "m": 15.5, "mu": 3.4, "r": 22.0, "th": 10.0},
    ic=[231.92548, 89.511944, 56.753804],
    period=0.96738,
    dt=0.00019350825137522067,
    citation="Upadhyay, Bairagi, Kundu, Chattopadhyay (2007).Chaos in eco-epidemiological problem of the Salton Sea and its possible control. Applied mathematics and computation.",
    description="Eco-epidemiological model of tilapia, infected tilapia and pelicans in the Salton Sea.",
    jac=_SaltonSea_jac,
)
def SaltonSea(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, d, k, lam, m, mu, r, th = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    sat = z / (y + a)
    out[0] = r * x * (1.0 - (x + y) / k) - lam * x * y
    out[1] = y * (lam * x - m * sat - mu)
    out[2] = z * (th * y / (y + a) - d)


def _SanUmSrisuchinwong_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    th = np.tanh(x)
    out[0, 0] = -1.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -z * (1.0 - th * th)
    out[1, 1] = 0.0
    out[1, 2] = -th
    out[2, 0] = y
    out[2, 1] = x + np.sign(y)
    out[2, 2] = 0.0


@flow(
    params={"a": 2.0},
    ic=[0.63878078, 1.0901873, 2.4479814],
    period=7.4654,
    dt=0.0014933288881479711,
    citation="San-Um, Srisuchinwong. J. Comp 2012",
    description="Two-scroll flow with tanh and absolute-value nonlinearities (San-Um and Srisuchinwong).",
    jac=_SanUmSrisuchinwong_jac,
)
def SanUmSrisuchinwong(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = y - x
    out[1] = -z * np.tanh(x)
    out[2] = x * y + abs(y) - a


def _ShimizuMorioka_jac(t, X, p, out):
    x, z = X[0], X[2]
    a, b = p[0], p[1]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 1.0 - z
    out[1, 1] = -a
    out[1, 2] = -x
    out[2, 0] = 2.0 * x
    out[2, 1] = 0.0
    out[2, 2] = -b


@flow(
    params={"a": 0.85, "b": 0.5},
    ic=[0.016838697, 0.03489384, 0.35346848],
    period=12.038,
    dt=0.002408001333556058,
    citation="Shimizu, Morioka. Phys Lett A. 1980: 201-204",
    description="Shimizu-Morioka model of a Lorenz-type attractor arising from a symmetric limit cycle.",
    jac=_ShimizuMorioka_jac,
)
def ShimizuMorioka(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = y
    out[1] = x * (1.0 - z) - a * y
    out[2] = x * x - b * z


def _SprottA_jac(t, X, p, out):
    y, z = X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -1.0
    out[1, 1] = z
    out[1, 2] = y
    out[2, 1] = -2.0 * y


@flow(
    params={},
    ic=[1.54131864, 1.43079727, -1.52555412],
    period=6.3728461538461545,
    dt=0.001274781694385183,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case A: the conservative Nose-Hoover form with one parameter-free quadratic flow.",
    jac=_SprottA_jac,
)
def SprottA(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y
    out[1] = y * z - x
    out[2] = 1.0 - y * y


def _SprottB_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = z
    out[0, 2] = y
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[2, 0] = -y
    out[2, 1] = -x


@flow(
    params={},
    ic=[1.6878282, 1.4848132, -0.53706628],
    period=11.050142857142857,
    dt=0.0022103969709235116,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case B: a dissipative quadratic flow with three nonlinear terms.",
    jac=_SprottB_jac,
)
def SprottB(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y * z
    out[1] = x - y
    out[2] = 1.0 - x * y


def _SprottC_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = z
    out[0, 2] = y
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[2, 0] = -2.0 * x


@flow(
    params={},
    ic=[-0.47199823, -0.27198066, 1.9418244],
    period=8.8852,
    dt=0.001777336222703525,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case C: quadratic flow with terms yz and x squared.",
    jac=_SprottC_jac,
)
def SprottC(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y * z
    out[1] = x - y
    out[2] = 1.0 - x * x


def _SprottD_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = -1.0
    out[1, 0] = 1.0
    out[1, 2] = 1.0
    out[2, 0] = z
    out[2, 1] = 6.0 * y
    out[2, 2] = x


@flow(
    params={},
    ic=[-1.3396906, -0.21238338, 0.32982163],
    period=4.8333,
    dt=0.0009668211368563107,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case D: five-term quadratic flow with an xz and a y-squared term.",
    jac=_SprottD_jac,
)
def SprottD(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = -y
    out[1] = x + z
    out[2] = x * z + 3.0 * y * y


def _SprottE_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = z
    out[0, 2] = y
    out[1, 0] = 2.0 * x
    out[1, 1] = -1.0
    out[2, 0] = -4.0


@flow(
    params={},
    ic=[0.6173759, 0.66599285, -1.6575023],
    period=7.6275,
    dt=0.0015257542923819757,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case E: five-term quadratic flow driven by a constant and -4x.",
    jac=_SprottE_jac,
)
def SprottE(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y * z
    out[1] = x * x - y
    out[2] = 1.0 - 4.0 * x


def _SprottF_jac(t, X, p, out):
    x = X[0]
    a = p[0]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 1.0
    out[1, 0] = -1.0
    out[1, 1] = a
    out[2, 0] = 2.0 * x
    out[2, 2] = -1.0


@flow(
    params={"a": 0.5},
    ic=[-0.98941275, -1.4191706, 0.85797204],
    period=19.244,
    dt=0.0038494415735954137,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case F: quadratic flow with a single nonlinearity x squared.",
    jac=_SprottF_jac,
)
def SprottF(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = y + z
    out[1] = a * y - x
    out[2] = x * x - z


def _SprottG_jac(t, X, p, out):
    x, z = X[0], X[2]
    a = p[0]
    out[:, :] = 0.0
    out[0, 0] = a
    out[0, 2] = 1.0
    out[1, 0] = z
    out[1, 1] = -1.0
    out[1, 2] = x
    out[2, 0] = -1.0
    out[2, 1] = 1.0


@flow(
    params={"a": 0.4},
    ic=[-0.77182478, -0.74756595, 1.3073285],
    period=8.7097,
    dt=0.0017422303717285104,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case G: quadratic flow with the single product xz.",
    jac=_SprottG_jac,
)
def SprottG(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = a * x + z
    out[1] = x * z - y
    out[2] = y - x


def _SprottH_jac(t, X, p, out):
    z = X[2]
    a = p[0]
    out[:, :] = 0.0
    out[0, 1] = -1.0
    out[0, 2] = 2.0 * z
    out[1, 0] = 1.0
    out[1, 1] = a
    out[2, 0] = 1.0
    out[2, 2] = -1.0


@flow(
    params={"a": 0.5},
    ic=[-1.360042, 0.62585352, -1.2788196],
    period=20.229,
    dt=0.004046474412402859,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case H: quadratic flow with the single nonlinearity z squared.",
    jac=_SprottH_jac,
)
def SprottH(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = z * z - y
    out[1] = x + a * y
    out[2] = x - z


def _SprottI_jac(t, X, p, out):
    y = X[1]
    a = p[0]
    out[:, :] = 0.0
    out[0, 1] = -a
    out[1, 0] = 1.0
    out[1, 2] = 1.0
    out[2, 0] = 1.0
    out[2, 1] = 2.0 * y
    out[2, 2] = -1.0


@flow(
    params={"a": 0.2},
    ic=[-0.060099389, -0.49558355, 0.023159035],
    period=10.93,
    dt=0.002186364394065663,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case I: quadratic flow with the single nonlinearity y squared.",
    jac=_SprottI_jac,
)
def SprottI(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = -a * y
    out[1] = x + z
    out[2] = x + y * y - z


def _SprottJ_jac(t, X, p, out):
    y = X[1]
    out[:, :] = 0.0
    out[0, 2] = 2.0
    out[1, 1] = -2.0
    out[1, 2] = 1.0
    out[2, 0] = -1.0
    out[2, 1] = 2.0 * y + 1.0


@flow(
    params={},
    ic=[4.4786928, 2.2977432, 6.5847115],
    period=4.836,
    dt=0.0009673612268710486,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case J: parameter-free quadratic flow with one y-squared term.",
    jac=_SprottJ_jac,
)
def SprottJ(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = 2.0 * z
    out[1] = z - 2.0 * y
    out[2] = y * y + y - x


def _SprottJerk_jac(t, X, p, out):
    y = X[1]
    mu = p[0]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 2] = 1.0
    out[2, 0] = -1.0
    out[2, 1] = 2.0 * y
    out[2, 2] = -mu


@flow(
    params={"mu": 2.017},
    ic=[-0.54106056, 0.59383201, 0.45127217],
    period=11.921,
    dt=0.0023845974329054797,
    citation="Sprott, J. C. Simplest dissipative chaotic flow. Physics Letters A (1997).",
    description="Sprott's simplest quadratic jerk flow, x''' = -mu x'' + x'^2 - x.",
    jac=_SprottJerk_jac,
)
def SprottJerk(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    mu = p[0]
    out[0] = y
    out[1] = z
    out[2] = y * y - x - mu * z


def _SprottK_jac(t, X, p, out):
    x, y = X[0], X[1]
    a = p[0]
    out[:, :] = 0.0
    out[0, 0] = y
    out[0, 1] = x
    out[0, 2] = -1.0
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[2, 0] = 1.0
    out[2, 2] = a


@flow(
    params={"a": 0.3},
    ic=[-1.3165015, -1.5429951, 0.664053],
    period=7.006,
    dt=0.0014014335722617943,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case K: quadratic flow with the single product xy.",
    jac=_SprottK_jac,
)
def SprottK(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = x * y - z
    out[1] = x - y
    out[2] = x + a * z


def _SprottL_jac(t, X, p, out):
    x = X[0]
    a, b = p[0], p[1]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = b
    out[1, 0] = 2.0 * a * x
    out[1, 1] = -1.0
    out[2, 0] = -1.0


@flow(
    params={"a": 0.9, "b": 3.9},
    ic=[4.3611557, 13.705573, -2.6835659],
    period=6.7262,
    dt=0.0013454642440407839,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case L: quadratic flow with the single nonlinearity x squared and a constant drive.",
    jac=_SprottL_jac,
)
def SprottL(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = y + b * z
    out[1] = a * x * x - y
    out[2] = 1.0 - x


def _SprottM_jac(t, X, p, out):
    x = X[0]
    a = p[0]
    out[:, :] = 0.0
    out[0, 2] = -1.0
    out[1, 0] = -2.0 * x
    out[1, 1] = -1.0
    out[2, 0] = a
    out[2, 1] = 1.0


@flow(
    params={"a": 1.7},
    ic=[1.6024402, -1.5983203, -2.6236374],
    period=5.3644,
    dt=0.0010730588431405862,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case M: five-term quadratic flow with a single x-squared term.",
    jac=_SprottM_jac,
)
def SprottM(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = -z
    out[1] = -x * x - y
    out[2] = a * (1.0 + x) + y


def _SprottMore_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -1.0
    out[1, 1] = -np.sign(z)
    out[2, 0] = 2.0 * x * np.exp(-x * x)
    out[2, 1] = 2.0 * y


@flow(
    params={},
    ic=[-1.3396906, -0.21238338, 0.32982163],
    period=6.62095890410959,
    dt=0.0013244125162412957,
    citation="Sprott, J. C. (2020). Do We Need More Chaos Examples? Chaos Theory and Applications 2(2),1-3, 2020.",
    description="Sprott's flow with a sign-switched damping term and a Gaussian drive.",
    jac=_SprottMore_jac,
)
def SprottMore(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y
    out[1] = -x - np.sign(z) * y
    out[2] = y * y - np.exp(-x * x)


def _SprottN_jac(t, X, p, out):
    z = X[2]
    out[:, :] = 0.0
    out[0, 1] = -2.0
    out[1, 0] = 1.0
    out[1, 2] = 2.0 * z
    out[2, 1] = 1.0
    out[2, 2] = -2.0


@flow(
    params={},
    ic=[-8.3258705, 7.3033716, 3.2798909],
    period=4.8135,
    dt=0.0009628604767459592,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case N: parameter-free quadratic flow with a single z-squared term.",
    jac=_SprottN_jac,
)
def SprottN(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = -2.0 * y
    out[1] = x + z * z
    out[2] = 1.0 + y - 2.0 * z


def _SprottO_jac(t, X, p, out):
    x, z = X[0], X[2]
    a = p[0]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = 1.0
    out[1, 2] = -1.0
    out[2, 0] = 1.0 + z
    out[2, 1] = a
    out[2, 2] = x


@flow(
    params={"a": 2.7},
    ic=[0.20549455, 0.022792985, 0.93636949],
    period=9.755,
    dt=0.001951325220870217,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case O: quadratic flow with the single product xz.",
    jac=_SprottO_jac,
)
def SprottO(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = y
    out[1] = x - z
    out[2] = x + x * z + a * y


def _SprottP_jac(t, X, p, out):
    y = X[1]
    a = p[0]
    out[:, :] = 0.0
    out[0, 1] = a
    out[0, 2] = 1.0
    out[1, 0] = -1.0
    out[1, 1] = 2.0 * y
    out[2, 0] = 1.0
    out[2, 1] = 1.0


@flow(
    params={"a": 2.7},
    ic=[0.83420675, 0.14915817, 0.44028635],
    period=5.3414,
    dt=0.0010684580763461328,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case P: quadratic flow with the single nonlinearity y squared.",
    jac=_SprottP_jac,
)
def SprottP(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a = p[0]
    out[0] = a * y + z
    out[1] = y * y - x
    out[2] = x + y


def _SprottQ_jac(t, X, p, out):
    y = X[1]
    a, b = p[0], p[1]
    out[:, :] = 0.0
    out[0, 2] = -1.0
    out[1, 0] = 1.0
    out[1, 1] = -1.0
    out[2, 0] = a
    out[2, 1] = 2.0 * y
    out[2, 2] = b


@flow(
    params={"a": 3.1, "b": 0.5},
    ic=[2.978102, -0.065260683, -2.8031286],
    period=4.8443,
    dt=0.0009690215035840311,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case Q: quadratic flow with the single nonlinearity y squared and linear damping b z.",
    jac=_SprottQ_jac,
)
def SprottQ(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = -z
    out[1] = x - y
    out[2] = a * x + y * y + b * z


def _SprottR_jac(t, X, p, out):
    x, y = X[0], X[1]
    out[:, :] = 0.0
    out[0, 1] = -1.0
    out[1, 2] = 1.0
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = -1.0


@flow(
    params={"a": 0.9, "b": 0.4},
    ic=[-1.6914909, -1.9783678, 1.9807775],
    period=7.0133,
    dt=0.0014028938156360482,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case R: quadratic flow with the single product xy and two constant drives.",
    jac=_SprottR_jac,
)
def SprottR(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = a - y
    out[1] = b + z
    out[2] = x * y - z


def _SprottS_jac(t, X, p, out):
    z = X[2]
    out[:, :] = 0.0
    out[0, 0] = -1.0
    out[0, 1] = -4.0
    out[1, 0] = 1.0
    out[1, 2] = 2.0 * z
    out[2, 0] = 1.0


@flow(
    params={},
    ic=[0.12635702, 0.12260693, 1.2215429],
    period=3.3505,
    dt=0.0006702117019503362,
    citation="Sprott (1994). Some simple chaotic flows. Physical Review E (1994).",
    description="Sprott's case S: parameter-free quadratic flow with a single z-squared term.",
    jac=_SprottS_jac,
)
def SprottS(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = -x - 4.0 * y
    out[1] = x + z * z
    out[2] = 1.0 + x


def _SprottTorus_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[:, :] = 0.0
    out[0, 0] = 2.0 * y + z
    out[0, 1] = 1.0 + 2.0 * x
    out[0, 2] = x
    out[1, 0] = -4.0 * x
    out[1, 1] = z
    out[1, 2] = y
    out[2, 0] = 1.0 - 2.0 * x
    out[2, 1] = -2.0 * y


@flow(
    params={},
    ic=[0.6883476, -0.18017646, 0.58539724],
    period=13.607,
    dt=0.0027218536422742544,
    citation="Sprott Physics Letters A 2014",
    description="Parameter-free quadratic flow of Sprott whose chaotic attractor coexists with an invariant torus.",
    jac=_SprottTorus_jac,
)
def SprottTorus(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0] = y + 2.0 * x * y + x * z
    out[1] = 1.0 - 2.0 * x * x + y * z
    out[2] = x - x * x - y * y


def _StickSlipOscillator_jac(t, X, p, out):
    x, v, th = X[0], X[1], X[2]
    a = p[0]
    alpha = p[1]
    b = p[2]
    beta = p[3]
    eps = p[4]
    gamma = p[5]
    vs = p[7]
    dv = v - vs
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = a - 3.0 * b * x * x
    out[1, 1] = eps * (alpha - 3.0 * beta * dv * dv)
    out[1, 2] = -eps * gamma * np.sin(th)
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={
        "a": 1.0,
        "alpha": 0.3,
        "b": 1.0,
        "beta": 0.3,
        "eps": 0.05,
        "gamma": 1.0,
        "t0": 0.3,
        "vs": 0.4,
        "w": 2.0,
    },
    ic=[0.85539847, -0.39125834, 0.0],
    period=1.6129,
    dt=0.00032263377229540424,
    citation="Awrejcewicz, Jan, and M. M. Holicke (1999). Int J of Bifurcation and Chaos.",
    description="Forced mass on a moving belt with velocity-dependent (stick-slip) friction (forcing phase as third variable).",
    jac=_StickSlipOscillator_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def StickSlipOscillator(t, X, p, out):
    x, v, th = X[0], X[1], X[2]
    a, alpha, b, beta, eps, gamma, t0, vs, w = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
    dv = v - vs
    torque = t0 * np.sign(dv) - alpha * v + beta * dv**3
    out[0] = v
    out[1] = eps * (gamma * np.cos(th) - torque) + a * x - b * x**3
    out[2] = w


def _SwingingAtwood_jac(t, X, p, out):
    r, th, pth = X[0], X[1], X[3]
    m1, m2 = p[0], p[1]
    grav = 9.82
    out[:, :] = 0.0
    out[0, 2] = 1.0 / (m1 + m2)
    out[1, 0] = -2.0 * pth / (m1 * r**3)
    out[1, 3] = 1.0 / (m1 * r * r)
    out[2, 0] = -3.0 * pth * pth / (m1 * r**4)
    out[2, 1] = -m1 * grav * np.sin(th)
    out[2, 3] = 2.0 * pth / (m1 * r**3)
    out[3, 0] = -m1 * grav * np.sin(th)
    out[3, 1] = -m1 * grav * r * np.cos(th)


@flow(
    params={"m1": 1.0, "m2": 4.5},
    ic=[0.113296, 1.5707963267948966, 0.10992, 0.17747],
    period=0.3417647058823529,
    dt=6.836433523233154e-05,
    citation="Tufillaro, Nicholas B.; Abbott, Tyler A.; Griffiths, David J. (1984). Swinging Atwood's Machine. American Journal of Physics. 52 (10): 895--903.",
    description="Swinging Atwood's machine: a pendulum mass on a string balanced by a hanging counterweight (Hamiltonian).",
    jac=_SwingingAtwood_jac,
    unbounded=(1,),
    hamiltonian=True,
)
def SwingingAtwood(t, X, p, out):
    r, th, pr, pth = X[0], X[1], X[2], X[3]
    m1, m2 = p[0], p[1]
    grav = 9.82  # dysts fixes gravity rather than making it a parameter
    out[0] = pr / (m1 + m2)
    out[1] = pth / (m1 * r * r)
    out[2] = pth * pth / (m1 * r**3) - m2 * grav + m1 * grav * np.cos(th)
    out[3] = -m1 * grav * r * np.sin(th)


def _Thomas_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0, 0] = -a
    out[0, 1] = b * np.cos(y)
    out[0, 2] = 0.0
    out[1, 0] = 0.0
    out[1, 1] = -a
    out[1, 2] = b * np.cos(z)
    out[2, 0] = b * np.cos(x)
    out[2, 1] = 0.0
    out[2, 2] = -a


@flow(
    params={"a": 1.85, "b": 10.0},
    ic=[2.199442, 2.3634225, 3.220197],
    period=4.969,
    dt=0.0009939656609435589,
    citation="Thomas, Rene (1999). Deterministic chaos seen in terms of feedback circuits: Analysis, synthesis, labyrinth chaos. Int. J. Bifurc. Chaos.",
    description="Thomas's cyclically symmetric flow with sinusoidal feedback; a damped particle in a 3-D lattice of forces.",
    jac=_Thomas_jac,
)
def Thomas(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b = p[0], p[1]
    out[0] = b * np.sin(y) - a * x
    out[1] = b * np.sin(z) - a * y
    out[2] = b * np.sin(x) - a * z


flow(
    name="ThomasLabyrinth",
    params={"a": 0.5, "b": 10.0},
    ic=[-4.9599545, 1.0302034, -4.6883893],
    period=6.05,
    dt=0.0012102017002834486,
    citation="Thomas, Rene. Deterministic chaos seen in terms of feedback circuits: Analysis, synthesis, labyrinth chaos. Int. J. Bifurc. Chaos. (1999).",
    description="Thomas's symmetric flow at weak damping, where it wanders through the labyrinth (chaotic walk) regime.",
    jac=_Thomas_jac,
)(Thomas)


def _Torus_jac(t, X, p, out):
    out[:, :] = 0.0


@flow(
    params={"a": 0.5, "n": 15.3, "r": 1.0},
    ic=[-13.72884, 1.9094726, 0.72831447],
    period=6.36,
    dt=0.0012722120353390665,
    citation="See, for example, Strogatz (1994). Nonlinear Dynamics and Chaos.",
    description="Explicitly time-dependent velocity of a point winding around a torus (a quasi-periodic reference, not chaotic).",
    jac=_Torus_jac,
    chaotic=False,
)
def Torus(t, X, p, out):
    a, n, r = p[0], p[1], p[2]
    rad = r + a * np.cos(n * t)
    drad = -a * n * np.sin(n * t)
    out[0] = drad * np.cos(t) - rad * np.sin(t)
    out[1] = drad * np.sin(t) + rad * np.cos(t)
    out[2] = a * n * np.cos(n * t)


def _TurchinHanski_jac(t, X, p, out):
    nn, pp, z = X[0], X[1], X[2]
    a = p[0]
    d = p[1]
    e = p[2]
    g = p[3]
    h = p[4]
    r = p[6]
    s = p[7]
    season = 1.0 - e * np.sin(z)
    out[0, 0] = (
        r * (season - 2.0 * nn) - 2.0 * g * nn * h * h / (nn * nn + h * h) ** 2 - a * pp * d / (nn + d) ** 2
    )
    out[0, 1] = -a * nn / (nn + d)
    out[0, 2] = -r * e * np.cos(z) * nn
    out[1, 0] = s * pp * pp / (nn * nn)
    out[1, 1] = s * (season - 2.0 * pp / nn)
    out[1, 2] = -s * e * np.cos(z) * pp
    out[2, 0] = 0.0
    out[2, 1] = 0.0
    out[2, 2] = 0.0


@flow(
    params={"a": 8.0, "d": 0.04, "e": 0.5, "g": 0.1, "h": 0.8, "lamb": 1.0, "r": 8.12, "s": 1.25},
    ic=[0.018027788, 0.013649976, 30363.85],
    period=4.40529411764706,
    dt=0.0008812056911446575,
    citation="Turchin, Hanski. The American Naturalist 1997. Turchin, Hanski. Ecology 2000",
    description="Seasonally forced vole-weasel predator-prey model of Turchin and Hanski (season phase as third variable).",
    jac=_TurchinHanski_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def TurchinHanski(t, X, p, out):
    nn, pp, z = X[0], X[1], X[2]
    a, d, e, g, h, lamb, r, s = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    season = 1.0 - e * np.sin(z)
    out[0] = r * nn * (season - nn) - g * nn * nn / (nn * nn + h * h) - a * nn * pp / (nn + d)
    out[1] = s * pp * (season - pp / nn)
    out[2] = 2.0 * np.pi * lamb


def _VallisElNino_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    b, c = p[0], p[1]
    out[0, 0] = -c
    out[0, 1] = b
    out[0, 2] = 0.0
    out[1, 0] = z
    out[1, 1] = -1.0
    out[1, 2] = x
    out[2, 0] = -y
    out[2, 1] = -x
    out[2, 2] = -1.0


@flow(
    params={"b": 102.0, "c": 3.0, "p": 0.0},
    ic=[-6.99286331487343, 0.023254276622294345, -0.1658177563067799],
    period=2.2087,
    dt=0.00044181363560596765,
    citation="Vallis GK. Conceptual models of El Nio and the southern oscillation. J Geophys Res 1988",
    description="Vallis's three-variable model of El Nino: ocean currents and the east-west temperature contrast.",
    jac=_VallisElNino_jac,
)
def VallisElNino(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    b, c, p_ = p[0], p[1], p[2]
    out[0] = b * y - c * (x + p_)
    out[1] = x * z - y
    out[2] = 1.0 - z - x * y


def _WangSun_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, d, e, f, q = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0, 0] = a
    out[0, 1] = q * z
    out[0, 2] = q * y
    out[1, 0] = b - z
    out[1, 1] = d
    out[1, 2] = -x
    out[2, 0] = f * y
    out[2, 1] = f * x
    out[2, 2] = e


@flow(
    params={"a": 0.2, "b": -0.01, "d": -0.4, "e": -1.0, "f": -1.0, "q": 1.0},
    ic=[-0.54770787, 0.73876479, -0.0049284531],
    period=26.958,
    dt=0.005392498749791912,
    citation="Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. & van Wyk, M. A (2009). A 3-D four-wing attractor and its analysis. Brazilian J. Phys. 39.",
    description="Wang-Sun four-wing-type quadratic flow with three product terms.",
    jac=_WangSun_jac,
)
def WangSun(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, d, e, f, q = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = a * x + q * y * z
    out[1] = b * x + d * y - x * z
    out[2] = e * z + f * x * y


def _WindmiReduced_jac(t, X, p, out):
    i, pw = X[0], X[2]
    a1, b1, b2, b3, d1, vsw = p[0], p[1], p[2], p[3], p[4], p[5]
    sw = 0.5 * (1.0 + np.tanh(d1 * (i - 1.0)))
    out[0, 0] = 0.0
    out[0, 1] = -a1
    out[0, 2] = 0.0
    out[1, 0] = b1
    out[1, 1] = -b3
    out[1, 2] = -0.5 * b2 / np.sqrt(pw)
    out[2, 0] = -(pw**1.25) * np.sqrt(vsw) * 0.5 * d1 * (1.0 - np.tanh(d1 * (i - 1.0)) ** 2)
    out[2, 1] = 0.0
    out[2, 2] = -1.25 * pw**0.25 * np.sqrt(vsw) * sw


@flow(
    params={"a1": 0.247, "b1": 10.8, "b2": 0.0752, "b3": 1.06, "d1": 2200.0, "vsw": 5.0},
    ic=[0.9951345713680513, 4.993463163518369, 5264.217498780034],
    period=12.5787,
    dt=0.00251574,
    citation="Smith, Thiffeault, Horton. J Geophys Res. 2000. Horton, Weigel, Sprott. Chaos 2001.",
    description="Reduced WINDMI model of solar-wind energy loading and release in the magnetosphere-ionosphere system.",
    jac=_WindmiReduced_jac,
)
def WindmiReduced(t, X, p, out):
    i, v, pw = X[0], X[1], X[2]
    a1, b1, b2, b3, d1, vsw = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = a1 * (vsw - v)
    out[1] = b1 * i - b2 * np.sqrt(pw) - b3 * v
    out[2] = vsw * vsw - pw**1.25 * np.sqrt(vsw) * 0.5 * (1.0 + np.tanh(d1 * (i - 1.0)))


def _YuWang_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    ex = np.exp(x * y)
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = b - c * z
    out[1, 1] = 0.0
    out[1, 2] = -c * x
    out[2, 0] = y * ex
    out[2, 1] = x * ex
    out[2, 2] = -d


@flow(
    params={"a": 10.0, "b": 40.0, "c": 2.0, "d": 2.5},
    ic=[-0.21422356, -0.17935495, 14.105516],
    period=1.3366,
    dt=0.00026736456076008607,
    citation="Yu, Wang (2012). A novel three dimension autonomous chaotic system with a quadratic exponential nonlinear term. Eng Techn & Applied Science Research.",
    description="Yu-Wang Lorenz-like flow with an exponential nonlinearity.",
    jac=_YuWang_jac,
)
def YuWang(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x)
    out[1] = x * (b - c * z)
    out[2] = np.exp(x * y) - d * z


def _YuWang2_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    sh = np.sinh(x * y)
    out[0, 0] = -a
    out[0, 1] = a
    out[0, 2] = 0.0
    out[1, 0] = b - c * z
    out[1, 1] = 0.0
    out[1, 2] = -c * x
    out[2, 0] = y * sh
    out[2, 1] = x * sh
    out[2, 2] = -d


@flow(
    params={"a": 10.0, "b": 30.0, "c": 2.0, "d": 2.5},
    ic=[0.12581483, 1.2467348, 18.358568],
    period=0.39265,
    dt=7.854309051509745e-05,
    citation="Yu, Wang (2012). A novel three dimension autonomous chaotic system with a quadratic exponential nonlinear term. Eng Techn & Applied Science Research.",
    description="Variant of the Yu-Wang flow with a hyperbolic-cosine nonlinearity.",
    jac=_YuWang2_jac,
)
def YuWang2(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d = p[0], p[1], p[2], p[3]
    out[0] = a * (y - x)
    out[1] = x * (b - c * z)
    out[2] = np.cosh(x * y) - d * z


def _ZhouChen_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0, 0] = a
    out[0, 1] = b + z
    out[0, 2] = y
    out[1, 0] = -z
    out[1, 1] = c + d * z
    out[1, 2] = d * y - x
    out[2, 0] = -y
    out[2, 1] = -x
    out[2, 2] = e


@flow(
    params={"a": 2.97, "b": 0.15, "c": -3.0, "d": 1.0, "e": -8.78},
    ic=[-0.60390203, 0.012111953, 0.00083277923],
    period=0.87518,
    dt=0.00017506517752959638,
    citation="Zhou, Chen (2004). A simple smooth chaotic system with a 3-layer attractor. Int J Bifurcat Chaos, 2004",
    description="Zhou-Chen quadratic flow with a yz coupling in the second equation.",
    jac=_ZhouChen_jac,
)
def ZhouChen(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, e = p[0], p[1], p[2], p[3], p[4]
    out[0] = a * x + (b + z) * y
    out[1] = (c + d * z) * y - x * z
    out[2] = e * z - x * y
