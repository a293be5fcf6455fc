"""Sphinx extension of the tsdyn site: the API pages, the docstring check, offline MathJax.

- ``api/<package>.rst`` is written at each build from the package's ``__all__``: every
  public name, in the order of ``__all__``, nothing listed by hand. A name added to a
  package appears in the reference at the next build.
- :func:`docstring_problems` checks the numpy-style sections of every public function
  (Parameters naming each argument, Returns, an Examples section with a doctest); the
  build warns for each problem (``-W`` makes it fail) and ``tests/docs/test_docstrings.py``
  runs the same check in the test suite. :data:`ALLOWLIST` names the known exceptions,
  one line each, so the list can only shrink in sight.
- MathJax comes from the ``docs`` extra (package ``django-static-mathjax``) and is copied
  beside the pages, so formulas render with no network.
"""

from __future__ import annotations

import importlib
import inspect
import re
import shutil
from pathlib import Path

#: (package, title) of each page of the API reference, in the site's order
PACKAGES = (
    ("tsdyn.data", "Data model"),
    ("tsdyn.ordinal", "Ordinal patterns"),
    ("tsdyn.ews", "Early-warning signals"),
    ("tsdyn.systems", "Dynamical systems"),
    ("tsdyn.chaos", "Chaos from data"),
    ("tsdyn.entropy", "Entropy"),
    ("tsdyn.fractal", "Fractal measures"),
    ("tsdyn.recurrence", "Recurrence"),
    ("tsdyn.surrogates", "Surrogates"),
    ("tsdyn.forecast", "Forecasting benchmark"),
    ("tsdyn.io", "Input, output and batch"),
    ("tsdyn.plot", "Figures"),
    ("tsdyn.errors", "Errors and input checks"),
    ("tsdyn.rng", "Seeds"),
)

#: Known docstring problems, ``"package.name": "problems"`` exactly as
#: :func:`docstring_problems` words them, one line each. Empty: every public name has
#: its sections. A line may only be added for a name being rewritten elsewhere, and
#: deleted with the fix (the test warns on a line that no longer matches).
ALLOWLIST: dict[str, str] = {}

SECTION = re.compile(r"^[ \t]*([A-Z][A-Za-z ]+)\n[ \t]*-{3,}[ \t]*$", re.MULTILINE)


def public_names(package: str) -> list[tuple[str, object]]:
    """``(name, object)`` for every name in the package's ``__all__``, in that order."""
    module = importlib.import_module(package)
    names = getattr(module, "__all__", None)
    if names is None:
        raise RuntimeError(f"{package} has no __all__: the API reference lists __all__")
    return [(name, getattr(module, name)) for name in names]


def _sections(doc: str) -> dict[str, str]:
    """Section title -> body of a numpy-style docstring (the summary under ``""``)."""
    doc = inspect.cleandoc(doc)
    out: dict[str, str] = {}
    heads = list(SECTION.finditer(doc))
    out[""] = doc[: heads[0].start()] if heads else doc
    for head, nxt in zip(heads, [*heads[1:], None], strict=False):
        out[head.group(1).strip()] = doc[head.end() : nxt.start() if nxt else len(doc)]
    return out


