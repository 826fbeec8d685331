"""Precompute node positions in Python so the browser never runs physics.

Small components get a force-directed layout (Fruchterman-Reingold in numpy, started from a
radial tree so it converges in few steps); large ones a radial tree around their root (the
view's focus or the best-connected node), children in a wedge proportional to their subtree.
That is O(n) and reads well for our graphs, which are trees with a few cross links
(report -> part -> section -> measure -> unit). Components are packed in rows, largest first.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Hashable

#: components up to this size get the force-directed refinement (dense numpy, O(n^2) a step)
FORCE_MAX = 400
#: the distance between neighbouring nodes, in canvas pixels
SPACING = 60.0


def positions(G, focus: Hashable | None = None,
              shared: set | None = None) -> dict[Hashable, tuple[float, float]]:
    """Return ``{node: (x, y)}`` in canvas pixels for every node of ``G``.

    Args:
        G: a networkx graph (directed or not; direction is ignored).
        focus: the node to centre its component on, if any.
        shared: nodes many parts of the graph point to (units, instruments); in a large
            component they are placed after the rest, among their neighbours.

    Returns:
        the positions, deterministic for a given graph.

    >>> import networkx as nx
    >>> pos = positions(nx.path_graph(3), focus=0)
    >>> pos[0]
    (0.0, 0.0)
    """
    import networkx as nx

    U = G.to_undirected(as_view=True) if G.is_directed() else G
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(U)),
                   key=lambda c: (-len(c), str(c[0])))
    placed: list[tuple[list, dict, float]] = []
    for comp in comps:
        root = focus if focus in comp else max(comp, key=lambda n: (U.degree(n), str(n)))
        if len(comp) > FORCE_MAX:
            local = _without_hubs(U, comp, focus if focus in comp else None, root, shared)
        else:
            is_tree = U.subgraph(comp).number_of_edges() == len(comp) - 1
            if is_tree and focus not in comp:
                root = _middle(U, comp)
            local = _radial(U, comp, root)
            if len(comp) > 2 and not is_tree:
                local = _force(U, comp, local, fixed=root if root == focus else None)
        radius = max((math.hypot(x, y) for x, y in local.values()), default=0.0) + SPACING
        placed.append((comp, local, radius))
    return _pack(placed)


def _without_hubs(U, comp: list, focus, root, shared: set | None) -> dict:
    """Lay out a large component: the graph without its hubs, then each hub among its neighbours.

    Hubs (units or instruments shared by many reports) would put everything one step from
    everything in a single radial tree; without them the reports fall apart into their own
    trees, which are laid out and packed, and each hub is then placed at the centre of its
    neighbours (spiralling out until it has room).
    """
    if shared:
        hubs = [n for n in comp if n in shared and n != focus]
    else:
        degrees = [U.degree(n) for n in comp]
        limit = max(10.0, 4.0 * sum(degrees) / len(degrees))
        hubs = [n for n in comp if U.degree(n) > limit and n != focus]
    hubs.sort(key=lambda n: (-U.degree(n), str(n)))
    if not hubs or len(hubs) > len(comp) / 2:
        return _radial(U, comp, root)
    hub_set = set(hubs)
    rest = U.subgraph([n for n in comp if n not in hub_set])
    pos = positions(rest, focus=focus)
    taken: set[tuple[int, int]] = {(round(x / SPACING), round(y / SPACING)) for x, y in pos.values()}
    golden = math.pi * (3 - math.sqrt(5))
    for h in hubs:
        near = [pos[m] for m in U.neighbors(h) if m in pos]
        cx = sum(x for x, _ in near) / len(near) if near else 0.0
        cy = sum(y for _, y in near) / len(near) if near else 0.0
        for k in range(100000):
            r = SPACING * math.sqrt(k)
            x, y = cx + r * math.cos(k * golden), cy + r * math.sin(k * golden)
            cell = (round(x / SPACING), round(y / SPACING))
            if cell not in taken:
                break
        taken.add(cell)
        pos[h] = (x, y)
    return pos


def _bfs_far(U, start) -> tuple[object, dict]:
    """Return the last node a BFS from ``start`` reaches, and the BFS parents."""
    parent = {start: None}
    queue = deque([start])
    last = start
    while queue:
        last = queue.popleft()
        for m in sorted(U.neighbors(last), key=str):
            if m not in parent:
                parent[m] = last
                queue.append(m)
    return last, parent


def _middle(U, comp: list):
    """Return the middle node of a longest path of a tree (a report's own node, for ours)."""
    a, _ = _bfs_far(U, comp[0])
    b, parent = _bfs_far(U, a)
    path = [b]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    return path[len(path) // 2]


def _radial(U, comp: list, root) -> dict:
    """Lay ``comp`` out as a radial BFS tree around ``root``."""
    parent = {root: None}
    order = [root]
    children: dict = {root: []}
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for m in sorted(U.neighbors(n), key=str):
            if m not in parent:
                parent[m] = n
                children[m] = []
                children[n].append(m)
                order.append(m)
                queue.append(m)
    leaves = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    depth = {root: 0}
    for n in order[1:]:
        depth[n] = depth[parent[n]] + 1
    per_ring: dict[int, int] = {}
    for n in order:
        per_ring[depth[n]] = per_ring.get(depth[n], 0) + 1
    radius = {0: 0.0}
    for d in range(1, max(per_ring) + 1):
        # each ring far enough out for its nodes to sit SPACING apart
        radius[d] = max(radius[d - 1] + 2 * SPACING, per_ring[d] * SPACING / (2 * math.pi))
    angle = {root: (0.0, 2 * math.pi)}
    pos = {root: (0.0, 0.0)}
    for n in order:
        start, span = angle[n]
        for c in children[n]:
            share = span * leaves[c] / leaves[n]
            angle[c] = (start, share)
            mid = start + share / 2
            r = radius[depth[c]]
            pos[c] = (r * math.cos(mid), r * math.sin(mid))
            start += share
    return pos


def _force(U, comp: list, start: dict, fixed=None, iterations: int = 60) -> dict:
    """Refine ``start`` with Fruchterman-Reingold steps (numpy, dense); keep ``fixed`` put."""
    import numpy as np

    index = {n: i for i, n in enumerate(comp)}
    n = len(comp)
    pos = np.array([start[v] for v in comp], dtype=float)
    adj = np.zeros((n, n))
    for a in comp:
        for b in U.neighbors(a):
            if b in index:
                adj[index[a], index[b]] = 1.0
    k = SPACING * 2.0
    temperature = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]), k) / 10
    cool = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.clip(dist, 1.0, None, out=dist)
        force = (k * k / dist**2 - adj * dist / k)  # repulsion minus attraction, per unit delta
        disp = np.einsum("ij,ijk->ik", force, delta)
        length = np.hypot(disp[:, 0], disp[:, 1])
        np.clip(length, 1e-9, None, out=length)
        step = disp * (np.minimum(length, temperature) / length)[:, None]
        if fixed is not None:
            step[index[fixed]] = 0
        pos += step
        temperature -= cool
    if fixed is not None:
        pos -= pos[index[fixed]]
    else:
        pos -= pos.mean(axis=0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(comp)}


