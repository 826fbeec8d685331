"""Report cards (成绩单): one offline HTML page per report, per unit (all its years) or for the store.

A card shows the compliance checklist with the evidence of each result, the 纲要 task areas
covered (a chart), the report's indicators against the store's distribution (a chart), its
measures and outcomes by area, the instruments it cites and produces, and links to the
report reader and network views. A page a 司法局 reviewer can print.

Charts are drawn by plotly.js, inlined from the ``plotly`` package (PyPI), so a card is one
file that opens offline: its Content-Security-Policy allows no network at all and only the
page's own scripts (by nonce). Report text is untrusted: every string goes into the page
through :func:`html.escape` or :func:`json_for_script`, and strings drawn by plotly are
escaped again (plotly reads a little HTML in labels).

This module imports nothing from ``govkg.extract``.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import secrets
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import DependencyError, InputError
from govkg.ontology import TASK_AREA_BASE, scheme_labels

AREAS = tuple(f"TA{n:02d}" for n in range(2, 12))
_STATUS = {"pass": ("✔", "符合 pass", "#1a7f37"), "fail": ("✘", "不符合 fail", "#cf222e"),
           "na": ("–", "不适用 n/a", "#6e7781"), "unknown": ("?", "无法判断 unknown", "#9a6700")}
#: where the other views of a report are, relative to the card; {id} is the report's id
#: (the last part of its IRI). Empty: no link.
DEFAULT_LINKS = {"reader": "reader-{id}.html", "network": "report-{id}.html", "card": "card-{id}.html"}


@dataclass
class Card:
    """What one card shows; filled by :func:`report_card`, :func:`unit_card` or :func:`store_card`."""

    kind: str
    title: str
    subtitle: str = ""
    sections: list[str] = field(default_factory=list)     # HTML blocks, escaped already
    figures: list[tuple[str, dict]] = field(default_factory=list)   # (div id, plotly figure)


def json_for_script(obj) -> str:
    """Return ``obj`` as JSON safe inside ``<script>`` (``<``, ``>``, ``&``, U+2028/9 escaped).

    >>> json_for_script({"a": "</script>"})
    '{"a":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _e(value) -> str:
    """Escape any value for HTML text or an attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _p(value) -> str:
    """Escape a string plotly will draw (plotly reads <br>, <b>, <a href> in labels)."""
    return html.escape("" if value is None else str(value), quote=False)


def _link(template: str, report: str, text: str) -> str:
    if not template:
        return ""
    rid = report.rstrip("/").rsplit("/", 1)[-1]
    return f'<a href="{_e(template.format(id=rid))}">{_e(text)}</a>'


# ---------------------------------------------------------------- data
def _rows(backend, sparql: str):
    from govkg.queries.runner import run_query

    return run_query(backend, sparql).rows


_P = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _indicator_values(results) -> dict[str, dict]:
    """Return ``{notation: {"label", "unit", "values": {report: value}}}`` from check results.

    Implausible values are not among them (run_checks leaves them out); a report stating a
    figure twice counts once (the first).
    """
    labels = scheme_labels("indicators")
    out: dict[str, dict] = {}
    for rc in results:
        for notation, (value, unit) in rc.values.items():
            entry = out.setdefault(notation, {"label": labels.get(notation, ("", notation))[1], "units": {},
                                              "values": {}})
            entry["units"][unit] = entry["units"].get(unit, 0) + 1
            entry["values"][rc.report] = value
    for entry in out.values():
        entry["unit"] = max(entry["units"], key=entry["units"].get) if entry["units"] else ""
    return out


def store_results(backend):
    """Return every report's check results: those ``govkg check --store`` left in the store, and
    the missing or stale ones checked now. Also a note saying how many were checked now."""
    from govkg.queries.checks import run_checks, stored_checks

    results, missing = stored_checks(backend)
    note = ""
    if missing:   # none kept: check the whole store (no lookup of previous years outside it)
        results += run_checks(backend, missing if results else None)
        if len(missing) > 50:
            note = (f"{len(missing):,} reports were checked now; govkg check --store keeps the results in the "
                    "store and makes this card fast")
    results.sort(key=lambda rc: (rc.unit_label or "", rc.year or 0, rc.report))
    return results, note


def _box(values: list[float]) -> dict:
    """Return plotly's precomputed box statistics (quartiles, fences at 1.5 IQR) of ``values``."""
    xs = sorted(values)
    if len(xs) == 1:
        q1 = med = q3 = xs[0]
    else:
        q1, med, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    iqr = q3 - q1
    lo = min(x for x in xs if x >= q1 - 1.5 * iqr)
    hi = max(x for x in xs if x <= q3 + 1.5 * iqr)
    return {"q1": [q1], "median": [med], "q3": [q3], "lowerfence": [lo], "upperfence": [hi]}


