"""Make the screenshots in docs/ from the bundled examples: every view and app page at 1600x1000.

    .venv/bin/python docs/make_screenshots.py [--out docs]

Extracts examples/ into a temporary store, writes each view and the reader with
``govkg visualize``, starts ``govkg serve`` on the store, and photographs each page in
headless Chromium (Debian's ``chromium``; nothing is downloaded, no other host is reached).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOVKG = [sys.executable, "-m", "govkg"]
SIZE = {"width": 1600, "height": 1000}


def run(*args: str) -> None:
    subprocess.run([*GOVKG, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    out = Path(args.out)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("no chromium: apt-get install chromium fonts-wqy-microhei", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        graph, store = tmp / "examples.nq", tmp / "store"
        run("extract", "examples", "-o", str(graph), "--workers", "1")
        run("load", str(graph), "--store", str(store))
        files = {
            "view-report": ["--report", "county-government-2023.txt"],
            "view-overview": [],
            "view-unit": ["--unit", "望湖街道"],
            "view-instrument": ["--instrument", "法治政府建设实施纲要(2021-2025年)"],
            "reader": ["--report", "street-office-2022.txt", "--reader"],
        }
        for name, argv in files.items():
            run("visualize", str(graph), *argv, "-o", str(tmp / f"{name}.html"))
        run("stats", str(graph), "--html", str(tmp / "view-stats.html"))
        files["view-stats"] = []
        port = "7979"
        server = subprocess.Popen([*GOVKG, "serve", "--store", str(store), "--port", port], cwd=ROOT,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/editor", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            q = lambda s: urllib.parse.quote(s, safe="")
            pages = {
                "app-index": "/",
                "app-editor": "/editor",
                "app-named": "/named/unit_measures?unit=" + q("望湖街道"),
                "app-resource-unit": "/resource?iri=" + q("https://w3id.org/govkg/id/unit/云江市柳溪区司法局"),
                "app-resource-measure": "/resource?iri=" + q("https://w3id.org/govkg/id/report/858fa9baa9f91d5b/measure/9"),
            }
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"], headless=True)
                for name in files:
                    page = browser.new_page(viewport=SIZE)
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                    page.goto((tmp / f"{name}.html").as_uri())
                    page.wait_for_selector("body[data-ready]", state="attached")
                    if name == "reader":  # show a fact: click the first outcome's sentence
                        page.evaluate("""() => { const f = govkgView.data.reader.facts;
                            const k = f.findIndex(x => x.cls === 'Outcome'); const m = govkgView.readerMarks(k)[0];
                            m.scrollIntoView({block: 'center'}); m.click(); }""")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(out / f"{name}.png"))
                    page.close()
                for name, path in pages.items():
                    page = browser.new_page(viewport=SIZE)
                    page.goto(base + path)
                    if name == "app-editor":
                        page.click("#run")
                        page.wait_for_selector("#results table")
                    page.screenshot(path=str(out / f"{name}.png"))
                    page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print("wrote " + ", ".join(sorted(p.name for p in out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
