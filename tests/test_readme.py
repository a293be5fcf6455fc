"""The README's tour, run as a script: it prints its results, and they are the ones the README states."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def tour() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1, "the README has one Python block: the tour"
    return blocks[0]


def test_the_tour_prints_what_it_computes():
    code = tour()
    # every result line is a print: a user who saves the tour as a script sees each number
    statements = [line for line in code.splitlines() if line and not line.startswith((" ", "#", "import"))]
    bare = [s for s in statements if "=" not in s.split("(")[0] and not s.startswith("print(")]
    assert bare == [], f"tour lines whose value a script would throw away: {bare}"


@pytest.mark.slow
def test_the_tour_runs_and_prints_the_stated_numbers(tmp_path):
    script = tmp_path / "tour.py"
    script.write_text(tour(), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=900, check=True
    ).stdout
    lines = {line.split(" ")[0]: line for line in out.splitlines()}

    def number(label: str, index: int = 0) -> float:
        return float(re.findall(r"-?\d+\.\d+(?:e-?\d+)?", lines[label])[index])

    # the values the README's comments state, to their printed precision
    assert number("permutation") == pytest.approx(0.355, abs=5e-4)
    assert lines["verdict"] == "verdict chaotic"
    assert lines["embedding"] == "embedding 3 5"
    assert number("0-1") == pytest.approx(0.998, abs=5e-3)
    assert number("largest") == pytest.approx(0.88, abs=0.01) and number("largest", 1) == pytest.approx(
        0.04, abs=0.01
    )
    assert lines["resolved"] == "resolved True"
    assert number("from") == pytest.approx(0.901, abs=5e-4)
    assert number("sample") == pytest.approx(0.395, abs=5e-4)
    assert number("DFA") == pytest.approx(1.08, abs=5e-3)
    assert number("variance") == pytest.approx(0.89, abs=5e-3) and number("ac1") == pytest.approx(
        0.98, abs=5e-3
    )
