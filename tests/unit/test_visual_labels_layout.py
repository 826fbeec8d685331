"""Short labels that differ, and box layouts whose boxes never overlap."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from govkg.visual import labels, layout
from govkg.visual.labels import unit_level, unit_region


@pytest.mark.parametrize("fulls, limit, expected", [
    # the words that differ stay: the instrument view's measures all began alike
    ({1: "认真落实《法治政府建设实施纲要(2015-2020年)》,推进依法决策机制建设",
      2: "认真落实《法治政府建设实施纲要(2015-2020年)》,推进行政执法公示制度"}, 16,
     {1: "认真落实《法…进依法决策机制建设", 2: "认真落实《法…进行政执法公示制度"}),
    # same head and tail: the window around the first difference
    ({1: "落实纲要,推进依法决策工作,完成全年任务", 2: "落实纲要,推进执法公示工作,完成全年任务"}, 9,
     {1: "…推进依法决策工…", 2: "…推进执法公示工…"}),
    ({1: "审查各类合同", 2: "审查各类合同"}, 4, {1: "审…合同", 2: "审…合同"}),  # same name, same label
    ({1: "短名"}, 10, {1: "短名"}),
])
def test_labels_distinct(fulls, limit, expected):
    assert labels.distinct_labels(fulls, limit) == expected


@pytest.mark.parametrize("name, level", [
    ("北京市西城区人民政府广安门内街道办事处", 4), ("桐溪镇人民政府", 4), ("云江市柳溪区司法局", 3),
    ("崇岭县人民政府", 3), ("江阳市市场监督管理局", 2), ("山东省司法厅", 1), ("国务院", 0),
])
def test_visual_unit_level(name, level):
    assert unit_level(name) == level


@pytest.mark.parametrize("name, region", [
    ("北京市西城区人民政府广安门内街道办事处", "北京市西城区"), ("云江市柳溪区司法局", "云江市柳溪区"),
    ("山东省司法厅", "山东省"), ("江阳市市场监督管理局", "江阳市"), ("崇岭县人民政府", "崇岭县"), ("国务院", ""),
])
def test_visual_unit_region(name, region):
    assert unit_region(name) == region


def _boxes_overlap(pos, size):
    for a, b in itertools.combinations(pos, 2):
        (ax, ay), (bx, by) = pos[a], pos[b]
        (aw, ah), (bw, bh) = size[a], size[b]
        if abs(ax - bx) * 2 < aw + bw and abs(ay - by) * 2 < ah + bh:
            return (a, b)
    return None


def _report_tree(measures: int = 30):
    G = nx.DiGraph()
    G.add_node("r", cls="Report")
    for p in range(3):
        G.add_node(f"p{p}", cls="Part")
        G.add_edge("r", f"p{p}")
        for s in range(2):
            sec = f"p{p}s{s}"
            G.add_node(sec, cls="Section")
            G.add_edge(f"p{p}", sec)
            for m in range(measures // 6):
                mid = f"{sec}m{m}"
                G.add_node(mid, cls="Measure", start=m)
                G.add_edge(sec, mid)
                G.add_node(mid + "o", cls="Outcome")
                G.add_edge(mid, mid + "o")
                G.add_edge(mid, "unit", rel="负责")
    G.nodes["unit"]["cls"] = "Unit"
    return G


def test_layout_outline_tree_order_and_no_overlap():
    G = _report_tree()
    size = {n: (60.0 + 5 * len(n), 20.0) for n in G}
    pos = layout.outline(G, "r", size.__getitem__)
    assert set(pos) == set(G)
    assert _boxes_overlap(pos, size) is None
    # the outcome sits on its measure's row, to its right
    assert pos["p0s0m0o"][1] == pos["p0s0m0"][1] and pos["p0s0m0o"][0] > pos["p0s0m0"][0]
    # read in order: a part before its sections, a section before its measures (same column)
    assert pos["p0"][1] < pos["p0s0"][1] < pos["p0s0m0"][1] < pos["p0s0m1"][1]
    # a measure is indented under its section
    assert pos["p0s0m0"][0] - size["p0s0m0"][0] / 2 > pos["p0s0"][0] - size["p0s0"][0] / 2


def test_layout_outline_uses_the_canvas_shape():
    G = _report_tree(120)
    size = {n: (120.0, 20.0) for n in G}
    pos = layout.outline(G, "r", size.__getitem__)
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    aspect = (max(xs) - min(xs) + 120) / (max(ys) - min(ys) + 20)
    assert 0.7 < aspect < 3.0  # flowed into columns, not one tall list


def test_layout_groups_heaviest_first_no_overlap():
    G = nx.Graph()
    for i in range(40):
        G.add_node(f"u{i}", weight=i, cls="Unit")
        G.add_node(f"i{i}", weight=100 - i, cls="Instrument")
    size = {n: (50.0 + (G.nodes[n]["weight"] % 7) * 10, 18.0 + G.nodes[n]["weight"] % 3) for n in G}
    pos = layout.groups(G, lambda n: G.nodes[n]["cls"], size.__getitem__)
    assert _boxes_overlap(pos, size) is None
    # each group starts on its own line, heaviest first
    assert pos["i0"][1] < pos["u0"][1] and pos["u39"][1] <= pos["u0"][1]
