"""tools/check_lyapunov_step.py: a stored exponent at the stored RK4 step and at a quarter of it."""

import math


def test_jerk_circuit_no_longer_depends_on_the_step(repo_script, capsys):
    tool = repo_script("tools/check_lyapunov_step.py")
    lam, err, step, ((a, ea), (b, eb)) = tool.check("JerkCircuit")
    # its step is capped (lyapunov_dt 0.012): the two runs agree, and with the stored 0.0749 (at the
    # uncapped period / 200 they gave 0.093 +- 0.002 and 0.072 +- 0.004)
    assert step == 0.012 and abs(a - b) < 3 * math.hypot(ea, eb)
    assert abs(a - lam) < 3 * math.hypot(ea, err) and abs(b - lam) < 3 * math.hypot(eb, err)
    assert tool.check("Henon") is None  # a map has no RK4 step
    tool.main(["--jobs", "1", "JerkCircuit"])
    assert "errors apart" in capsys.readouterr().out
