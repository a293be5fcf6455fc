"""The catalog's ODE flows: every continuous-time system of dysts 0.96, under the same names.

Each flow is a function of its named state variables and, keyword-only, its
parameters, returning the derivative; its metadata is the system's row of
``systems.json``, which orders the parameters alphabetically (dysts's
positional order). tools/gen_catalog.py compiles these functions into
:mod:`._generated` and derives their Jacobians with sympy. An array-valued
parameter is flattened in C order under the names ``name_i`` / ``name_i_j`` at
its alphabetical place (its shape is the row's ``array_params``); those systems,
and the ones that loop or read the time, are written in the compiled form
``rhs(t, X, p, out)`` directly. Non-autonomous systems carry the forcing phase
as an extra state variable (listed in ``unbounded``), as dysts does, so every
flow here is autonomous in form.

Every flow has an analytic Jacobian (dysts has 60). Piecewise systems (diodes,
sign, abs and max terms) write theirs by hand, ``<name>_jac`` of the same
arguments returning the matrix row by row: at a kink it takes a conventional
slope (one-sided, or the mean of the two sides where sign() is used).

Published parameters, initial conditions on the attractor and dominant
periods are those collected by Gilpin (2021) for dysts; the equations are
written here from the cited papers. Where we depart from dysts on purpose
(Lorenz's ``beta``, the double pendulum's Hamiltonian, ...),
tests/systems/test_catalog.py documents the difference.

>>> from tsdyn.systems.catalog import flows
>>> flows.Lorenz(1.0, 1.0, 1.0, beta=2.667, rho=28.0, sigma=10.0)
(0.0, 26.0, -1.6669999999999998)
"""

import numpy as np


def Aizawa(x, y, z, *, a, b, c, d, e, f):
    r2 = x * x + y * y
    return (
        (z - b) * x - d * y,
        d * x + (z - b) * y,
        c + a * z - z**3 / 3.0 - r2 * (1.0 + e * z) + f * z * x**3,
    )


def AnishchenkoAstakhov(x, y, z, *, eta, mu):
    xp = x if x > 0.0 else 0.0
    return (
        mu * x + y - x * z,
        -x,
        eta * (xp * x - z),
    )


def AnishchenkoAstakhov_jac(x, y, z, *, eta, mu):
    xp = x if x > 0.0 else 0.0
    return (
        (mu - z, 1.0, -x),
        (-1.0, 0.0, 0.0),
        (2.0 * eta * xp, 0.0, -eta),
    )


def Arneodo(x, y, z, *, a, b, c, d):
    return (
        y,
        z,
        d * x**3 - a * x - b * y - c * z,
    )


def ArnoldBeltramiChildress(x, y, z, *, a, b, c):
    return (
        a * np.sin(z) + c * np.cos(y),
        b * np.sin(x) + a * np.cos(z),
        c * np.sin(y) + b * np.cos(x),
    )


def ArnoldWeb(p1, p2, x1, x2, z, *, mu, w):
    den = 4.0 + np.cos(z) + np.cos(x1) + np.cos(x2)
    return (
        -mu * np.sin(x1) / den**2,
        -mu * np.sin(x2) / den**2,
        p1,
        p2,
        w,
    )