def _documented_parameters(body: str) -> set[str]:
    """Names in a Parameters section: the lines at the section's own indentation."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return set()
    indent = min(len(line) - len(line.lstrip()) for line in lines)
    names: set[str] = set()
    for line in lines:
        if len(line) - len(line.lstrip()) == indent:
            for name in line.split(":")[0].split(","):
                names.add(name.strip().lstrip("*"))
    return names


def docstring_problems(obj: object) -> list[str]:
    """What a public function's docstring lacks, in numpydoc's terms (empty when complete).

    Functions need Parameters naming every argument and nothing else (a ``**kwargs``
    may be documented by the keywords it takes instead), Returns (or
    Yields) unless annotated ``-> None``, and Examples with a ``>>>`` line. Classes need
    a docstring with an Examples section.
    """
    doc = inspect.getdoc(obj)
    if not doc:
        return ["no docstring"]
    sections = _sections(doc)
    problems = []
    if inspect.isclass(obj):
        pass
    else:
        signature = inspect.signature(obj)  # type: ignore[arg-type]
        wanted = {name for name in signature.parameters if name not in ("self", "cls")}
        documented = _documented_parameters(sections.get("Parameters", ""))
        var_keyword = [p.name for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD]
        if var_keyword and documented - wanted:
            # a **kwargs documented by the keywords it takes, each under its own name
            wanted = (wanted - set(var_keyword)) | (documented - wanted)
        if wanted and "Parameters" not in sections:
            problems.append("no Parameters")
        else:
            if missing := sorted(wanted - documented):
                problems.append("undocumented " + ", ".join(missing))
            if extra := sorted(documented - wanted):
                problems.append("documents absent " + ", ".join(extra))
        returns_none = signature.return_annotation in (None, "None")
        if not returns_none and "Returns" not in sections and "Yields" not in sections:
            problems.append("no Returns")
    if ">>>" not in sections.get("Examples", ""):
        problems.append("no Examples")
    return problems


def allowed(name: str, problems: str) -> bool:
    """Whether every problem of ``name`` is one its ALLOWLIST line names (a fix only removes)."""
    listed = set(ALLOWLIST.get(name, "").split("; "))
    return set(problems.split("; ")) <= listed


def all_problems() -> dict[str, str]:
    """``"package.name": "problem; problem"`` for every public name with a problem."""
    found = {}
    for package, _ in PACKAGES:
        for name, obj in public_names(package):
            if (inspect.isclass(obj) or inspect.isroutine(obj)) and (problems := docstring_problems(obj)):
                found[f"{package}.{name}"] = "; ".join(problems)
    return found


def _defining_module(package: str, name: str, obj: object) -> str:
    module = getattr(obj, "__module__", None)
    if module and module.startswith(package) and getattr(importlib.import_module(module), name, None) is obj:
        return module
    # data (a tuple, a dict) has no __module__: find the submodule that binds it
    pkg = importlib.import_module(package)
    for info in __import__("pkgutil").iter_modules(getattr(pkg, "__path__", [])):
        sub = importlib.import_module(f"{package}.{info.name}")
        if getattr(sub, name, None) is obj:
            return sub.__name__
    return package


def api_page(package: str, title: str) -> str:
    """The reStructuredText of one API page: the package docstring, then each name of ``__all__``."""
    lines = [title, "=" * len(title), "", f".. automodule:: {package}", "   :no-members:", ""]
    lines += [f".. currentmodule:: {package}", ""]
    for name, obj in public_names(package):
        if inspect.isclass(obj):
            lines += [f".. autoclass:: {name}", "   :members:", "   :no-inherited-members:", ""]
        elif inspect.isroutine(obj):
            lines += [f".. autofunction:: {name}", ""]
        else:
            value = repr(obj)
            value = value if len(value) < 300 else type(obj).__name__ + " (see the defining module)"
            where = _defining_module(package, name, obj)
            lines += [f".. py:data:: {name}", f"   :value: {value}", "", f"   Defined in ``{where}``.", ""]
    return "\n".join(lines)


def write_api_pages(srcdir: Path) -> None:
    """Write ``api/index.rst`` and one page per package (only files whose text changed)."""
    folder = srcdir / "api"
    folder.mkdir(exist_ok=True)
    pages = {"index": _api_index()}
    for package, title in PACKAGES:
        pages[package.split(".")[-1]] = api_page(package, f"{title} (``{package}``)")
    for stem, text in pages.items():
        path = folder / f"{stem}.rst"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def _api_index() -> str:
    entries = "\n".join(f"   {package.split('.')[-1]}" for package, _ in PACKAGES)
    return (
        "API reference\n=============\n\n"
        "One page per package, generated from its ``__all__`` at each build: every public\n"
        "name, with the signature and the numpy-style docstring of the code.\n\n"
        f".. toctree::\n   :maxdepth: 1\n\n{entries}\n"
    )


#: Cross-references in docstrings to names that are not public (no page documents
#: them). They render as code; fix the docstring (point at a public name, or write
#: ``name`` as a literal), then delete the line.
PRIVATE_REFERENCES: tuple[tuple[str, str], ...] = ()


def _find_object(target: str) -> object | None:
    """The object a dotted name points at: the longest importable module, then attributes."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return None


