"""The catalog's stochastic differential equations (tsdynamics's three, same names and values).

Each SDE is ``dX = f(t, X) dt + g(t, X) dW`` with independent Wiener
increments per component: the drift ``rhs(t, y, p, out)`` and the diagonal
diffusion ``noise(t, y, p, out)`` (one amplitude per component), registered
with :func:`tsdyn.systems.base.sde`. ``extra["noise_type"]`` says whether the
diffusion depends on the state ("multiplicative") or not ("additive"), which
decides the strong order an Euler-Maruyama or Milstein scheme reaches. The
equations are read in the Ito sense.

>>> import numpy as np
>>> from tsdyn.systems.catalog import sdes
>>> from tsdyn.systems.base import registry
>>> spec = registry()["OrnsteinUhlenbeck"]
>>> drift, amp = np.empty(1), np.empty(1)
>>> p = np.array(list(spec.params.values()))
>>> spec.func(0.0, np.array([2.0]), p, drift)
>>> spec.noise(0.0, np.array([2.0]), p, amp)
>>> drift.tolist(), amp.tolist()
([-2.0], [0.3])
"""

from tsdyn.systems.base import sde


def _double_well_noise(t, y, p, out):
    out[0] = p[2]


@sde(
    params={"a": 1.0, "b": 1.0, "sigma": 0.5},
    ic=[-1.0],
    noise=_double_well_noise,
    dt=0.01,
    citation="Kramers, H. A. (1940). Brownian motion in a field of force and the diffusion model of chemical reactions. Physica 7, 284-304.",
    description="Overdamped particle in the double-well potential -a x^2/2 + b x^4/4 with additive noise; noise-induced hopping between wells.",
    noise_type="additive",
)
def DoubleWell(t, y, p, out):
    a, b = p[0], p[1]
    out[0] = a * y[0] - b * y[0] ** 3


def _gbm_noise(t, y, p, out):
    out[0] = p[1] * y[0]


@sde(
    params={"mu": 0.1, "sigma": 0.3},
    ic=[1.0],
    noise=_gbm_noise,
    dt=0.01,
    citation="Osborne, M. F. M. (1959). Brownian motion in the stock market. Oper. Res. 7, 145-173.",
    description="Geometric Brownian motion: exponential growth with multiplicative noise, the standard stock-price model.",
    noise_type="multiplicative",
)
def GeometricBrownianMotion(t, y, p, out):
    out[0] = p[0] * y[0]


def _ou_noise(t, y, p, out):
    out[0] = p[1]


@sde(
    params={"mu": 0.0, "sigma": 0.3, "theta": 1.0},
    ic=[2.0],
    noise=_ou_noise,
    dt=0.01,
    citation="Uhlenbeck, G. E. and Ornstein, L. S. (1930). On the theory of the Brownian motion. Phys. Rev. 36, 823-841.",
    description="Ornstein-Uhlenbeck process: linear mean reversion at rate theta towards mu with additive noise.",
    noise_type="additive",
)
def OrnsteinUhlenbeck(t, y, p, out):
    mu, theta = p[0], p[2]
    out[0] = theta * (mu - y[0])
