"""tools/check_catalog_ics.py: the settled catalog ics lie on their attractors, the old ones did not."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.systems import _invariants


@pytest.fixture(scope="module")
def check(repo_script):
    return repo_script("tools/check_catalog_ics.py")


@pytest.mark.parametrize("name", ["Coullet", "Rulkov"])
def test_settled_ic_is_reproduced_and_on_the_attractor(check, name):
    assert set(check.SETTLED) == {"Coullet", "Rulkov"}  # a new entry gets its own case here
    how, system = check.SETTLED[name], ts.get(name)
    # the stored ic is the state the tool's recipe reaches from the old one
    np.testing.assert_allclose(check.settle(name, how["from"], how["t"]), system.ic, rtol=1e-6, atol=1e-8)
    period = _invariants.load()["systems"][name].get("dominant_period")
    unbounded = system.spec.unbounded
    new_record, new_late = check.distances(check.windows(name, 10_000, period), unbounded)
    old_record, old_late = check.distances(check.windows(name, 10_000, period, ic=how["from"]), unbounded)
    # the old ic's record differs from the attractor's later windows beyond their own scatter ...
    assert check.off_statistics(old_record, old_late)
    # ... the new one's does not
    assert not check.off_statistics(new_record, new_late)


def test_all_checks_every_deterministic_system_beyond_the_scored_ones(check):
    every, scored = check.checked(True), check.checked(False)
    assert set(scored) < set(every)
    assert set(every) == set(ts.list(kind="flow")) | set(ts.list(kind="map")) | set(ts.list(kind="delay"))
    assert not set(every) & set(ts.list(kind="sde"))  # noise-driven: no attractor state to check