def _public_index() -> dict[int, str]:
    """id(object) -> its public dotted name (``tsdyn.ordinal.permutation_entropy``)."""
    index = {}
    for package, _ in PACKAGES:
        for name, obj in public_names(package):
            if inspect.isclass(obj) or inspect.isroutine(obj) or isinstance(obj, tuple | dict):
                index.setdefault(id(obj), f"{package}.{name}")
    return index


def _missing_reference(app, env, node, contnode):
    """Point a reference at the public name of the same object.

    Docstrings name objects where they are defined (``tsdyn.ordinal.patterns``,
    ``tsdyn.ews.roc.roc_curve``, a bare ``Convention`` beside its definition); the
    reference documents them under the package (``tsdyn.ews.roc_curve``). A
    submodule's reference goes to its package's page. Anything else stays missing.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    context = node.get("py:module") or ""
    candidates = [target, f"{context}.{target}"] if context else [target]
    for candidate in candidates:
        obj = _find_object(candidate) if candidate.startswith("tsdyn") else None
        if obj is None:
            continue
        if inspect.ismodule(obj):
            documented = [p for p, _ in PACKAGES if obj.__name__.startswith(p + ".") or obj.__name__ == p]
            if not documented:
                return None
            new_target, reftype = documented[0], "mod"
        else:
            new_target = _public_index().get(id(obj))
            reftype = "class" if inspect.isclass(obj) else "func" if inspect.isroutine(obj) else "data"
            if new_target is None or new_target == target:
                return None
        return env.domains["py"].resolve_xref(
            env, node["refdoc"], app.builder, reftype, new_target, node, contnode
        )
    return None


def _source_read(app, docname, source) -> None:
    """Append any top-level page that no toctree lists to the user guide's toctree.

    A page added to ``docs/`` by later work lands in the guide at once instead of
    failing the strict build; ``guide.md`` is where to give it its place.
    """
    if docname != "guide":
        return
    srcdir = Path(app.srcdir)
    listed = set()
    for page in srcdir.glob("*.md"):
        text = page.read_text() if page.stem != "guide" else source[0]
        for block in re.findall(r"```\{toctree\}(.*?)```", text, re.S):
            listed.update(line.strip() for line in block.splitlines() if line.strip() and ":" not in line)
    orphans = sorted(p.stem for p in srcdir.glob("*.md") if p.stem not in listed | {"index", "guide"})
    if orphans:
        from sphinx.util import logging

        logging.getLogger(__name__).info("pages added at the end of the user guide: %s", ", ".join(orphans))
        source[0] += "\n```{toctree}\n:maxdepth: 1\n:caption: More\n\n" + "\n".join(orphans) + "\n```\n"


def _builder_inited(app) -> None:
    from sphinx.util import logging

    write_api_pages(Path(app.srcdir))
    logger = logging.getLogger(__name__)
    found = all_problems()
    for name, problems in sorted(found.items()):
        if not allowed(name, problems):
            logger.warning(
                "docstring of %s: %s (numpy-style sections, see _ext/tsdyn_docs.py)", name, problems
            )


def _copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import mathjax  # the docs extra's django-static-mathjax

    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    target = Path(app.outdir) / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(es5 / "tex-chtml.js", target)
    for part in ("input", "output/chtml", "ui", "a11y", "adaptors"):
        shutil.copytree(es5 / part, target / part)


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _copy_mathjax)
    app.connect("missing-reference", _missing_reference)
    app.connect("source-read", _source_read)
    # the guide is re-read at every build, so an incremental build sees a new page too
    app.connect("env-get-outdated", lambda app, env, added, changed, removed: ["guide"])
    app.config.nitpick_ignore = [*app.config.nitpick_ignore, *PRIVATE_REFERENCES]
    return {"parallel_read_safe": True, "parallel_write_safe": True}
