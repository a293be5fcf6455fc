"""Sphinx configuration of the tsdyn site: ``sphinx-build -W --keep-going docs docs/_build/html``.

The user guide is the Markdown pages of this folder (read by myst-parser), the API
reference is generated from each package's ``__all__`` (``_ext/tsdyn_docs.py``),
the gallery is ``examples/`` executed by sphinx-gallery, and the CLI reference comes
from the click commands (sphinx-click). ``-W`` turns every warning into an error:
a broken cross-reference, a docstring without its sections, a failed example.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
# the checkout being documented, not an installed copy elsewhere
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("MPLBACKEND", "Agg")

import tsdyn  # noqa: E402

project = "tsdyn"
author = "tsdyn developers"
copyright = "tsdyn developers"
release = version = tsdyn.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_click",
    "sphinx_gallery.gen_gallery",
    "tsdyn_docs",
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "**/README.md", "examples/**", "auto_examples/*.ipynb", "auto_examples/*.py"]
templates_path: list[str] = []

# --- strictness: every cross-reference must resolve --------------------------------------
nitpicky = True
# names from other libraries (no intersphinx: the build runs offline) and the type
# words of numpy-style docstrings
nitpick_ignore_regex = [
    (r"py:.*", r"(numpy|np|xarray|xr|pandas|pd|scipy|dask|distributed|numba|matplotlib|click|collections|typing|pathlib|os|datetime|concurrent|io|enum|dataclasses)(\..*)?"),
    (r"py:.*", r"(ArrayLike|NDArray|DTypeLike|Callable|Iterable|Iterator|Sequence|Mapping|Any|Path|Literal|Self|TypeAlias|Generator|SeedSequence|BitGenerator|Figure|Axes|DataArray|Dataset|DataFrame|Series|Index|ndarray)"),
]  # fmt: skip

# --- Markdown pages --------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

# --- API reference ---------------------------------------------------------------------
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # the numpy-style Parameters section is the one place for types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# --- gallery ---------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r".*\.py$",  # execute every script, not only plot_*.py
    "ignore_pattern": r"(__init__|_util)\.py$",
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "remove_config_comments": True,
    "download_all_examples": False,
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "min_reported_time": 1,
    "show_memory": False,
    "plot_gallery": "True",
    "backreferences_dir": None,
}

# --- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"tsdyn {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "changelog": [], "comparison": []}
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"  # else browsers ask for /favicon.ico and log a 404
# a fresh browser has no stored light/dark choice: say it, or the theme logs an error
html_context = {"default_mode": "auto"}
html_show_sourcelink = False
html_copy_source = False
# MathJax from the docs extra (package django-static-mathjax), copied next to the
# pages by _ext/tsdyn_docs.py: the site reads its formulas offline, with no CDN
mathjax_path = "mathjax/tex-chtml.js"
