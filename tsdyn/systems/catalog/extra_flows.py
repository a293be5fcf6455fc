"""Flows beyond dysts: tsdynamics's extra ODEs, DynamicalSystems.jl systems, galactic orbits.

Same contract as :mod:`tsdyn.systems.catalog.flows` (``rhs(t, X, p, out)``, parameters
in alphabetical order, forcing phases as extra state variables). Names follow
tsdynamics 6.1 where it has the system, otherwise the DynamicalSystems.jl
constructor in CamelCase. Initial conditions were found by integrating past
the transient from the cited authors' starting points, and periods are the
dominant period of the first coordinate's power spectrum
(tests/systems/test_extra_flows.py checks the analytic ones). The two systems
that only settle on fixed points (Stommel's box model, the magnetic pendulum)
start from DynamicalSystems.jl's initial conditions, and their ``period`` is the
relaxation or small-swing period of the equilibrium they reach (``period_note``).

>>> import numpy as np
>>> from tsdyn.systems.catalog import extra_flows
>>> from tsdyn.systems.base import registry
>>> spec = registry()["VanDerPol"]
>>> out = np.empty(2)
>>> spec.func(0.0, np.array([2.0, 0.0]), np.array([1.0]), out)
>>> out.tolist()
[0.0, -2.0]
"""

from pathlib import Path

import numpy as np

from tsdyn.errors import InputError
from tsdyn.systems.base import flow, size_param
from tsdyn.systems.catalog.flows import Lorenz96, _Lorenz96_jac

# The two pattern-forming fields (tsdynamics's spatial_fields) keep tsdynamics's
# grids, so their states are long: on-attractor initial conditions live in
# field_ics.npz next to this module (written by datasets/systems/make_field_ics.py
# with tsdyn's own integrator) rather than as literals.
_FIELD_ICS = np.load(Path(__file__).with_name("field_ics.npz"))


