"""A right-hand side that turns NaN stops the adaptive solvers with an error instead of a silent hang.

A NaN derivative at the start made the first step NaN; no NaN step is ever
accepted nor judged too small, so the Dormand-Prince loops never ended. Each
check runs in a fresh interpreter with a timeout, so a regression fails
instead of hanging the suite (generous: a cold numba cache compiles first).
"""

import os
import subprocess
import sys
import textwrap

import numpy as np

from tsdyn.systems import _integrate as I

TIMEOUT_S = 400


def sqrt_decay(t, y, p, out):
    # NaN for y < 0: a start at y = -1 lies outside the domain.
    out[0] = -np.sqrt(y[0])


def nan_after_one(t, y, p, out):
    # A right-hand side that turns NaN at t = 1 and stays so: no step past t = 1 can be accepted.
    out[0] = -y[0] if t <= 1.0 else np.nan


def sqrt_delayed(t, y, yd, p, out):
    out[0] = -np.sqrt(y[0]) - yd[0]


def _run(script: str) -> list[str]:
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), os.getcwd()) if p)
    code = textwrap.dedent(script)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def test_nan_derivative_at_start_and_mid_run_stop_every_adaptive_solver():
    lines = _run(
        """
        import numpy as np
        from tsdyn.systems import _integrate as I
        from tests.systems.test_nonfinite_rhs import nan_after_one, sqrt_decay, sqrt_delayed

        ts = np.array([0.0, 0.5, 2.0])
        for method in (I.DOPRI5, I.DOP853):
            for rhs, y0 in ((sqrt_decay, -1.0), (nan_after_one, 1.0)):
                out, status, info = I.solve_rk(
                    I.compile_rhs(rhs), np.full((1, 1), y0), np.zeros((1, 0)), ts, t0=0.0, method=method
                )
                print(int(status[0]), repr(float(info[0, 3])), repr(float(out[0, 1, 0])))
        out, status, info = I.solve_dde(
            I.compile_rhs(sqrt_delayed, "delay"), np.full((1, 1), -1.0), np.zeros((1, 0)), ts, tau=1.0
        )
        print(int(status[0]), repr(float(info[0, 3])), repr(float(out[0, 1, 0])))
        """
    )
    rows = [line.split() for line in lines]
    assert len(rows) == 5
    for code, t, x in rows[:4:2] + rows[4:]:
        # NaN at the start: stopped there, nothing past the start written.
        assert (int(code), float(t)) == (I.NONFINITE_START, 0.0) and np.isnan(float(x))
    for code, t, x in rows[1:4:2]:
        # NaN from t = 1 on: the steps shrink onto t = 1, then stop; the sample at 0.5 is exp(-0.5).
        assert int(code) == I.NONFINITE and 1.0 - 1e-9 < float(t) <= 1.0
        assert abs(float(x) - np.exp(-0.5)) < 1e-6


def test_integrate_from_a_nan_start_raises_integration_error():
    lines = _run(
        """
        import tsdyn.systems as ts
        from tsdyn.errors import IntegrationError
        from tests.systems.test_nonfinite_rhs import sqrt_decay

        s = ts.define(sqrt_decay, params={}, ic=[-1.0], name="SqrtDecay")
        for method in ("auto", "dop853", "dopri5"):
            try:
                s.integrate(n=5, dt=0.1, method=method)
            except IntegrationError as err:
                print(err)
        # The CaTwoPlus case that hung: z**n with a non-integer Hill exponent is NaN for z < 0.
        try:
            ts.get("CaTwoPlus", n=4.1).integrate(n=5, dt=0.1, ic=[-0.5, 0.5, 0.5])
        except IntegrationError as err:
            print(err)
        """
    )
    assert len(lines) == 4
    for line in lines:
        assert "not finite (NaN or inf) at the start t=0" in line
    assert lines[0].startswith("SqrtDecay (dop853)") and lines[2].startswith("SqrtDecay (dopri5)")
    assert lines[3].startswith("CaTwoPlus")
