"""Every HTML view in a real headless Chromium, offline: what a person would see and do.

Uses Debian's chromium through Playwright's ``executable_path`` (nothing is downloaded);
skips only when no chromium binary is found. Every non-file request is aborted and recorded.
Screenshots go to tests/artifacts/visual/ (git-ignored).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from govkg.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "visual"
ARTIFACTS = ROOT / "tests" / "artifacts" / "visual"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
TWO = str(FIXTURES / "two_reports.trig")
INJ = str(FIXTURES / "injection.trig")

#: name -> (argv after the graph file, nodes drawn, a label to search, text its tooltip shows)
VIEWS = {
    "report": (["--report", "aaaaaaaaaaaaaaaa"], 13, "审查各类合同", "街道法律顾问室全年审查各类合同120份。"),
    "overview": ([], 4, "司法局", "举措数 measures2"),
    "unit": (["--unit", "望湖街道"], 11, "开展行政执法案卷评查", "会同望湖街道开展行政执法案卷评查,评查案卷56件。"),
    "instrument": (["--instrument", "法治政府建设实施纲要"], 9, "修订",
                   "修订《望湖街道重大行政决策程序规定》,把公众参与、专家论证作为决策必经程序。"),
    "query": (["--query", "PREFIX gov: <https://w3id.org/govkg/ontology#> "
                          "SELECT ?m ?u WHERE { ?m gov:responsibleUnit ?u }"], 7, "推进老旧小区",
              "2023年,街道将推进老旧小区改造依法决策。"),
}


@pytest.fixture(scope="module")
def browser(chromium):
    # one Playwright per module (conftest.py): two at once cannot share the event loop
    return chromium


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    pages = {}
    for name, (argv, *_rest) in VIEWS.items():
        pages[name] = out / f"{name}.html"
        assert main(["visualize", TWO, *argv, "-o", str(pages[name])]) == 0
    pages["stats"] = out / "stats.html"
    assert main(["stats", TWO, "--html", str(pages["stats"])]) == 0
    pages["injection"] = out / "injection.html"
    assert main(["visualize", INJ, "--report", "0123456789abcdef", "-o", str(pages["injection"])]) == 0
    pages["injection-overview"] = out / "injection-overview.html"
    assert main(["visualize", INJ, "-o", str(pages["injection-overview"])]) == 0
    return pages


class Opened:
    """A page opened offline, with what it logged, requested and popped up."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.__govkgReady !== undefined", timeout=15_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def node_id(self, full: str) -> int:
        return self.page.evaluate("f => govkgView.nodes.get({filter: n => n.full === f})[0].id", full)

    def node_point(self, node_id: int) -> tuple[float, float]:
        """Return the page coordinates of a node's centre."""
        box = self.page.locator("#mynetwork").bounding_box()
        dom = self.page.evaluate("id => { const v = govkgView.network; "
                                 "return v.canvasToDOM(v.getPositions([id])[id]); }", node_id)
        return box["x"] + dom["x"], box["y"] + dom["y"]

    def visible_nodes(self) -> int:
        return self.page.evaluate("govkgView.nodes.get({filter: n => !n.hidden}).length")


@pytest.fixture
def opened(browser):
    made = []

    def open_(path: Path) -> Opened:
        made.append(Opened(browser, path))
        return made[-1]

    yield open_
    for o in made:
        o.page.close()


@pytest.mark.parametrize("name", [*VIEWS, "stats"])
def test_browser_view_opens_offline(views, opened, name):
    view = opened(views[name])
    expected = VIEWS[name][1] if name in VIEWS else 4
    assert view.page.evaluate("govkgView.nodes.length") == expected
    assert view.page.evaluate("govkgView.network.body.nodeIndices.length") == expected
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])


@pytest.mark.parametrize("name", list(VIEWS))
def test_browser_search_focuses_node(views, opened, name):
    _argv, _n, term, evidence = VIEWS[name]
    view = opened(views[name])
    view.page.fill("#search", term)
    view.page.press("#search", "Enter")
    status = view.page.inner_text("#status")
    assert status.startswith("找到 found: ") and term in status
    selected = view.page.evaluate("govkgView.network.getSelectedNodes()")
    assert len(selected) == 1
    x, y = view.node_point(selected[0])
    box = view.page.locator("#mynetwork").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 3 and abs(y - (box["y"] + box["height"] / 2)) < 3
    assert view.page.is_visible("#tip")
    assert evidence in view.page.inner_text("#tip").replace("\n", "")
    assert view.errors == []


