"""networkx view -> one offline, injection-safe HTML page (checked without a browser)."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from govkg.errors import OutputError
from govkg.visual import layout, model, render

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
INJECTION_REPORT = "https://w3id.org/govkg/id/report/0123456789abcdef"


class _Tags(HTMLParser):
    """Collect every start tag with its attributes, and the text of <h1> and <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("h1", "title") else None

    def handle_data(self, data):
        if self._open:
            self.text[self._open] = self.text.get(self._open, "") + data

    def handle_endtag(self, tag):
        self._open = None


@pytest.fixture(scope="module")
def injection_html():
    store = model.open_source(FIXTURES / "injection.trig")
    html, info = render.build_html(model.report_graph(store, INJECTION_REPORT))
    return html


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!-- <script>", "a & b > c", "line\u2028sep\u2029x",
    "\"quotes' and \\ backslash", "中文 《法治政府建设实施纲要》",
])
def test_render_json_for_script_escapes(value):
    text = render.json_for_script({"v": value, "list": [value]})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"v": value, "list": [value]}


def test_render_injection_page_has_only_our_tags(injection_html):
    parser = _Tags()
    parser.feed(injection_html)
    tags = {t for t, _ in parser.tags}
    assert not tags & {"img", "iframe", "svg", "a", "object", "embed", "link", "base", "form"}
    scripts = [attrs for t, attrs in parser.tags if t == "script"]
    assert len(scripts) == 3  # vis-network, the JSON data block, our view script
    nonce = re.search(r"script-src 'nonce-([0-9a-f]+)'", injection_html).group(1)
    assert all(a.get("nonce") == nonce or a.get("type") == "application/json" for a in scripts)
    assert not [(t, k) for t, attrs in parser.tags for k in attrs if k.startswith("on")]


def test_render_injection_heading_is_text(injection_html):
    parser = _Tags()
    parser.feed(injection_html)
    title = "报告 </script><script>window.__pwned=1</script>报告"
    assert parser.text["h1"] == title
    assert parser.text["title"] == title


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>", "<img src=x onerror", "</script><script>window.__pwned",
    "<svg onload", "<iframe", "<a href=",
])
def test_render_injection_strings_never_raw(injection_html, raw):
    assert raw not in injection_html


def test_render_injection_data_round_trips(injection_html):
    block = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>',
                      injection_html, re.S).group(1)
    data = json.loads(block)
    fulls = {n["full"] for n in data["nodes"]}
    assert "<script>alert(1)</script>街道" in fulls
    assert "\"><img src=x onerror=alert(1)>《href》" in fulls
    assert all("title" not in n for n in data["nodes"])  # pyvis would switch to innerHTML


_EXTERNAL = [
    re.compile(r"""\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
]


@pytest.mark.parametrize("view", ["report", "overview", "unit", "query"])
def test_render_no_external_references(view):
    store = model.open_source(FIXTURES / "two_reports.trig")
    G = {"report": lambda: model.report_graph(store, "https://w3id.org/govkg/id/report/aaaaaaaaaaaaaaaa"),
         "overview": lambda: model.overview_graph(store),
         "unit": lambda: model.ego_graph(store, "https://w3id.org/govkg/id/unit/云江市柳溪区司法局", "unit"),
         "query": lambda: model.query_graph(store, "PREFIX gov: <https://w3id.org/govkg/ontology#> "
                                                   "SELECT ?m ?u WHERE { ?m gov:involvesUnit ?u }"),
         }[view]()
    html, info = render.build_html(G)
    for pattern in _EXTERNAL:
        assert not pattern.search(html), pattern.pattern
    for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "bootstrap"):  # pyvis's template links
        assert host not in html
    assert "default-src 'none'" in html
    assert info.nodes == G.number_of_nodes()


def _star(n: int):
    G = nx.DiGraph()
    G.graph.update(title="star", focus="hub", note="")
    for i in range(n - 1):
        G.add_edge("hub", f"leaf{i:03d}")
    G.add_edge("leaf000", "leaf001")
    return G


@pytest.mark.parametrize("n, cap, drawn, note", [
    (30, 10, 10, "showing the 10 best-connected of 30 nodes; narrow the view with --report, "
                 "--unit, --instrument or a --query with LIMIT"),
    (30, 30, 30, ""),
    (30, None, 30, ""),
])
def test_render_cap(n, cap, drawn, note):
    payload, info = render.build_payload(_star(n), cap=cap)
    assert (info.nodes, info.total, info.note) == (drawn, n, note)
    assert payload["note"] == note
    fulls = {node["full"] for node in payload["nodes"]}
    assert "hub" in fulls and ("leaf000" in fulls and "leaf001" in fulls)  # the best connected


def test_render_payload_styles_and_sizes():
    G = _star(5)
    for v in G:
        G.nodes[v].update(cls="Unit" if v == "hub" else "Measure")
    payload, _ = render.build_payload(G)
    assert [c["key"] for c in payload["classes"]] == ["Measure", "Unit"]
    sizes = {n["full"]: n["size"] for n in payload["nodes"]}
    assert sizes["hub"] == 30  # the focus: degree 4 of 4 gives 8 + 22
    assert sizes["leaf002"] == pytest.approx(8 + 22 * math.sqrt(1 / 4), abs=0.1)
    assert payload["options"]["physics"] == {"enabled": False}


def test_render_styles_unique_per_class():
    looks = [(s[0]) for s in render.STYLE.values()]
    assert len(set(looks)) == len(looks)
    shapes = [(s[2], s[3]) for s in render.STYLE.values()]
    assert len(set(shapes)) == len(shapes)


@pytest.mark.parametrize("graph", [nx.balanced_tree(3, 5), nx.path_graph(50), nx.empty_graph(7),
                                   nx.barabasi_albert_graph(300, 2, seed=3)])
def test_layout_positions_distinct_and_finite(graph):
    pos = layout.positions(graph)
    assert set(pos) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)
    assert layout.positions(graph) == pos  # deterministic


def test_render_write_view_atomic(tmp_path):
    out = tmp_path / "views" / "star.html"
    info = render.write_view(_star(4), out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert info.size == out.stat().st_size
    assert [p.name for p in out.parent.iterdir()] == ["star.html"]


def test_render_write_view_unwritable(tmp_path):
    target = tmp_path / "taken.html"
    target.mkdir()
    with pytest.raises(OutputError) as err:
        render.write_view(_star(4), target)
    assert err.value.path == str(target)
    assert err.value.message.startswith("cannot be written")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.html"]


def test_render_imports_cost_nothing():
    import subprocess
    import sys

    code = ("import sys, govkg.visual.model, govkg.visual.render, govkg.visual.layout, govkg.visual.stats; "
            "print(sorted(m for m in ('pyvis', 'pyoxigraph', 'networkx', 'jinja2', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
