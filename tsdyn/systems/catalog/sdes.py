"""The catalog's stochastic differential equations (tsdynamics's three, same names and values).

Each SDE is ``dX = f(t, X) dt + g(t, X) dW`` with independent Wiener
increments per component: the drift, a function of the named state and
parameters, and the diagonal diffusion ``<name>_noise`` of the same arguments
(one amplitude per component), compiled to ``rhs(t, X, p, out)`` and
``noise(t, X, p, out)`` by tools/gen_catalog.py. The row's ``noise_type`` says whether the
diffusion depends on the state ("multiplicative") or not ("additive"), which
decides the strong order an Euler-Maruyama or Milstein scheme reaches. The
equations are read in the Ito sense.

>>> from tsdyn.systems.catalog import sdes
>>> sdes.OrnsteinUhlenbeck(2.0, mu=0.0, theta=1.0), sdes.OrnsteinUhlenbeck_noise(2.0, sigma=0.3)
((-2.0,), (0.3,))
"""


def DoubleWell(x, *, a, b):
    return (a * x - b * x**3,)


def DoubleWell_noise(x, *, sigma):
    return (sigma,)


def GeometricBrownianMotion(x, *, mu):
    return (mu * x,)


def GeometricBrownianMotion_noise(x, *, sigma):
    return (sigma * x,)


def OrnsteinUhlenbeck(x, *, mu, theta):
    return (theta * (mu - x),)


def OrnsteinUhlenbeck_noise(x, *, sigma):
    return (sigma,)
