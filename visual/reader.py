"""The report reader: a report's cleaned text with every fact highlighted where it was found.

One offline page per report: the text (``gov:text``) on the left with each measure, planned
measure, outcome and shortcoming marked at its ``gov:evidenceStart``/``gov:evidenceEnd``
(code-point offsets), and each mention of a unit or instrument marked where its name or
short name occurs; the report's network view beside it. Clicking a mark shows its facts and
selects their nodes; clicking a node scrolls the text to its sentence. Facts whose evidence
cannot be placed (no offsets, offsets past the text, or a sentence that differs from the
text there) are listed under the text, never dropped.

The page is the view page (:mod:`.render`) with a text pane; the text travels in the same
escaped JSON block and is put into the page with ``textContent`` only.
"""

from __future__ import annotations

from typing import Any

from govkg.errors import InputError

#: classes marked at their evidence offsets (a sentence each)
SENTENCE_CLASSES = ("Measure", "PlannedMeasure", "Shortcoming", "Outcome")
#: classes marked where their names occur in the text
MENTION_CLASSES = ("Unit", "Post", "Instrument")


def reader_data(store, report: str, G=None) -> dict[str, Any]:
    """Return the text and the placed and unplaced facts of one report.

    Args:
        store: a pyoxigraph Store (see :func:`govkg.visual.model.open_source`).
        report: the report IRI.
        G: the report's view (:func:`govkg.visual.model.report_graph`), if already made.

    Returns:
        ``{"text", "facts": [{iri, cls, label, start, end}], "unplaced": [{iri, cls, label,
        evidence, why}]}``; offsets count code points, as ``gov:evidenceStart`` does.

    Raises:
        InputError: the report has no ``gov:text`` to show.
    """
    from govkg.visual import model

    G = model.report_graph(store, report) if G is None else G
    rows = model._select(store, f"SELECT ?t WHERE {{ {model._iri(report)} gov:text ?t }} LIMIT 1")
    if not rows or not isinstance(rows[0]["t"], str):
        raise InputError(f"report {report} has no text (gov:text) to read",
                         hint="extract it again with this version of govkg")
    text = rows[0]["t"]
    sentences = [n for n, c in G.nodes(data="cls") if c in SENTENCE_CLASSES]
    offsets = _offsets(store, sentences)
    facts, unplaced = [], []
    for n in sorted(sentences, key=lambda n: (offsets.get(n, (1 << 40,))[0], n)):
        d = G.nodes[n]
        start, end, evidence = offsets.get(n, (None, None, None))
        fact = {"iri": n, "cls": d["cls"], "label": str(d.get("full") or d.get("label") or n)}
        why = _unplaced_reason(text, start, end, evidence)
        if why:
            unplaced.append({**fact, "evidence": str(evidence or ""), "why": why})
        else:
            facts.append({**fact, "start": start, "end": end})
    facts.extend(_mentions(store, G, text))
    facts.sort(key=lambda f: (f["start"], -f["end"], f["iri"]))
    return {"text": text, "facts": facts, "unplaced": unplaced}


def _offsets(store, iris: list[str]) -> dict[str, tuple]:
    """Return ``{iri: (start, end, evidence)}`` for the facts that have them."""
    from govkg.visual import model

    out: dict[str, tuple] = {}
    for chunk in model._chunks(sorted(iris)):
        for r in model._select(store, f"""SELECT ?n (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end)
                (SAMPLE(?ev) AS ?evidence) WHERE {{ {model._values(chunk)}
                OPTIONAL {{ ?n gov:evidenceStart ?s }} OPTIONAL {{ ?n gov:evidenceEnd ?e }}
                OPTIONAL {{ ?n gov:evidence ?ev }} }} GROUP BY ?n"""):
            out[r["n"]] = (r["start"], r["end"], r["evidence"])
    return out


def _unplaced_reason(text: str, start, end, evidence) -> str:
    """Return why a fact cannot be marked in ``text`` ("" when it can).

    >>> _unplaced_reason("一二三四", 1, 3, "二三"), _unplaced_reason("一二", 1, 5, None)
    ('', 'offsets 1-5 lie outside the text (2 characters)')
    """
    if not isinstance(start, int) or not isinstance(end, int):
        return "no evidence offsets"
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} lie outside the text ({len(text)} characters)"
    if evidence is not None and " ".join(str(evidence).split()) != " ".join(text[start:end].split()):
        return f"the text at {start}-{end} is not the evidence sentence"
    return ""


def _mentions(store, G, text: str) -> list[dict]:
    """Return where the units and instruments of the view are named in ``text``.

    Each name (label or ``skos:altLabel``, two characters or more) is searched; longer names
    win where two overlap, so 北京市西城区人民政府 is not also marked as 区政府.
    """
    from govkg.visual import model

    nodes = [n for n, c in G.nodes(data="cls") if c in MENTION_CLASSES]
    names: list[tuple[str, str]] = []
    for chunk in model._chunks(sorted(nodes)):
        for r in model._select(store, f"""SELECT DISTINCT ?n ?l WHERE {{ {model._values(chunk)}
                {{ ?n rdfs:label ?l }} UNION {{ ?n skos:altLabel ?l }} }}"""):
            if isinstance(r["l"], str) and len(r["l"].strip("《》")) >= 2:
                names.append((r["l"].strip("《》"), r["n"]))
    taken = [False] * len(text)
    out = []
    for name, n in sorted(set(names), key=lambda p: (-len(p[0]), p)):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(taken[at:end]):
                taken[at:end] = [True] * (end - at)
                out.append({"iri": n, "cls": G.nodes[n]["cls"], "label": str(G.nodes[n].get("full") or name),
                            "start": at, "end": end})
            at = text.find(name, end)
    return out


def build_reader_html(store, report: str, *, links: dict | None = None) -> tuple[str, Any]:
    """Return ``(html, info)``: the reader page of one report (its text beside its view).

    Args:
        store: a pyoxigraph Store.
        report: the report IRI.
        links: optional URL prefixes for the served app, ``{"resource": "/resource?iri="}``.

    Raises:
        InputError: the report has no text.
    """
    from govkg.visual import model
    from govkg.visual.render import build_html

    G = model.report_graph(store, report)
    G.graph["aspect"] = 0.7  # the view shares the page with the text: a tall, narrow pane
    data = reader_data(store, report, G)
    data["links"] = dict(links or {})
    title = "阅读 reader: " + G.nodes[report]["full"]
    return build_html(G, title=title, reader=data, links=links)


def write_reader(store, report: str, out, *, links: dict | None = None):
    """Write the reader page of ``report`` to ``out`` atomically; return what was drawn.

    Raises:
        InputError: the report has no text.
        OutputError: ``out`` cannot be written.
    """
    from govkg.visual.render import ViewInfo, write_text_atomic

    html, info = build_reader_html(store, report, links=links)
    write_text_atomic(out, html)
    return ViewInfo(info.nodes, info.edges, info.total, info.note, len(html.encode("utf-8")))
