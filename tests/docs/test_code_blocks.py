"""Every ``python`` code block of the user guide and the README runs.

The blocks of one page run in order in one namespace, from the repository's root (the
pages read ``datasets/examples/...``), so a page reads as one session. A page whose
blocks are fragments that cannot run as written is listed in :data:`FRAGMENTS` with
the reason; it runs anyway and is reported as xfail, XPASS once it is fixed (then
delete its line), so the list stays in sight.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([*(ROOT / "docs").glob("*.md"), ROOT / "README.md"])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)

#: page -> why its blocks do not run as written (known when this test was written)
FRAGMENTS: dict[str, str] = {}


def blocks(page: Path) -> list[str]:
    """The ``python`` blocks of a Markdown page, in order."""
    return BLOCK.findall(page.read_text())


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p)], ids=lambda p: p.name)
def test_page_code_runs(page: Path, monkeypatch, request) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    if page.name in FRAGMENTS:
        request.applymarker(pytest.mark.xfail(reason=FRAGMENTS[page.name], strict=False))
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "__docs__"}
    for i, code in enumerate(blocks(page)):
        exec(compile(code, f"{page.name}, block {i + 1}", "exec"), namespace)
