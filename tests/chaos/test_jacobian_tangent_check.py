"""tools/jacobian_tangent_check.py: the tangent maps and the QR chain it compares the fits with."""

import numpy as np
import pytest
from scipy.linalg import expm


@pytest.fixture(scope="module")
def check(repo_script):
    return repo_script("tools/jacobian_tangent_check.py")


class _Linear:
    """y' = A y: its tangent map over dt is expm(A dt) wherever the orbit is."""

    a = np.array([[0.3, 1.0], [-1.0, -0.5]])

    def rhs(self, y):
        return self.a @ y

    def jac(self, y):
        return self.a


def test_tangent_maps_of_a_linear_flow(check):
    states = np.random.default_rng(0).standard_normal((5, 2))
    maps = check.tangent_maps(_Linear(), states, 0.01)
    assert maps.shape == (4, 2, 2)
    np.testing.assert_allclose(maps, np.broadcast_to(expm(_Linear.a * 0.01), (4, 2, 2)), atol=1e-12)


def test_chain_grows_by_the_leading_factor(check):
    # diag(2, 0.5) on every step: each start offset's vector grows by ln 2 a step
    jac = np.broadcast_to(np.diag([2.0, 0.5]), (30, 2, 2))
    vectors, logs = check.chain(jac, 3)
    assert logs.shape == (30,)
    np.testing.assert_allclose(logs, np.log(2.0))
    np.testing.assert_allclose(np.abs(vectors[:, 0]), 1.0)
