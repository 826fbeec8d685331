"""Report cards in a real headless Chromium, offline: charts drawn, nothing fetched, injected
markup inert. Uses Debian's chromium through Playwright's ``executable_path`` (nothing is
downloaded); skips only when no chromium binary is found. Screenshots go to
tests/artifacts/cards/ (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "cards"
EXAMPLES = ROOT / "examples"
INJ = ROOT / "tests" / "fixtures" / "across" / "injection.trig"


@pytest.fixture(scope="module")
def browser(chromium):
    """The module's headless Chromium (tests/browser/conftest.py)."""
    return chromium


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    graph = out / "examples.nq"
    assert main(["extract", str(EXAMPLES / "county-government-2023.txt"), str(EXAMPLES / "street-office-2022.txt"),
                 str(EXAMPLES / "web-page-2020.txt"), "-o", str(graph), "--workers", "1"]) == 0
    pages = {"store": [], "report": ["--report", "county-government-2023.txt"],
             "unit": ["--unit", "崇岭县人民政府"]}
    made = {}
    for name, argv in pages.items():
        made[name] = out / f"{name}.html"
        assert main(["card", str(graph), *argv, "-o", str(made[name])]) == 0
    made["injection"] = out / "injection.html"
    assert main(["card", str(INJ), "--report", "0123456789abcdef", "-o", str(made["injection"])]) == 0
    made["injection-store"] = out / "injection-store.html"
    assert main(["card", str(INJ), "-o", str(made["injection-store"])]) == 0
    return made


def _open(browser, path: Path):
    errors, requests, dialogs = [], [], []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("document.body.getAttribute('data-charts-drawn') === "
                           "document.body.getAttribute('data-charts')", timeout=30_000)
    return page, errors, requests, dialogs


# name -> (charts, words a reader sees on the page)
EXPECTED = {
    "store": (4, ["全库成绩单 Store report card", "四项法定内容齐全", "研究变量"]),
    "report": (3, ["崇岭县人民政府2023年度法治政府建设情况报告", "按时报告公开", "dated 2024-01-30, due by 2024-04-01",
                   "健全社会矛盾纠纷行政预防调处化解体系"]),
    "unit": (3, ["崇岭县人民政府", "合规检查(逐年) Checks by year"]),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_card_browser_opens_offline_with_charts(browser, cards, name):
    charts, words = EXPECTED[name]
    page, errors, requests, dialogs = _open(browser, cards[name])
    try:
        assert page.evaluate("document.body.getAttribute('data-charts-drawn')") == str(charts)
        # every chart has an SVG with drawn marks (bars or boxes)
        assert page.evaluate("document.querySelectorAll('.fig .main-svg').length") >= charts
        assert page.evaluate("document.querySelectorAll('.fig .trace').length") >= charts
        text = page.inner_text("body")
        for w in words:
            assert w in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert (errors, requests, dialogs) == ([], [], [])
    finally:
        page.close()


@pytest.mark.parametrize("name", ["injection", "injection-store"])
def test_card_browser_injected_markup_is_inert(browser, cards, name):
    page, errors, requests, dialogs = _open(browser, cards[name])
    try:
        page.mouse.move(300, 300)
        for el in page.query_selector_all(".fig .trace"):   # hover every chart's marks
            el.hover(force=True)
        assert page.evaluate("window.__pwned") is None
        # what tried to be markup is shown as text
        text = page.inner_text("body")
        assert "<b onmouseover=window.__pwned=5>街道</b>" in text
        if name == "injection":
            assert "</script><script>window.__pwned=1</script>" in text
            assert '<a href="javascript:window.__pwned=7">点我</a>' in text
        assert page.evaluate("document.querySelectorAll('body img, body iframe, body svg[onload]').length") == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert (errors, requests, dialogs) == ([], [], [])
    finally:
        page.close()
