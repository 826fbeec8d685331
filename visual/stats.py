"""What networkx sees in the graph: totals, top units and instruments, central nodes,
connected components. ``govkg stats`` prints :func:`format_stats`; ``--html`` draws the
overview with the same figures beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govkg.visual.model import _OVERVIEW_EDGES, RDFS_LABEL, _describe, _first, _select, iri_tail

#: above this many nodes betweenness is estimated from this many sampled sources
BETWEENNESS_SAMPLE = 100


@dataclass
class GraphStats:
    """Figures about one graph; lists hold ``(label, value)`` pairs, largest first."""

    totals: dict[str, int]
    top_units: list[tuple[str, int]] = field(default_factory=list)
    top_instruments: list[tuple[str, int]] = field(default_factory=list)
    central: list[tuple[str, float]] = field(default_factory=list)
    components: list[int] = field(default_factory=list)
    network_nodes: int = 0
    network_edges: int = 0
    sampled: bool = False


_TOTALS = {
    "reports": "gov:Report", "measures": "gov:Measure gov:PlannedMeasure", "units": "gov:GovernmentUnit",
    "instruments": "gov:LegalInstrument", "outcomes": "gov:Outcome", "shortcomings": "gov:Shortcoming",
}


def compute_stats(store, top: int = 10) -> GraphStats:
    """Return the figures for the graph in ``store``.

    Top units count distinct measures a unit is responsible for or involved in; top
    instruments count distinct reports citing them (in the report or in one of its measures).
    Centrality and components are computed by networkx on the unit-instrument network
    (the edges of :func:`govkg.visual.model.overview_graph`, uncapped), undirected.

    Args:
        store: a pyoxigraph Store (see :func:`govkg.visual.model.open_source`).
        top: how many entries each list keeps.
    """
    import networkx as nx

    values = " ".join(f'("{k}" {t})' for k, v in _TOTALS.items() for t in v.split())
    rows = _select(store, f"""SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES (?k ?t) {{ {values} }}
        OPTIONAL {{ ?s a ?t }} }} GROUP BY ?k""")
    totals = {k: 0 for k in _TOTALS}
    totals.update({r["k"]: int(r["n"]) for r in rows})
    # count first, then label the few winners: a unit's label is repeated in every report
    # graph of the union, so joining labels before grouping multiplies the rows by that
    units = _select(store, f"""SELECT ?u ?n (SAMPLE(?l) AS ?label) WHERE {{
        {{ SELECT ?u (COUNT(DISTINCT ?m) AS ?n) WHERE {{ ?m gov:responsibleUnit|gov:involvesUnit ?u }}
           GROUP BY ?u ORDER BY DESC(?n) ?u LIMIT {2 * int(top) + 10} }}
        FILTER EXISTS {{ ?u a gov:GovernmentUnit }}
        OPTIONAL {{ ?u rdfs:label ?l }} }} GROUP BY ?u ?n ORDER BY DESC(?n) ?u LIMIT {int(top)}""")
    instruments = _select(store, f"""SELECT ?i ?n (SAMPLE(?l) AS ?label) WHERE {{
        {{ SELECT ?i (COUNT(DISTINCT ?r) AS ?n) WHERE {{ GRAPH ?r {{ ?x gov:cites ?i }} }}
           GROUP BY ?i ORDER BY DESC(?n) ?i LIMIT {int(top)} }}
        OPTIONAL {{ ?i rdfs:label ?l }} }} GROUP BY ?i ?n ORDER BY DESC(?n) ?i""")
    # the unit-instrument network, uncapped; only the winners get labels
    U = nx.Graph()
    for r in _select(store, _OVERVIEW_EDGES):
        if r["a"] != r["b"]:
            U.add_edge(r["a"], r["b"])
    n = U.number_of_nodes()
    sampled = n > BETWEENNESS_SAMPLE
    central = nx.betweenness_centrality(U, k=BETWEENNESS_SAMPLE if sampled else None, seed=1) if n else {}
    best = sorted(central, key=lambda v: -central[v])[: 3 * top]
    facts = _describe(store, best)
    label = {v: str(_first(facts.get(v, {}), RDFS_LABEL) or iri_tail(v)) for v in best}
    ranked = sorted(best, key=lambda v: (-central[v], label[v]))[:top]
    return GraphStats(
        totals=totals,
        top_units=[(str(r["label"] or r["u"]), int(r["n"])) for r in units],
        top_instruments=[(str(r["label"] or r["i"]), int(r["n"])) for r in instruments],
        central=[(label[v], round(central[v], 4)) for v in ranked],
        components=sorted((len(c) for c in nx.connected_components(U)), reverse=True),
        network_nodes=n, network_edges=U.number_of_edges(), sampled=sampled,
    )


def stats_blocks(stats: GraphStats) -> list[tuple[str, list[str]]]:
    """Return the figures as ``[(heading, lines)]``, the shape the HTML view shows."""
    comps = stats.components
    how = f"estimated from {BETWEENNESS_SAMPLE} sources" if stats.sampled else "exact"
    return [
        ("totals", ["  ".join(f"{k} {v}" for k, v in stats.totals.items())]),
        ("top units by measures 举措最多的单位", [f"{v:>6}  {label}" for label, v in stats.top_units] or ["(none)"]),
        ("top instruments by citing reports 被引用最多的法规文件",
         [f"{v:>6}  {label}" for label, v in stats.top_instruments] or ["(none)"]),
        (f"most central nodes (betweenness, {how}) 最核心的节点",
         [f"{v:>6.3f}  {label}" for label, v in stats.central] or ["(none)"]),
        ("connected components 连通分量",
         [f"{len(comps)} component{'' if len(comps) == 1 else 's'} in the unit-instrument network "
          f"({stats.network_nodes} nodes, {stats.network_edges} edges)"
          + (f"; largest {comps[0]} nodes; sizes {' '.join(map(str, comps[:10]))}"
             + (" ..." if len(comps) > 10 else "") if comps else "")]),
    ]


def format_stats(stats: GraphStats) -> str:
    """Return the figures as the text ``govkg stats`` prints."""
    out = []
    for heading, lines in stats_blocks(stats):
        out.append(heading)
        out.extend("  " + line for line in lines)
        out.append("")
    return "\n".join(out)