def _pack(placed: list) -> dict:
    """Place component layouts in rows of roughly square overall shape, largest first."""
    if not placed:
        return {}
    total = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(math.sqrt(total) * 1.2, 2 * placed[0][2])
    out: dict = {}
    x = y = 0.0
    row_height = 0.0
    for i, (comp, local, r) in enumerate(placed):
        if i and x + 2 * r > row_width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        cx, cy = x + r, y + r
        if i == 0:
            cx = cy = 0.0  # the main component (and the focus) sits at the origin
            x, row_height = r, 2 * r
            y = -r
            for v in comp:
                out[v] = (round(local[v][0], 1), round(local[v][1], 1))
            continue
        for v in comp:
            out[v] = (round(cx + local[v][0], 1), round(cy + local[v][1], 1))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return out


# ------------------------------------------------------------------ labelled boxes
#: how a tree ranks its classes: a node hangs under the nearest neighbour of lower rank
TREE_RANK = {"Report": 0, "Part": 1, "Section": 2, "Measure": 3, "PlannedMeasure": 3, "Shortcoming": 3}
#: gaps between boxes, in canvas pixels
GAP_X, GAP_Y, INDENT = 6.0, 3.0, 14.0
#: how far right of its tree node a row's satellites may reach before wrapping, canvas px
BESIDE = 150.0
#: the shape of the canvas a view first opens in (width / height)
ASPECT = 1.45


