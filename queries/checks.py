"""Compliance checks of rule-of-law reports (合规检查), over a store or a graph file.

Each check gives every report one result, pass / fail / not applicable / unknown, with the
evidence that decided it (the title, the date, the part headings, a quoted sentence) and,
where it measures something, a value. The checks and the rules they rest on are the SKOS
scheme ``ontology/checks.ttl``; :data:`CHECKS` lists them in order. The facts are read with six
SPARQL queries per chunk of 400 reports (through :mod:`govkg.queries.runner`), so checking ten
thousand reports costs 150 queries, not ten thousand; the rest is Python over their rows. A
graph file held in memory is read quad by quad instead (:func:`report_facts`).

:func:`checks_nquads` writes the results as the named graph :data:`CHECKS_GRAPH`
(``gov:CheckResult`` nodes), which ``govkg check --store`` puts in the store, so the named
queries ``reports_failing_check`` and ``research_variables`` can read them.

This module imports nothing from ``govkg.extract`` or ``govkg.visual``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from govkg.errors import InputError
from govkg.ontology import CHECK_BASE, ID_BASE, INDICATOR_BASE, TASK_AREA_BASE, scheme_labels, scheme_path

CHECKS_GRAPH = ID_BASE + "checks"
GOV = "https://w3id.org/govkg/ontology#"
#: the checks in the order they are printed
CHECKS = ("title_genre", "reporting_unit", "year_covered", "published_on_time", "four_parts",
          "shortcoming_causes", "leadership_acts", "plans_concrete", "data_used", "cases_used",
          "task_areas_covered", "key_indicators", "legal_basis", "outline_edition", "plan_follow_up")
STATUSES = ("pass", "fail", "na", "unknown")
_STATUS_TERMS = {"pass": "Pass", "fail": "Fail", "na": "NotApplicable", "unknown": "Unknown"}
PARTS = ("Achievements", "Shortcomings", "LeadershipDuties", "NextYearPlans")
_PART_ZH = {"Achievements": "主要举措和成效", "Shortcomings": "存在的不足和原因",
            "LeadershipDuties": "第一责任人职责履行", "NextYearPlans": "下一年度安排"}
CHAPTERS = tuple(f"TA{n:02d}" for n in range(2, 11))   # the 纲要's chapters (TA11 is our extension)

# thresholds of the informational checks (the project's reading; README says so)
MIN_PLANNED = 3            # plans_concrete: planned measures at least
MIN_DATA_PER_1000 = 1.0    # data_used: counted outcomes per 1,000 characters
MIN_CHAPTERS = 6           # task_areas_covered: of the 9 chapters TA02-TA10
MIN_KEY_INDICATORS = 2     # key_indicators
MIN_FOLLOW_UP = 0.5        # plan_follow_up: share of last year's plans taken up

_TITLE_GENRE = re.compile(r"法治政府建设.{0,16}报告")
_TITLE_YEAR = re.compile(r"(19|20)\d{2}\s*年|年度")
_CAUSES = re.compile(r"原因|究其|根源|由于|主要是|在于|导致|造成|缘于|不够重视|重视不够|认识不足|认识不到位")
_ACT_VERBS = re.compile(r"召开|主持|述法|学法|专题会|听取|带头|研究部署|审议|批示|督办|讲授|出庭")
_COUNT = re.compile(r"[0-9０-９一二三四五六七八九十百两]+\s*(次|场|期|项|件|个|人次|批)")
_TARGETS = re.compile(r"力争|确保|年底前|年内|完成率|覆盖率|达到|实现.{0,12}[0-9]|[0-9]+\s*(%|个|项|件|次|场)")
_CASES = re.compile(r"典型案例|案例|以案释法|以案说法|为例")
_ED_2021 = re.compile(r"2021\s*[-—–~至]\s*2025|职责明确、依法行政的政府治理体系")
_ED_2015 = re.compile(r"2015\s*[-—–~至]\s*2020|职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_SENTENCE_END = re.compile(r"[。;；!?\n]")
# key terms for plan follow-up: CJK bigrams minus the genre's common words
_GENERIC = set("推进 加强 开展 进一步 工作 持续 深化 深入 全面 健全 完善 落实 建设 提升 推动 强化 规范 法治 政府 "
               "依法 行政 制度 机制 体系 水平 能力 严格 积极 不断 切实 扎实 全力 着力 大力 有效 坚持 继续 进行 组织 "
               "年度 全年 各类 相关 重点 主要".split())
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
              "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
              "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")


@dataclass(frozen=True)
class CheckResult:
    """One check on one report: its status, the evidence that decided it, a value if measured."""

    check: str
    status: str
    detail: str
    value: float | None = None


@dataclass
class ReportChecks:
    """All the check results of one report, with what identifies it."""

    report: str
    title: str | None
    unit: str | None
    unit_label: str | None
    year: int | None
    issued: _dt.date | None
    level: str
    results: list[CheckResult] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)
    indicators: tuple[str, ...] = ()
    values: dict[str, tuple] = field(default_factory=dict)   # indicator notation -> (value, measure word)
    content_hash: str | None = None

    def result(self, check: str) -> CheckResult:
        """Return the result of ``check``."""
        return next(r for r in self.results if r.check == check)

    def summary(self) -> str:
        """Return everything the cards need of this report as one JSON string (gov:checkSummary)."""
        return json.dumps({"title": self.title, "unit": self.unit, "unit_label": self.unit_label, "year": self.year,
                           "issued": self.issued.isoformat() if self.issued else None, "level": self.level,
                           "areas": self.areas, "indicators": list(self.indicators), "values": self.values,
                           "hash": self.content_hash,
                           "results": [[r.check, r.status, r.detail, r.value] for r in self.results]},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_summary(cls, report: str, text: str) -> "ReportChecks":
        """Rebuild the results of a report from its gov:checkSummary.

        Raises:
            ValueError: the summary is not one this version wrote.
        """
        d = json.loads(text)
        return cls(report, d["title"], d["unit"], d["unit_label"], d["year"], _date(d["issued"]), d["level"],
                   [CheckResult(*r) for r in d["results"]], d["areas"], tuple(d["indicators"]),
                   {k: tuple(v) for k, v in d["values"].items()}, d["hash"])


@dataclass(frozen=True)
class CheckInfo:
    """A check as ``ontology/checks.ttl`` declares it."""

    notation: str
    label_zh: str
    label_en: str
    definition: str
    source: str
    informational: bool


@lru_cache(maxsize=1)
def check_infos() -> dict[str, CheckInfo]:
    """Return the declared checks by notation, in :data:`CHECKS` order."""
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import DCTERMS, SKOS

    gov = Namespace(GOV)
    g = Graph().parse(scheme_path("checks"), format="turtle")
    out = {}
    for concept, notation in g.subject_objects(SKOS.notation):
        labels = {lit.language: str(lit) for lit in g.objects(concept, SKOS.prefLabel) if isinstance(lit, Literal)}
        out[str(notation)] = CheckInfo(
            str(notation), labels.get("zh", ""), labels.get("en", ""),
            str(g.value(concept, SKOS.definition) or ""), str(g.value(concept, DCTERMS.source) or ""),
            bool(g.value(concept, gov.informational).toPython()))
    return {c: out[c] for c in CHECKS}


@lru_cache(maxsize=1)
def key_indicators() -> dict[str, str]:
    """Return ``{concept IRI: zh label}`` of the indicators marked gov:keyIndicator true."""
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import SKOS

    g = Graph().parse(scheme_path("indicators"), format="turtle")
    gov = Namespace(GOV)
    return {str(c): str(next(x for x in g.objects(c, SKOS.prefLabel) if isinstance(x, Literal) and x.language == "zh"))
            for c in g.subjects(gov.keyIndicator, Literal(True))}


@lru_cache(maxsize=1)
def deadlines() -> dict[str, tuple[int, int]]:
    """Return ``{province: (month, day)}`` of provinces whose reports are due before 1 April."""
    text = (resources.files("govkg.queries") / "data" / "deadlines.tsv").read_text(encoding="utf-8")
    return parse_deadlines(text)


def parse_deadlines(text: str) -> dict[str, tuple[int, int]]:
    """Parse ``province<TAB>MM-DD`` lines.

    Raises:
        InputError: a line is malformed or names no province.

    >>> parse_deadlines("# comment\\n浙江\\t03-01\\n")
    {'浙江': (3, 1)}
    """
    out = {}
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        m = re.fullmatch(r"(\d{2})-(\d{2})", cols[1].strip()) if len(cols) == 2 else None
        if not m or cols[0].strip() not in _PROVINCES:
            raise InputError(f"line {n}: want 'province<TAB>MM-DD'", path="deadlines.tsv")
        out[cols[0].strip()] = (int(m.group(1)), int(m.group(2)))
    return out


def admin_level(label: str | None) -> str:
    """Return the administrative level a unit's name says.

    >>> [admin_level(x) for x in ("国务院", "应急管理部", "浙江省人民政府", "杭州市公安局", "新县", "贤庠镇人民政府",
    ...     "北京市西城区司法局", "广安门内街道办事处", "新疆维吾尔自治区人民政府", "上海市生态环境局",
    ...     "苏州市住房和城乡建设局", None)]
    ['national', 'national', 'province', 'city', 'county', 'township', 'county', 'township', 'province', \
'province', 'city', 'unknown']
    """
    if not label:
        return "unknown"
    name = re.sub(r"城乡|乡村|镇街", "", label).replace("自治区", "省").replace("地区", "市")
    if re.search(r"街道|[镇乡]", name):
        return "township"
    if re.search(r"[区县旗]", name):
        return "county"
    if re.match(r"(北京|天津|上海|重庆)市", name) or ("省" in name and not re.search(r"省.{1,8}[市州盟]", name)):
        return "province"
    if re.search(r"[市州盟]", name):
        return "city"
    if re.search(r"国务院|国家|中华人民共和国|[部署]$|总局", name):
        return "national"
    return "unknown"


def province_of(label: str | None) -> str | None:
    """Return the province a unit's name opens with, if any."""
    if label:
        for p in _PROVINCES:
            if label.startswith(p):
                return p
    return None