def _fourier_resample(field: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A periodic field on the same domain at another resolution (band-limited interpolation)."""
    from scipy.signal import resample

    for axis, n in enumerate(shape):
        if field.shape[axis] != n:
            field = resample(field, n, axis=axis)
    return field


# Lorenz (1996) ran his one-level model with K = 36 variables and F = 8; dysts's
# Lorenz96 (4 variables, F = 20) keeps the plain name, so the paper's setting
# gets a suffix. Initial condition: t = 200 from F + 0.01 on the first site.
flow(
    name="Lorenz96K36",
    params={"f": 8.0},
    ic=[3.8829239092, 2.5618437229, 2.1401992845, 4.9208487346, 9.9760573248, 2.2335023457,
        -0.0192242704, 6.26050323, 4.4546574677, 1.0049213917, 5.7161588591, 1.9444434167,
        0.0275211285, 2.8254293265, 5.5152260405, -3.572739635, -0.5393017117, 0.8295762935,
        2.9075100264, 5.3545668682, -3.8224878842, -3.2300080187, -3.8046901501, 2.4214346575,
        8.6690744298, 2.694645166, 4.1890765723, 3.9577506067, -2.3972884482, -0.6724101272,
        0.8419961807, 1.7368207237, 9.0929897296, 12.6843810986, -0.5056069784, 2.8839572324],
    period=1.5152,
    dt=1.5152 / 5000,
    citation="Lorenz, E. N. (1996). Predictability: a problem partly solved. Proc. ECMWF Seminar on Predictability, Vol. I, 1-18.",
    description="Lorenz-96 ring at the paper's setting: 36 sites (one per 10 degrees of longitude) and forcing F = 8.",
    jac=_Lorenz96_jac,
    variant_of="Lorenz96",
)(Lorenz96)  # fmt: skip


def _BarredLogarithmicPotential_jac(t, X, p, out):
    x, y = X[0], X[1]
    omega_b, q, rc, v0 = p[0], p[1], p[2], p[3]
    den = rc * rc + x * x + y * y / (q * q)
    g = v0 * v0 / den
    yq = y / (q * q)
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = -g + 2.0 * g * x * x / den + omega_b * omega_b
    out[2, 1] = 2.0 * g * x * yq / den
    out[2, 3] = 2.0 * omega_b
    out[3, 0] = 2.0 * g * x * yq / den
    out[3, 1] = -g / (q * q) + 2.0 * g * yq * yq / den + omega_b * omega_b
    out[3, 2] = -2.0 * omega_b


@flow(
    params={"omega_b": 1.0, "q": 0.8, "rc": 0.03, "v0": 1.0},
    ic=[0.05934552132756421, -0.10047158603010958, 0.8940319852727292, -1.126351364485366],
    period=2.30797,
    dt=0.000461594,
    citation="Binney, J. and Tremaine, S. (2008). Galactic Dynamics, 2nd ed. Princeton University Press, Sec. 3.3.2 (orbits in a rotating logarithmic potential).",
    description="Star in a flattened logarithmic potential figure-rotating at pattern speed omega_b (co-rotating frame, Coriolis and centrifugal terms); bar-driven chaotic orbits.",
    jac=_BarredLogarithmicPotential_jac,
    hamiltonian=True,
)
def BarredLogarithmicPotential(t, X, p, out):
    x, y, vx, vy = X[0], X[1], X[2], X[3]
    omega_b, q, rc, v0 = p[0], p[1], p[2], p[3]
    den = rc * rc + x * x + y * y / (q * q)
    out[0] = vx
    out[1] = vy
    out[2] = -v0 * v0 * x / den + 2.0 * omega_b * vy + omega_b * omega_b * x
    out[3] = -v0 * v0 * y / (q * q * den) - 2.0 * omega_b * vx + omega_b * omega_b * y


def _Brusselator_jac(t, X, p, out):
    x, y = X[0], X[1]
    b = p[1]
    out[0, 0] = 2.0 * x * y - b - 1.0
    out[0, 1] = x * x
    out[1, 0] = b - 2.0 * x * y
    out[1, 1] = -x * x


@flow(
    params={"a": 1.0, "b": 3.0},
    ic=[0.46684118275662634, 4.5017499564320556],
    period=7.18036,
    dt=0.001436072,
    citation="Prigogine, I. and Lefever, R. (1968). Symmetry breaking instabilities in dissipative systems II. J. Chem. Phys. 48, 1695-1700.",
    description="Prigogine-Lefever autocatalytic reaction model; a stable limit cycle for b > 1 + a^2.",
    jac=_Brusselator_jac,
    chaotic=False,
)
def Brusselator(t, X, p, out):
    x, y = X[0], X[1]
    a, b = p[0], p[1]
    out[0] = a + x * x * y - (b + 1.0) * x
    out[1] = b * x - x * x * y


def _CoupledRossler_jac(t, X, p, out):
    x1, z1, x2, z2 = X[0], X[2], X[3], X[5]
    a, c, k, w1, w2 = p[0], p[2], p[3], p[4], p[5]
    out[:, :] = 0.0
    out[0, 0] = -k
    out[0, 1] = -w1
    out[0, 2] = -1.0
    out[0, 3] = k
    out[1, 0] = w1
    out[1, 1] = a
    out[2, 0] = z1
    out[2, 2] = x1 - c
    out[3, 0] = k
    out[3, 3] = -k
    out[3, 4] = -w2
    out[3, 5] = -1.0
    out[4, 3] = w2
    out[4, 4] = a
    out[5, 3] = z2
    out[5, 5] = x2 - c


@flow(
    params={"a": 0.15, "b": 0.2, "c": 10.0, "k": 0.02, "w1": 0.985, "w2": 1.015},
    ic=[
        -1.0137427085590427,
        -11.907366377951263,
        0.016782086319885186,
        -1.0598651275554924,
        10.97346173775211,
        0.021107857926558782,
    ],
    period=6.17287,
    dt=0.001234574,
    citation="Rosenblum, M. G., Pikovsky, A. S. and Kurths, J. (1996). Phase synchronization of chaotic oscillators. Phys. Rev. Lett. 76, 1804-1807.",
    description="Two Rossler oscillators with detuned frequencies 1 +- 0.015, diffusively coupled through x, below the phase-synchronisation threshold.",
    jac=_CoupledRossler_jac,
)
def CoupledRossler(t, X, p, out):
    x1, y1, z1, x2, y2, z2 = X[0], X[1], X[2], X[3], X[4], X[5]
    a, b, c, k, w1, w2 = p[0], p[1], p[2], p[3], p[4], p[5]
    out[0] = -w1 * y1 - z1 + k * (x2 - x1)
    out[1] = w1 * x1 + a * y1
    out[2] = b + z1 * (x1 - c)
    out[3] = -w2 * y2 - z2 + k * (x1 - x2)
    out[4] = w2 * x2 + a * y2
    out[5] = b + z2 * (x2 - c)


def _FitzHughNagumo_jac(t, X, p, out):
    v = X[0]
    b, gamma = p[1], p[3]
    out[0, 0] = 1.0 - v * v
    out[0, 1] = -1.0
    out[1, 0] = gamma
    out[1, 1] = -gamma * b


@flow(
    params={"a": 0.7, "b": 0.8, "curr": 0.5, "gamma": 0.08},
    ic=[-1.970095347082338, 1.0896632121801413],
    period=39.4715,
    dt=0.0078943,
    citation="FitzHugh, R. (1961). Impulses and physiological states in theoretical models of nerve membrane. Biophys. J. 1, 445-466.",
    description="FitzHugh-Nagumo excitable neuron model; periodic spiking under a constant current.",
    jac=_FitzHughNagumo_jac,
    chaotic=False,
)
def FitzHughNagumo(t, X, p, out):
    v, w = X[0], X[1]
    a, b, curr, gamma = p[0], p[1], p[2], p[3]
    out[0] = v - v**3 / 3.0 - w + curr
    out[1] = gamma * (v + a - b * w)


def _Gissinger_jac(t, X, p, out):
    q, d, v = X[0], X[1], X[2]
    mu, nu = p[1], p[2]
    out[0, 0] = mu
    out[0, 1] = -v
    out[0, 2] = -d
    out[1, 0] = v
    out[1, 1] = -nu
    out[1, 2] = q
    out[2, 0] = d
    out[2, 1] = q
    out[2, 2] = -1.0


@flow(
    params={"gamma": 0.9, "mu": 0.119, "nu": 0.1},
    ic=[-1.3366039298514913, 0.8661583536844191, -0.15064791779994538],
    period=9.398,
    dt=0.0018796,
    citation="Gissinger, C. (2012). A new deterministic model for chaotic reversals. Eur. Phys. J. B 85, 137.",
    description="Gissinger's three-mode model of chaotic magnetic-field reversals in a dynamo (Earth-like reversals).",
    jac=_Gissinger_jac,
    period_note="mean spacing of x maxima; the spectrum is red because reversals are irregular",
)
def Gissinger(t, X, p, out):
    q, d, v = X[0], X[1], X[2]
    gamma, mu, nu = p[0], p[1], p[2]
    out[0] = mu * q - v * d
    out[1] = v * q - nu * d
    out[2] = gamma - v + q * d


def _GrayScott_ic(params):
    # The lattice spacing is 1, so N sets the domain, not the resolution: tile the stored
    # pattern periodically (or cut a window of it), keeping its spots' size.
    n = size_param(params, "N", "GrayScott", minimum=3)
    m = int(round(np.sqrt(_FIELD_ICS["GrayScott"].size // 2)))
    reps = -(-n // m)
    u, v = (np.tile(a, (reps, reps))[:n, :n] for a in _FIELD_ICS["GrayScott"].reshape(2, m, m))
    return np.concatenate([u.ravel(), v.ravel()])


def _GrayScott_jac(t, X, p, out):
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


@flow(
    params={"Du": 0.16, "Dv": 0.08, "F": 0.06, "N": 48.0, "k": 0.062},
    ic=_FIELD_ICS["GrayScott"],
    period=float(_FIELD_ICS["GrayScott_period"]),
    dt=float(_FIELD_ICS["GrayScott_period"]) / 5000,
    citation="Pearson, J. E. (1993). Complex patterns in a simple system. Science 261, 189-192.",
    description="Gray-Scott substrate-activator reaction-diffusion (feed F, kill k) on a periodic N x N lattice of unit spacing (default 48); state is [u, v] flattened row by row.",
    jac=_GrayScott_jac,
    size_params=("N",),
    ic_for=_GrayScott_ic,
    ic_note="for N other than 48 (N >= 3): the stored 48 x 48 pattern tiled periodically, cut to N x N; a seam heals within the transient",
    period_note=str(_FIELD_ICS["GrayScott_period_note"]),
    chaotic=False,
)
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


def _HodgkinHuxley_jac(t, X, p, out):
    v, n, m, h = X[0], X[1], X[2], X[3]
    Vk, Vna, gk, gl, gna = p[1], p[3], p[4], p[5], p[6]
    en = np.exp(-(v + 55.0) / 10.0)
    em = np.exp(-(v + 40.0) / 10.0)
    an = 0.01 * (v + 55.0) / (1.0 - en)
    am = 0.1 * (v + 40.0) / (1.0 - em)
    dan = 0.01 * ((1.0 - en) - (v + 55.0) * en / 10.0) / (1.0 - en) ** 2
    dam = 0.1 * ((1.0 - em) - (v + 40.0) * em / 10.0) / (1.0 - em) ** 2
    ah = 0.07 * np.exp(-(v + 65.0) / 20.0)
    bn = 0.125 * np.exp(-(v + 65.0) / 80.0)
    bm = 4.0 * np.exp(-(v + 65.0) / 18.0)
    bh = 1.0 / (1.0 + np.exp(-(v + 35.0) / 10.0))
    out[:, :] = 0.0
    out[0, 0] = -gk * n**4 - gna * m**3 * h - gl
    out[0, 1] = -4.0 * gk * n**3 * (v - Vk)
    out[0, 2] = -3.0 * gna * m**2 * h * (v - Vna)
    out[0, 3] = -gna * m**3 * (v - Vna)
    out[1, 0] = dan * (1.0 - n) + bn / 80.0 * n
    out[1, 1] = -an - bn
    out[2, 0] = dam * (1.0 - m) + bm / 18.0 * m
    out[2, 2] = -am - bm
    out[3, 0] = -ah / 20.0 * (1.0 - h) - bh * (1.0 - bh) / 10.0 * h
    out[3, 3] = -ah - bh


@flow(
    params={"I": 12.0, "Vk": -77.0, "Vl": -54.4, "Vna": 50.0, "gk": 36.0, "gl": 0.3, "gna": 120.0},
    ic=[-18.54167091138395, 0.7446826889981731, 0.9488212794965376, 0.08534290460929501],
    period=13.6602,
    dt=0.00273204,
    citation="Hodgkin, A. L. and Huxley, A. F. (1952). A quantitative description of membrane current and its application to conduction and excitation in nerve. J. Physiol. 117, 500-544.",
    description="Hodgkin-Huxley squid-axon membrane model (modern voltage convention), tonic spiking under constant current.",
    jac=_HodgkinHuxley_jac,
    chaotic=False,
)
def HodgkinHuxley(t, X, p, out):
    v, n, m, h = X[0], X[1], X[2], X[3]
    I, Vk, Vl, Vna, gk, gl, gna = p[0], p[1], p[2], p[3], p[4], p[5], p[6]
    an = 0.01 * (v + 55.0) / (1.0 - np.exp(-(v + 55.0) / 10.0))
    am = 0.1 * (v + 40.0) / (1.0 - np.exp(-(v + 40.0) / 10.0))
    ah = 0.07 * np.exp(-(v + 65.0) / 20.0)
    bn = 0.125 * np.exp(-(v + 65.0) / 80.0)
    bm = 4.0 * np.exp(-(v + 65.0) / 18.0)
    bh = 1.0 / (1.0 + np.exp(-(v + 35.0) / 10.0))
    out[0] = I - gk * n**4 * (v - Vk) - gna * m**3 * h * (v - Vna) - gl * (v - Vl)
    out[1] = an * (1.0 - n) - bn * n
    out[2] = am * (1.0 - m) - bm * m
    out[3] = ah * (1.0 - h) - bh * h


def _Kuramoto_jac(t, X, p, out):
    K = p[0]
    n = X.size
    re = 0.0
    im = 0.0
    for j in range(n):
        re += np.cos(X[j])
        im += np.sin(X[j])
    re /= n
    im /= n
    for i in range(n):
        ci, si = np.cos(X[i]), np.sin(X[i])
        for j in range(n):
            out[i, j] = K / n * (np.cos(X[j]) * ci + np.sin(X[j]) * si)
        out[i, i] -= K * (im * si + re * ci)


@flow(
    params={
        "K": 0.3,
        "omega_0": -1.0,
        "omega_1": -0.9166666666666666,
        "omega_2": -0.8333333333333334,
        "omega_3": -0.75,
        "omega_4": -0.6666666666666667,
        "omega_5": -0.5833333333333334,
        "omega_6": -0.5,
        "omega_7": -0.41666666666666674,
        "omega_8": -0.33333333333333337,
        "omega_9": -0.25,
        "omega_10": -0.16666666666666674,
        "omega_11": -0.08333333333333337,
        "omega_12": 0.0,
        "omega_13": 0.08333333333333326,
        "omega_14": 0.16666666666666652,
        "omega_15": 0.25,
        "omega_16": 0.33333333333333326,
        "omega_17": 0.4166666666666665,
        "omega_18": 0.5,
        "omega_19": 0.5833333333333333,
        "omega_20": 0.6666666666666665,
        "omega_21": 0.75,
        "omega_22": 0.8333333333333333,
        "omega_23": 0.9166666666666665,
        "omega_24": 1.0,
    },
    ic=[
        6.004285431124572,
        4.150291519026666,
        4.055041157905009,
        3.7565617539202094,
        3.6711822988766016,
        3.500190796522986,
        3.4342640952231704,
        3.3399899551776002,
        3.299979726430422,
        3.237184963745648,
        3.205834325966549,
        3.172014906816081,
        3.141592653589846,
        3.1111704003635907,
        3.0773509812130015,
        3.046000343433718,
        2.983205580749086,
        2.943195352001794,
        2.8489212119563376,
        2.782994510656465,
        2.6120030083025085,
        2.526623553259128,
        2.2281441492743284,
        2.1328937881535808,
        0.2788998760552204,
    ],
    period=6.34998,
    dt=0.001269996,
    citation="Kuramoto, Y. (1975). Self-entrainment of a population of coupled non-linear oscillators. Lecture Notes in Physics 39, 420-422.",
    description="Kuramoto's mean-field model of 25 phase oscillators with evenly spread natural frequencies.",
    jac=_Kuramoto_jac,
    unbounded=(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24),
    array_params={"omega": (25,)},
)
def Kuramoto(t, X, p, out):
    K = p[0]
    omega = p[1:26]
    n = X.size
    re = 0.0
    im = 0.0
    for j in range(n):
        re += np.cos(X[j])
        im += np.sin(X[j])
    re /= n
    im /= n
    for i in range(n):
        out[i] = omega[i] + K * (im * np.cos(X[i]) - re * np.sin(X[i]))


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


def _KuramotoSivashinsky_ic(params):
    # L is the domain, N the number of points: interpolate the stored profile onto the new grid.
    n = size_param(params, "N", "KuramotoSivashinsky", minimum=5)
    return _fourier_resample(_KS_IC, (n,))


def _KuramotoSivashinsky_jac(t, X, p, out):
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


@flow(
    params={"L": 22.0, "N": 64.0},
    ic=_KS_IC,
    period=30.1,
    dt=0.001,
    citation="Kuramoto, Y. and Tsuzuki, T. (1976). Persistent propagation of concentration waves in dissipative media far from thermal equilibrium. Prog. Theor. Phys. 55, 356-369; Sivashinsky, G. I. (1977). Acta Astronaut. 4, 1177-1206.",
    description="Kuramoto-Sivashinsky equation u_t = -u u_x - u_xx - u_xxxx on a periodic domain of length L, central differences on N points (default 64; spatiotemporal chaos at L = 22).",
    jac=_KuramotoSivashinsky_jac,
    size_params=("N",),
    ic_for=_KuramotoSivashinsky_ic,
    ic_note="for N other than 64 (N >= 5): the stored 64-point profile Fourier-interpolated onto N points",
    period_note="mean spacing of u[0] maxima; the spectrum of this spatiotemporal chaos is red",
)
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


def _Lissajous2D_jac(t, X, p, out):
    out[:, :] = 0.0


@flow(
    params={"A": 1.0, "B": 1.0, "a": 3.0, "b": 2.0, "delta": 1.5707963267948966},
    ic=[1.0, 6.123233995736766e-17],
    period=6.283185307179586,
    dt=0.0012566370614359172,
    citation="Bowditch, N. (1815). On the motion of a pendulum suspended from two points. Mem. Am. Acad. Arts Sci. 3, 413-436; Lissajous, J. A. (1857). C. R. Acad. Sci. 45, 313-316.",
    description="Time-driven velocity that traces a Lissajous (Bowditch) figure; a periodic reference signal, not chaotic.",
    jac=_Lissajous2D_jac,
    chaotic=False,
)
def Lissajous2D(t, X, p, out):
    A, B, a, b, delta = p[0], p[1], p[2], p[3], p[4]
    out[0] = -A * a * np.sin(a * t)
    out[1] = -B * b * np.sin(b * t + delta)


def _Lissajous3D_jac(t, X, p, out):
    out[:, :] = 0.0


@flow(
    params={
        "A": 1.0,
        "B": 1.0,
        "C": 1.0,
        "a": 3.0,
        "b": 2.0,
        "c": 5.0,
        "delta_y": 1.5707963267948966,
        "delta_z": 0.7853981633974483,
    },
    ic=[1.0, 6.123233995736766e-17, 0.7071067811865476],
    period=6.283185307179586,
    dt=0.0012566370614359172,
    citation="Lissajous, J. A. (1857). Memoire sur l'etude optique des mouvements vibratoires. C. R. Acad. Sci. 45, 313-316.",
    description="Time-driven velocity that traces a three-dimensional Lissajous curve; a periodic reference signal, not chaotic.",
    jac=_Lissajous3D_jac,
    chaotic=False,
)
def Lissajous3D(t, X, p, out):
    A, B, C, a, b, c, delta_y, delta_z = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    out[0] = -A * a * np.sin(a * t)
    out[1] = -B * b * np.sin(b * t + delta_y)
    out[2] = -C * c * np.sin(c * t + delta_z)


def _LogarithmicPotential_jac(t, X, p, out):
    x, y = X[0], X[1]
    q, rc, v0 = p[0], p[1], p[2]
    den = rc * rc + x * x + y * y / (q * q)
    g = v0 * v0 / den
    yq = y / (q * q)
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = -g + 2.0 * g * x * x / den
    out[2, 1] = 2.0 * g * x * yq / den
    out[3, 0] = 2.0 * g * x * yq / den
    out[3, 1] = -g / (q * q) + 2.0 * g * yq * yq / den


@flow(
    params={"q": 0.9, "rc": 0.14, "v0": 1.0},
    ic=[0.4056352906975932, -0.27781174949620036, 0.4466589506071683, 0.3531397510340315],
    period=2.47453,
    dt=0.000494906,
    citation="Binney, J. and Tremaine, S. (2008). Galactic Dynamics, 2nd ed. Princeton University Press, Sec. 3.3 (the logarithmic potential).",
    description="Star orbiting in a flattened logarithmic galactic potential (flat rotation curve); box and loop orbits.",
    jac=_LogarithmicPotential_jac,
    hamiltonian=True,
)
def LogarithmicPotential(t, X, p, out):
    x, y, vx, vy = X[0], X[1], X[2], X[3]
    q, rc, v0 = p[0], p[1], p[2]
    den = rc * rc + x * x + y * y / (q * q)
    out[0] = vx
    out[1] = vy
    out[2] = -v0 * v0 * x / den
    out[3] = -v0 * v0 * y / (q * q * den)


def _LorenzDL_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    out[0, 0] = -1.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = -z
    out[1, 1] = 0.0
    out[1, 2] = -x
    out[2, 0] = y
    out[2, 1] = x
    out[2, 2] = 0.0


@flow(
    params={"R": 4.7},
    ic=[0.40821473967055233, -1.786951782175419, -1.7551634000082643],
    period=4.76249,
    dt=0.000952498,
    citation="van der Schrier, G. and Maas, L. R. M. (2000). The diffusionless Lorenz equations; Shil'nikov bifurcations and reduction to an explicit map. Physica D 141, 19-36.",
    description="Diffusionless Lorenz system (van der Schrier and Maas), a one-parameter limit of the Lorenz equations.",
    jac=_LorenzDL_jac,
)
def LorenzDL(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    R = p[0]
    out[0] = y - x
    out[1] = -x * z
    out[2] = x * y - R


def _LotkaVolterra_jac(t, X, p, out):
    x, y = X[0], X[1]
    alpha, beta, delta, gamma = p[0], p[1], p[2], p[3]
    out[0, 0] = alpha - beta * y
    out[0, 1] = -beta * x
    out[1, 0] = delta * y
    out[1, 1] = delta * x - gamma


@flow(
    params={"alpha": 1.5, "beta": 1.0, "delta": 1.0, "gamma": 3.0},
    ic=[8.74609085072979, 0.10867094499373332],
    period=4.28624,
    dt=0.000857248,
    citation="Lotka, A. J. (1925). Elements of Physical Biology. Williams & Wilkins; Volterra, V. (1926). Mem. R. Accad. Naz. dei Lincei 2, 31-113.",
    description="Lotka-Volterra predator-prey equations; neutrally stable closed orbits of a conserved quantity.",
    jac=_LotkaVolterra_jac,
    chaotic=False,
)
def LotkaVolterra(t, X, p, out):
    x, y = X[0], X[1]
    alpha, beta, delta, gamma = p[0], p[1], p[2], p[3]
    out[0] = x * (alpha - beta * y)
    out[1] = y * (delta * x - gamma)


def _MorrisLecar_jac(t, X, p, out):
    v, w = X[0], X[1]
    V1 = p[1]
    V2 = p[2]
    V3 = p[3]
    V4 = p[4]
    VCa = p[5]
    VK = p[6]
    gCa = p[8]
    gK = p[9]
    gL = p[10]
    tau = p[11]
    minf = 0.5 * (1.0 + np.tanh((v - V1) / V2))
    dminf = 0.5 * (1.0 - np.tanh((v - V1) / V2) ** 2) / V2
    dwinf = 0.5 * (1.0 - np.tanh((v - V3) / V4) ** 2) / V4
    out[0, 0] = -gCa * (dminf * (v - VCa) + minf) - gK * w - gL
    out[0, 1] = -gK * (v - VK)
    out[1, 0] = dwinf / tau
    out[1, 1] = -1.0 / tau


@flow(
    params={
        "I": 0.15,
        "V1": 0.0,
        "V2": 0.15,
        "V3": 0.1,
        "V4": 0.1,
        "VCa": 1.0,
        "VK": -0.7,
        "VL": -0.5,
        "gCa": 1.2,
        "gK": 2.0,
        "gL": 0.5,
        "tau": 3.0,
    },
    ic=[-0.17964618319707035, 0.02369871905200356],
    period=13.561,
    dt=0.0027122,
    citation="Morris, C. and Lecar, H. (1981). Voltage oscillations in the barnacle giant muscle fiber. Biophys. J. 35, 193-213.",
    description="Morris-Lecar barnacle-muscle membrane model (calcium and potassium conductances), periodic firing.",
    jac=_MorrisLecar_jac,
    chaotic=False,
)
def MorrisLecar(t, X, p, out):
    v, w = X[0], X[1]
    I = p[0]
    V1 = p[1]
    V2 = p[2]
    V3 = p[3]
    V4 = p[4]
    VCa = p[5]
    VK = p[6]
    VL = p[7]
    gCa = p[8]
    gK = p[9]
    gL = p[10]
    tau = p[11]
    minf = 0.5 * (1.0 + np.tanh((v - V1) / V2))
    winf = 0.5 * (1.0 + np.tanh((v - V3) / V4))
    out[0] = I - gCa * minf * (v - VCa) - gK * w * (v - VK) - gL * (v - VL)
    out[1] = (winf - w) / tau


def _Oregonator_jac(t, X, p, out):
    x, y = X[0], X[1]
    epsilon, f, mu, q = p[0], p[1], p[2], p[3]
    out[0, 0] = (1.0 - 2.0 * x - y) / epsilon
    out[0, 1] = (q - x) / epsilon
    out[0, 2] = 0.0
    out[1, 0] = -y / mu
    out[1, 1] = -(q + x) / mu
    out[1, 2] = f / mu
    out[2, 0] = 1.0
    out[2, 1] = 0.0
    out[2, 2] = -1.0


@flow(
    params={"epsilon": 0.04, "f": 1.0, "mu": 0.0004, "q": 0.0008},
    ic=[0.0017036878917502157, 1.7817898409891304, 0.0034984936874809416],
    period=6.20231,
    dt=0.001240462,
    citation="Field, R. J. and Noyes, R. M. (1974). Oscillations in chemical systems IV. Limit cycle behavior in a model of a real chemical reaction. J. Chem. Phys. 60, 1877-1884. Scaling of Tyson, J. J. (1985), in Oscillations and Traveling Waves in Chemical Systems, Wiley.",
    description="Field-Noyes Oregonator, the three-variable skeleton of the Belousov-Zhabotinsky reaction (stiff relaxation oscillations).",
    jac=_Oregonator_jac,
    stiff=True,
    chaotic=False,
)
def Oregonator(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    epsilon, f, mu, q = p[0], p[1], p[2], p[3]
    out[0] = (q * y - x * y + x * (1.0 - x)) / epsilon
    out[1] = (f * z - q * y - x * y) / mu
    out[2] = x - z


def _Robinson_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, v = p[0], p[1], p[2], p[3], p[4]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[0, 2] = 0.0
    out[1, 0] = 1.0 - 6.0 * x * x + 2.0 * b * x * y
    out[1, 1] = -a + b * x * x - v * z
    out[1, 2] = -v * y
    out[2, 0] = 2.0 * d * x
    out[2, 1] = 0.0
    out[2, 2] = -c


@flow(
    params={"a": -0.42, "b": -1.1, "c": 0.5, "d": 0.3, "v": -1.0},
    ic=_FIELD_ICS["Robinson"],
    period=float(_FIELD_ICS["Robinson_period"]),
    dt=float(_FIELD_ICS["Robinson_period"]) / 5000,
    citation="Robinson, C. (1989). Homoclinic bifurcation to a transitive attractor of Lorenz type. Nonlinearity 2, 495-518.",
    description="Robinson's double-well oscillator with x^2-driven slow mode and y z feedback (Lorenz-type homoclinic family); tsdynamics's parameters, chaos not established there.",
    jac=_Robinson_jac,
)
def Robinson(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c, d, v = p[0], p[1], p[2], p[3], p[4]
    out[0] = y
    out[1] = x - 2.0 * x**3 - a * y + b * x * x * y - v * y * z
    out[2] = -c * z + d * x * x


def _Selkov_jac(t, X, p, out):
    x, y = X[0], X[1]
    a = p[0]
    out[0, 0] = -1.0 + 2.0 * x * y
    out[0, 1] = a + x * x
    out[1, 0] = -2.0 * x * y
    out[1, 1] = -(a + x * x)


@flow(
    params={"a": 0.08, "b": 0.6},
    ic=[0.9295677280522804, 1.8126497870889702],
    period=9.63973,
    dt=0.001927946,
    citation="Sel'kov, E. E. (1968). Self-oscillations in glycolysis 1. A simple kinetic model. Eur. J. Biochem. 4, 79-86.",
    description="Sel'kov's model of glycolytic oscillations (ADP and F6P); a limit cycle at these parameters.",
    jac=_Selkov_jac,
    chaotic=False,
)
def Selkov(t, X, p, out):
    x, y = X[0], X[1]
    a, b = p[0], p[1]
    sat = a + x * x
    out[0] = -x + sat * y
    out[1] = b - sat * y


def _Shinriki_jac(t, X, p, out):
    v1, v2 = X[0], X[1]
    R1 = p[0]
    dv = v1 - v2
    dd = 2.295e-5 * 3.0038 * (np.exp(3.0038 * dv) + np.exp(-3.0038 * dv)) + 1.0 / 14.5
    out[0, 0] = 100.0 * (1.0 / 6.9 - 1.0 / R1 - dd)
    out[0, 1] = 100.0 * dd
    out[0, 2] = 0.0
    out[1, 0] = 10.0 * dd
    out[1, 1] = -10.0 * dd
    out[1, 2] = -10.0
    out[2, 0] = 0.0
    out[2, 1] = 1.0 / 0.32
    out[2, 2] = -0.1 / 0.32


@flow(
    params={"R1": 22.0},
    ic=[-2.5276880728162405, -0.758521003615503, -0.22708654980805387],
    period=1.29048,
    dt=0.00025809600000000003,
    citation="Shinriki, M., Yamamoto, M. and Mori, S. (1981). Multimode oscillations in a modified van der Pol oscillator containing a positive nonlinear conductance. Proc. IEEE 69, 394-395.",
    description="Shinriki's negative-resistance circuit with an antiparallel diode pair (stiff); R1 controls the route to chaos.",
    jac=_Shinriki_jac,
    stiff=True,
)
def Shinriki(t, X, p, out):
    v1, v2, i3 = X[0], X[1], X[2]
    R1 = p[0]
    dv = v1 - v2
    diode = 2.295e-5 * (np.exp(3.0038 * dv) - np.exp(-3.0038 * dv)) + dv / 14.5
    out[0] = 100.0 * (v1 * (1.0 / 6.9 - 1.0 / R1) - diode)
    out[1] = 10.0 * (diode - i3)
    out[2] = (v2 - 0.1 * i3) / 0.32


def _SprottDissipativeConservative_jac(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0, 0] = a * y + z
    out[0, 1] = 1.0 + a * x
    out[0, 2] = x
    out[1, 0] = -4.0 * x
    out[1, 1] = b * z
    out[1, 2] = b * y
    out[2, 0] = c - 2.0 * x
    out[2, 1] = -2.0 * y
    out[2, 2] = 0.0


@flow(
    params={"a": 2.0, "b": 1.0, "c": 1.0},
    ic=[0.49595575309564843, 0.5788853557887557, 0.3397322808415577],
    period=2.50031,
    dt=0.000500062,
    citation="Sprott, J. C. (2014). A dynamical system with a strange attractor and invariant tori. Phys. Lett. A 378, 1361-1363.",
    description="Sprott's flow with coexisting conservative tori and a dissipative chaotic attractor.",
    jac=_SprottDissipativeConservative_jac,
)
def SprottDissipativeConservative(t, X, p, out):
    x, y, z = X[0], X[1], X[2]
    a, b, c = p[0], p[1], p[2]
    out[0] = y + a * x * y + x * z
    out[1] = 1.0 - 2.0 * x * x + b * y * z
    out[2] = c * x - x * x - y * y


def _StuartLandau_jac(t, X, p, out):
    x, y = X[0], X[1]
    b, mu, omega = p[0], p[1], p[2]
    r2 = x * x + y * y
    out[0, 0] = mu - r2 - 2.0 * x * x - 2.0 * b * x * y
    out[0, 1] = -2.0 * x * y - omega - b * r2 - 2.0 * b * y * y
    out[1, 0] = -2.0 * x * y + omega + b * r2 + 2.0 * b * x * x
    out[1, 1] = mu - r2 - 2.0 * y * y + 2.0 * b * x * y


@flow(
    params={"b": 1.0, "mu": 1.0, "omega": 1.0},
    ic=[1.0, 0.0],
    period=3.141592653589793,
    dt=0.0006283185307179586,
    citation="Landau, L. D. (1944). On the problem of turbulence. C. R. Acad. Sci. URSS 44, 311-314; Stuart, J. T. (1960). J. Fluid Mech. 9, 353-370.",
    description="Stuart-Landau oscillator, the normal form of a supercritical Hopf bifurcation with amplitude-dependent frequency.",
    jac=_StuartLandau_jac,
    chaotic=False,
)
def StuartLandau(t, X, p, out):
    x, y = X[0], X[1]
    b, mu, omega = p[0], p[1], p[2]
    r2 = x * x + y * y
    out[0] = x * (mu - r2) - (omega + b * r2) * y
    out[1] = y * (mu - r2) + (omega + b * r2) * x


def _SwiftHohenberg_ic(params):
    # The side L is fixed, so N sets the resolution: interpolate the stored stripes onto the new grid.
    n = size_param(params, "N", "SwiftHohenberg", minimum=5)
    m = int(round(np.sqrt(_FIELD_ICS["SwiftHohenberg"].size)))
    return _fourier_resample(_FIELD_ICS["SwiftHohenberg"].reshape(m, m), (n, n)).ravel()


def _SwiftHohenberg_jac(t, X, p, out):
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


@flow(
    params={"L": 40.0, "N": 32.0, "r": 0.3},
    ic=_FIELD_ICS["SwiftHohenberg"],
    period=float(_FIELD_ICS["SwiftHohenberg_period"]),
    dt=float(_FIELD_ICS["SwiftHohenberg_period"]) / 5000,
    citation="Swift, J. and Hohenberg, P. C. (1977). Hydrodynamic fluctuations at the convective instability. Phys. Rev. A 15, 319-328.",
    description="Swift-Hohenberg u_t = r u - (1 + lap)^2 u - u^3 on a periodic N x N grid of side L (default 32; 5-point Laplacian, 13-point biharmonic); relaxes to stripes.",
    jac=_SwiftHohenberg_jac,
    size_params=("N",),
    ic_for=_SwiftHohenberg_ic,
    ic_note="for N other than 32 (N >= 5): the stored 32 x 32 stripes Fourier-interpolated onto the N x N grid of the same side L",
    period_note=str(_FIELD_ICS["SwiftHohenberg_period_note"]),
    chaotic=False,
)
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


def _Ueda_jac(t, X, p, out):
    x, th = X[0], X[2]
    B, k = p[0], p[1]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -3.0 * x * x
    out[1, 1] = -k
    out[1, 2] = -B * np.sin(th)


@flow(
    params={"B": 12.0, "k": 0.1},
    ic=[2.6885640455195423, -2.1062661621319103, 2.842170943040401e-14],
    period=6.283185307179586,
    dt=0.0012566370614359172,
    citation="Ueda, Y. (1979). Randomly transitional phenomena in the system governed by Duffing's equation. J. Stat. Phys. 20, 181-196.",
    description="Ueda's forced cubic oscillator x'' + k x' + x^3 = B cos t, the broken-egg attractor (forcing phase as third variable).",
    jac=_Ueda_jac,
    unbounded=(2,),
    nonautonomous=True,
)
def Ueda(t, X, p, out):
    x, y, th = X[0], X[1], X[2]
    B, k = p[0], p[1]
    out[0] = y
    out[1] = B * np.cos(th) - k * y - x**3
    out[2] = 1.0


def _VanDerPol_jac(t, X, p, out):
    x, y = X[0], X[1]
    mu = p[0]
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -2.0 * mu * x * y - 1.0
    out[1, 1] = mu * (1.0 - x * x)


@flow(
    params={"mu": 1.0},
    ic=[2.0084831741598275, -0.023156880465644243],
    period=6.6632868593231,
    dt=0.00133265737186462,
    citation="van der Pol, B. (1926). On relaxation-oscillations. Phil. Mag. 2, 978-992.",
    description="Unforced Van der Pol relaxation oscillator.",
    jac=_VanDerPol_jac,
    chaotic=False,
)
def VanDerPol(t, X, p, out):
    x, y = X[0], X[1]
    mu = p[0]
    out[0] = y
    out[1] = mu * (1.0 - x * x) * y - x


# ---------------------------------------------------------------------------
# DynamicalSystems.jl's predefined flows that neither dysts nor tsdynamics has.
# Names are the constructors of PredefinedDynamicalSystems.jl in CamelCase.


def _StommelThermohaline_jac(t, X, p, out):
    T, S = X[0], X[1]
    eta3 = p[2]
    q = abs(T - S)
    s = 1.0 if T >= S else -1.0  # d|T - S| / dT; the flow is only Lipschitz on T = S
    out[0, 0] = -1.0 - q - s * T
    out[0, 1] = s * T
    out[1, 0] = -s * S
    out[1, 1] = -eta3 - q + s * S


# Initial condition: DynamicalSystems.jl's (0.3, 0.2), which relaxes to the thermally driven state.
@flow(
    params={"eta1": 3.0, "eta2": 1.0, "eta3": 0.3},
    ic=[0.3, 0.2],
    period=1.43026,
    dt=1.43026 / 5000,
    citation="Stommel, H. (1961). Thermohaline convection with two stable regimes of flow. Tellus 13, 224-230.",
    description="Stommel's two-box model of the Atlantic overturning in DynamicalSystems.jl's dimensionless form (temperature and salinity differences T, S, flow |T - S|); bistable, not chaotic: orbits settle on the thermally driven node (reached from the default ic) or the salinity driven focus.",
    jac=_StommelThermohaline_jac,
    chaotic=False,
    period_note="no oscillation: the slowest relaxation time, -1 / max Re(eigenvalue), of the thermally driven equilibrium",
)
def StommelThermohaline(t, X, p, out):
    T, S = X[0], X[1]
    eta1, eta2, eta3 = p[0], p[1], p[2]
    q = abs(T - S)
    out[0] = eta1 - T - q * T
    out[1] = eta2 - eta3 * S - q * S


def _MagneticPendulum_jac(t, X, p, out):
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


# Initial condition: DynamicalSystems.jl's release from rest at (sin, cos)(2 pi 0.12553), a swing
# that settles over magnet 2 at (1, 0).
@flow(
    params={
        "alpha": 0.2,
        "d": 0.3,
        # Strength and position of each magnet; DynamicalSystems.jl puts them on the unit
        # circle at angles 2 pi i / 3, i = 1, 2, 3.
        "gamma_0": 1.0,
        "gamma_1": 1.0,
        "gamma_2": 1.0,
        "magnet_x_0": -0.5,
        "magnet_x_1": -0.5,
        "magnet_x_2": 1.0,
        "magnet_y_0": 0.8660254037844386,
        "magnet_y_1": -0.8660254037844386,
        "magnet_y_2": 0.0,
        "omega": 0.5,
    },
    ic=[float(np.sin(0.12553 * 2 * np.pi)), float(np.cos(0.12553 * 2 * np.pi)), 0.0, 0.0],
    period=1.04791,
    dt=1.04791 / 5000,
    citation="Motter, A. E., Gruiz, M., Karolyi, G. and Tel, T. (2013). Doubly transient chaos: generic form of chaos in autonomous dissipative systems. Phys. Rev. Lett. 111, 194101; model as in DynamicalSystems.jl's magnetic_pendulum.",
    description="Damped pendulum bob (small-angle restoring force omega^2, friction alpha) swinging at height d over three magnets; not chaotic asymptotically: transient chaos, then it settles over one magnet, with fractal basins.",
    jac=_MagneticPendulum_jac,
    chaotic=False,
    array_params={"gamma": (3,), "magnet_x": (3,), "magnet_y": (3,)},
    period_note="no sustained oscillation: period of the slower small swing about the rest point over magnet 2, where the default ic settles",
)
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


def _ForcedPendulum_jac(t, X, p, out):
    th, phi = X[0], X[2]
    d, f = p[0], p[1]
    out[:, :] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -np.cos(th)
    out[1, 1] = -d
    out[1, 2] = -f * np.sin(phi)


# DynamicalSystems.jl's defaults (f = 27, omega = 2.2, d = 0.2) are those of its Duffing
# oscillator; we use Baker and Gollub's chaotic setting (damping 1/q = 0.5). Initial condition:
# 300 forcing periods from (0.2, 0, 0), angle wrapped to (-pi, pi], phase reset to 0.
@flow(
    params={"d": 0.5, "f": 1.5, "omega": 2.0 / 3.0},
    ic=[-0.25200580568741415, 2.2460157239435956, 0.0],
    period=3.0 * np.pi,
    dt=3.0 * np.pi / 5000,
    citation="Baker, G. L. and Gollub, J. P. (1996). Chaotic Dynamics: An Introduction, 2nd ed. Cambridge University Press (q = 2, g = 1.5, omega_D = 2/3).",
    description="Driven damped pendulum theta'' + d theta' + sin(theta) = f cos(phi), phi' = omega (forcing phase as third variable); chaotic at Baker and Gollub's setting, the angle drifts over many turns.",
    jac=_ForcedPendulum_jac,
    unbounded=(0, 2),
    nonautonomous=True,
    period_note="the forcing period 2 pi / omega",
)
def ForcedPendulum(t, X, p, out):
    th, v, phi = X[0], X[1], X[2]
    d, f, omega = p[0], p[1], p[2]
    out[0] = v
    out[1] = -d * v - np.sin(th) + f * np.cos(phi)
    out[2] = omega


def _Antidots_jac(t, X, p, out):
    x, y = X[0], X[1]
    B, c, d0 = p[0], p[1], p[2]
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
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = -uxx
    out[2, 1] = -uxy
    out[2, 3] = br
    out[3, 0] = -uxy
    out[3, 1] = -uyy
    out[3, 2] = -br


# Initial condition: DynamicalSystems.jl's start, the cell centre (0.5, 0.5) moving along the
# diagonal, at unit energy (speed sqrt(2)), where the potential and the field are normalised.
@flow(
    params={"B": 1.0, "c": 0.2, "d0": 0.5},
    ic=[0.5, 0.5, 1.0, 1.0],
    period=2.221441469079183,
    dt=2.221441469079183 / 5000,
    citation="Datseris, G., Geisel, T. and Fleischmann, R. (2019). Robustness of ballistic transport in antidot superlattices. New J. Phys. 21, 043051.",
    description="Electron in a square lattice (unit spacing) of smooth antidots U = ((d0/2 + c - r)/c)^4 under a perpendicular field B (cyclotron diameter 1/B at unit energy); a smoothed Sinai billiard, chaotic at unit energy.",
    jac=_Antidots_jac,
    unbounded=(0, 1),
    hamiltonian=True,
    period_note="the cyclotron period 2 pi / (2 sqrt(2) B) at unit energy",
)
def Antidots(t, X, p, out):
    x, y, vx, vy = X[0], X[1], X[2], X[3]
    B, c, d0 = p[0], p[1], p[2]
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
    out[0] = vx
    out[1] = vy
    out[2] = br * vy - ux
    out[3] = -br * vx - uy


def _RiddledBasins_jac(t, X, p, out):
    x, y, phi = X[0], X[1], X[4]
    f0, gamma, x0, xbar, y0 = p[0], p[1], p[3], p[4], p[5]
    out[:, :] = 0.0
    out[0, 2] = 1.0
    out[1, 3] = 1.0
    out[2, 0] = 4.0 - 12.0 * x * x
    out[2, 1] = -2.0 * y
    out[2, 2] = -gamma
    out[2, 4] = f0 * x0 * np.cos(phi)
    out[3, 0] = -2.0 * y
    out[3, 1] = -2.0 * (x + xbar)
    out[3, 3] = -gamma
    out[3, 4] = f0 * y0 * np.cos(phi)


# Initial condition: on the chaotic attractor in the invariant plane y = vy = 0, 500 forcing
# periods from x = 0.5 (DynamicalSystems.jl starts off the plane, at y = 0.6, to probe the basin).
@flow(
    params={"f0": 2.3, "gamma": 0.05, "omega": 3.5, "x0": 1.0, "xbar": 1.9, "y0": 0.0},
    ic=[0.1260492302347581, 0.0, -3.835652098884738, 0.0, 0.0],
    period=2.0 * np.pi / 3.5,
    dt=2.0 * np.pi / 3.5 / 5000,
    citation="Ott, E., Alexander, J. C., Kan, I., Sommerer, J. C. and Yorke, J. A. (1994). The transition to chaotic attractors with riddled basins. Physica D 76, 384-410.",
    description="Forced damped particle in the potential (1 - x^2)^2 + (x + xbar) y^2 (forcing phase as fifth variable); its chaotic attractor lies in the invariant plane y = vy = 0 and has a riddled basin (nearby orbits may escape in y).",
    jac=_RiddledBasins_jac,
    unbounded=(4,),
    nonautonomous=True,
    period_note="the forcing period 2 pi / omega",
)
def RiddledBasins(t, X, p, out):
    x, y, vx, vy, phi = X[0], X[1], X[2], X[3], X[4]
    f0, gamma, omega, x0, xbar, y0 = p[0], p[1], p[2], p[3], p[4], p[5]
    force = f0 * np.sin(phi)
    out[0] = vx
    out[1] = vy
    out[2] = -gamma * vx + 4.0 * x * (1.0 - x * x) - y * y + force * x0
    out[3] = -gamma * vy - 2.0 * y * (x + xbar) + force * y0
    out[4] = omega


def _HindmarshRoseTwoCoupled_jac(t, X, p, out):
    x1, x2 = X[0], X[3]
    a, b, d, k1, k2, k_el, r, s = p[1], p[2], p[4], p[5], p[6], p[7], p[8], p[9]
    xv = p[11]
    g1 = 1.0 / (1.0 + np.exp(-10.0 * (x1 + 0.25)))
    g2 = 1.0 / (1.0 + np.exp(-10.0 * (x2 + 0.25)))
    out[:, :] = 0.0
    out[0, 0] = 2.0 * b * x1 - 3.0 * a * x1 * x1 - k1 * g2 - k_el
    out[0, 1] = 1.0
    out[0, 2] = -1.0
    out[0, 3] = -k1 * (x1 - xv) * 10.0 * g2 * (1.0 - g2) + k_el
    out[1, 0] = -2.0 * d * x1
    out[1, 1] = -1.0
    out[2, 0] = r * s
    out[2, 2] = -r
    out[3, 3] = 2.0 * b * x2 - 3.0 * a * x2 * x2 - k2 * g1 - k_el
    out[3, 4] = 1.0
    out[3, 5] = -1.0
    out[3, 0] = -k2 * (x2 - xv) * 10.0 * g1 * (1.0 - g1) + k_el
    out[4, 3] = -2.0 * d * x2
    out[4, 4] = -1.0
    out[5, 3] = r * s
    out[5, 5] = -r


# Initial condition: t = 30000 from DynamicalSystems.jl's (0.1, 0.2, ..., 0.6).
@flow(
    params={
        "I": 4.0,
        "a": 1.0,
        "b": 3.0,
        "c": 1.0,
        "d": 5.0,
        "k1": -0.17,
        "k2": -0.17,
        "k_el": 0.0,
        "r": 0.001,
        "s": 4.0,
        "xr": -1.6,
        "xv": 2.0,
    },
    ic=[
        -1.4130927669790951,
        -9.114322300597644,
        3.6856319440599328,
        -0.7698444330546441,
        -2.4336935860728537,
        3.7298376991729305,
    ],
    period=17.3216,
    dt=17.3216 / 5000,
    citation="Mishra, A., Saha, S., Vigneshwaran, M., Pal, P., Kapitaniak, T. and Dana, S. K. (2018). Dragon-king-like extreme events in coupled bursting neurons. Phys. Rev. E 97, 062311.",
    description="Two Hindmarsh-Rose bursting neurons coupled by sigmoidal chemical synapses (strengths k1, k2, reversal potential xv) and a gap junction k_el; irregular bursting with rare extreme events.",
    jac=_HindmarshRoseTwoCoupled_jac,
    period_note="mean spacing of the spikes (x1 maxima above 1); bursts are separated by quiet spells",
)
def HindmarshRoseTwoCoupled(t, X, p, out):
    x1, y1, z1, x2, y2, z2 = X[0], X[1], X[2], X[3], X[4], X[5]
    I = p[0]
    a = p[1]
    b = p[2]
    c = p[3]
    d = p[4]
    k1 = p[5]
    k2 = p[6]
    k_el = p[7]
    r = p[8]
    s = p[9]
    xr = p[10]
    xv = p[11]
    # Mishra et al.'s sigmoidal chemical synapse: slope 10, threshold -0.25.
    g1 = 1.0 / (1.0 + np.exp(-10.0 * (x1 + 0.25)))
    g2 = 1.0 / (1.0 + np.exp(-10.0 * (x2 + 0.25)))
    out[0] = y1 + b * x1 * x1 - a * x1**3 - z1 + I - k1 * (x1 - xv) * g2 + k_el * (x2 - x1)
    out[1] = c - d * x1 * x1 - y1
    out[2] = r * (s * (x1 - xr) - z1)
    out[3] = y2 + b * x2 * x2 - a * x2**3 - z2 + I - k2 * (x2 - xv) * g1 + k_el * (x1 - x2)
    out[4] = c - d * x2 * x2 - y2
    out[5] = r * (s * (x2 - xr) - z2)


_STEFAN_BOLTZMANN = 5.67e-8  # W m^-2 K^-4, the value Watson and Lovelock used


def _Daisyworld_jac(t, X, p, out):
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


# DynamicalSystems.jl's daisyworld keeps the local temperatures near absolute zero whatever
# the albedo, so nothing grows there; this is Watson and Lovelock's model with their constants.
# Initial condition: DynamicalSystems.jl's seed cover of 1 % of each kind.
@flow(
    params={
        "A_b": 0.25,
        "A_g": 0.5,
        "A_w": 0.75,
        "L": 1.0,
        "S": 917.0,
        "T_opt": 22.5,
        "delta": 17.5,
        "gamma": 0.3,
        "q": 2.06e9,
    },
    ic=[0.01, 0.01],
    period=4.34288,
    dt=4.34288 / 5000,
    citation="Watson, A. J. and Lovelock, J. E. (1983). Biological homeostasis of the global environment: the parable of Daisyworld. Tellus B 35, 284-289.",
    description="Daisyworld: areas of white and black daisies whose growth peaks at T_opt and whose albedo sets the planet's temperature under luminosity L; not chaotic, it settles on an equilibrium that regulates the temperature.",
    jac=_Daisyworld_jac,
    chaotic=False,
    period_note="no oscillation: the slowest relaxation time, -1 / max Re(eigenvalue), of the equilibrium the default ic reaches",
)
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


def _MultispeciesCompetition_jac(t, X, p, out):
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


@flow(
    params={
        "D": 0.25,
        **{f"K_{k}": float(v) for k, v in enumerate(_HW_K.ravel())},
        "S": 10.0,
        **{f"c_{k}": float(v) for k, v in enumerate(_HW_C.ravel())},
        "m": 0.25,
        "r": 1.0,
    },
    ic=[
        28.046040242276263,
        8.028887613540877e-31,
        3.2387979576747175e-150,
        28.681699969637933,
        14.152820001778663,
        0.10733995440308654,
        1.4966619784528457,
        0.0437739816669211,
    ],
    period=16.1725,
    dt=16.1725 / 5000,
    citation="Huisman, J. and Weissing, F. J. (2001). Fundamental unpredictability in multispecies competition. Am. Nat. 157, 488-494.",
    description="Five phytoplankton species competing for three resources in a chemostat (Monod growth limited by the scarcest resource); which species survive depends sensitively on the initial densities (fractal basin boundaries); from the authors' start species 2 and 3 die out and 1, 4, 5 settle on a limit cycle (the default ic); not chaotic there.",
    jac=_MultispeciesCompetition_jac,
    chaotic=False,
    array_params={"K": (3, 5), "c": (3, 5)},
    period_note="dominant period of the three survivors' oscillation (t > 2000)",
    # Scarce resources make it stiff (rates near -35): RK4 at period / 200 settles on a
    # spurious equilibrium, so compute_invariants takes this step for the Lyapunov spectrum.
    lyapunov_dt=0.005,
)
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


def _TristablePredatorPrey_jac(t, X, p, out):
    x, y = X[0], X[1]
    A, B, C, D, E = p[0], p[1], p[2], p[3], p[4]
    den = A * x * x + B * x + 1.0
    s = x * x / den
    ds = x * (B * x + 2.0) / (den * den)
    out[0, 0] = -3.0 * x * x + 2.0 * (1.0 + E) * x - E - ds * y
    out[0, 1] = -s
    out[1, 0] = C * ds * y
    out[1, 1] = C * s - D


# DynamicalSystems.jl starts at (0.5, 0.5), which goes extinct; our initial condition is on
# the limit cycle, its prey maximum (t = 5000 from (0.68, 0.025), near the focus).
@flow(
    params={"A": 2.06, "B": -2.6, "C": 0.4, "D": 1.0, "E": 0.4},
    ic=[0.7850513132043994, 0.024090197599688355],
    period=21.7399,
    dt=21.7399 / 5000,
    citation="Zeng, Y. and Yu, P. (2024). Multistable states in a predator-prey model with generalized Holling type III functional response and a strong Allee effect. Commun. Nonlinear Sci. Numer. Simul. 131, 107846.",
    description="Prey with a strong Allee effect (threshold E) and a predator with a generalized Holling III response x^2 / (A x^2 + B x + 1); tristable, not chaotic: extinction, prey alone at capacity, or a predator-prey limit cycle around an unstable focus.",
    jac=_TristablePredatorPrey_jac,
    chaotic=False,
    period_note="period of the limit cycle",
)
def TristablePredatorPrey(t, X, p, out):
    x, y = X[0], X[1]
    A, B, C, D, E = p[0], p[1], p[2], p[3], p[4]
    s = x * x / (A * x * x + B * x + 1.0)
    out[0] = x * (1.0 - x) * (x - E) - s * y
    out[1] = y * (C * s - D)