def _natural(text: str) -> tuple:
    """Return a sort key reading runs of digits as numbers (section/10 after section/9)."""
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(text)))


def outline(G, root, box, aspect: float = ASPECT) -> dict:
    """Lay a view out as an outline flowed into columns: a tree of labelled boxes.

    The tree is made of the classes in :data:`TREE_RANK` (report -> parts -> sections ->
    measures), each under its nearest neighbour of lower rank, or under ``root``. Every
    other node (outcome, unit, instrument) with one tree neighbour sits on that neighbour's
    row, to its right; those with several are listed after the tree, most connected first.
    Rows are flowed into as many columns as make the whole closest to the canvas's shape,
    so the labels are drawn as large as they can be when the view first opens.

    Args:
        G: a view graph; nodes carry ``cls`` and may carry ``start`` (an evidence offset).
        root: the node the outline starts from (the report, unit or instrument).
        box: ``node -> (width, height)`` of its drawn box in canvas pixels.
        aspect: the width / height of the canvas the view opens in.

    Returns:
        ``{node: (x, y)}``, the centre of each node's box.
    """
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    cls = {n: G.nodes[n].get("cls", "Other") for n in G}
    tree = {n for n in G if n == root or cls[n] in TREE_RANK}
    parent: dict = {}
    for n in sorted(tree - {root}, key=str):
        rank = TREE_RANK[cls[n]]
        best = None
        for m in U.neighbors(n):
            if m not in tree or m == n:
                continue
            r = -1 if m == root else TREE_RANK.get(cls[m], 9)
            if r < rank or (r == rank and G.is_directed() and G.has_edge(m, n) and not G.has_edge(n, m)):
                if best is None or (r, str(m)) > best[0]:
                    best = ((r, str(m)), m)
        parent[n] = best[1] if best else root
    children: dict = {n: [] for n in tree}
    for n, p in parent.items():
        children[p].append(n)
    # a cycle (two nodes each other's parent) leaves nodes unreached: hang them from the root
    reached, stack = {root}, [root]
    while stack:
        for c in children[stack.pop()]:
            if c not in reached:
                reached.add(c)
                stack.append(c)
    for n in sorted(tree - reached, key=str):
        children[parent[n]].remove(n)
        parent[n] = root
        children[root].append(n)
    key = lambda n: (TREE_RANK.get(cls[n], -1), G.nodes[n].get("start", 1 << 40), _natural(n))
    beside: dict = {n: [] for n in tree}
    shared = []
    for n in G:
        if n in tree:
            continue
        hosts = [m for m in U.neighbors(n) if m in tree]
        deepest = max((TREE_RANK.get(cls[m], -1) for m in hosts), default=-1)
        hosts = [m for m in hosts if TREE_RANK.get(cls[m], -1) == deepest]  # the measure, not its section
        if len(hosts) == 1:
            beside[hosts[0]].append(n)
        else:
            shared.append(n)
    rows: list[list[tuple[object, float]]] = []  # each row: [(node, left x offset)], first the tree node

    def add_rows(n, depth: int) -> None:
        x0 = depth * INDENT
        w, _h = box(n)
        row = [(n, x0)]
        x = x0 + w + GAP_X
        limit = x0 + w + GAP_X + BESIDE
        for s in sorted(beside[n], key=lambda s: (cls[s], G.nodes[s].get("start", 1 << 40), _natural(s))):
            sw, _ = box(s)
            if x + sw > limit and len(row) > 1:  # wrap: the rest of the satellites under it
                rows.append(row)
                row, x = [], x0 + w + GAP_X
            row.append((s, x))
            x += sw + GAP_X
        rows.append(row)
        for c in sorted(children[n], key=key):
            add_rows(c, depth + 1)

    add_rows(root, 0)
    order = sorted(shared, key=lambda n: (-U.degree(n), cls[n], str(n)))
    row, x = [], 0.0
    width = max([max(x + box(n)[0] for n, x in r) for r in rows] + [400.0])
    for n in order:
        w, _ = box(n)
        if row and x + w > width:
            rows.append(row)
            row, x = [], 0.0
        row.append((n, x))
        x += w + GAP_X
    if row:
        rows.append(row)
    return _flow(rows, box, aspect)