# ---------------------------------------------------------------- the queries
_P = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# Few rows, few columns: every term that crosses into Python costs microseconds, so each query
# folds what it reads about one report into one string (GROUP_CONCAT) and Python splits it.
# One GRAPH pattern each, no OPTIONAL chains: at 10,000 reports each answers in about a second
# or less, where one query joining it all does not. US and RS separate fields and records.
US, RS = "\u001f", "\u001e"
_TA_LEN = len(TASK_AREA_BASE) + 1
Q_TEXT = _P + "SELECT ?r ?x WHERE { GRAPH ?r { ?r gov:text ?x } }"
Q_META = _P + f"""SELECT ?r (GROUP_CONCAT(?kv; separator="{RS}") AS ?facts) WHERE {{ GRAPH ?r {{
  {{ VALUES ?p {{ rdfs:label gov:year dcterms:issued gov:reportingUnit gov:contentHash }} ?r ?p ?o
     BIND(CONCAT(STR(?p), "{US}", STR(?o)) AS ?kv) }}
  UNION {{ ?r gov:reportingUnit ?u . ?u rdfs:label ?l BIND(CONCAT("unit_label{US}", ?l) AS ?kv) }}
  UNION {{ ?s gov:sectionKind ?k ; gov:heading ?h BIND(CONCAT("part{US}", STR(?k), "{US}", ?h) AS ?kv) }}
}} }} GROUP BY ?r"""
Q_OUTCOMES = _P + "SELECT ?r (COUNT(?o) AS ?n) WHERE { GRAPH ?r { ?o a gov:Outcome } } GROUP BY ?r"
Q_REPORTS = _P + "SELECT ?r WHERE { GRAPH ?r { ?r a gov:Report } }"
Q_SUMMARIES = _P + f"""SELECT ?r ?s WHERE {{ GRAPH <{CHECKS_GRAPH}> {{ ?r gov:checkSummary ?s }} }}"""
Q_HASHES = _P + "SELECT ?r ?h WHERE { GRAPH ?r { ?r gov:contentHash ?h } }"
Q_UNIT_YEARS = _P + "SELECT ?r ?u ?y WHERE { GRAPH ?r { ?r gov:reportingUnit ?u ; gov:year ?y } }"
Q_CITES = _P + "SELECT ?r (COUNT(DISTINCT ?i) AS ?n) (SAMPLE(?i) AS ?example) WHERE { GRAPH ?r { ?s gov:cites ?i } } GROUP BY ?r"
Q_PLAN_LABELS = _P + f"""SELECT ?r (GROUP_CONCAT(CONCAT(?a, "{US}", ?l); separator="{RS}") AS ?plans) WHERE {{
  GRAPH ?r {{ ?m a gov:PlannedMeasure ; gov:taskArea ?c ; rdfs:label ?l }} BIND(SUBSTR(STR(?c), {_TA_LEN}) AS ?a)
}} GROUP BY ?r"""
# every measure's area and label, the planned ones twice (once marked "p"): one query for the
# areas covered, the plans and what was done (four queries before, 470 against 309 ms a chunk)
Q_MEASURE_ROWS = _P + f"""SELECT ?r (GROUP_CONCAT(?kv; separator="{RS}") AS ?rows) WHERE {{ GRAPH ?r {{
  {{ ?m a gov:PlannedMeasure ; gov:taskArea ?c ; rdfs:label ?l BIND("p" AS ?k) }}
  UNION {{ ?m gov:taskArea ?c ; rdfs:label ?l BIND("m" AS ?k) }} }}
  BIND(CONCAT(?k, SUBSTR(STR(?c), {_TA_LEN}), "{US}", ?l) AS ?kv) }} GROUP BY ?r"""
