"""The generated solver kernels (tsdyn/systems/_rk_kernels.py) are in sync with their generator."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np

from tsdyn.systems import _tableaus as tab

ROOT = Path(__file__).resolve().parents[2]


def test_generated_file_is_in_sync(tmp_path):
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_rk_kernels.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    fresh = tmp_path / "_rk_kernels.py"
    fresh.write_text(gen.build())
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(fresh)], check=True)
    assert fresh.read_text() == (ROOT / "tsdyn" / "systems" / "_rk_kernels.py").read_text(), (
        "regenerate with: python tools/gen_rk_kernels.py"
    )


def test_tableaus_are_consistent():
    # Row sums equal the nodes, and the weights sum to one (order conditions of order 1).
    for A, C, B in (
        (tab.DP5_A, tab.DP5_C, tab.DP5_B),
        (tab.DOP853_A[:12, :12], tab.DOP853_C[:12], tab.DOP853_B),
    ):
        np.testing.assert_allclose(A.sum(axis=1), C[: A.shape[0]], atol=1e-14)
        assert abs(B.sum() - 1) < 1e-14
    # Order conditions b.c^k = 1/(k+1) up to the pair's order.
    for B, C, order in ((tab.DP5_B, tab.DP5_C, 5), (tab.DOP853_B, tab.DOP853_C[:12], 8)):
        for k in range(order):
            assert abs(B @ C[: B.size] ** k - 1 / (k + 1)) < 1e-13
