"""Draw a networkx view as one self-contained, offline, injection-safe HTML page.

The page is made by pyvis ``generate_html()`` on govkg's own template
(``templates/view.html`` + ``view.js``), which inlines vis-network from pyvis's package and
names no other host. Report text is untrusted, so:

- the heading is escaped by Jinja (autoescape on);
- nodes, edges and tooltips travel as one JSON block in a ``<script type="application/json">``
  with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so nothing can close the script;
- nodes carry no vis ``title`` (pyvis switches to ``innerHTML`` tooltips when a title holds
  "href"); tooltips, the legend, the search list and the filters are built with
  ``textContent`` only; ids in the page are integers, never IRIs;
- a Content-Security-Policy allows only the page's own scripts (by nonce) and no network.

Positions are computed in Python (:mod:`.layout`) and physics is off, so a 5,000-node view is
interactive in about a second. Past ``cap`` nodes the view keeps the best-connected ones and
says so on the page.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govkg.errors import DependencyError

DEFAULT_CAP = 5000
TEMPLATE_DIR = Path(__file__).parent / "templates"

#: class -> (fill colour, border colour, vis shape, dashed border); colour is unique per class
STYLE = {
    "Report": ("#d62728", "#8b1a1a", "star", False),
    "Part": ("#ff7f0e", "#a65207", "hexagon", False),
    "Section": ("#ffd08a", "#b07a2a", "hexagon", True),
    "Measure": ("#1f77b4", "#124a70", "dot", False),
    "PlannedMeasure": ("#9ecae9", "#1f77b4", "dot", True),
    "Shortcoming": ("#8c564b", "#5a362f", "triangleDown", False),
    "Outcome": ("#2ca02c", "#1a641a", "diamond", False),
    "Unit": ("#9467bd", "#5e3f7a", "square", False),
    "Post": ("#e7a3d0", "#9467bd", "square", True),
    "Instrument": ("#17becf", "#0e7d88", "triangle", False),
    "Other": ("#b0b0b0", "#6b6b6b", "diamond", True),
}
#: classes many reports point to: in a large view they are laid out after the report trees
SHARED_CLASSES = {"Unit", "Instrument", "Post"}
#: label font size per class: the skeleton of a report stays legible when zoomed out
FONT = {"Report": 30, "Part": 24, "Section": 18, "Unit": 18, "Instrument": 18}


@dataclass(frozen=True)
class ViewInfo:
    """What a rendered view holds: ``nodes`` drawn, ``edges`` drawn, ``total`` nodes in the
    graph before the cap, and the ``note`` shown on the page (empty when nothing was cut)."""

    nodes: int
    edges: int
    total: int
    note: str
    size: int = 0


def json_for_script(obj: Any) -> str:
    """Return ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes (so ``</script>`` and ``<!--``
    cannot appear), as do U+2028 and U+2029; the JSON value is unchanged.

    >>> json_for_script({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _trim(G, cap: int):
    """Return ``(graph, note)``: ``G`` itself, or its ``cap`` best-connected nodes."""
    n = G.number_of_nodes()
    if cap is None or n <= cap:
        return G, G.graph.get("note", "")
    focus = G.graph.get("focus")
    ranked = sorted(G.nodes, key=lambda v: (v != focus, -G.degree(v), str(v)))
    H = G.subgraph(ranked[:cap]).copy()
    H.graph.update(G.graph)
    note = (f"showing the {cap:,} best-connected of {n:,} nodes; narrow the view with "
            f"--report, --unit, --instrument or a --query with LIMIT")
    if G.graph.get("note"):
        note = G.graph["note"] + "; " + note
    return H, note


def build_payload(G, *, cap: int | None = DEFAULT_CAP, stats: list | None = None) -> tuple[dict, ViewInfo]:
    """Return the page data for ``G`` (positions, sizes, styles, tooltips) and a summary.

    Args:
        G: a view from :mod:`.model` (nodes with ``cls``, ``label``, ``full``, ``tip``,
            ``part``, ``years``; missing ones get defaults).
        cap: the most nodes to draw (None: no cap).
        stats: optional ``[(heading, [line, ...]), ...]`` shown beside the graph.

    Returns:
        ``(payload, info)``.
    """
    from govkg.visual.layout import positions

    total = G.number_of_nodes()
    H, note = _trim(G, cap)
    focus = H.graph.get("focus")
    shared = {v for v, c in H.nodes(data="cls") if c in SHARED_CLASSES}
    pos = positions(H, focus=focus if focus in H else None, shared=shared)
    order = sorted(H.nodes, key=str)
    index = {v: i for i, v in enumerate(order)}
    degree = dict(H.degree())
    top = max(degree.values(), default=1) or 1
    nodes, classes, parts, years = [], set(), set(), set()
    for v in order:
        d = H.nodes[v]
        cls = d.get("cls") if d.get("cls") in STYLE else "Other"
        classes.add(cls)
        full = str(d.get("full") or d.get("label") or v)
        size = 8 + 22 * math.sqrt(degree[v] / top)
        if v == focus:
            size = max(size, 30)
        x, y = pos[v]
        node = {"id": index[v], "label": str(d.get("label") or full), "group": cls,
                "x": x, "y": y, "size": round(size, 1), "full": full,
                "part": str(d.get("part") or ""), "years": [int(y_) for y_ in d.get("years") or []],
                "tip": [[str(k), str(val)] for k, val in d.get("tip") or [["IRI", str(v)]]]}
        parts.add(node["part"])
        years.update(node["years"])
        nodes.append(node)
    edges = []
    for a, b, d in H.edges(data=True):
        edge = {"from": index[a], "to": index[b], "rel": str(d.get("rel") or "")}
        weight = d.get("weight") or 1
        if weight > 1:
            edge["width"] = round(min(1 + math.log2(weight), 8), 2)
            edge["w"] = weight
        if d.get("tip"):
            edge["tip"] = [[str(k), str(val)] for k, val in d["tip"]][:20]
        edges.append(edge)
    big = len(nodes) > 1500
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "WenQuanYi Micro Hei, WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif"}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#555555"},
                  "arrows": {"to": {"enabled": H.is_directed() and not big, "scaleFactor": 0.4}}},
        "interaction": {"hover": True, "tooltipDelay": 80, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": False, "multiselect": False},
    }
    from govkg.visual.model import CLASS_NAMES

    payload = {
        "title": str(H.graph.get("title") or ""),
        "note": note,
        "focus": index.get(focus),
        "classes": [{"key": c, "name": CLASS_NAMES.get(c, c), "color": STYLE[c][0],
                     "border": STYLE[c][1], "shape": STYLE[c][2], "dashed": STYLE[c][3],
                     "font": FONT.get(c, 14)}
                    for c in STYLE if c in classes],
        "parts": sorted(p for p in parts if p),
        "years": sorted(years),
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "stats": [[str(h), [str(line) for line in lines]] for h, lines in (stats or [])],
    }
    return payload, ViewInfo(nodes=len(nodes), edges=len(edges), total=total, note=note)