def AtmosphericRegime(x, y, z, *, alpha, beta, mu1, mu2, omega, sigma):
    return (
        mu1 * x + sigma * x * y,
        mu2 * y + omega * z + alpha * y * z + beta * z * z - sigma * x * x,
        mu2 * z - omega * y - alpha * y * y - beta * y * z,
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


def BeerRNN_jac(t, X, p, out):
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


def BelousovZhabotinsky(
    x, z, v, *, c1, c10, c11, c12, c13, c2, c3, c4, c5, c6, c7, c8, c9, ci, kf, t0, y0, yb1, yb2, yb3, z0
):
    ybar = yb1 * z * v / (y0 * (yb2 * x + yb3 + kf))
    xc = x if x > 0.0 else 0.0
    rf = (ci - z0 * z) * np.sqrt(xc)
    return (
        t0 * (c1 * xc * ybar + c2 * ybar + c3 * xc * xc + c4 * rf + c5 * xc * z - kf * xc),
        t0 * (c6 / z0 * rf + c7 * xc * z + c8 * z * v + c9 * z - kf * z),
        t0 * (c10 * xc * ybar + c11 * ybar + c12 * xc * xc + c13 * z * v - kf * v),
    )


def BelousovZhabotinsky_jac(
    x, z, v, *, c1, c10, c11, c12, c13, c2, c3, c4, c5, c6, c7, c8, c9, ci, kf, t0, y0, yb1, yb2, yb3, z0
):
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
    return (
        (
            t0
            * (
                c1 * (dxc * ybar + xc * ybar_x)
                + c2 * ybar_x
                + 2.0 * c3 * xc * dxc
                + c4 * rf_x
                + (c5 * z - kf) * dxc
            ),
            t0 * (c1 * xc * ybar_z + c2 * ybar_z + c4 * rf_z + c5 * xc),
            t0 * (c1 * xc + c2) * ybar_v,
        ),
        (
            t0 * (c6 / z0 * rf_x + c7 * z * dxc),
            t0 * (c6 / z0 * rf_z + c7 * xc + c8 * v + c9 - kf),
            t0 * c8 * z,
        ),
        (
            t0 * (c10 * (dxc * ybar + xc * ybar_x) + c11 * ybar_x + 2.0 * c12 * xc * dxc),
            t0 * ((c10 * xc + c11) * ybar_z + c13 * v),
            t0 * ((c10 * xc + c11) * ybar_v + c13 * z - kf),
        ),
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


def BickleyJet_jac(t, X, p, out):
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


def Blasius(x, y, z, *, a, alpha1, alpha2, b, c, k1, k2, zs):
    fxy = alpha1 * x * y / (1.0 + k1 * x)
    gyz = alpha2 * y * z / (1.0 + k2 * y)
    return (
        a * x - fxy,
        fxy - b * y - gyz,
        gyz - c * (z - zs),
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


def BlinkingRotlet_jac(t, X, p, out):
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


def Bouali2(x, y, z, *, a, b, bb, c, g, m, y0):
    return (
        a * x * (y0 - y) - b * z,
        g * y * (x * x - 1.0),
        m * x * (bb * z - 1.5) - c * z,
    )


def BurkeShaw(x, y, z, *, e, n):
    return (
        -n * (x + y),
        y - n * x * z,
        n * x * y + e,
    )


def CaTwoPlus(
    z,
    y,
    a,
    *,
    K2,
    K5,
    Ka,
    Kd,
    Ky,
    Kz,
    V0,
    V1,
    V4,
    Vm2,
    Vm3,
    Vm5,
    beta,
    eps,
    k,
    kf,
    m,
    n,
    p,
):
    vin = V0 + V1 * beta
    v2 = Vm2 * z * z / (K2 * K2 + z * z)
    v3 = Vm3 * z**m / (Kz**m + z**m) * (y * y / (Ky * Ky + y * y)) * (a**4 / (Ka**4 + a**4))
    v5 = Vm5 * a**p / (K5**p + a**p) * z**n / (Kd**n + z**n)
    return (
        vin - v2 + v3 + kf * y - k * z,
        v2 - v3 - kf * y,
        beta * V4 - v5 - eps * a,
    )


def CellCycle(c1, m1, x1, c2, m2, x2, *, K, Kc, Kd1, Kim, V2, V4, Vm1, Vm3, kd1, vd, vi):
    v1 = Vm1 * c1 / (Kc + c1)
    u1 = Vm1 * c2 / (Kc + c2)
    return (
        vi * Kim / (Kim + m2) - vd * x1 * c1 / (Kd1 + c1) - kd1 * c1,
        v1 * (1.0 - m1) / (K + 1.0 - m1) - V2 * m1 / (K + m1),
        Vm3 * m1 * (1.0 - x1) / (K + 1.0 - x1) - V4 * x1 / (K + x1),
        vi * Kim / (Kim + m1) - vd * x2 * c2 / (Kd1 + c2) - kd1 * c2,
        u1 * (1.0 - m2) / (K + 1.0 - m2) - V2 * m2 / (K + m2),
        Vm3 * m2 * (1.0 - x2) / (K + 1.0 - x2) - V4 * x2 / (K + x2),
    )


def CellularNeuralNetwork(x, y, z, *, a, b, c, d):
    fx = 0.5 * (abs(x + 1.0) - abs(x - 1.0))
    fy = 0.5 * (abs(y + 1.0) - abs(y - 1.0))
    fz = 0.5 * (abs(z + 1.0) - abs(z - 1.0))
    return (
        -x + d * fx - b * (fy + fz),
        -y - b * fx + c * fy - a * fz,
        -z - b * fx + a * fy + fz,
    )


def CellularNeuralNetwork_jac(x, y, z, *, a, b, c, d):
    dx = 0.5 * (np.sign(x + 1.0) - np.sign(x - 1.0))
    dy = 0.5 * (np.sign(y + 1.0) - np.sign(y - 1.0))
    dz = 0.5 * (np.sign(z + 1.0) - np.sign(z - 1.0))
    return (
        (-1.0 + d * dx, -b * dy, -b * dz),
        (-b * dx, -1.0 + c * dy, -a * dz),
        (-b * dx, a * dy, -1.0 + dz),
    )


def Chen(x, y, z, *, a, b, c):
    return (
        a * (y - x),
        (c - a - z) * x + c * y,
        x * y - b * z,
    )


def ChenLee(x, y, z, *, a, b, c):
    return (
        a * x - y * z,
        b * y + x * z,
        c * z + x * y / 3.0,
    )


def Chua(x, y, z, *, alpha, beta, m0, m1):
    h = m1 * x + 0.5 * (m0 - m1) * (abs(x + 1.0) - abs(x - 1.0))
    return (
        alpha * (y - x - h),
        x - y + z,
        -beta * y,
    )


def Chua_jac(x, y, z, *, alpha, beta, m0, m1):
    dh = m1 + 0.5 * (m0 - m1) * (np.sign(x + 1.0) - np.sign(x - 1.0))
    return (
        (-alpha * (1.0 + dh), alpha, 0.0),
        (1.0, -1.0, 1.0),
        (0.0, -beta, 0.0),
    )


def CircadianRhythm(m, fc, fs, fn, th, *, Ki, k, k1, k2, kd, kdn, km, ks, n, ps, vc, vd, vdn, vm, vmax, vmin):
    vs = vc * (0.5 + 0.5 * np.cos(th) + vmin) * (vmax - vmin)
    return (
        vs * Ki**n / (Ki**n + fn**n) - vm * m / (km + m),
        ks * m - (k1 + k) * fc + k2 * fn,
        k * fc - vd * fs / (kd + fs),
        k1 * fc - k2 * fn - vdn * fn / (kdn + fn),
        2.0 * np.pi / ps,
    )


def CoevolvingPredatorPrey(x, y, alpha, *, a1, a2, a3, b1, b2, d1, d2, delta, k1, k2, k4, vv):
    ad = alpha * delta
    return (
        x
        * (
            a1 * alpha * (1.0 - k1 * x * (ad - alpha)) / (1.0 + b1 * alpha)
            - a3 * y / (1.0 + b2 * x)
            - d1 * (1.0 + k2 * (alpha**2 - ad**2) - k4 * (alpha**4 - ad**4))
        ),
        y * (a2 * x / (1.0 + b2 * x) - d2),
        -vv
        * (
            a1 * k1 * x * ad / (1.0 + b1 * alpha)
            + d1 * (4.0 * k4 * alpha**3 * delta**4 - 2.0 * k2 * alpha * delta**2)
        ),
    )


def Colpitts(x, y, z, *, a, b, c, d, e):
    v = e - 1.0 - z
    fz = v if v > 0.0 else 0.0
    return (
        y - a * fz,
        c - x - b * y - z,
        y - d * z,
    )


def Colpitts_jac(x, y, z, *, a, b, d, e):
    dfz = -1.0 if z < e - 1.0 else 0.0
    return (
        (0.0, 1.0, -a * dfz),
        (-1.0, -b, -1.0),
        (0.0, 1.0, -d),
    )


def Dadras(x, y, z, *, c, e, o, p, r):
    return (
        y - p * x + o * y * z,
        r * y - x * z + z,
        c * x * y - e * z,
    )


def DequanLi(x, y, z, *, a, c, d, eps, f, k):
    return (
        a * (y - x) + d * x * z,
        k * x + f * y - x * z,
        c * z + x * y - eps * x * x,
    )


def DoubleGyre(x, y, z, *, alpha, eps, omega):
    a = eps * np.sin(z)
    b = 1.0 - 2.0 * a
    f = a * x * x + b * x
    return (
        -alpha * np.pi * np.sin(np.pi * f) * np.cos(np.pi * y),
        alpha * np.pi * np.cos(np.pi * f) * np.sin(np.pi * y) * (2.0 * a * x + b),
        omega,
    )


def DoublePendulum(th1, th2, p1, p2, *, g, l1, l2, m1, m2):
    dth = th1 - th2
    cd, sd = np.cos(dth), np.sin(dth)
    den = m1 + m2 * sd * sd
    h1 = p1 * p2 * sd / (l1 * l2 * den)
    num = m2 * l2 * l2 * p1 * p1 + (m1 + m2) * l1 * l1 * p2 * p2 - 2.0 * m2 * l1 * l2 * p1 * p2 * cd
    h2 = num * np.sin(2.0 * dth) / (2.0 * (l1 * l2 * den) ** 2)
    return (
        (l2 * p1 - l1 * p2 * cd) / (l1 * l1 * l2 * den),
        ((m1 + m2) * l1 * p2 - m2 * l2 * p1 * cd) / (m2 * l1 * l2 * l2 * den),
        -(m1 + m2) * g * l1 * np.sin(th1) - h1 + h2,
        -m2 * g * l2 * np.sin(th2) + h1 - h2,
    )


def Duffing(x, y, z, *, alpha, beta, delta, gamma, omega):
    return (
        y,
        gamma * np.cos(z) - delta * y - beta * x - alpha * x**3,
        omega,
    )


def ExcitableCell(
    v,
    n,
    c,
    *,
    aho,
    ahr,
    ahs,
    ams,
    amvb,
    amvo,
    ans,
    anvb,
    anvo,
    ar,
    bho,
    bhr,
    bmo,
    bmr,
    bms,
    bno,
    bnr,
    bns,
    gi,
    gkc,
    gkv,
    gl,
    kc,
    rho,
    tscl,
    vc,
    vi,
    vk,
    vl,
):
    am = ams * (amvb + v) / (1.0 - np.exp(-ar * v - amvo))
    bm = bms * np.exp(-bmr * v - bmo)
    ah = ahs * np.exp(-ahr * v - aho)
    bh = 1.0 / (1.0 + np.exp(-bhr * v - bho))
    an = ans * (anvb + v) / (1.0 - np.exp(-ar * v - anvo))
    bn = bns * np.exp(-bnr * v - bno)
    m3h = (am / (am + bm)) ** 3 * (ah / (ah + bh))
    ninf = an / (an + bn)
    return (
        gi * m3h * (vi - v) + (gkv * n**4 + gkc * c / (1.0 + c)) * (vk - v) + gl * (vl - v),
        (ninf - n) * tscl * (an + bn),
        rho * (m3h * (vc - v) - kc * c),
    )


def Finance(x, y, z, *, a, b, c):
    return (
        (1.0 / b - a + y) * x + z,
        -b * y - x * x,
        -x - c * z,
    )


def FluidTrampoline(x, y, th, *, gamma, psi, w):
    contact = x + psi * y * abs(y) if x < 0.0 else 0.0
    return (
        y,
        gamma * np.cos(th) - 1.0 - contact,
        w,
    )


def FluidTrampoline_jac(x, y, th, *, gamma, psi):
    inside = 1.0 if x < 0.0 else 0.0
    return (
        (0.0, 1.0, 0.0),
        (-inside, -2.0 * inside * psi * abs(y), -gamma * np.sin(th)),
        (0.0, 0.0, 0.0),
    )


def ForcedBrusselator(x, y, z, *, a, b, f, w):
    return (
        a + x * x * y - (b + 1.0) * x + f * np.cos(z),
        b * x - x * x * y,
        w,
    )


def ForcedFitzHughNagumo(v, w, z, *, a, b, curr, f, gamma, omega):
    return (
        v - v**3 / 3.0 - w + curr + f * np.sin(z),
        gamma * (v + a - b * w),
        omega,
    )


def ForcedVanDerPol(x, y, z, *, a, mu, w):
    return (
        y,
        mu * (1.0 - x * x) * y - x + a * np.sin(z),
        w,
    )


def GenesioTesi(x, y, z, *, a, b, c):
    return (
        y,
        z,
        x * x - c * x - b * y - a * z,
    )


def GlycolyticOscillation(a, b, c, *, d, k, l1, l2, nu, q1, q2, s1, s2):
    phi = a * (1.0 + a) * (1.0 + b) ** 2 / (l1 + (1.0 + a) ** 2 * (1.0 + b) ** 2)
    db = 1.0 + d * b
    eta = b * db * (1.0 + c) ** 2 / (l2 + db * db * (1.0 + c) ** 2)
    return (
        nu - s1 * phi,
        q1 * s1 * phi - s2 * eta,
        q2 * s2 * eta - k * c,
    )


def GuckenheimerHolmes(x, y, z, *, a, b, c, d, e, f):
    r2 = x * x + y * y
    return (
        a * x - b * y + c * z * x + d * z * r2,
        a * y + b * x + c * z * y,
        e - z * z - f * r2 - a * z**3,
    )


def Hadley(x, y, z, *, a, b, f, g):
    return (
        a * (f - x) - y * y - z * z,
        x * y - b * x * z - y + g,
        b * x * y + x * z - z,
    )


def Halvorsen(x, y, z, *, a, b):
    return (
        -a * x - b * (y + z) - y * y,
        -a * y - b * (z + x) - z * z,
        -a * z - b * (x + y) - x * x,
    )


def HastingsPowell(x, y, z, *, a1, a2, b1, b2, d1, d2):
    fxy = a1 * x * y / (1.0 + b1 * x)
    gyz = a2 * y * z / (1.0 + b2 * y)
    return (
        x * (1.0 - x) - fxy,
        fxy - gyz - d1 * y,
        gyz - d2 * z,
    )


def HenonHeiles(x, y, px, py, *, lam):
    return (
        px,
        py,
        -x - 2.0 * lam * x * y,
        -y - lam * (x * x - y * y),
    )


def HindmarshRose(x, y, z, *, a, b, c, d, s, tx, tz):
    return (
        (y - a * x**3 + b * x * x + z) / tx - x,
        z - a * x**3 - (d - b) * x * x,
        (c - s * x - z) / tz,
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


def Hopfield_jac(t, X, p, out):
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


def HyperBao(x, y, z, w, *, a, b, c, d, e):
    return (
        a * (y - x) + w,
        c * y - x * z,
        x * y - b * z,
        e * x + d * y * z,
    )


def HyperCai(x, y, z, w, *, a, b, c, d, e):
    return (
        a * (y - x),
        b * x + c * y - x * z + w,
        y * y - d * z,
        -e * x,
    )


def HyperJha(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x) + w,
        b * x - x * z - y,
        x * y - c * z,
        d * w - x * z,
    )


def HyperLorenz(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x) + w,
        c * x - x * z - y,
        x * y - b * z,
        d * w - x * z,
    )


def HyperLu(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x) + w,
        c * y - x * z,
        x * y - b * z,
        d * w + x * z,
    )


def HyperPang(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x),
        c * y - x * z + w,
        x * y - b * z,
        -d * (x + y),
    )