# the outcomes linked to a concept, with value and unit where both are given, and the
# implausible ones (Python leaves those out): one query instead of Q_INDICATORS and Q_VALUES
Q_OUTCOME_ROWS = _P + f"""SELECT ?r (GROUP_CONCAT(?kv; separator="{RS}") AS ?rows) WHERE {{ GRAPH ?r {{
  {{ ?o gov:indicatorConcept ?c OPTIONAL {{ ?o gov:value ?v ; gov:unit ?u }}
     BIND(CONCAT(STR(?o), "{US}", STR(?c), COALESCE(CONCAT("{US}", STR(?v), "{US}", ?u), "")) AS ?kv) }}
  UNION {{ ?o gov:implausible true BIND(CONCAT(STR(?o), "{US}!") AS ?kv) }} }} }} GROUP BY ?r"""
#: the queries run_checks makes, each over a chunk of reports (VALUES inside the GRAPH group);
#: plan follow-up adds Q_PLAN_LABELS for previous years outside the reports checked
STORE_QUERIES = ("Q_TEXT", "Q_META", "Q_OUTCOMES", "Q_MEASURE_ROWS", "Q_OUTCOME_ROWS", "Q_CITES")


def _v(term):
    return None if term is None else term.value


def _run(backend, sparql: str, reports: Sequence[str] | None = None):
    """Run one of the queries above through the runner, for all reports or a VALUES list."""
    from govkg.queries.runner import run_query

    if reports is not None:
        # inside the GRAPH group: Oxigraph joins an outer VALUES only after evaluating the graph
        # pattern in full (govkg.graph.store.inject_values says the same)
        values = " ".join(f"<{r}>" for r in reports)
        sparql = sparql.replace("GRAPH ?r {", f"GRAPH ?r {{ VALUES ?r {{ {values} }}")
    return run_query(backend, sparql).rows


