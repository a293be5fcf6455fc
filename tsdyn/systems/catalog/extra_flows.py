"""Flows beyond dysts: tsdynamics's extra ODEs, DynamicalSystems.jl systems, galactic orbits.

Same contract as :mod:`tsdyn.systems.catalog.flows` (functions of named variables and
parameters, parameters in alphabetical order, forcing phases as extra state variables;
lattices in the compiled form ``rhs(t, X, p, out)``). Names follow
tsdynamics 6.1 where it has the system, otherwise the DynamicalSystems.jl
constructor in CamelCase. Initial conditions were found by integrating past
the transient from the cited authors' starting points, and periods are the
dominant period of the first coordinate's power spectrum
(tests/systems/test_extra_flows.py checks the analytic ones). The two systems
that only settle on fixed points (Stommel's box model, the magnetic pendulum)
start from DynamicalSystems.jl's initial conditions, and their ``period`` is the
relaxation or small-swing period of the equilibrium they reach (``period_note``).

>>> from tsdyn.systems.catalog import extra_flows
>>> extra_flows.VanDerPol(2.0, 0.0, mu=1.0)
(0.0, -2.0)
"""

from pathlib import Path

import numpy as np

from tsdyn.errors import InputError
from tsdyn.systems.base import size_param
from tsdyn.systems.catalog._callee import Callee

# The two pattern-forming fields (tsdynamics's spatial_fields) keep tsdynamics's
# grids, so their states are long: on-attractor initial conditions live in
# field_ics.npz next to this module (written by tools/make_field_ics.py
# with tsdyn's own integrator) rather than as literals.
_FIELD_ICS = np.load(Path(__file__).with_name("field_ics.npz"))


