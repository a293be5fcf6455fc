"""The catalog's delay differential equations: dysts 0.96's six, under the same names.

Each is ``rhs(t, y, y_delayed, p, out)`` with ``y_delayed`` the state at
``t - tau``, registered with :func:`tsdyn.systems.base.delay`. As in dysts the
delay time is the parameter ``tau`` (``extra["delay_param"]`` says so, so an
override of ``tau`` moves the delay too) and the state is one-dimensional; the
initial condition is the constant history dysts uses (the first entry of its
stored initial condition, which holds ten values for its delay embedding).

>>> import numpy as np
>>> from tsdyn.systems.catalog import delay
>>> from tsdyn.systems.base import registry
>>> spec = registry()["MackeyGlass"]
>>> out = np.empty(1)
>>> spec.func(0.0, np.array([1.0]), np.array([1.0]), np.array(list(spec.params.values())), out)
>>> round(float(out[0]), 12)
0.0
"""

import numpy as np

from tsdyn.systems.base import delay


@delay(
    params={"c": 1.0, "mu": -20.0, "tau": 2.0, "x0": 0.0},
    ic=[0.024144317],
    delay=2.0,
    period=3.486528,
    dt=0.00029831999999998973,
    citation="Ikeda, K. and Matsumoto, K. (1987). High-dimensional chaotic behavior in systems with time-delayed feedback. Physica D 29, 223-235.",
    description="Ikeda delay equation for a passive optical resonator with delayed sinusoidal feedback.",
    delay_param="tau",
)
def IkedaDelay(t, y, y_delayed, p, out):
    c, mu, x0 = p[0], p[1], p[3]
    out[0] = mu * np.sin(y_delayed[0] - x0) - c * y[0]


delay(
    name="SprottDelay",
    params={"c": 0.0, "mu": 1.0, "tau": 5.1, "x0": 0.0},
    ic=[9.30770542],
    delay=5.1,
    period=20.15628,
    dt=0.0028125,
    citation="Sprott, J. C. (2007). A simple chaotic delay differential equation. Phys. Lett. A 366, 397-402.",
    description="Sprott's simplest chaotic delay equation, dx/dt = sin(x(t - tau)) (the Ikeda form without damping).",
    delay_param="tau",
)(IkedaDelay)


@delay(
    params={"beta": 0.2, "gamma": 0.1, "n": 10.0, "tau": 16.0},
    ic=[0.83347846],
    delay=16.0,
    period=5.9612230962292045,
    dt=0.0012027363718948435,
    citation="Mackey, M. C. and Glass, L. (1977). Oscillation and chaos in physiological control systems. Science 197, 287-289.",
    description="Mackey-Glass equation for blood-cell production with delayed, saturating feedback.",
    delay_param="tau",
)
def MackeyGlass(t, y, y_delayed, p, out):
    beta, gamma, n = p[0], p[1], p[2]
    xd = y_delayed[0]
    out[0] = beta * xd / (1.0 + xd**n) - gamma * y[0]


@delay(
    params={"alpha": 1.0, "beta": 1.0, "c": 2.24, "tau": 4.9},
    ic=[-0.37155972],
    delay=4.9,
    period=52.99484890125133,
    dt=0.01059473019233792,
    citation="Tamasevicius, A., Mykolaitis, G. and Bumeliene, S. (2006). Electron. Lett. 42(13).",
    description="Electronic delayed-feedback oscillator with a cubic (piecewise-realised) nonlinearity.",
    delay_param="tau",
)
def PiecewiseCircuit(t, y, y_delayed, p, out):
    alpha, beta, c = p[0], p[1], p[2]
    u = y_delayed[0] / c
    out[0] = beta * (3.0 * u - u**3) - alpha * y_delayed[0]


@delay(
    params={"alpha": 0.2, "beta": 0.2, "tau": 10.0},
    ic=[-0.70009241],
    delay=10.0,
    period=152.40701151828662,
    dt=0.030694772119777555,
    citation="Driver, R. D. (1977). Ordinary and Delay Differential Equations. Springer, New York.",
    description="Delay equation with a steep tanh feedback that produces a scroll-like attractor in delay coordinates.",
    delay_param="tau",
)
def ScrollDelay(t, y, y_delayed, p, out):
    alpha, beta = p[0], p[1]
    xd = y_delayed[0]
    out[0] = beta * np.tanh(10.0 * xd) - alpha * xd


@delay(
    params={"alpha": 3.24, "tau": 13.28},
    ic=[0.24640194],
    delay=13.28,
    period=10.0,
    dt=0.0053123603161361645,
    citation="Voss, H. U. (2002). Real-time anticipation of chaotic states of an electronic circuit. Int. J. Bifurcation Chaos 12, 1619-1625.",
    description="Electronic circuit with delayed cubic-polynomial feedback used in anticipating-synchronisation experiments.",
    delay_param="tau",
)
def VossDelay(t, y, y_delayed, p, out):
    alpha = p[0]
    xd = y_delayed[0]
    out[0] = ((-10.44 * xd - 13.95) * xd - 3.63) * xd + 0.85 - alpha * y[0]
