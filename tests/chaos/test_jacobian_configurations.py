"""tools/jacobian_configurations.py fits the local Jacobians in several configurations."""

import pytest


@pytest.mark.slow
def test_henon_configurations(repo_script):
    tool = repo_script("tools/jacobian_configurations.py")
    name, ref, values = tool.configurations("Henon", (0, 1))
    # a map's series: step 1 only; m + 0 and m + 1 coordinates, 2 and 4 neighbours a coordinate
    assert name == "Henon" and sorted(values) == [(0, 1.0, 2), (0, 1.0, 4), (1, 1.0, 2), (1, 1.0, 4)]
    # Henon's lambda1 = 0.42 per iteration (Sprott 2003), within 5 % at FNN's m = 2
    assert ref == pytest.approx(0.4192, rel=0.01)
    assert values[0, 1.0, 2] == pytest.approx(0.4192, rel=0.05)