@pytest.mark.parametrize("name", list(VIEWS))
def test_browser_hover_shows_tooltip(views, opened, name):
    _argv, _n, term, evidence = VIEWS[name]
    view = opened(views[name])
    full = view.page.evaluate("t => govkgView.nodes.get({filter: n => n.full.includes(t)})[0].full", term)
    x, y = view.node_point(view.node_id(full))
    assert not view.page.is_visible("#tip")
    view.page.mouse.move(x - 40, y - 40)
    view.page.mouse.move(x, y, steps=4)
    view.page.wait_for_selector("#tip", state="visible", timeout=3000)
    assert evidence in view.page.inner_text("#tip").replace("\n", "")


@pytest.mark.parametrize("label, bright", [
    ("审查各类合同", {"审查各类合同", "健全依法决策机制,提升决策质量", "街道法律顾问室", "合同审查 120份"}),
    ("街道法律顾问室", {"街道法律顾问室", "审查各类合同", "云江市柳溪区望湖街道办事处"}),
])
def test_browser_click_highlights_neighbourhood(views, opened, label, bright):
    view = opened(views["report"])
    x, y = view.node_point(view.node_id(label))
    view.page.mouse.click(x, y)
    lit = view.page.evaluate("govkgView.nodes.get({filter: n => n.opacity !== 0.15}).map(n => n.full)")
    assert set(lit) == bright
    view.page.mouse.click(5, view.page.locator("#mynetwork").bounding_box()["y"] + 5)
    assert view.page.evaluate("govkgView.nodes.get({filter: n => n.opacity === 0.15}).length") == 0


@pytest.mark.parametrize("name, action, shown", [
    ("report", ("class", "Unit"), 10),
    ("report", ("part", "下一年度工作安排"), 8),
    ("report", ("part", "主要举措和成效"), 11),
    ("overview", ("year", "2023"), 3),
    ("overview", ("class", "Instrument"), 2),
])
def test_browser_filters(views, opened, name, action, shown):
    view = opened(views[name])
    kind, value = action
    if kind == "class":
        view.page.uncheck(f"#legend input[value={value}]")
    else:
        view.page.select_option(f"#filter-{kind}", value)
    assert view.visible_nodes() == shown
    assert view.page.inner_text("#status") == f"显示 showing {shown} / {VIEWS[name][1]}"
    view.page.click("#reset")
    assert view.visible_nodes() == VIEWS[name][1]


INJECTED = {
    "unit": "<script>alert(1)</script>街道",
    "instrument": "\"><img src=x onerror=alert(1)>《href》",
    "measure": "<a href=\"javascript:window.__pwned=3\">点我</a>",
    "outcome": "<svg onload=window.__pwned=5> 3<b>次</b>",
}


@pytest.mark.parametrize("name", ["injection", "injection-overview"])
def test_browser_injection_runs_nothing(views, opened, name):
    view = opened(views[name])
    page = view.page
    for label in page.evaluate("govkgView.nodes.map(n => n.full)"):
        x, y = view.node_point(view.node_id(label))
        page.mouse.move(x, y, steps=2)
        page.mouse.click(x, y)
        page.fill("#search", label)
        page.press("#search", "Enter")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, iframe, svg, a, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_browser_injection_strings_show_as_text(views, opened):
    view = opened(views["injection"])
    page = view.page
    assert page.inner_text("#heading") == "报告 </script><script>window.__pwned=1</script>报告"
    for label in INJECTED.values():
        page.fill("#search", label)
        page.press("#search", "Enter")
        assert page.inner_text("#status") == "找到 found: " + label
        assert label in page.inner_text("#tip")
    page.fill("#search", "点我")
    page.press("#search", "Enter")
    tip = page.inner_text("#tip")
    assert "href <img src=x onerror=alert(1)> 'quotes' \"double\" </script><script>window.__pwned=4</script>" in tip
    assert "<img src=x onerror=\"window.__pwned=2\">举措</h1><script>alert(1)</script>" in tip
    assert page.evaluate("window.__pwned") is None
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])


def test_browser_5000_nodes_drawn_and_searchable(tmp_path, opened):
    from govkg.visual.render import write_view

    G = nx.DiGraph(nx.balanced_tree(4, 6))  # 5,461 nodes: past the cap, so 5,000 are drawn
    G.graph.update(title="5000", focus=0, note="")
    for n in G:
        G.nodes[n].update(cls=("Report", "Part", "Section", "Measure", "Unit", "Instrument", "Outcome")[
            len(nx.shortest_path(G, 0, n)) - 1], full=f"节点{n}")
    info = write_view(G, tmp_path / "big.html")
    assert (info.nodes, info.total) == (5000, 5461)
    view = opened(tmp_path / "big.html")
    assert view.page.evaluate("window.__govkgReady") > 0   # how fast: benchmarks/visual_bench.py
    assert view.page.evaluate("govkgView.nodes.length") == 5000
    assert view.page.inner_text("#note").startswith("showing the 5,000 best-connected of 5,461 nodes")
    assert view.page.evaluate("govkgView.find('节点4')") == view.node_id("节点4")
    assert view.errors == []
