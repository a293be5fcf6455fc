"""tools/validate_chaos.py's record_exponent: the finite-time lambda1 of the record's own orbit."""

import pytest


@pytest.fixture(scope="module")
def validate(repo_script):
    return repo_script("tools/validate_chaos.py")


@pytest.mark.slow  # ~330 tangent runs (10 s on a loaded 2-core machine)
def test_henon_record_converges_to_the_literature(validate):
    # Henon's lambda1 is 0.4192 per iteration (Sprott 2003); a 4000-iteration record's own
    # finite-time value scatters by ~1.4 % around it (tools/lyapunov_spread.py: 0.9 % at 10 000),
    # so 5 % is over three spreads
    assert validate.record_exponent("Henon", 4000, None) == pytest.approx(0.4192, rel=0.05)


def test_pieces_add_up_to_one_run_along_the_orbit(validate):
    # Lorenz over 600 samples (9 time units, 8 Lyapunov times): cut into pieces of 2 Lyapunov
    # times, each aligned afresh, or measured in one piece, the record's growth is the same
    # (the aligned vector is the one carried along); the record's own value is no long-run mean
    period = validate._reference("Lorenz")["dominant_period"]
    pieces = validate.record_exponent("Lorenz", 600, period, align=4.0, piece=2.0)
    whole = validate.record_exponent("Lorenz", 600, period, align=4.0, piece=1e9)
    assert pieces == pytest.approx(whole, rel=0.02)


@pytest.mark.slow  # ~70 pairs of delay runs (~3 s)
def test_delay_record_follows_its_history_and_converges(validate):
    # IkedaDelay (lambda1 0.450, Lyapunov time 2.2 = 1.1 delays): a 4000-sample record spans 139
    # time units, 62 Lyapunov times; each piece restarts from the record's own history (the orbit
    # integrated again at 256 points per delay). Its own value, 0.427, scatters around the
    # reference by the finite-time spread (10 000 samples: 0.449)
    period = validate._reference("IkedaDelay")["dominant_period"]
    own = validate.record_exponent("IkedaDelay", 4000, period)
    assert own == pytest.approx(validate._reference("IkedaDelay")["lyapunov_max"], rel=0.1)


def test_delay_pieces_add_up_to_one_run_along_the_orbit(validate):
    # IkedaDelay over 1500 samples (26 delays): pieces of 2 or of 5 Lyapunov times, the aligned
    # difference carried from one to the next, give the same growth (each restarts on the record)
    period = validate._reference("IkedaDelay")["dominant_period"]
    short = validate.record_exponent("IkedaDelay", 1500, period)
    longer = validate.record_exponent("IkedaDelay", 1500, period, piece=5.0)
    assert short == pytest.approx(longer, rel=0.02)