def run_checks(backend, reports: Sequence[str] | None = None, chunk: int = 400,
               workers: int | None = None) -> list[ReportChecks]:
    """Check every report in ``backend`` (or the listed report IRIs); return them by unit and year.

    Args:
        backend: a store backend (embedded, server or remote) or :class:`MemoryBackend`.
        reports: report IRIs to check; default all. Plan follow-up looks at the whole store.
        chunk: reports per query.
        workers: queries run at once on the embedded store (Oxigraph answers each on its own
            thread, without Python's lock); default 2. Other backends get one at a time.

    Raises:
        QueryError: a query failed.
    """
    complete = reports is None
    if reports is None:
        reports = sorted(r.value for (r,) in _run(backend, Q_REPORTS))
    raw = _quad_store(backend)
    if raw is not None:
        facts = {r: f for r in reports if (f := report_facts(raw, r)) is not None}
    else:
        if workers is None:
            workers = 2 if getattr(backend, "raw", None) is not None else 1
        facts = _query_facts(backend, reports, chunk, workers)
    follow = _follow_up(backend, facts, chunk, complete=complete, raw=raw, workers=workers or 1)
    out = [_check_report(r, f, follow.get(r)) for r, f in facts.items()]
    out.sort(key=lambda rc: (rc.unit_label or "", rc.year or 0, rc.report))
    return out


def _quad_store(backend):
    """Return the in-memory pyoxigraph Store behind ``backend`` (a graph file), else None.

    Only an in-memory store is read quad by quad: on the embedded (RocksDB) store every term
    read is a lookup, and the queries, which fold each report into a few strings, are faster
    (10,000 generated reports: 77 s read quad by quad, 28 s by the chunked queries).
    """
    return backend.raw if isinstance(backend, MemoryBackend) else None