def _fourier_resample(field: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A periodic field on the same domain at another resolution (band-limited interpolation)."""
    if field.shape == tuple(shape):
        return field  # the default grid: loading the catalog need not import scipy.signal (1.4 s)
    from scipy.signal import resample

    for axis, n in enumerate(shape):
        if field.shape[axis] != n:
            field = resample(field, n, axis=axis)
    return field


# Lorenz (1996) ran his one-level model with K = 36 variables and F = 8; dysts's
# Lorenz96 (4 variables, F = 20) keeps the plain name, so the paper's setting
# gets a suffix. Initial condition: t = 200 from F + 0.01 on the first site.
# fmt: skip


def BarredLogarithmicPotential(x, y, vx, vy, *, omega_b, q, rc, v0):
    den = rc * rc + x * x + y * y / (q * q)
    return (
        vx,
        vy,
        -v0 * v0 * x / den + 2.0 * omega_b * vy + omega_b * omega_b * x,
        -v0 * v0 * y / (q * q * den) - 2.0 * omega_b * vx + omega_b * omega_b * y,
    )


def Brusselator(x, y, *, a, b):
    return (
        a + x * x * y - (b + 1.0) * x,
        b * x - x * x * y,
    )


def CoupledRossler(x1, y1, z1, x2, y2, z2, *, a, b, c, k, w1, w2):
    return (
        -w1 * y1 - z1 + k * (x2 - x1),
        w1 * x1 + a * y1,
        b + z1 * (x1 - c),
        -w2 * y2 - z2 + k * (x1 - x2),
        w2 * x2 + a * y2,
        b + z2 * (x2 - c),
    )


def FitzHughNagumo(v, w, *, a, b, curr, gamma):
    return (
        v - v**3 / 3.0 - w + curr,
        gamma * (v + a - b * w),
    )


def Gissinger(q, d, v, *, gamma, mu, nu):
    return (
        mu * q - v * d,
        v * q - nu * d,
        gamma - v + q * d,
    )


def GrayScott_ic(params):
    # The lattice spacing is 1, so N sets the domain, not the resolution: tile the stored
    # pattern periodically (or cut a window of it), keeping its spots' size.
    n = size_param(params, "N", "GrayScott", minimum=3)
    m = int(round(np.sqrt(_FIELD_ICS["GrayScott"].size // 2)))
    reps = -(-n // m)
    u, v = (np.tile(a, (reps, reps))[:n, :n] for a in _FIELD_ICS["GrayScott"].reshape(2, m, m))
    return np.concatenate([u.ravel(), v.ravel()])


def GrayScott(t, X, p, out):
    Du, Dv, F, N, k = p[0], p[1], p[2], p[3], p[4]
    n = int(N)
    nn = n * n
    if 2 * nn != X.size:
        raise InputError("GrayScott: the state must have 2 N^2 entries; give an ic when changing N")
    for r in range(n):
        up, dn = (r + 1) % n * n, (r - 1) % n * n
        for c in range(n):
            i = r * n + c
            ri, le = r * n + (c + 1) % n, r * n + (c - 1) % n
            u, v = X[i], X[nn + i]
            uvv = u * v * v
            lap_u = X[up + c] + X[dn + c] + X[ri] + X[le] - 4.0 * u
            lap_v = X[nn + up + c] + X[nn + dn + c] + X[nn + ri] + X[nn + le] - 4.0 * v
            out[i] = Du * lap_u - uvv + F * (1.0 - u)
            out[nn + i] = Dv * lap_v + uvv - (F + k) * v


def GrayScott_jac(t, X, p, out):
    Du, Dv, F, N, k = p[0], p[1], p[2], p[3], p[4]
    n = int(N)
    nn = n * n
    out[:, :] = 0.0
    for r in range(n):
        for c in range(n):
            i = r * n + c
            u, v = X[i], X[nn + i]
            for j in ((r + 1) % n * n + c, (r - 1) % n * n + c, r * n + (c + 1) % n, r * n + (c - 1) % n):
                out[i, j] += Du
                out[nn + i, nn + j] += Dv
            out[i, i] += -4.0 * Du - v * v - F
            out[i, nn + i] = -2.0 * u * v
            out[nn + i, i] = v * v
            out[nn + i, nn + i] += -4.0 * Dv + 2.0 * u * v - (F + k)


def HodgkinHuxley(v, n, m, h, *, I, Vk, Vl, Vna, gk, gl, gna):
    an = 0.01 * (v + 55.0) / (1.0 - np.exp(-(v + 55.0) / 10.0))
    am = 0.1 * (v + 40.0) / (1.0 - np.exp(-(v + 40.0) / 10.0))
    ah = 0.07 * np.exp(-(v + 65.0) / 20.0)
    bn = 0.125 * np.exp(-(v + 65.0) / 80.0)
    bm = 4.0 * np.exp(-(v + 65.0) / 18.0)
    bh = 1.0 / (1.0 + np.exp(-(v + 35.0) / 10.0))
    return (
        I - gk * n**4 * (v - Vk) - gna * m**3 * h * (v - Vna) - gl * (v - Vl),
        an * (1.0 - n) - bn * n,
        am * (1.0 - m) - bm * m,
        ah * (1.0 - h) - bh * h,
    )


def _mean_field(X):
    # The Kuramoto order parameter's real and imaginary parts: the means of cos and sin of the phases.
    n = X.size
    re = 0.0
    im = 0.0
    for j in range(n):
        re += np.cos(X[j])
        im += np.sin(X[j])
    return re / n, im / n


# The right-hand side and the Jacobian call it compiled (the catalog's lazy jit: no numba at import).
_compiled_mean_field = Callee(_mean_field)


def Kuramoto(t, X, p, out):
    K = p[0]
    omega = p[1:26]
    n = X.size
    re, im = _compiled_mean_field(X)
    for i in range(n):
        out[i] = omega[i] + K * (im * np.cos(X[i]) - re * np.sin(X[i]))


def Kuramoto_jac(t, X, p, out):
    K = p[0]
    n = X.size
    re, im = _compiled_mean_field(X)
    for i in range(n):
        ci, si = np.cos(X[i]), np.sin(X[i])
        for j in range(n):
            out[i, j] = K / n * (np.cos(X[j]) * ci + np.sin(X[j]) * si)
        out[i, i] -= K * (im * si + re * ci)


# u(x) at t = 0 of the catalog's run (64 points, L = 22), past the transient.
_KS_IC = np.array(
    [
        -0.0177195571344323,
        0.28869049509357425,
        0.6281008158230604,
        0.9756272716334848,
        1.2978845841807047,
        1.5522295277859084,
        1.6896412415038407,
        1.6630889302657375,
        1.4413270551200767,
        1.0244648509983754,
        0.4539912067347697,
        -0.19044132290574736,
        -0.8097729445412567,
        -1.3131597157690067,
        -1.641968127672413,
        -1.7800419134283907,
        -1.748599660243884,
        -1.5916956662275947,
        -1.3602554665905808,
        -1.1000837123547058,
        -0.845404709015774,
        -0.6169446564596592,
        -0.42278387182855093,
        -0.26052484291452493,
        -0.11994962924855575,
        0.014169853918700886,
        0.1591993243761498,
        0.33171704995233414,
        0.5445135158844441,
        0.803455521414791,
        1.1041633612496304,
        1.4286509312259936,
        1.7426361600215938,
        1.9951676235763411,
        2.1231658820652233,
        2.0634596186420255,
        1.772521011846213,
        1.248846886784287,
        0.5471723533632677,
        -0.22695569512650554,
        -0.9450229380772065,
        -1.4945311916689334,
        -1.809977246248675,
        -1.8824503548436395,
        -1.7483902099041686,
        -1.4682538218981753,
        -1.106612098306595,
        -0.7197736124282952,
        -0.3512594838321509,
        -0.03238497874470615,
        0.21525066540265397,
        0.3776649388832904,
        0.4478389039961215,
        0.42644800059911947,
        0.32309917873287286,
        0.1568203721194749,
        -0.0452549102293682,
        -0.25131104683272576,
        -0.4296824422006733,
        -0.5536692731889532,
        -0.6048843651904784,
        -0.5743568512006725,
        -0.46159273695445135,
        -0.27254835403065936,
    ]
)


def KuramotoSivashinsky_ic(params):
    # L is the domain, N the number of points: interpolate the stored profile onto the new grid.
    n = size_param(params, "N", "KuramotoSivashinsky", minimum=5)
    return _fourier_resample(_KS_IC, (n,))


def KuramotoSivashinsky(t, X, p, out):
    L = p[0]
    n = X.size
    h = L / n
    for i in range(n):
        um2, um1, u0 = X[i - 2], X[i - 1], X[i]
        up1, up2 = X[(i + 1) % n], X[(i + 2) % n]
        ux = (up1 - um1) / (2.0 * h)
        uxx = (up1 - 2.0 * u0 + um1) / (h * h)
        uxxxx = (up2 - 4.0 * up1 + 6.0 * u0 - 4.0 * um1 + um2) / h**4
        out[i] = -u0 * ux - uxx - uxxxx


def KuramotoSivashinsky_jac(t, X, p, out):
    L = p[0]
    n = X.size
    h = L / n
    out[:, :] = 0.0
    c2 = 1.0 / (h * h)
    c4 = 1.0 / h**4
    for i in range(n):
        ux = (X[(i + 1) % n] - X[i - 1]) / (2.0 * h)
        out[i, i] += -ux + 2.0 * c2 - 6.0 * c4
        out[i, (i + 1) % n] += -X[i] / (2.0 * h) - c2 + 4.0 * c4
        out[i, (i - 1) % n] += X[i] / (2.0 * h) - c2 + 4.0 * c4
        out[i, (i + 2) % n] += -c4
        out[i, (i - 2) % n] += -c4


def Lissajous2D(x, y, *, A, B, a, b, delta, t):
    return (
        -A * a * np.sin(a * t),
        -B * b * np.sin(b * t + delta),
    )


def Lissajous3D(x, y, z, *, A, B, C, a, b, c, delta_y, delta_z, t):
    return (
        -A * a * np.sin(a * t),
        -B * b * np.sin(b * t + delta_y),
        -C * c * np.sin(c * t + delta_z),
    )


def LogarithmicPotential(x, y, vx, vy, *, q, rc, v0):
    den = rc * rc + x * x + y * y / (q * q)
    return (
        vx,
        vy,
        -v0 * v0 * x / den,
        -v0 * v0 * y / (q * q * den),
    )


def LorenzDL(x, y, z, *, R):
    return (
        y - x,
        -x * z,
        x * y - R,
    )


def LotkaVolterra(x, y, *, alpha, beta, delta, gamma):
    return (
        x * (alpha - beta * y),
        y * (delta * x - gamma),
    )


def MorrisLecar(v, w, *, I, V1, V2, V3, V4, VCa, VK, VL, gCa, gK, gL, tau):
    minf = 0.5 * (1.0 + np.tanh((v - V1) / V2))
    winf = 0.5 * (1.0 + np.tanh((v - V3) / V4))
    return (
        I - gCa * minf * (v - VCa) - gK * w * (v - VK) - gL * (v - VL),
        (winf - w) / tau,
    )


def Oregonator(x, y, z, *, epsilon, f, mu, q):
    return (
        (q * y - x * y + x * (1.0 - x)) / epsilon,
        (f * z - q * y - x * y) / mu,
        x - z,
    )


def Robinson(x, y, z, *, a, b, c, d, v):
    return (
        y,
        x - 2.0 * x**3 - a * y + b * x * x * y - v * y * z,
        -c * z + d * x * x,
    )


def Selkov(x, y, *, a, b):
    sat = a + x * x
    return (
        -x + sat * y,
        b - sat * y,
    )


def Shinriki(v1, v2, i3, *, R1):
    dv = v1 - v2
    diode = 2.295e-5 * (np.exp(3.0038 * dv) - np.exp(-3.0038 * dv)) + dv / 14.5
    return (
        100.0 * (v1 * (1.0 / 6.9 - 1.0 / R1) - diode),
        10.0 * (diode - i3),
        (v2 - 0.1 * i3) / 0.32,
    )


def SprottDissipativeConservative(x, y, z, *, a, b, c):
    return (
        y + a * x * y + x * z,
        1.0 - 2.0 * x * x + b * y * z,
        c * x - x * x - y * y,
    )


def StuartLandau(x, y, *, b, mu, omega):
    r2 = x * x + y * y
    return (
        x * (mu - r2) - (omega + b * r2) * y,
        y * (mu - r2) + (omega + b * r2) * x,
    )


def SwiftHohenberg_ic(params):
    # The side L is fixed, so N sets the resolution: interpolate the stored stripes onto the new grid.
    n = size_param(params, "N", "SwiftHohenberg", minimum=5)
    m = int(round(np.sqrt(_FIELD_ICS["SwiftHohenberg"].size)))
    return _fourier_resample(_FIELD_ICS["SwiftHohenberg"].reshape(m, m), (n, n)).ravel()


def SwiftHohenberg(t, X, p, out):
    L, N, r = p[0], p[1], p[2]
    n = int(N)
    if n * n != X.size:
        raise InputError("SwiftHohenberg: the state must have N^2 entries; give an ic when changing N")
    h2 = (L / n) ** -2
    h4 = h2 * h2
    for i in range(n):
        i1, i_1, i2, i_2 = (i + 1) % n * n, (i - 1) % n * n, (i + 2) % n * n, (i - 2) % n * n
        for j in range(n):
            j1, j_1, j2, j_2 = (j + 1) % n, (j - 1) % n, (j + 2) % n, (j - 2) % n
            u = X[i * n + j]
            near = X[i1 + j] + X[i_1 + j] + X[i * n + j1] + X[i * n + j_1]
            diag = X[i1 + j1] + X[i1 + j_1] + X[i_1 + j1] + X[i_1 + j_1]
            far = X[i2 + j] + X[i_2 + j] + X[i * n + j2] + X[i * n + j_2]
            lap = (near - 4.0 * u) * h2
            bih = (20.0 * u - 8.0 * near + 2.0 * diag + far) * h4
            out[i * n + j] = r * u - (u + 2.0 * lap + bih) - u**3


def SwiftHohenberg_jac(t, X, p, out):
    L, N, r = p[0], p[1], p[2]
    n = int(N)
    h2 = (L / n) ** -2
    h4 = h2 * h2
    out[:, :] = 0.0
    for i in range(n):
        for j in range(n):
            k = i * n + j
            out[k, k] += r - 1.0 - 3.0 * X[k] ** 2 + 8.0 * h2 - 20.0 * h4
            for di, dj, w in ((1, 0, -2.0 * h2 + 8.0 * h4), (-1, 0, -2.0 * h2 + 8.0 * h4),
                              (0, 1, -2.0 * h2 + 8.0 * h4), (0, -1, -2.0 * h2 + 8.0 * h4),
                              (1, 1, -2.0 * h4), (1, -1, -2.0 * h4), (-1, 1, -2.0 * h4),
                              (-1, -1, -2.0 * h4), (2, 0, -h4), (-2, 0, -h4), (0, 2, -h4),
                              (0, -2, -h4)):  # fmt: skip
                out[k, (i + di) % n * n + (j + dj) % n] += w


def Ueda(x, y, th, *, B, k):
    return (
        y,
        B * np.cos(th) - k * y - x**3,
        1.0,
    )


def VanDerPol(x, y, *, mu):
    return (
        y,
        mu * (1.0 - x * x) * y - x,
    )


# ---------------------------------------------------------------------------
# DynamicalSystems.jl's predefined flows that neither dysts nor tsdynamics has.
# Names are the constructors of PredefinedDynamicalSystems.jl in CamelCase.


# Initial condition: DynamicalSystems.jl's (0.3, 0.2), which relaxes to the thermally driven state.
def StommelThermohaline(T, S, *, eta1, eta2, eta3):
    q = abs(T - S)
    return (
        eta1 - T - q * T,
        eta2 - eta3 * S - q * S,
    )


def StommelThermohaline_jac(T, S, *, eta3):
    q = abs(T - S)
    s = 1.0 if T >= S else -1.0  # d|T - S| / dT; the flow is only Lipschitz on T = S
    # d|T - S| / dT; the flow is only Lipschitz on T = S
    return (
        (-1.0 - q - s * T, s * T),
        (-s * S, -eta3 - q + s * S),
    )


# Initial condition: DynamicalSystems.jl's release from rest at (sin, cos)(2 pi 0.12553), a swing
# that settles over magnet 2 at (1, 0).
def MagneticPendulum(t, X, p, out):
    x, y, vx, vy = X[0], X[1], X[2], X[3]
    alpha, d, omega = p[0], p[1], p[-1]
    n = (p.size - 3) // 3
    ax = -omega * omega * x - alpha * vx
    ay = -omega * omega * y - alpha * vy
    for i in range(n):
        gamma, dx, dy = p[2 + i], x - p[2 + n + i], y - p[2 + 2 * n + i]
        r2 = dx * dx + dy * dy + d * d
        g3 = gamma / (r2 * np.sqrt(r2))
        ax -= g3 * dx
        ay -= g3 * dy
    out[0] = vx
    out[1] = vy
    out[2] = ax
    out[3] = ay


def MagneticPendulum_jac(t, X, p, out):
    x, y = X[0], X[1]
    alpha, d, omega = p[0], p[1], p[-1]
    n = (p.size - 3) // 3
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = -omega * omega
    out[3, 1] = -omega * omega
    out[2, 2] = -alpha
    out[3, 3] = -alpha
    for i in range(n):
        gamma, dx, dy = p[2 + i], x - p[2 + n + i], y - p[2 + 2 * n + i]
        inv2 = 1.0 / (dx * dx + dy * dy + d * d)
        g3 = gamma * inv2 * np.sqrt(inv2)
        out[2, 0] -= g3 * (1.0 - 3.0 * dx * dx * inv2)
        out[2, 1] += 3.0 * g3 * dx * dy * inv2
        out[3, 0] += 3.0 * g3 * dx * dy * inv2
        out[3, 1] -= g3 * (1.0 - 3.0 * dy * dy * inv2)


# DynamicalSystems.jl's defaults (f = 27, omega = 2.2, d = 0.2) are those of its Duffing
# oscillator; we use Baker and Gollub's chaotic setting (damping 1/q = 0.5). Initial condition:
# 300 forcing periods from (0.2, 0, 0), angle wrapped to (-pi, pi], phase reset to 0.
def ForcedPendulum(th, v, phi, *, d, f, omega):
    return (
        v,
        -d * v - np.sin(th) + f * np.cos(phi),
        omega,
    )


# Initial condition: DynamicalSystems.jl's start, the cell centre (0.5, 0.5) moving along the
# diagonal, at unit energy (speed sqrt(2)), where the potential and the field are normalised.
def Antidots(x, y, vx, vy, *, B, c, d0):
    # Position inside the unit cell, relative to the nearest antidot centre.
    xt = x - np.floor(x + 0.5)
    yt = y - np.floor(y + 0.5)
    rho = np.sqrt(xt * xt + yt * yt)
    reach = 0.5 * d0 + c
    ux = uy = 0.0
    if 0.0 < rho < reach:
        g = -4.0 * (reach - rho) ** 3 / (c**4 * rho)  # U'(rho) / rho
        ux = g * xt
        uy = g * yt
    br = 2.0 * np.sqrt(2.0) * B  # the factor makes the cyclotron diameter 1 / B at speed sqrt(2)
    # the factor makes the cyclotron diameter 1 / B at speed sqrt(2)
    return (
        vx,
        vy,
        br * vy - ux,
        -br * vx - uy,
    )


def Antidots_jac(x, y, z, w, *, B, c, d0):
    xt = x - np.floor(x + 0.5)
    yt = y - np.floor(y + 0.5)
    rho = np.sqrt(xt * xt + yt * yt)
    reach = 0.5 * d0 + c
    uxx = uyy = uxy = 0.0
    if 0.0 < rho < reach:
        # U(rho) = ((reach - rho) / c)^4: Hessian from U' and U'' in polar form.
        u1 = -4.0 * (reach - rho) ** 3 / c**4
        u2 = 12.0 * (reach - rho) ** 2 / c**4
        r2 = rho * rho
        uxx = u2 * xt * xt / r2 + u1 * yt * yt / (r2 * rho)
        uyy = u2 * yt * yt / r2 + u1 * xt * xt / (r2 * rho)
        uxy = (u2 - u1 / rho) * xt * yt / r2
    br = 2.0 * np.sqrt(2.0) * B
    return (
        (0.0, 0.0, 1.0, 0.0),
        (0.0, 0.0, 0.0, 1.0),
        (-uxx, -uxy, 0.0, br),
        (-uxy, -uyy, -br, 0.0),
    )


# Initial condition: on the chaotic attractor in the invariant plane y = vy = 0, 500 forcing
# periods from x = 0.5 (DynamicalSystems.jl starts off the plane, at y = 0.6, to probe the basin).
def RiddledBasins(x, y, vx, vy, phi, *, f0, gamma, omega, x0, xbar, y0):
    force = f0 * np.sin(phi)
    return (
        vx,
        vy,
        -gamma * vx + 4.0 * x * (1.0 - x * x) - y * y + force * x0,
        -gamma * vy - 2.0 * y * (x + xbar) + force * y0,
        omega,
    )


# Initial condition: t = 30000 from DynamicalSystems.jl's (0.1, 0.2, ..., 0.6).
def HindmarshRoseTwoCoupled(x1, y1, z1, x2, y2, z2, *, I, a, b, c, d, k1, k2, k_el, r, s, xr, xv):
    # Mishra et al.'s sigmoidal chemical synapse: slope 10, threshold -0.25.
    g1 = 1.0 / (1.0 + np.exp(-10.0 * (x1 + 0.25)))
    g2 = 1.0 / (1.0 + np.exp(-10.0 * (x2 + 0.25)))
    return (
        y1 + b * x1 * x1 - a * x1**3 - z1 + I - k1 * (x1 - xv) * g2 + k_el * (x2 - x1),
        c - d * x1 * x1 - y1,
        r * (s * (x1 - xr) - z1),
        y2 + b * x2 * x2 - a * x2**3 - z2 + I - k2 * (x2 - xv) * g1 + k_el * (x1 - x2),
        c - d * x2 * x2 - y2,
        r * (s * (x2 - xr) - z2),
    )


_STEFAN_BOLTZMANN = 5.67e-8  # W m^-2 K^-4, the value Watson and Lovelock used


# DynamicalSystems.jl's daisyworld keeps the local temperatures near absolute zero whatever
# the albedo, so nothing grows there; this is Watson and Lovelock's model with their constants.
# Initial condition: DynamicalSystems.jl's seed cover of 1 % of each kind.
def Daisyworld(t, X, p, out):
    aw, ab = X[0], X[1]
    A_b, A_g, A_w, L, S, T_opt, delta, gamma, q = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
    bare = 1.0 - aw - ab  # all of the planet is fertile
    albedo = aw * A_w + ab * A_b + bare * A_g
    te4 = S * L * (1.0 - albedo) / _STEFAN_BOLTZMANN  # emission temperature^4 (K^4)
    # Local temperatures: heat flows from the dark to the light parts, in proportion q.
    tw = (q * (albedo - A_w) + te4) ** 0.25 - 273.15
    tb = (q * (albedo - A_b) + te4) ** 0.25 - 273.15
    bw = max(0.0, 1.0 - ((tw - T_opt) / delta) ** 2)
    bb = max(0.0, 1.0 - ((tb - T_opt) / delta) ** 2)
    out[0] = aw * (bare * bw - gamma)
    out[1] = ab * (bare * bb - gamma)


def Daisyworld_jac(t, X, p, out):
    aw, ab = X[0], X[1]
    A_b, A_g, A_w, L, S, T_opt, delta, gamma, q = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]
    bare = 1.0 - aw - ab
    albedo = aw * A_w + ab * A_b + bare * A_g
    flux = S * L / _STEFAN_BOLTZMANN
    te4 = flux * (1.0 - albedo)
    dT4 = q - flux  # d(T_i^4) / d(albedo), the same for both kinds of daisy
    tw = (q * (albedo - A_w) + te4) ** 0.25
    tb = (q * (albedo - A_b) + te4) ** 0.25
    uw = (tw - 273.15 - T_opt) / delta
    ub = (tb - 273.15 - T_opt) / delta
    bw, dbw = (1.0 - uw * uw, -2.0 * uw / delta) if abs(uw) < 1.0 else (0.0, 0.0)
    bb, dbb = (1.0 - ub * ub, -2.0 * ub / delta) if abs(ub) < 1.0 else (0.0, 0.0)
    # d(growth rate) / d(albedo) through the local temperature T_i = (T_i^4)^(1/4)
    gw = dbw * dT4 / (4.0 * tw**3)
    gb = dbb * dT4 / (4.0 * tb**3)
    out[0, 0] = bare * bw - gamma + aw * (-bw + bare * gw * (A_w - A_g))
    out[0, 1] = aw * (-bw + bare * gw * (A_b - A_g))
    out[1, 0] = ab * (-bb + bare * gb * (A_w - A_g))
    out[1, 1] = bare * bb - gamma + ab * (-bb + bare * gb * (A_b - A_g))


def MultispeciesCompetition_jac(t, X, p, out):
    D, m, r = p[0], p[32], p[33]
    K = p[1:16].reshape(3, 5)
    c = p[17:32].reshape(3, 5)
    out[:, :] = 0.0
    for i in range(5):
        # Liebig's law: only the scarcest resource (the smallest Monod rate) limits growth.
        best = 0
        mu = r * X[5] / (K[0, i] + X[5])
        for j in range(1, 3):
            rate = r * X[5 + j] / (K[j, i] + X[5 + j])
            if rate < mu:
                mu, best = rate, j
        dmu = r * K[best, i] / (K[best, i] + X[5 + best]) ** 2
        out[i, i] = mu - m
        out[i, 5 + best] = X[i] * dmu
        for j in range(3):
            out[5 + j, i] = -c[j, i] * mu
            out[5 + j, 5 + best] -= c[j, i] * X[i] * dmu
    for j in range(3):
        out[5 + j, 5 + j] -= D


# Huisman and Weissing's first example: five species on three resources, half-saturation
# constants K and contents c as (resource, species) matrices flattened row by row; every
# species has the same maximal growth r and mortality m = D, every resource supply S.
# Initial condition: t = 5000 from theirs and DynamicalSystems.jl's start (every species at 0.1,
# resources at S), on the survivors' cycle; pass that start as ic to see the competition.
_HW_K = np.array([[0.20, 0.05, 1.00, 0.05, 1.20],
                  [0.25, 0.10, 0.05, 1.00, 0.40],
                  [0.15, 0.95, 0.35, 0.10, 0.05]])  # fmt: skip
_HW_C = np.array([[0.20, 0.10, 0.10, 0.10, 0.10],
                  [0.10, 0.20, 0.10, 0.10, 0.20],
                  [0.10, 0.10, 0.20, 0.20, 0.10]])  # fmt: skip


def MultispeciesCompetition(t, X, p, out):
    D, S, m, r = p[0], p[16], p[32], p[33]
    K = p[1:16].reshape(3, 5)
    c = p[17:32].reshape(3, 5)
    for j in range(3):
        out[5 + j] = D * (S - X[5 + j])
    for i in range(5):
        mu = r * X[5] / (K[0, i] + X[5])
        for j in range(1, 3):
            mu = min(mu, r * X[5 + j] / (K[j, i] + X[5 + j]))
        out[i] = X[i] * (mu - m)
        for j in range(3):
            out[5 + j] -= c[j, i] * mu * X[i]


# DynamicalSystems.jl starts at (0.5, 0.5), which goes extinct; our initial condition is on
# the limit cycle, its prey maximum (t = 5000 from (0.68, 0.025), near the focus).
def TristablePredatorPrey(x, y, *, A, B, C, D, E):
    s = x * x / (A * x * x + B * x + 1.0)
    return (
        x * (1.0 - x) * (x - E) - s * y,
        y * (C * s - D),
    )
