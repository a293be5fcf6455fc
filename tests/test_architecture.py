"""The package's import structure, read from the source with ``ast``.

Two rules keep the layers apart:

- no module uses another module's private name (``from tsdyn.a import _helper``,
  or ``a._helper`` on an imported tsdyn module); importing a private *module*
  (``tsdyn.ordinal._kernels``) and using its public names is fine;
- the modules of tsdyn import one another without a circle, counting imports
  inside functions too (a function-level import only postpones a circle).
  Two kinds of import never run as a dependency and are left out of the
  graph: imports under ``if TYPE_CHECKING:`` (annotations only), and a
  package's lazy exports, the imports in its ``__init__``'s module-level
  ``__getattr__`` (the package hands out a name on first access; the
  submodule may import the package, as ``from tsdyn import __version__``).
  Importing ``tsdyn.a.b`` runs ``tsdyn.a``'s ``__init__`` first; that is how
  packages work, not an edge of the graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "tsdyn"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _scan(module: str, source: str | None = None) -> tuple[set[str], list[str]]:
    """The tsdyn modules ``module`` imports (anywhere in it), and its uses of others' private names."""
    tree = ast.parse(MODULES[module].read_text() if source is None else source)
    imported: set[str] = set()
    aliases: dict[str, str] = {}  # local name -> the tsdyn module it is bound to
    violations = []
    where = f"{MODULES[module].relative_to(ROOT.parent)}"
    not_run = _not_run(tree, package=MODULES[module].name == "__init__.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != "tsdyn":
                    continue
                if node not in not_run:
                    imported.add(a.name)
                if a.asname:
                    aliases[a.asname] = a.name
                else:
                    aliases["tsdyn"] = "tsdyn"
        elif isinstance(node, ast.ImportFrom):
            origin = _absolute(module, node)
            if origin.split(".")[0] != "tsdyn":
                continue
            for a in node.names:
                target = f"{origin}.{a.name}"
                if target in MODULES:
                    if node not in not_run:
                        imported.add(target)
                    aliases[a.asname or a.name] = target
                    continue
                if node not in not_run:
                    imported.add(origin)
                if _private(a.name) and origin != module:
                    violations.append(f"{where}:{node.lineno}: from {origin} import {a.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not _private(node.attr):
            continue
        owner = _dotted(node.value, aliases)
        if owner is None or owner == module:
            continue
        if f"{owner}.{node.attr}" not in MODULES:
            violations.append(f"{where}:{node.lineno}: {owner}.{node.attr}")
    imported.discard(module)
    return {m for m in imported if m in MODULES}, violations


def _not_run(tree: ast.Module, *, package: bool) -> set[ast.AST]:
    """The import statements that are no dependency: type-checking only, and a package's lazy exports."""
    skipped: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped += node.body
    if package:
        skipped += [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]
    return {
        inner
        for node in skipped
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    }


def _dotted(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The tsdyn module an expression such as ``I`` or ``tsdyn.systems`` names, if it names one."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _dotted(node.value, aliases)
        if owner is not None and f"{owner}.{node.attr}" in MODULES:
            return f"{owner}.{node.attr}"
    return None


SCANS = {module: _scan(module) for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_scan_sees_the_package():
    assert "tsdyn.systems.system" in MODULES
    assert "tsdyn.errors" in SCANS["tsdyn.systems.system"][0]


def test_no_module_uses_another_modules_private_names():
    violations = [v for _, violations in SCANS.values() for v in violations]
    assert not violations, "private names used across modules:\n" + "\n".join(violations)


def test_no_import_circle():
    graph = {module: imported for module, (imported, _) in SCANS.items()}
    cycles = _cycles(graph)
    report = []
    for component in cycles:
        members = set(component)
        edges = [f"  {a} -> {b}" for a in component for b in sorted(graph[a] & members)]
        report.append(" <-> ".join(component) + "\n" + "\n".join(edges))
    assert not cycles, "import circles among tsdyn modules:\n" + "\n".join(report)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from tsdyn.systems.system import _Request\n", ["from tsdyn.systems.system import _Request"]),
        ("from tsdyn.ordinal import _kernels as K\nK.count\n", []),
        ("from tsdyn.ordinal import _kernels as K\nK._table\n", ["tsdyn.ordinal._kernels._table"]),
        ("import tsdyn.systems._integrate\ntsdyn.systems._integrate._SIGS\n", ["._integrate._SIGS"]),
        ("from tsdyn import __version__\n", []),
    ],
)
def test_the_scan_catches_private_names(source, expected):
    # Scanned as if it were the text of tsdyn/rng.py, a module that imports no other.
    _, violations = _scan("tsdyn.rng", source)
    assert len(violations) == len(expected)
    for found, wanted in zip(violations, expected, strict=True):
        assert wanted in found


def test_the_scan_finds_circles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
