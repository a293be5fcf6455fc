"""tools/validate_chaos.py runs end to end on two systems and writes its page."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("validate_chaos", ROOT / "tools" / "validate_chaos.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_selection_scores_chaotic_dissipative_systems_with_a_precise_reference(tool):
    scored, left = tool.selection()
    assert {"Lorenz", "Henon", "Rossler"} <= set(scored)
    assert not set(scored) & set(left)
    # the stochastic systems and the conservative ones are left out with a reason
    assert any("stochastic" in why for why in left.values())
    assert any("conservative" in why for why in left.values())


@pytest.mark.slow
def test_two_systems_end_to_end(tool, tmp_path):
    doc = tmp_path / "page.md"
    args = ["--systems", "Henon", "Logistic", "--n", "2000", "--cache", str(tmp_path / "c")]
    assert tool.main([*args, "--write-doc", "--doc", str(doc)]) == 0
    text = doc.read_text()
    assert "| Henon | map |" in text and "| Logistic | map |" in text
    cached = {p.name: json.loads(p.read_text()) for p in (tmp_path / "c").iterdir()}
    henon = cached["Henon-n2000-c4000-noise0.json"]
    # an independent reference: Henon's lambda1 = 0.42 per iteration, D2 = 1.22
    assert henon["lambda_est"] == pytest.approx(henon["lambda_ref"], rel=0.15)
    assert tool.hits(henon, 0.15) == {"lambda": True, "d2": True, "k": True, "label": True}
    # a rerun reads the cache instead of measuring again
    before = (tmp_path / "c" / "Henon-n2000-c4000-noise0.json").stat().st_mtime_ns
    assert tool.main(args) == 0
    assert (tmp_path / "c" / "Henon-n2000-c4000-noise0.json").stat().st_mtime_ns == before