def _report_detail(backend, report: str) -> dict:
    """Return the measures (with area and outcomes) and instruments of one report."""
    r = f"<{report}>"
    measures: dict[str, dict] = {}
    for m, label, c, planned, ind, val, unit, ev in _rows(backend, _P + f"""
        SELECT ?m ?label ?c ?planned ?ind ?val ?unit ?ev WHERE {{ GRAPH {r} {{
          ?m a gov:Measure ; rdfs:label ?label . OPTIONAL {{ ?m gov:taskArea ?c }} OPTIONAL {{ ?m gov:evidence ?ev }}
          BIND(EXISTS {{ ?m a gov:PlannedMeasure }} AS ?planned)
          OPTIONAL {{ ?m gov:hasOutcome ?o . ?o gov:indicator ?ind ; gov:value ?val OPTIONAL {{ ?o gov:unit ?unit }} }}
        }} }}"""):
        entry = measures.setdefault(m.value, {"label": label.value, "evidence": ev.value if ev else "",
                                              "area": c.value[len(TASK_AREA_BASE):] if c else None,
                                              "planned": planned.value == "true", "outcomes": []})
        if ind is not None:
            entry["outcomes"].append(f"{ind.value} {val.value}{unit.value if unit else ''}")
    instruments = {"cited": [], "produced": []}
    for kind, label in _rows(backend, _P + f"""
        SELECT DISTINCT ?kind ?label WHERE {{ GRAPH {r} {{
          {{ ?s gov:cites ?i BIND("cited" AS ?kind) }} UNION {{ ?s gov:produces ?i BIND("produced" AS ?kind) }}
          ?i rdfs:label ?label }} }} ORDER BY ?kind ?label"""):
        instruments[kind.value].append(label.value)
    implausible = [(i.value, v.value, u.value if u else "", w.value) for i, v, u, w in _rows(backend, _P + f"""
        SELECT ?i ?v ?u ?w WHERE {{ GRAPH {r} {{ ?o gov:implausible true ; gov:indicator ?i ; gov:value ?v ;
          gov:warning ?w OPTIONAL {{ ?o gov:unit ?u }} }} }}""")]
    return {"measures": list(measures.values()), "instruments": instruments, "implausible": implausible}