_T = {name: GOV + name for name in ("text", "year", "reportingUnit", "contentHash", "sectionKind", "heading",
                                    "taskArea", "indicatorConcept", "implausible", "value", "unit", "cites",
                                    "Outcome", "PlannedMeasure")}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ISSUED = "http://purl.org/dc/terms/issued"
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def report_facts(raw, report: str) -> dict | None:
    """Return what the checks read of one report, from its named graph's quads in ``raw``.

    The same facts the chunked queries (Q_TEXT, Q_META, ...) give, read in one pass over the
    graph, and the (area, label) pairs of its planned and done measures, which plan follow-up
    compares. None when the graph has no ``gov:text`` (as with Q_TEXT). For a store held in
    memory (see :func:`_quad_store`); the tests check that both readings agree.

    Args:
        raw: an in-memory pyoxigraph Store (:class:`MemoryBackend`'s).
        report: the report's IRI (its graph's name).
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(report)
    own: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    types: dict[str, set[str]] = {}
    kinds: dict[str, list[str]] = {}
    headings: dict[str, list[str]] = {}
    areas: list[tuple[str, str]] = []
    concepts: list[tuple[str, str]] = []
    implausible: set[str] = set()
    values: dict[str, list[str]] = {}
    units: dict[str, list[str]] = {}
    cited: set[str] = set()
    t = _T
    for q in raw.quads_for_pattern(None, None, None, graph):
        p, s, o = q.predicate.value, q.subject.value, q.object
        if p == _RDF_TYPE:
            types.setdefault(s, set()).add(o.value)
        elif p == _RDFS_LABEL:
            labels.setdefault(s, []).append(o.value)
        elif p == t["taskArea"]:
            areas.append((s, o.value))
        elif p == t["indicatorConcept"]:
            concepts.append((s, o.value))
        elif p == t["value"]:
            values.setdefault(s, []).append(o.value)
        elif p == t["unit"]:
            units.setdefault(s, []).append(o.value)
        elif p == t["implausible"]:
            if isinstance(o, ox.Literal) and o.datatype.value == _BOOLEAN and o.value in ("true", "1"):
                implausible.add(s)
        elif p == t["sectionKind"]:
            kinds.setdefault(s, []).append(o.value)
        elif p == t["heading"]:
            headings.setdefault(s, []).append(o.value)
        elif p == t["cites"]:
            cited.add(o.value)
        if s == report and p in (t["text"], t["year"], t["reportingUnit"], t["contentHash"], _ISSUED):
            own.setdefault(p, []).append(o.value)
    if not own.get(t["text"]):
        return None
    unit = (own.get(t["reportingUnit"]) or [None])[-1]
    year = own.get(t["year"])
    issued = own.get(_ISSUED)
    planned_areas, all_areas = [], []
    plans, done = [], []
    for m, c in areas:
        area = c[_TA_LEN - 1:]
        all_areas.append(area)
        if t["PlannedMeasure"] in types.get(m, ()):
            planned_areas.append(area)
            plans.extend((area, label) for label in labels.get(m, ()))
        else:
            done.extend((area, label) for label in labels.get(m, ()))
    planned = _count(planned_areas)
    kept = [(o, c) for o, c in concepts if o not in implausible]
    per_concept: dict[str, tuple] = {}
    for o, c in kept:
        if c.startswith(INDICATOR_BASE):
            for v in values.get(o, ()):
                for u in units.get(o, ()):
                    per_concept.setdefault(c[len(INDICATOR_BASE):], (float(v), u))
    example = None
    if cited:   # the instrument SAMPLE(?i) gives: the first in the store's predicate-object order
        first = next(iter(raw.quads_for_pattern(None, ox.NamedNode(t["cites"]), None, graph)))
        example = _instrument_title(first.object.value)
    return {"title": (labels.get(report) or [None])[-1],
            "year": _int(year[-1]) if year else None, "issued": _date(issued[-1]) if issued else None,
            "unit": unit, "unit_label": (labels.get(unit) or [None])[-1] if unit else None,
            "text": own[t["text"]][-1],
            "parts": [(h, k.rsplit("#", 1)[-1]) for s, ks in kinds.items() for k in ks for h in headings.get(s, ())],
            "outcomes": sum(1 for ts in types.values() if t["Outcome"] in ts),
            "planned": sum(planned.values()),
            "areas": {a: n - planned.get(a, 0) for a, n in _count(all_areas).items() if n > planned.get(a, 0)},
            "indicators": {c for _o, c in kept}, "values": per_concept,
            "cites": (len(cited), example), "hash": (own.get(t["contentHash"]) or [None])[-1],
            "plans": plans, "done": done}


def _chunked(backend, sparql: str, reports: Sequence[str], chunk: int, workers: int) -> list:
    """Return the rows of ``sparql`` run for each chunk of ``reports``, ``workers`` at a time."""
    # by chunks: a store-wide GROUP BY over millions of quads takes seconds; a chunk's VALUES
    # inside the GRAPH group makes each query a few index lookups per report
    parts = [reports[i:i + chunk] for i in range(0, len(reports), chunk)]
    if workers <= 1 or len(parts) <= 1:
        return [row for part in parts for row in _run(backend, sparql, part)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return [row for rows in pool.map(lambda part: _run(backend, sparql, part), parts) for row in rows]


def _query_facts(backend, reports: Sequence[str], chunk: int, workers: int = 1) -> dict[str, dict]:
    """Return what the checks read of each report, by the chunked queries (a store)."""

    def rows(q):
        return _chunked(backend, q, reports, chunk, workers)

    facts: dict[str, dict] = {}
    for r, text in rows(Q_TEXT):
        facts[r.value] = {"title": None, "year": None, "issued": None, "unit": None, "unit_label": None,
                          "text": text.value, "parts": [], "outcomes": 0, "planned": 0, "areas": {},
                          "indicators": set(), "cites": (0, None)}
    keys = {GOV + "year": "year", "http://purl.org/dc/terms/issued": "issued", GOV + "reportingUnit": "unit",
            "http://www.w3.org/2000/01/rdf-schema#label": "title", "unit_label": "unit_label",
            GOV + "contentHash": "hash"}
    for r, packed in rows(Q_META):
        f = facts.get(r.value)
        if f is None:
            continue
        for record in packed.value.split(RS):
            key, _, value = record.partition(US)
            if key == "part":
                kind, _, heading = value.partition(US)
                f["parts"].append((heading, kind.rsplit("#", 1)[-1]))
            elif key in keys:
                key = keys[key]
                f[key] = _int(value) if key == "year" else _date(value) if key == "issued" else value
    for r, n in rows(Q_OUTCOMES):
        if r.value in facts:
            facts[r.value]["outcomes"] = int(n.value)
    for f in facts.values():
        f.update(plans=[], done=[], values={})
    for r, packed in rows(Q_MEASURE_ROWS):   # "p" planned, "m" every measure: done = all less planned
        f = facts.get(r.value)
        if f is None:
            continue
        everything = []
        for record in packed.value.split(RS):
            area, _, label = record[1:].partition(US)
            (f["plans"] if record[0] == "p" else everything).append((area, label))
        planned = _count(a for a, _l in f["plans"])
        f["planned"] = len(f["plans"])
        f["areas"] = {a: n - planned.get(a, 0) for a, n in _count(a for a, _l in everything).items()
                      if n > planned.get(a, 0)}
        left = _count(f["plans"])
        for pair in everything:
            if left.get(pair):
                left[pair] -= 1
            else:
                f["done"].append(pair)
    for r, n, example in rows(Q_CITES):
        if r.value in facts:
            facts[r.value]["cites"] = (int(n.value), _instrument_title(example.value) if example else None)
    for r, packed in rows(Q_OUTCOME_ROWS):   # outcome, concept[, value, unit], or outcome "!" if implausible
        f = facts.get(r.value)
        if f is None:
            continue
        records = [x.split(US) for x in packed.value.split(RS)]
        doubtful = {x[0] for x in records if x[1:] == ["!"]}
        for x in records:
            if x[1:] == ["!"] or x[0] in doubtful:
                continue
            f["indicators"].add(x[1])
            if len(x) == 4 and x[1].startswith(INDICATOR_BASE):
                f["values"].setdefault(x[1][len(INDICATOR_BASE):], (float(x[2]), x[3]))
    return facts


def _count(items: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _date(value: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _regions(text: str, parts: list[tuple[str, str]]) -> dict[str, str]:
    """Return the body of each statutory part: from after its heading to the next part's heading."""
    found = []
    for heading, kind in parts:
        at = text.find(heading)
        if at >= 0:
            found.append((at, at + len(heading), kind))
    found.sort()
    out: dict[str, str] = {}
    for i, (at, body, kind) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        out[kind] = out.get(kind, "") + text[body:end]
    return out


def _instrument_title(iri: str) -> str:
    """Return the title an instrument IRI carries (its last part, percent-decoded)."""
    from urllib.parse import unquote

    return unquote(iri.rsplit("/instrument/", 1)[-1])


