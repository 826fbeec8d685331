"""Shared for the browser tests: Debian's chromium through Playwright (nothing downloaded)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

#: measures, in the page, every visible node's label: its drawn size in CSS pixels, its box
#: on the screen, and whether vis draws it at all at this zoom (drawThreshold)
LABELS_JS = """() => {
  const v = govkgView, net = v.network, scale = net.getScale();
  const out = [];
  v.nodes.get({filter: n => !n.hidden}).forEach(n => {
    const body = net.body.nodes[n.id];
    const size = body.labelModule.size;
    const px = body.labelModule.fontOptions.size * scale;
    const threshold = body.options.scaling.label.drawThreshold;
    const tl = net.canvasToDOM({x: size.left, y: size.top});
    const br = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    out.push({id: n.id, full: n.full, group: n.group, deg: n.deg, px: px, drawn: px >= threshold - 1,
              box: [tl.x, tl.y, br.x, br.y]});
  });
  return out;
}"""


def chromium_path() -> str | None:
    """Return the chromium binary to drive, or None."""
    for candidate in (os.environ.get("GOVKG_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium():
    # per module, not per session: Playwright's sync API keeps an event loop running on this
    # thread while it lives, and a later test's asyncio.run() would refuse to start
    exe = chromium_path()
    if exe is None:
        pytest.skip("no chromium binary found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A page opened in chromium, with what it logged, requested off-site and popped up.

    Only ``file:`` URLs and ``allow`` (the local app's own address) are let through.
    """

    def __init__(self, browser, url: str, *, allow: str | None = None, size=(1600, 1000),
                 wait_view: bool = True):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.allow = allow
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(url)
        if wait_view:
            self.page.wait_for_selector("body[data-ready]", state="attached", timeout=15_000)

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:") or (self.allow and url.startswith(self.allow)):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def labels(self) -> list[dict]:
        return self.page.evaluate(LABELS_JS)


def legibility(labels: list[dict], among: list[dict]) -> tuple[int, float]:
    """Return ``(legible, smallest px)`` of ``among``: drawn at >= 10 CSS px, overlapping no
    other drawn label."""
    drawn = [lab for lab in labels if lab["drawn"]]

    def overlaps(a, b):
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    ok = [lab for lab in among if lab["px"] >= 10
          and not any(overlaps(lab["box"], o["box"]) for o in drawn if o["id"] != lab["id"])]
    return len(ok), min((lab["px"] for lab in among), default=0.0)
