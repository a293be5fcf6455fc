"""The catalog's delay differential equations: dysts 0.96's six, under the same names.

Each is a function of the state and the delayed state (the state at
``t - delay_time``), then the parameters by name, returning the derivative;
tools/gen_catalog.py compiles it to ``rhs(t, X, X_delayed, p, out)``. The delay
time is the parameter ``delay_time`` (dysts's ``tau``, renamed so it cannot be
taken for an embedding delay; the row's ``delay_param`` says so, so an override
of ``delay_time`` moves the delay too) and the state is one-dimensional; the
initial condition is the constant history dysts uses (the first entry of its
stored initial condition, which holds ten values for its delay embedding).

>>> from tsdyn.systems.catalog import delay
>>> delay.MackeyGlass(1.0, 1.0, beta=0.2, gamma=0.1, n=10.0)
(0.0,)
"""

import numpy as np


def IkedaDelay(x, xd, *, c, mu, x0):
    return (mu * np.sin(xd - x0) - c * x,)


def MackeyGlass(x, xd, *, beta, gamma, n):
    return (beta * xd / (1.0 + xd**n) - gamma * x,)


def PiecewiseCircuit(x, xd, *, alpha, beta, c):
    u = xd / c
    return (beta * (3.0 * u - u**3) - alpha * xd,)


def ScrollDelay(x, xd, *, alpha, beta):
    return (beta * np.tanh(10.0 * xd) - alpha * xd,)


def VossDelay(x, xd, *, alpha):
    return (((-10.44 * xd - 13.95) * xd - 3.63) * xd + 0.85 - alpha * x,)
