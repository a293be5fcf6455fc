"""Open the built documentation site in headless Chromium and check that it renders.

    python tools/check_site.py [docs/_build/html]

Serves the folder on 127.0.0.1 (a free port), drives Debian's ``chromium`` through
``chromium-driver`` with selenium (from the ``docs`` extra), and checks the home
page, an API page, a gallery page with its figure, the search page with a query and
a page of formulas:
each must load, show its main content, log no console error, and request nothing
outside 127.0.0.1 (the site works offline). Screenshots go to ``<site>/../screenshots``.
Exits 1 with the list of problems, 0 when every page passes.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

# page, CSS selector that must be present and visible, what it shows
PAGES = (
    ("index.html", "main h1", "home page"),
    ("api/ordinal.html", "dl.py.function dt.sig", "API page"),
    (
        "auto_examples/analysis/plot_ch_plane_real_data.html",
        "img.sphx-glr-single-img",
        "gallery page with its figure",
    ),
    ("search.html?q=permutation+entropy", "#search-results li", "search results"),
    ("chaos.html", "mjx-container", "formulas typeset by the bundled MathJax"),
)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 at a free port, in a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # silence the per-request lines
        pass


def browser(profile: Path):
    """Headless Chromium from the system (no download), sandbox off as CI runs as root."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def check_page(driver, base: str, page: str, selector: str, shots: Path) -> list[str]:
    """Problems of one page: its content missing, console errors, requests off this machine."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    problems = []
    driver.get(base + page)
    try:
        WebDriverWait(driver, 20).until(ec.visibility_of_element_located((By.CSS_SELECTOR, selector)))
    except Exception:
        problems.append(f"{page}: no visible {selector!r} after 20 s")
    if "plot_" in page:
        loaded = driver.execute_script(
            "return [...document.querySelectorAll('img.sphx-glr-single-img, img.sphx-glr-multi-img')]"
            ".every(img => img.complete && img.naturalWidth > 0)"
        )
        if not loaded:
            problems.append(f"{page}: a figure did not load")
        driver.execute_script("document.querySelector('img[class*=sphx-glr]')?.scrollIntoView()")
    # the search box of the theme's header must be there on every page
    if not driver.find_elements(By.CSS_SELECTOR, "button.search-button, form.bd-search, input[name='q']"):
        problems.append(f"{page}: no search box")
    time.sleep(0.5)  # let late scripts (MathJax, search index) report
    driver.save_screenshot(str(shots / (page.split("?")[0].replace("/", "_").removesuffix(".html") + ".png")))
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            problems.append(f"{page}: console error: {entry['message']}")
    for entry in driver.get_log("performance"):
        if '"Network.requestWillBeSent"' in entry["message"]:
            url = entry["message"].split('"url":"', 1)[-1].split('"', 1)[0]
            if url.startswith("http") and not url.startswith(base):
                problems.append(f"{page}: requested {url} (the site must work offline)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("docs/_build/html"))
    parser.add_argument("--screenshots", type=Path, help="default: <site>/../screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"no built site at {args.site} (run sphinx-build first)", file=sys.stderr)
        return 1
    shots = args.screenshots or args.site.parent / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    server, base = serve(args.site)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(Path(profile))
        try:
            for page, selector, what in PAGES:
                found = check_page(driver, base, page, selector, shots)
                print(f"{'ok  ' if not found else 'FAIL'} {what}: {page}")
                problems += found
        finally:
            driver.quit()
            server.shutdown()
    for problem in problems:
        print("  " + problem, file=sys.stderr)
    print(f"screenshots in {shots}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