def HyperQi(x, y, z, w, *, a, b, c, d, e, f):
    return (
        a * (y - x) + y * z,
        b * (x + y) - x * z,
        x * y - c * z - e * w,
        x * y + f * z - d * w,
    )


def HyperRossler(x, y, z, w, *, a, b, c, d):
    return (
        -y - z,
        x + a * y + w,
        b + x * z,
        d * w - c * z,
    )


def HyperWang(x, y, z, w, *, a, b, c, d, e):
    return (
        a * (y - x),
        b * x - x * z + w,
        e * x * x - c * z,
        -d * x,
    )


def HyperXu(x, y, z, w, *, a, b, c, d, e):
    return (
        a * (y - x) + w,
        b * x + e * x * z,
        -c * z - x * y,
        x * z - d * y,
    )


def HyperYan(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x),
        (c - a - z) * x + c * y,
        x * y - y * z + x * z - b * z - w,
        y * z - x * z - d * w,
    )


def HyperYangChen(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x),
        c * x - x * z + w,
        x * y - b * z,
        -d * x,
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


def InteriorSquirmer_jac(t, X, p, out):
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


def IsothermalChemical(alpha, beta, gamma, *, delta, kappa, mu, sigma):
    auto = alpha * (beta * beta + 1.0)
    return (
        mu * (kappa + gamma) - auto,
        (auto - beta) / sigma,
        (beta - gamma) / delta,
    )