def _flow(rows: list, box, aspect: float = ASPECT) -> dict:
    """Flow ``rows`` into the number of columns that fits the canvas best; return centres."""
    heights = [max(box(n)[1] for n, _ in row) + GAP_Y for row in rows]
    widths = [max(x + box(n)[0] for n, x in row) for row in rows]
    total = sum(heights)
    best = None
    for cols in range(1, 13):
        target = total / cols
        columns, col, h = [], [], 0.0
        for i, hi in enumerate(heights):
            if col and h + hi > target * 1.02 and len(columns) < cols - 1:
                columns.append(col)
                col, h = [], 0.0
            col.append(i)
            h += hi
        columns.append(col)
        width = sum(max(widths[i] for i in c) for c in columns) + 3 * GAP_X * (len(columns) - 1)
        height = max(sum(heights[i] for i in c) for c in columns)
        scale = min(aspect / width, 1.0 / height)
        if best is None or scale > best[0] * 1.001:
            best = (scale, columns)
    pos: dict = {}
    left = 0.0
    for col in best[1]:
        y = 0.0
        for i in col:
            for n, x in rows[i]:
                w, _h = box(n)
                pos[n] = (round(left + x + w / 2, 1), round(y + heights[i] / 2, 1))
            y += heights[i]
        left += max(widths[i] for i in col) + 3 * GAP_X
    return pos


def groups(G, group_of, box, aspect: float = ASPECT) -> dict:
    """Pack labelled boxes in groups, heaviest first, each group starting a new line.

    Args:
        G: a view graph whose nodes carry ``weight``.
        group_of: ``node -> sortable group key`` (e.g. class and level).
        box: ``node -> (width, height)`` in canvas pixels.
        aspect: the width / height the packing aims at.

    Returns:
        ``{node: (x, y)}`` box centres; boxes never overlap.
    """
    import math as _m

    order = sorted(G, key=lambda n: (group_of(n), -float(G.nodes[n].get("weight") or 0), str(n)))
    area = sum((box(n)[0] + GAP_X) * (box(n)[1] + GAP_Y) for n in order)
    width = max(_m.sqrt(area * aspect) * 1.05, max((box(n)[0] for n in order), default=0))
    pos: dict = {}
    x = y = 0.0
    line_h = 0.0
    current = object()
    for n in order:
        w, h = box(n)
        g = group_of(n)
        if (g != current and pos) or x + w > width:
            y += line_h + (3 * GAP_Y if g != current and pos else 0)
            x, line_h = 0.0, 0.0
        current = g
        pos[n] = (round(x + w / 2, 1), round(y + h / 2, 1))
        x += w + GAP_X
        line_h = max(line_h, h + GAP_Y)
    return pos
