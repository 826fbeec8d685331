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
#: label font size per class in an outline (report, unit and instrument views), canvas px
OUTLINE_FONT = {"Report": 18, "Part": 16, "Section": 15, "Measure": 15, "PlannedMeasure": 15,
                "Shortcoming": 15}
#: outcomes, units and instruments beside a measure: drawn small, read when zoomed in
SATELLITE_FONT = 9
#: labels drawn smaller than this many CSS pixels are left out until the view is zoomed in
DRAW_THRESHOLD = 7
#: in the overview the most connected this many nodes get a label of at least 16 px
OVERVIEW_TOP = 30


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


def _tint(colour: str, amount: float = 0.78) -> str:
    """Return ``colour`` (#rrggbb) mixed with white; the label on it stays dark and legible.

    >>> _tint("#000000", 0.5)
    '#808080'
    """
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _boxes(H, layout: str, labels: dict, degree: dict) -> tuple[dict, dict]:
    """Return ``(font size, box size)`` per node for a box layout."""
    from govkg.visual.labels import text_width

    font: dict = {}
    if layout == "groups":
        weight = {v: float(H.nodes[v].get("weight") or degree[v] or 0) for v in H}
        top = max(weight.values(), default=1) or 1
        ranked = sorted(H, key=lambda v: (-weight[v], str(v)))
        best = set(ranked[:OVERVIEW_TOP])
        for v in H:
            f = 11 + 15 * math.sqrt(weight[v] / top)
            font[v] = round(max(f, 16) if v in best else f, 1)
    else:
        for v in H:
            font[v] = OUTLINE_FONT.get(H.nodes[v].get("cls"), SATELLITE_FONT)
        focus = H.graph.get("focus")
        if focus in font:
            font[focus] = max(font[focus], 18)
    # vis draws a box as its label plus the margin (4 px) and border on every side
    box = {v: (round(text_width(labels[v], font[v]) + 9, 1), round(font[v] + 9, 1)) for v in H}
    return font, box


def build_payload(G, *, cap: int | None = DEFAULT_CAP, stats: list | None = None,
                  reader: dict | None = None, links: dict | None = None) -> tuple[dict, ViewInfo]:
    """Return the page data for ``G`` (positions, sizes, styles, tooltips) and a summary.

    Args:
        G: a view from :mod:`.model` (nodes with ``cls``, ``label``, ``full``, ``tip``,
            ``part``, ``years``; missing ones get defaults).
        cap: the most nodes to draw (None: no cap).
        stats: optional ``[(heading, [line, ...]), ...]`` shown beside the graph.
        reader: optional text and facts (:func:`govkg.visual.reader.reader_data`) shown
            in a text pane beside the graph.
        links: optional URL prefixes of the served app (``{"resource": "/resource?iri="}``):
            a selected node then links to its page.

    Returns:
        ``(payload, info)``.
    """
    from govkg.visual import layout
    from govkg.visual.labels import unit_level

    total = G.number_of_nodes()
    H, note = _trim(G, cap)
    focus = H.graph.get("focus")
    order = sorted(H.nodes, key=str)
    index = {v: i for i, v in enumerate(order)}
    degree = dict(H.degree())
    top = max(degree.values(), default=1) or 1
    kind = H.graph.get("layout")
    labels = {v: str(H.nodes[v].get("label") or H.nodes[v].get("full") or v) for v in H}
    fonts: dict = {}
    if kind == "outline" and focus in H:
        fonts, boxes = _boxes(H, kind, labels, degree)
        pos = layout.outline(H, focus, boxes.__getitem__, H.graph.get("aspect", layout.ASPECT))
    elif kind == "groups":
        fonts, boxes = _boxes(H, kind, labels, degree)
        cls_rank = {c: i for i, c in enumerate(STYLE)}

        def group_of(v):
            c = H.nodes[v].get("cls", "Other")
            level = unit_level(str(H.nodes[v].get("full") or "")) if c == "Unit" else ""
            return (cls_rank.get(c, 99) if c != "Instrument" else -1, level)
        pos = layout.groups(H, group_of, boxes.__getitem__)
    else:
        shared = {v for v, c in H.nodes(data="cls") if c in SHARED_CLASSES}
        pos = layout.positions(H, focus=focus if focus in H else None, shared=shared)
    class_font: dict = {}
    if fonts:
        counts: dict = {}
        for v in H:
            c = H.nodes[v].get("cls") if H.nodes[v].get("cls") in STYLE else "Other"
            counts.setdefault(c, {}).setdefault(fonts[v], 0)
            counts[c][fonts[v]] += 1
        class_font = {c: max(fs, key=lambda f: (fs[f], -f)) for c, fs in counts.items()}
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
        node = {"id": index[v], "label": labels[v], "group": cls,
                "x": x, "y": y, "size": round(size, 1), "full": full, "deg": degree[v],
                "part": str(d.get("part") or ""), "years": [int(y_) for y_ in d.get("years") or []],
                "tip": [[str(k), str(val)] for k, val in d.get("tip") or [["IRI", str(v)]]]}
        if v in fonts:  # a labelled box: shape and colours come from its class (group), which
            # vis parses once, not per node (5,000 nodes open 0.5 s sooner)
            node.update(bw=boxes[v][0], bh=boxes[v][1])
            if fonts[v] != class_font.get(cls):
                node["font"] = {"size": fonts[v]}
        if isinstance(d.get("start"), int):
            node["start"] = d["start"]
        node["iri"] = str(v)
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
        "nodes": {"borderWidth": 1, "margin": 4,
                  "font": {"size": 14, "face": "WenQuanYi Micro Hei, WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif"},
                  "scaling": {"label": {"drawThreshold": DRAW_THRESHOLD, "maxVisible": 40}}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  # in the overview the edges stay faint under the labels until a node is selected
        "color": {"color": "rgba(110,110,110,0.13)" if kind == "groups" else "#b8b8b8", "highlight": "#333333", "hover": "#555555"},
                  "arrows": {"to": {"enabled": H.is_directed() and not big, "scaleFactor": 0.4}}},
        "interaction": {"hover": True, "tooltipDelay": 80, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "keyboard": False, "multiselect": False},
    }
    from govkg.visual.model import CLASS_NAMES

    payload = {
        "title": str(H.graph.get("title") or ""),
        "note": note,
        "focus": index.get(focus),
        "layout": kind or "",
        "classes": [{"key": c, "name": CLASS_NAMES.get(c, c), "color": STYLE[c][0], "tint": _tint(STYLE[c][0], 0.7),
                     "border": STYLE[c][1], "shape": "box" if fonts else STYLE[c][2], "dashed": STYLE[c][3],
                     "font": class_font.get(c, FONT.get(c, 14)), "symbol": STYLE[c][2]}
                    for c in STYLE if c in classes],
        "parts": sorted(p for p in parts if p),
        "years": sorted(years),
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "stats": [[str(h), [str(line) for line in lines]] for h, lines in (stats or [])],
        "reader": reader,
        "links": dict(links or {}),
    }
    return payload, ViewInfo(nodes=len(nodes), edges=len(edges), total=total, note=note)


def build_html(G, *, title: str | None = None, cap: int | None = DEFAULT_CAP,
               stats: list | None = None, reader: dict | None = None,
               links: dict | None = None) -> tuple[str, ViewInfo]:
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

    payload, info = build_payload(G, cap=cap, stats=stats, reader=reader, links=links)
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