def ItikBanksTumor(x, y, z, *, a12, a13, a21, a31, d3, k3, r2, r3):
    return (
        x * (1.0 - x - a12 * y - a13 * z),
        y * (r2 * (1.0 - y) - a21 * x),
        z * (r3 * x / (x + k3) - a31 * x - d3),
    )


def JerkCircuit(x, y, z, *, eps, y0):
    return (
        y,
        z,
        -z - x - eps * (np.exp(y / y0) - 1.0),
    )


def KawczynskiStrizhak(x, y, z, *, beta, gamma, kappa, mu):
    return (
        gamma * (y - x**3 + 3.0 * mu * x),
        beta - 2.0 * mu * x - y - z,
        kappa * (x - z),
    )


def Laser(x, y, z, *, a, b, c, d, h, k):
    z2 = z * z
    return (
        a * (y - x) + b * y * z2,
        (c + d * z2) * x,
        h * z + k * x * x,
    )


def LidDrivenCavityFlow(x, y, ph, *, a, b, tau, u1, u2):
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
    return (
        2.0 * (s * u1 * np.sin(q * x) * vx1 / den1 + u2 * np.sin(2.0 * q * x) * vx2 / den2),
        2.0 * np.pi * (s * u1 * np.cos(q * x) * vy1 / den1 + 2.0 * u2 * np.cos(2.0 * q * x) * vy2 / den2),
        1.0,
    )