# ---------------------------------------------------------------- blocks
def _checklist(rc, links: dict[str, str]) -> str:
    from govkg.queries.checks import check_infos

    infos = check_infos()
    rows = []
    for res in rc.results:
        info = infos[res.check]
        mark, word, colour = _STATUS[res.status]
        rows.append(
            f'<tr class="st-{res.status}"><td class="mark" style="color:{colour}" title="{_e(word)}">{mark}'
            f'<span class="word">{_e(word)}</span></td>'
            f'<td><b>{_e(info.label_zh)}</b><br><span class="en">{_e(info.label_en)}</span>'
            f'{"<br><span class=info>仅供参考 informational</span>" if info.informational else ""}</td>'
            f'<td class="detail">{_e(res.detail)}</td><td class="rule">{_e(info.source)}</td></tr>')
    evidence = _link(links.get("reader", ""), rc.report, "原文 read the report")
    return ('<h2>合规检查 Compliance checklist</h2>'
            f'<p class="note">Each result with the evidence that decided it. {evidence}</p>'
            '<table class="checks"><thead><tr><th></th><th>检查项 check</th><th>依据 evidence</th>'
            '<th>规则 rule</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _area_labels() -> dict[str, str]:
    return {a: v[1] for a, v in scheme_labels("task-areas").items()}


def _coverage_figure(series: dict[str, dict[str, int]], title: str) -> dict:
    """A bar chart of measures per task area; one bar series per key of ``series`` (e.g. year)."""
    labels = _area_labels()
    traces = [{"type": "bar", "name": _p(name), "x": list(AREAS), "y": [counts.get(a, 0) for a in AREAS],
               "hovertext": [_p(labels[a]) for a in AREAS], "hoverinfo": "x+y+text+name"}
              for name, counts in series.items()]
    return {"data": traces, "layout": {"title": {"text": _p(title)}, "barmode": "group", "height": 340,
                                       "margin": {"t": 50, "b": 40, "l": 50, "r": 10},
                                       "yaxis": {"title": {"text": "举措数 measures"}}}}


def _indicator_figure(values: dict[str, dict], marks: dict[str, list[tuple[str, float]]], title: str) -> dict | None:
    """Box plots of the store's values per indicator, with this card's values as markers."""
    traces = []
    for notation in sorted(marks):
        entry = values.get(notation)
        if not entry or not entry["values"]:
            continue
        name = _p(f"{entry['label']} ({entry['unit']})")
        traces.append({"type": "box", "name": name, "x": [name], **_box(list(entry["values"].values())),
                       "marker": {"color": "#8c959f"}, "showlegend": False,
                       "hovertext": [_p(f"{len(entry['values'])} reports")]})
        traces.append({"type": "scatter", "mode": "markers", "x": [name] * len(marks[notation]),
                       "y": [v for _l, v in marks[notation]], "text": [_p(l) for l, _v in marks[notation]],
                       "marker": {"color": "#cf222e", "size": 11, "symbol": "diamond"}, "showlegend": False,
                       "hoverinfo": "y+text"})
    if not traces:
        return None
    log = all(values[k]["unit"] != "%" for k in marks if k in values)
    return {"data": traces, "layout": {"title": {"text": _p(title)}, "height": 380,
                                       "yaxis": {"type": "log"} if log else {"rangemode": "tozero"},
                                       "margin": {"t": 50, "b": 110, "l": 50, "r": 10}}}


def _indicator_sections(card: Card, values: dict, marks: dict, title: str) -> None:
    """Add the indicator charts: rates (%) on one axis, counts on a log axis."""
    for key, zh, pick in (("rate", "比率 rates (%)", lambda u: u == "%"), ("count", "数量 counts", lambda u: u != "%")):
        subset = {k: v for k, v in marks.items() if k in values and pick(values[k]["unit"])}
        fig = _indicator_figure(values, subset, f"{title}: {zh}")
        if fig:
            div = f"fig-ind-{key}"
            card.sections.append(f'<div id="{div}" class="fig"></div>')
            card.figures.append((div, fig))


def _measures_by_area(detail: dict) -> str:
    labels = _area_labels()
    groups: dict[str, list[dict]] = {}
    for m in detail["measures"]:
        groups.setdefault(m["area"] or "—", []).append(m)
    blocks = []
    for area in [a for a in AREAS if a in groups] + [a for a in groups if a not in AREAS]:
        items = "".join(
            f'<li>{"<span class=plan>计划 plan</span> " if m["planned"] else ""}{_e(m["label"])}'
            + (f' <span class="outcome">{_e("; ".join(m["outcomes"]))}</span>' if m["outcomes"] else "")
            + (f'<div class="ev">{_e(m["evidence"])}</div>' if m["evidence"] else "") + "</li>"
            for m in groups[area])
        blocks.append(f'<h3>{_e(area)} {_e(labels.get(area, ""))} <span class="count">({len(groups[area])})</span></h3>'
                      f"<ul>{items}</ul>")
    implausible = ""
    if detail["implausible"]:
        implausible = ("<h3>存疑数值 implausible values</h3><ul>" + "".join(
            f"<li>{_e(i)} {_e(v)}{_e(u)}: {_e(w)}</li>" for i, v, u, w in detail["implausible"]) + "</ul>")
    return "<h2>举措与成效(按任务领域) Measures and outcomes by area</h2>" + "".join(blocks) + implausible


def _instruments(detail: dict) -> str:
    out = ["<h2>法规文件 Instruments</h2><div class='cols'>"]
    for kind, zh in (("cited", "引用 cited"), ("produced", "制定 produced")):
        items = detail["instruments"][kind]
        out.append(f"<div><h3>{zh} ({len(items)})</h3><ul>" + "".join(f"<li>《{_e(x)}》</li>" for x in items)
                   + "</ul></div>")
    return "".join(out) + "</div>"


# ---------------------------------------------------------------- cards
def report_card(backend, report: str, links: dict[str, str] | None = None, results=None,
                values: dict | None = None) -> Card:
    """Return the card of one report (its IRI).

    Raises:
        InputError: no such report in the store.
    """
    links = {**DEFAULT_LINKS, **(links or {})}
    if results is None:
        results, _note = store_results(backend)
    rc = next((r for r in results if r.report == report), None)
    if rc is None:
        raise InputError(f"no report {report!r} in the store")
    if values is None:
        values = _indicator_values(results)
    detail = _report_detail(backend, report)
    card = Card("report", rc.title or report,
                " · ".join(str(x) for x in (rc.unit_label, rc.year and f"{rc.year}年度",
                                            rc.issued and f"dated {rc.issued.isoformat()}", rc.level) if x))
    nav = " · ".join(x for x in (_link(links["reader"], report, "阅读原文 report reader"),
                                 _link(links["network"], report, "网络视图 network view")) if x)
    if nav:
        card.sections.append(f'<p class="nav">{nav}</p>')
    card.sections.append(_checklist(rc, links))
    card.sections.append('<h2>任务领域覆盖 Task-area coverage</h2><div id="fig-areas" class="fig"></div>')
    card.figures.append(("fig-areas", _coverage_figure({"measures": rc.areas}, "举措的纲要任务领域 measures per area")))
    marks = {}
    for notation, entry in values.items():
        if report in entry["values"]:
            marks[notation] = [(f"{rc.unit_label or ''} {rc.year or ''}", entry["values"][report])]
    if marks:
        card.sections.append('<h2>可比指标 Indicators</h2><p class="note">Boxes: the store\'s values; '
                             'red: this report.</p>')
        _indicator_sections(card, values, marks, "本报告与全库 this report against the store")
    card.sections.append(_measures_by_area(detail))
    card.sections.append(_instruments(detail))
    return card


def unit_card(backend, unit: str, links: dict[str, str] | None = None) -> Card:
    """Return the card of one unit (its IRI): every year the store holds.

    Raises:
        InputError: the store holds no report of this unit.
    """
    from govkg.queries.checks import check_infos

    links = {**DEFAULT_LINKS, **(links or {})}
    reports = [r.value for (r,) in _rows(backend, _P + f"""SELECT DISTINCT ?r WHERE {{
        GRAPH ?r {{ ?r a gov:Report ; gov:reportingUnit <{unit}> }} }}""")]
    if not reports:
        raise InputError(f"no report of unit {unit!r} in the store")
    everything, _note = store_results(backend)
    results = sorted((rc for rc in everything if rc.report in set(reports)), key=lambda rc: (rc.year or 0, rc.report))
    values = _indicator_values(everything)
    label = next((rc.unit_label for rc in results if rc.unit_label), unit)
    card = Card("unit", f"{label}", f"{len(results)} 份报告 reports: " +
                ", ".join(str(rc.year or "?") for rc in results))
    infos = check_infos()
    head = "".join(f"<th>{_e(rc.year or '?')}<br>{_link(links['card'], rc.report, 'card')}</th>" for rc in results)
    body = []
    for c, info in infos.items():
        cells = []
        for rc in results:
            res = rc.result(c)
            mark, word, colour = _STATUS[res.status]
            cells.append(f'<td class="mark" style="color:{colour}" title="{_e(res.detail)}">{mark}'
                         f'<span class="word">{_e(word)}</span></td>')
        body.append(f"<tr><td><b>{_e(info.label_zh)}</b> <span class='en'>{_e(info.label_en)}</span></td>"
                    + "".join(cells) + "</tr>")
    card.sections.append("<h2>合规检查(逐年) Checks by year</h2><p class='note'>Hover a mark for its evidence; "
                         "each year's report card has the full checklist.</p><table class='checks matrix'><thead>"
                         f"<tr><th>检查项 check</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    card.sections.append('<h2>任务领域覆盖 Task-area coverage</h2><div id="fig-areas" class="fig"></div>')
    card.figures.append(("fig-areas", _coverage_figure({str(rc.year or "?"): rc.areas for rc in results},
                                                       "各年度举措的任务领域 measures per area and year")))
    marks: dict[str, list] = {}
    for notation, entry in values.items():
        for rc in results:
            if rc.report in entry["values"]:
                marks.setdefault(notation, []).append((str(rc.year or "?"), entry["values"][rc.report]))
    if marks:
        card.sections.append('<h2>可比指标 Indicators</h2><p class="note">Boxes: the store\'s values; '
                             'red: this unit, one mark a year.</p>')
        _indicator_sections(card, values, marks, "本单位与全库 this unit against the store")
    items = "".join(f"<li>{_e(rc.year or '?')}: {_e(rc.title or rc.report)} "
                    f"{_link(links['reader'], rc.report, '原文 reader')} {_link(links['network'], rc.report, '网络 network')}"
                    "</li>" for rc in results)
    card.sections.append(f"<h2>报告 Reports</h2><ul>{items}</ul>")
    return card


def store_card(backend, links: dict[str, str] | None = None, max_rows: int = 1000, results=None) -> Card:
    """Return the card of the whole store: pass rates, the corpus table, coverage, indicators."""
    from govkg.queries.checks import STATUSES, check_infos

    links = {**DEFAULT_LINKS, **(links or {})}
    note = ""
    if results is None:
        results, note = store_results(backend)
    values = _indicator_values(results)
    infos = check_infos()
    n = len(results)
    card = Card("store", "全库成绩单 Store report card", f"{n} 份报告 reports · "
                f"{len({rc.unit for rc in results if rc.unit})} 个单位 units · generated {_dt.date.today().isoformat()}")
    if note:
        card.sections.append(f'<p class="note">{_e(note)}</p>')

    # pass rates per check
    counts = {c: {s: 0 for s in STATUSES} for c in infos}
    for rc in results:
        for res in rc.results:
            counts[res.check][res.status] += 1
    names = [_p(infos[c].label_zh) for c in infos]
    traces = [{"type": "bar", "orientation": "h", "name": _p(_STATUS[s][1]), "y": names,
               "x": [counts[c][s] for c in infos], "marker": {"color": _STATUS[s][2]}} for s in STATUSES]
    card.sections.append('<h2>合规检查通过情况 Checks across the store</h2><div id="fig-checks" class="fig"></div>')
    card.figures.append(("fig-checks", {"data": traces, "layout": {
        "barmode": "stack", "height": 520, "margin": {"t": 30, "b": 40, "l": 160, "r": 10},
        "yaxis": {"autorange": "reversed"}, "xaxis": {"title": {"text": "报告数 reports"}}}}))

    # the corpus table of research variables, by level and year
    table: dict[tuple, list] = {}
    for rc in results:
        row = table.setdefault((rc.level, rc.year), [0, 0, 0, 0, 0.0, 0])
        row[0] += 1
        row[1] += rc.result("published_on_time").status == "pass"
        row[2] += rc.result("four_parts").status == "pass"
        row[3] += rc.result("shortcoming_causes").status == "pass"
        row[4] += rc.result("data_used").value or 0.0
        row[5] += rc.result("cases_used").status == "pass"
    lines = "".join(
        f"<tr><td>{_e(level)}</td><td>{_e(year or '?')}</td><td>{r[0]}</td><td>{r[1] / r[0]:.0%}</td>"
        f"<td>{r[2] / r[0]:.0%}</td><td>{r[3] / r[0]:.0%}</td><td>{r[5] / r[0]:.0%}</td><td>{r[4] / r[0]:.2f}</td></tr>"
        for (level, year), r in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)))
    card.sections.append(
        "<h2>研究变量 Research variables by level and year</h2><p class='note'>The named query research_variables "
        "gives the same table from the store after govkg check.</p><table class='corpus'><thead><tr><th>层级 level</th>"
        "<th>年度 year</th><th>报告 reports</th><th>按时公开 on time</th><th>四部分齐全 four parts</th>"
        "<th>分析原因 causes</th><th>运用案例 cases</th><th>每千字数据 data per 1,000 chars</th></tr></thead>"
        f"<tbody>{lines}</tbody></table>")

    # coverage: share of reports with a measure in each area
    share = {a: sum(1 for rc in results if rc.areas.get(a)) for a in AREAS}
    labels = _area_labels()
    card.sections.append('<h2>任务领域覆盖 Task-area coverage</h2><div id="fig-areas" class="fig"></div>')
    card.figures.append(("fig-areas", {"data": [{
        "type": "bar", "x": list(AREAS), "y": [round(100 * share[a] / n, 1) if n else 0 for a in AREAS],
        "hovertext": [_p(labels[a]) for a in AREAS], "marker": {"color": "#0969da"}}], "layout": {
        "title": {"text": "有该领域举措的报告占比 share of reports with a measure in each area (%)"},
        "height": 340, "yaxis": {"range": [0, 100]}, "margin": {"t": 50, "b": 40, "l": 50, "r": 10}}}))

    # indicators: the store's distribution of every rate indicator
    card.sections.append('<h2>可比指标 Indicators</h2>')
    _indicator_sections(card, values, {k: [] for k in values}, "全库分布 the store's values")
    summary = "".join(
        f"<tr><td>{_e(v['label'])}</td><td>{_e(v['unit'])}</td><td>{len(v['values'])}</td>"
        f"<td>{statistics.median(v['values'].values()):g}</td><td>{min(v['values'].values()):g}</td>"
        f"<td>{max(v['values'].values()):g}</td></tr>"
        for k, v in sorted(values.items()) if v["values"])
    card.sections.append("<table class='corpus'><thead><tr><th>指标 indicator</th><th>单位 unit</th><th>报告 reports</th>"
                         f"<th>中位数 median</th><th>最小 min</th><th>最大 max</th></tr></thead><tbody>{summary}</tbody></table>")

    # reports with the most failed binding checks
    binding = [c for c, i in infos.items() if not i.informational]
    ranked = sorted(results, key=lambda rc: (-sum(r.status == "fail" for r in rc.results if r.check in binding),
                                             rc.unit_label or "", rc.year or 0))
    rows = []
    for rc in ranked[:max_rows]:
        failed = [infos[r.check].label_zh for r in rc.results if r.status == "fail" and r.check in binding]
        rows.append(f"<tr><td>{_e(rc.unit_label or '?')}</td><td>{_e(rc.year or '?')}</td><td>{len(failed)}</td>"
                    f"<td>{_e('、'.join(failed))}</td><td>{_link(links['card'], rc.report, 'card')}</td></tr>")
    more = f"<p class='note'>the first {max_rows:,} of {n:,} reports</p>" if n > max_rows else ""
    card.sections.append("<h2>报告 Reports (most failed binding checks first)</h2>" + more +
                         "<table class='corpus'><thead><tr><th>单位 unit</th><th>年度 year</th><th>未通过 failed</th>"
                         f"<th>未通过的检查 failed checks</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return card


# ---------------------------------------------------------------- page
_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px auto;max-width:1100px;
color:#1f2328;padding:0 16px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:14px 0 4px}.sub{color:#59636e}.note{color:#59636e;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;
text-align:left}th{background:#f6f8fa}.mark{font-size:18px;text-align:center;white-space:nowrap}
.mark .word{display:block;font-size:10px}.en{color:#59636e;font-size:12px}.info{color:#9a6700;font-size:11px}
.rule{color:#59636e;font-size:12px;width:22%}.detail{width:45%}.ev{color:#59636e;font-size:12px}
.outcome{color:#0969da}.plan{background:#ddf4ff;border-radius:3px;padding:0 3px;font-size:11px}.count{color:#59636e}
.cols{display:flex;gap:24px}.cols>div{flex:1}.fig{width:100%;min-height:340px}
.matrix td.mark{width:60px}
@media print{.fig{page-break-inside:avoid}a{color:inherit;text-decoration:none}body{margin:0}}
"""


def plotly_js() -> str:
    """Return plotly.js as shipped by the ``plotly`` package.

    Raises:
        DependencyError: the ``plotly`` package is not installed.
    """
    try:
        from plotly.offline import get_plotlyjs
    except ImportError:
        raise DependencyError("the plotly package is not installed", hint="pip install plotly") from None
    return get_plotlyjs()


def render(card: Card) -> str:
    """Return the card as one self-contained HTML page (plotly.js inlined, no network)."""
    nonce = secrets.token_urlsafe(16)
    figures = json_for_script([[div, fig] for div, fig in card.figures])
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data: blob:; "
           "font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(card.title)}</title><style>{_CSS}</style></head>
<body data-card="{_e(card.kind)}">
<h1>{_e(card.title)}</h1><p class="sub">{_e(card.subtitle)}</p>
{''.join(card.sections)}
<p class="note">govkg report card · checks and rules: ontology/checks.ttl · charts: plotly.js</p>
<script nonce="{nonce}">{plotly_js()}</script>
<script nonce="{nonce}">
(function () {{
  var figs = {figures}, drawn = 0;
  figs.forEach(function (f) {{
    var el = document.getElementById(f[0]);
    if (!el) return;
    Plotly.newPlot(el, f[1].data, f[1].layout, {{displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["sendDataToCloud"]}}).then(function () {{
        drawn += 1; document.body.setAttribute("data-charts-drawn", String(drawn)); }});
  }});
  document.body.setAttribute("data-charts", String(figs.length));
}})();
</script>
</body></html>
"""


def write_card(card: Card, out: str | Path) -> int:
    """Write the card atomically; return its size in bytes.

    Raises:
        OutputError: ``out`` cannot be written.
    """
    from govkg.graph.io import write_bytes_atomically

    data = render(card).encode("utf-8")
    write_bytes_atomically(out, data, hint="choose another output file")
    return len(data)


def resolve_unit(backend, ref: str) -> str:
    """Return the IRI of the reporting unit ``ref`` names (an IRI, ``unit/<name>`` or a label).

    Raises:
        InputError: no reporting unit matches, or a label matches several.
    """
    from govkg.ontology import ID_BASE

    if ref.startswith(("http://", "https://")):
        return ref
    if ref.startswith("unit/"):
        return ID_BASE + ref
    from govkg.queries.runner import run_query

    rows = run_query(backend, _P + "SELECT DISTINCT ?u WHERE { GRAPH ?r { ?r gov:reportingUnit ?u . "
                                   "?u rdfs:label|skos:altLabel ?l FILTER(STR(?l) = ?name) } }", {"name": ref}).rows
    units = sorted({r[0].value for r in rows})
    if not units:
        raise InputError(f"no reporting unit named {ref!r}", hint="see the units with: govkg query reports_by_unit_year")
    if len(units) > 1:
        raise InputError(f"{len(units)} reporting units are named {ref!r}", hint="give its IRI: " + ", ".join(units[:3]))
    return units[0]


__all__ = ["Card", "DEFAULT_LINKS", "render", "report_card", "resolve_unit", "store_card", "unit_card",
           "write_card"]