def build_html(G, *, title: str | None = None, cap: int | None = DEFAULT_CAP,
               stats: list | None = None) -> tuple[str, ViewInfo]:
    """Return ``(html, info)``: the page for ``G`` made by pyvis ``generate_html()``.

    Raises:
        DependencyError: pyvis (or jinja2) is not installed.
    """
    try:
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
        from markupsafe import Markup
        from pyvis.network import Network
    except ImportError:
        raise DependencyError("pyvis is not installed", hint="pip install 'pyvis>=0.3.2,<0.4'") from None
    import pyvis

    payload, info = build_payload(G, cap=cap, stats=stats)
    heading = title or payload["title"] or "govkg"
    payload["title"] = heading
    data = json_for_script(payload)
    nonce = hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]

    net = Network(height="100%", width="100%", directed=G.is_directed(), heading=heading,
                  cdn_resources="in_line", bgcolor="#ffffff")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATE_DIR)),
                                           FileSystemLoader(str(Path(pyvis.__file__).parent / "templates"))]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["jsonscript"] = lambda _obj: Markup(data)
    env.globals.update(govkg_payload=payload, govkg_nonce=nonce)
    net.templateEnv = env
    net.path = "view.html"
    # our nodes carry no "title", so pyvis never switches tooltips to innerHTML; the page
    # reads the JSON block, not pyvis's own node list
    net.nodes, net.edges = [], []
    net.options = payload["options"]
    html = net.generate_html(name="view.html")
    return html, ViewInfo(info.nodes, info.edges, info.total, info.note, len(html.encode("utf-8")))


def write_text_atomic(path: str | Path, text: str) -> int:
    """Write ``text`` (UTF-8) to ``path`` through a temp file in the same folder; return bytes.

    Raises:
        OutputError: the folder cannot be written.
    """
    from govkg.graph.io import write_bytes_atomically

    data = text.encode("utf-8")
    write_bytes_atomically(path, data, hint="choose another output file")
    return len(data)


def write_view(G, out: str | Path, *, title: str | None = None, cap: int | None = DEFAULT_CAP,
               stats: list | None = None) -> ViewInfo:
    """Render ``G`` and write the page to ``out`` atomically; return what was drawn.

    Raises:
        OutputError: ``out`` cannot be written.
        DependencyError: pyvis is not installed.
    """
    html, info = build_html(G, title=title, cap=cap, stats=stats)
    write_text_atomic(out, html)
    return info