def Lorenz(x, y, z, *, beta, rho, sigma):
    return (
        sigma * (y - x),
        x * (rho - z) - y,
        x * y - beta * z,
    )


def Lorenz84(x, y, z, *, a, b, f, g):
    return (
        a * (f - x) - y * y - z * z,
        (x - 1.0) * y - b * x * z + g,
        b * x * y + (x - 1.0) * z,
    )


def Lorenz96(t, X, p, out):
    f = p[0]
    n = X.size
    for i in range(n):
        out[i] = (X[(i + 1) % n] - X[i - 2]) * X[i - 1] - X[i] + f


def Lorenz96_jac(t, X, p, out):
    n = X.size
    out[:, :] = 0.0
    for i in range(n):
        out[i, (i + 1) % n] += X[i - 1]
        out[i, (i - 2) % n] -= X[i - 1]
        out[i, (i - 1) % n] += X[(i + 1) % n] - X[i - 2]
        out[i, i] -= 1.0


def LorenzBounded(x, y, z, *, beta, r, rho, sigma):
    fac = 1.0 - (x * x + y * y + z * z) / (r * r)
    return (
        fac * sigma * (y - x),
        fac * (x * (rho - z) - y),
        fac * (x * y - beta * z),
    )


def LorenzCoupled(x1, y1, z1, x2, y2, z2, *, beta, eps, rho1, rho2, sigma):
    return (
        sigma * (y1 - x1),
        x1 * (rho1 - z1) - y1,
        x1 * y1 - beta * z1,
        sigma * (y2 - x2) + eps * (x1 - x2),
        x2 * (rho2 - z2) - y2,
        x2 * y2 - beta * z2,
    )