def _sentence(text: str, at: int, width: int = 60) -> str:
    """Return the sentence around ``text[at]``, cut to ``width`` characters."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 400), at)), default=max(0, at - 400))
    m = _SENTENCE_END.search(text, at)
    end = m.end() if m else len(text)
    if end - start > width:   # a long sentence: the stretch around what was found
        start = max(start, at - width // 3)
        end = min(end, start + width)
    s = " ".join(text[start:end].split())
    return ("…" if start and text[start - 1] not in "。;；!?\n" else "") + s



def _check_report(report: str, f: dict, follow: tuple | None) -> ReportChecks:
    text, title, year, issued = f["text"], f["title"], f["year"], f["issued"]
    rc = ReportChecks(report, title, f["unit"], f["unit_label"], year, issued, admin_level(f["unit_label"]),
                      areas=dict(f["areas"]), indicators=tuple(sorted(f["indicators"])),
                      values=dict(f.get("values", {})), content_hash=f.get("hash"))
    add = rc.results.append

    # title
    if not title:
        add(CheckResult("title_genre", "unknown", "no title found"))
    elif _TITLE_GENRE.search(title) and _TITLE_YEAR.search(title):
        add(CheckResult("title_genre", "pass", title))
    else:
        add(CheckResult("title_genre", "fail", f"{title} (want …年法治政府建设…报告)"))

    # reporting unit
    if f["unit"]:
        local = "/report/" in f["unit"]
        add(CheckResult("reporting_unit", "pass", (f["unit_label"] or f["unit"]) +
                        (" (a name that cannot be qualified with its place)" if local else "")))
    else:
        add(CheckResult("reporting_unit", "fail", "no reporting unit named"))

    # year covered and publication date
    if year is None or issued is None:
        missing = " and ".join(x for x, v in (("year", year), ("date", issued)) if v is None)
        add(CheckResult("year_covered", "unknown", f"no {missing} found"))
    elif issued.year == year + 1:
        add(CheckResult("year_covered", "pass", f"covers {year}, dated {issued.isoformat()}"))
    else:
        add(CheckResult("year_covered", "fail", f"covers {year} but dated {issued.isoformat()}"))
    if issued is None or year is None:
        add(CheckResult("published_on_time", "unknown", "no date found" if issued is None else "no year found"))
    else:
        month, day = deadlines().get(province_of(f["unit_label"]) or "", (4, 1))
        due = _dt.date(year + 1, month, day)
        status = "pass" if issued <= due else "fail"
        add(CheckResult("published_on_time", status,
                        f"dated {issued.isoformat()}, due by {due.isoformat()}",
                        float((issued - due).days)))

    # the four parts
    kinds = {k for _h, k in f["parts"]}
    missing = [p for p in PARTS if p not in kinds]
    order = {h: f["text"].find(h) for h, _k in f["parts"]}
    headings = "; ".join(h for h, _k in sorted(f["parts"], key=lambda hk: (order[hk[0]], hk[0])))
    if missing:
        add(CheckResult("four_parts", "fail", "missing: " + ", ".join(_PART_ZH[p] for p in missing) +
                        (f" (found: {headings})" if headings else "")))
    else:
        add(CheckResult("four_parts", "pass", headings))

    regions = _regions(text, f["parts"])
    # causes of shortcomings
    part = regions.get("Shortcomings")
    if part is None:
        add(CheckResult("shortcoming_causes", "na", "no shortcomings part"))
    else:
        m = _CAUSES.search(part)
        add(CheckResult("shortcoming_causes", "pass", _sentence(part, m.start())) if m else
            CheckResult("shortcoming_causes", "fail", "problems listed, no cause given"))

    # first responsible persons
    part = regions.get("LeadershipDuties")
    if part is None:
        add(CheckResult("leadership_acts", "na", "no 第一责任人 part"))
    else:
        acts = [m for m in _ACT_VERBS.finditer(part)]
        counted = next((m for m in _COUNT.finditer(part)
                        if any(abs(a.start() - m.start()) < 40 for a in acts)), None)
        if acts and counted:
            add(CheckResult("leadership_acts", "pass", _sentence(part, counted.start()), float(len(acts))))
        else:
            add(CheckResult("leadership_acts", "fail",
                            "acts named but none counted" if acts else "general statements only", float(len(acts))))

    # plans
    part = regions.get("NextYearPlans")
    if part is None and not f["planned"]:
        add(CheckResult("plans_concrete", "na", "no plans part"))
    else:
        target = _TARGETS.search(part or "")
        if f["planned"] >= MIN_PLANNED and target:
            add(CheckResult("plans_concrete", "pass", f"{f['planned']} planned measures; " +
                            _sentence(part, target.start()), float(f["planned"])))
        else:
            why = (f"{f['planned']} planned measures (want {MIN_PLANNED})" if f["planned"] < MIN_PLANNED
                   else "no number or target stated")
            add(CheckResult("plans_concrete", "fail", why, float(f["planned"])))

    # data and cases
    chars = len(text)
    per = 1000 * f["outcomes"] / chars if chars else 0.0
    add(CheckResult("data_used", "pass" if per >= MIN_DATA_PER_1000 else "fail",
                    f"{f['outcomes']} counted outcomes in {chars} characters", round(per, 2)))
    m = _CASES.search(text)
    add(CheckResult("cases_used", "pass", _sentence(text, m.start())) if m else
        CheckResult("cases_used", "fail", "no case told"))

    # task areas
    covered = [a for a in CHAPTERS if f["areas"].get(a)]
    left = [a for a in CHAPTERS if a not in covered]
    labels = scheme_labels("task-areas")
    detail = ("covered " + " ".join(covered) if covered else "no measure with an area") + \
        ("; missing " + ", ".join(f"{a} {labels[a][1]}" for a in left) if left else "")
    add(CheckResult("task_areas_covered", "pass" if len(covered) >= MIN_CHAPTERS else "fail", detail,
                    float(len(covered))))

    # key indicators
    keys = key_indicators()
    found = sorted(keys[c] for c in f["indicators"] if c in keys)
    add(CheckResult("key_indicators", "pass" if len(found) >= MIN_KEY_INDICATORS else "fail",
                    ", ".join(found) if found else "none of " + ", ".join(sorted(keys.values())),
                    float(len(found))))

    # legal basis
    n, example = f["cites"]
    add(CheckResult("legal_basis", "pass", f"{n} instruments cited, e.g. {example}", float(n)) if n else
        CheckResult("legal_basis", "fail", "no instrument cited", 0.0))

    # 纲要 edition
    new, old = _ED_2021.search(text), _ED_2015.search(text)
    if year is None:
        add(CheckResult("outline_edition", "unknown", "no year found"))
    elif not new and not old:
        add(CheckResult("outline_edition", "unknown", "no 纲要 edition named"))
    else:
        want, other = (new, old) if year >= 2021 else (old, new)
        edition = "2021-2025" if year >= 2021 else "2015-2020"
        if want:
            add(CheckResult("outline_edition", "pass", f"{edition}: " + _sentence(text, want.start())))
        else:
            add(CheckResult("outline_edition", "fail", f"covers {year} but follows the other edition: " +
                            _sentence(text, other.start())))

    # plan follow-up
    if follow is None:
        add(CheckResult("plan_follow_up", "na", "no report of the same unit on the previous year in the store"))
    else:
        prev, taken, total, example = follow
        if not total:
            add(CheckResult("plan_follow_up", "na", f"the {prev} report plans nothing"))
        else:
            share = taken / total
            detail = f"{taken} of {total} plans of {prev} taken up" + (f", e.g. {example}" if example else "")
            add(CheckResult("plan_follow_up", "pass" if share >= MIN_FOLLOW_UP else "fail", detail, round(share, 3)))
    return rc


def key_terms(label: str) -> set[str]:
    """Return the CJK bigrams of a label that say what it is about (common verbs left out).

    >>> sorted(key_terms("推进行政复议体制改革"))
    ['体制', '制改', '复议', '改革', '政复', '议体']
    """
    return set(_key_terms(label))


@lru_cache(maxsize=65536)
def _key_terms(label: str) -> frozenset:
    out = set()
    for run in _CJK_RUN.findall(label):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(out - _GENERIC)


def _follow_up(backend, facts: dict, chunk: int, complete: bool, raw=None, workers: int = 1) -> dict[str, tuple]:
    """Return ``{report: (previous year, plans taken up, plans, example)}`` where the store has
    the same unit's report on the previous year.

    A plan is taken up when a measure of the next year is in the same task area and shares a
    key term with it (:func:`key_terms`). With ``raw`` (a pyoxigraph Store) the measures are
    those :func:`report_facts` read; otherwise they are queried in chunks of ``chunk`` reports."""
    out: dict[str, tuple] = {}
    by_unit_year = {}
    for r, f in facts.items():
        if f["unit"] and f["year"] is not None and "/report/" not in f["unit"]:
            by_unit_year[(f["unit"], f["year"])] = r
    missing = {}
    pairs = {}
    for r, f in facts.items():
        key = (f["unit"], (f["year"] or 0) - 1)
        if key in by_unit_year:
            pairs[r] = by_unit_year[key]
        elif f["unit"] and f["year"] is not None and "/report/" not in f["unit"]:
            missing[r] = key
    if missing and not complete:
        # the previous year may be in the store without being among the reports checked
        for r, unit, year in _run(backend, Q_UNIT_YEARS):
            year = _int(year.value)
            if year is not None:
                by_unit_year.setdefault((unit.value, year), r.value)
        pairs.update({r: by_unit_year[k] for r, k in missing.items() if k in by_unit_year})
    if not pairs:
        return {}
    # the plans of the previous years: read with the reports checked, or else now
    plans = {r: facts[r]["plans"] for r in set(pairs.values()) if r in facts}
    others = sorted(set(pairs.values()) - set(plans))
    if raw is not None:
        for r in others:
            f = report_facts(raw, r)
            plans[r] = f["plans"] if f else []
    else:
        for r, packed in _chunked(backend, Q_PLAN_LABELS, others, chunk, workers):
            plans[r.value] = [tuple(x.split(US, 1)) for x in packed.value.split(RS)]
    now = sorted(pairs)
    done = {r: [(_key_terms(label), area) for area, label in facts[r]["done"]] for r in now}
    for r in now:
        before = plans.get(pairs[r], [])
        taken, example = 0, None
        for area, label in before:
            terms = _key_terms(label)
            if any(a == area and terms & t for t, a in done.get(r, [])):
                taken += 1
                example = example or label
        year = facts.get(pairs[r], {}).get("year") or facts[r]["year"] - 1
        out[r] = (year, taken, len(before), example)
    return out


def stored_checks(backend) -> tuple[list[ReportChecks], list[str]]:
    """Return the results ``govkg check --store`` left in the store, and the reports they miss.

    A report loaded or reloaded since (its gov:contentHash differs from the one checked) is
    among the missing: its results are stale. Two queries of one row per report, where
    checking afresh reads every report's text, measures and outcomes.
    """
    hashes = {r.value: h.value for r, h in _run(backend, Q_HASHES)}
    done: dict[str, ReportChecks] = {}
    for r, text in _run(backend, Q_SUMMARIES):
        try:
            rc = ReportChecks.from_summary(r.value, text.value)
        except (ValueError, KeyError, TypeError):
            continue
        if rc.content_hash == hashes.get(r.value):
            done[r.value] = rc
    reports = {r.value for (r,) in _run(backend, Q_REPORTS)}
    return [rc for r, rc in done.items() if r in reports], sorted(reports - set(done))


# ---------------------------------------------------------------- output
def checks_nquads(results: Iterable[ReportChecks]) -> bytes:
    """Return the check results as N-Quads in the named graph :data:`CHECKS_GRAPH`.

    The graph also holds the check concepts (label, informational) so that a store answers
    "which checks failed" without the scheme loaded beside it.
    """
    g = f"<{CHECKS_GRAPH}>"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    out: list[str] = []

    def lit(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'

    def q(s: str, p: str, o: str) -> None:
        out.append(f"{s} <{p}> {o} {g} .\n")

    for c, info in check_infos().items():
        node = f"<{CHECK_BASE}{c}>"
        q(node, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "<http://www.w3.org/2004/02/skos/core#Concept>")
        q(node, "http://www.w3.org/2004/02/skos/core#notation", lit(c))
        q(node, "http://www.w3.org/2004/02/skos/core#prefLabel", lit(info.label_zh) + "@zh")
        q(node, GOV + "informational", f'"{"true" if info.informational else "false"}"^^<{xsd}boolean>')
    for rc in results:
        q(f"<{rc.report}>", GOV + "adminLevel", lit(rc.level))
        q(f"<{rc.report}>", GOV + "checkSummary", lit(rc.summary()))
        for res in rc.results:
            node = f"<{rc.report}/check/{res.check}>"
            q(node, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{GOV}CheckResult>")
            q(node, GOV + "checkOf", f"<{rc.report}>")
            q(node, GOV + "checkRule", f"<{CHECK_BASE}{res.check}>")
            q(node, GOV + "checkStatus", f"<{GOV}{_STATUS_TERMS[res.status]}>")
            q(node, GOV + "checkDetail", lit(res.detail))
            if res.value is not None:
                q(node, GOV + "checkValue", f'"{Decimal(str(res.value))}"^^<{xsd}decimal>')
    return "".join(out).encode("utf-8")


_MARK = {"pass": "pass", "fail": "FAIL", "na": "n/a ", "unknown": "??  "}


def format_checks(results: Sequence[ReportChecks]) -> str:
    """Return the results as text: one block per report, one line per check, then totals."""
    from govkg.queries.runner import display_width

    infos = check_infos()
    width = max(display_width(i.label_zh) for i in infos.values())
    lines = []
    totals = {s: 0 for s in STATUSES}
    for rc in results:
        head = rc.title or rc.report
        who = ", ".join(str(x) for x in (rc.unit_label, rc.year) if x)
        lines.append(f"{head}" + (f" ({who})" if who else ""))
        lines.append(f"  {rc.report}")
        for res in rc.results:
            info = infos[res.check]
            label = info.label_zh + " " * (width - display_width(info.label_zh))
            mark = _MARK[res.status]
            lines.append(f"  {mark}  {label}  {res.detail}" + ("  (informational)" if info.informational and
                                                                 res.status == "fail" else ""))
            totals[res.status] += 1
        lines.append("")
    lines.append(f"{len(results)} report{'s' if len(results) != 1 else ''}: "
                 + ", ".join(f"{n} {s}" for s, n in totals.items()))
    return "\n".join(lines) + "\n"


class MemoryBackend:
    """Run queries over a graph file (or N-Quads bytes) held in memory (``govkg check GRAPH``).

    Raises:
        InputError: the file cannot be read as RDF.
    """

    def __init__(self, path: str | None = None, data: bytes | None = None):
        import pyoxigraph as ox

        self.store = ox.Store()
        if data is not None:
            self.store.load(data, format=ox.RdfFormat.N_QUADS)
            return
        from govkg.graph.io import format_for

        fmt = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
               "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES}.get(format_for(path))
        try:
            if fmt is None:   # JSON-LD and the rest: through rdflib
                from rdflib import Dataset

                ds = Dataset()
                ds.parse(path, format=format_for(path))
                self.store.load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            else:
                self.store.load(path=str(path), format=fmt)
        except FileNotFoundError:
            raise InputError("no such file", path=str(path)) from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"cannot be read as RDF ({str(exc).splitlines()[0]})", path=str(path)) from None

    @property
    def raw(self):
        """The pyoxigraph Store holding the file (:func:`run_checks` reads its quads directly)."""
        return self.store

    def query(self, sparql: str, bindings: dict | None = None, union: bool = True, timeout: float | None = None):
        from govkg.graph.store import QueryResult, inject_values

        result = self.store.query(inject_values(sparql, bindings or {}), use_default_graph_as_union=union)
        if isinstance(result, bool):
            return QueryResult(variables=[], rows=[], boolean=result)
        names = [v.value for v in result.variables]
        return QueryResult(variables=names, rows=[tuple(row[n] for n in names) for row in result])