def LorenzStenflo(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x) + d * w,
        x * (c - z) - y,
        x * y - b * z,
        -x - a * w,
    )


def LuChen(x, y, z, *, a, b, c):
    return (
        a * (y - x),
        c * y - x * z,
        x * y - b * z,
    )


def LuChenCheng(x, y, z, *, a, b, c):
    return (
        c - a * b / (a + b) * x - y * z,
        a * y + x * z,
        b * z + x * y,
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


def MacArthur_jac(t, X, p, out):
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


def MooreSpiegel(x, y, z, *, a, b, eps):
    return (
        y,
        a * z,
        eps * y - z - x * (x * y + b),
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


def MultiChua_jac(t, X, p, out):
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


def NewtonLiepnik(x, y, z, *, a, b):
    return (
        -a * x + y + 10.0 * y * z,
        -x - 0.4 * y + 5.0 * x * z,
        b * z - 5.0 * x * y,
    )


def NoseHoover(x, y, z, *, a):
    return (
        y,
        y * z - x,
        a - y * y,
    )


def NuclearQuadrupole(q1, q2, p1, p2, *, a, b, d):
    rho2 = q1 * q1 + q2 * q2
    return (
        a * p1,
        a * p2,
        -a * q1 + 3.0 / np.sqrt(2.0) * b * (q1 * q1 - q2 * q2) - d * q1 * rho2,
        -a * q2 - 3.0 * np.sqrt(2.0) * b * q1 * q2 - d * q2 * rho2,
    )


def OscillatingFlow(x, y, z, *, b, k, omega, u):
    f = x + b * np.sin(z)
    return (
        u * np.cos(k * y) * np.sin(k * f),
        -u * np.sin(k * y) * np.cos(k * f),
        omega,
    )


def PehlivanWei(x, y, z):
    return (
        y * (1.0 - z),
        y * (1.0 + z) - 2.0 * x,
        2.0 - x * y - y * y,
    )


def Qi(x, y, z, w, *, a, b, c, d):
    return (
        a * (y - x) + y * z * w,
        b * (x + y) - x * z * w,
        x * y * w - c * z,
        x * y * z - d * w,
    )


def QiChen(x, y, z, *, a, b, c):
    return (
        a * (y - x) + y * z,
        c * x + y - x * z,
        x * y - b * z,
    )


def RabinovichFabrikant(x, y, z, *, a, g):
    return (
        y * (z - 1.0 + x * x) + g * x,
        x * (3.0 * z + 1.0 - x * x) + g * y,
        -2.0 * z * (a + x * y),
    )


def RayleighBenard(x, y, z, *, a, b, r):
    return (
        a * (y - x),
        r * y - x * z,
        x * y - b * z,
    )


def RikitakeDynamo(x, y, z, *, a, mu):
    return (
        y * z - mu * x,
        x * (z - a) - mu * y,
        1.0 - x * y,
    )


def Rossler(x, y, z, *, a, b, c):
    return (
        -(y + z),
        x + a * y,
        b + z * (x - c),
    )


def Rucklidge(x, y, z, *, a, b):
    return (
        (b - z) * y - a * x,
        x,
        y * y - z,
    )


def Sakarya(x, y, z, *, a, b, c, h, p, q, r, s):
    return (
        a * x + (h + s * z) * y,
        (q * z - p) * x - b * y,
        c * z - r * x * y,
    )


def SaltonSea(x, y, z, *, a, d, k, lam, m, mu, r, th):
    sat = z / (y + a)
    return (
        r * x * (1.0 - (x + y) / k) - lam * x * y,
        y * (lam * x - m * sat - mu),
        z * (th * y / (y + a) - d),
    )


def SanUmSrisuchinwong(x, y, z, *, a):
    return (
        y - x,
        -z * np.tanh(x),
        x * y + abs(y) - a,
    )


def SanUmSrisuchinwong_jac(x, y, z):
    th = np.tanh(x)
    return (
        (-1.0, 1.0, 0.0),
        (-z * (1.0 - th * th), 0.0, -th),
        (y, x + np.sign(y), 0.0),
    )


def ShimizuMorioka(x, y, z, *, a, b):
    return (
        y,
        x * (1.0 - z) - a * y,
        x * x - b * z,
    )


def SprottA(x, y, z):
    return (
        y,
        y * z - x,
        1.0 - y * y,
    )


def SprottB(x, y, z):
    return (
        y * z,
        x - y,
        1.0 - x * y,
    )


def SprottC(x, y, z):
    return (
        y * z,
        x - y,
        1.0 - x * x,
    )


def SprottD(x, y, z):
    return (
        -y,
        x + z,
        x * z + 3.0 * y * y,
    )


def SprottE(x, y, z):
    return (
        y * z,
        x * x - y,
        1.0 - 4.0 * x,
    )


def SprottF(x, y, z, *, a):
    return (
        y + z,
        a * y - x,
        x * x - z,
    )


def SprottG(x, y, z, *, a):
    return (
        a * x + z,
        x * z - y,
        y - x,
    )


def SprottH(x, y, z, *, a):
    return (
        z * z - y,
        x + a * y,
        x - z,
    )


def SprottI(x, y, z, *, a):
    return (
        -a * y,
        x + z,
        x + y * y - z,
    )


def SprottJ(x, y, z):
    return (
        2.0 * z,
        z - 2.0 * y,
        y * y + y - x,
    )


def SprottJerk(x, y, z, *, mu):
    return (
        y,
        z,
        y * y - x - mu * z,
    )


def SprottK(x, y, z, *, a):
    return (
        x * y - z,
        x - y,
        x + a * z,
    )


def SprottL(x, y, z, *, a, b):
    return (
        y + b * z,
        a * x * x - y,
        1.0 - x,
    )


def SprottM(x, y, z, *, a):
    return (
        -z,
        -x * x - y,
        a * (1.0 + x) + y,
    )


def SprottMore(x, y, z):
    return (
        y,
        -x - np.sign(z) * y,
        y * y - np.exp(-x * x),
    )


def SprottMore_jac(x, y, z):
    return (
        (0.0, 1.0, 0.0),
        (-1.0, -np.sign(z), 0.0),
        (2.0 * x * np.exp(-x * x), 2.0 * y, 0.0),
    )


def SprottN(x, y, z):
    return (
        -2.0 * y,
        x + z * z,
        1.0 + y - 2.0 * z,
    )


def SprottO(x, y, z, *, a):
    return (
        y,
        x - z,
        x + x * z + a * y,
    )


def SprottP(x, y, z, *, a):
    return (
        a * y + z,
        y * y - x,
        x + y,
    )


def SprottQ(x, y, z, *, a, b):
    return (
        -z,
        x - y,
        a * x + y * y + b * z,
    )


def SprottR(x, y, z, *, a, b):
    return (
        a - y,
        b + z,
        x * y - z,
    )


def SprottS(x, y, z):
    return (
        -x - 4.0 * y,
        x + z * z,
        1.0 + x,
    )


def SprottTorus(x, y, z):
    return (
        y + 2.0 * x * y + x * z,
        1.0 - 2.0 * x * x + y * z,
        x - x * x - y * y,
    )


def StickSlipOscillator(x, v, th, *, a, alpha, b, beta, eps, gamma, t0, vs, w):
    dv = v - vs
    torque = t0 * np.sign(dv) - alpha * v + beta * dv**3
    return (
        v,
        eps * (gamma * np.cos(th) - torque) + a * x - b * x**3,
        w,
    )


def StickSlipOscillator_jac(x, v, th, *, a, alpha, b, beta, eps, gamma, vs):
    dv = v - vs
    return (
        (0.0, 1.0, 0.0),
        (a - 3.0 * b * x * x, eps * (alpha - 3.0 * beta * dv * dv), -eps * gamma * np.sin(th)),
        (0.0, 0.0, 0.0),
    )


def SwingingAtwood(r, th, pr, pth, *, m1, m2):
    grav = 9.82  # dysts fixes gravity rather than making it a parameter
    # dysts fixes gravity rather than making it a parameter
    return (
        pr / (m1 + m2),
        pth / (m1 * r * r),
        pth * pth / (m1 * r**3) - m2 * grav + m1 * grav * np.cos(th),
        -m1 * grav * r * np.sin(th),
    )


def Thomas(x, y, z, *, a, b):
    return (
        b * np.sin(y) - a * x,
        b * np.sin(z) - a * y,
        b * np.sin(x) - a * z,
    )


def Torus(x, y, z, *, a, n, r, t):
    rad = r + a * np.cos(n * t)
    drad = -a * n * np.sin(n * t)
    return (
        drad * np.cos(t) - rad * np.sin(t),
        drad * np.sin(t) + rad * np.cos(t),
        a * n * np.cos(n * t),
    )


def TurchinHanski(nn, pp, z, *, a, d, e, g, h, lamb, r, s):
    season = 1.0 - e * np.sin(z)
    return (
        r * nn * (season - nn) - g * nn * nn / (nn * nn + h * h) - a * nn * pp / (nn + d),
        s * pp * (season - pp / nn),
        2.0 * np.pi * lamb,
    )


def VallisElNino(x, y, z, *, b, c, p):
    return (
        b * y - c * (x + p),
        x * z - y,
        1.0 - z - x * y,
    )


def WangSun(x, y, z, *, a, b, d, e, f, q):
    return (
        a * x + q * y * z,
        b * x + d * y - x * z,
        e * z + f * x * y,
    )


def WindmiReduced(i, v, pw, *, a1, b1, b2, b3, d1, vsw):
    return (
        a1 * (vsw - v),
        b1 * i - b2 * np.sqrt(pw) - b3 * v,
        vsw * vsw - pw**1.25 * np.sqrt(vsw) * 0.5 * (1.0 + np.tanh(d1 * (i - 1.0))),
    )


def YuWang(x, y, z, *, a, b, c, d):
    return (
        a * (y - x),
        x * (b - c * z),
        np.exp(x * y) - d * z,
    )


def YuWang2(x, y, z, *, a, b, c, d):
    return (
        a * (y - x),
        x * (b - c * z),
        np.cosh(x * y) - d * z,
    )


def ZhouChen(x, y, z, *, a, b, c, d, e):
    return (
        a * x + (b + z) * y,
        (c + d * z) * y - x * z,
        e * z - x * y,
    )
