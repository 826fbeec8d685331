"""Compliance checks: every check has a report that passes it and one that fails it.

The reports are built here as N-Quads from a few facts (title, dates, parts, measures ...);
each expectation is written by hand from the rule in ontology/checks.ttl. Every test runs
twice: reading each report's quads (an in-process store) and by the store-wide queries (what
a remote store gets).
"""

from __future__ import annotations

import pytest

pytest.importorskip("pyoxigraph")

from govkg.queries.checks import (CHECKS, CHECKS_GRAPH, MemoryBackend, admin_level, check_infos,  # noqa: E402
                                  checks_nquads, format_checks, run_checks)

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TA = "https://w3id.org/govkg/task-area/"
IND = "https://w3id.org/govkg/indicator/"

GOOD_TEXT = """某区人民政府2022年法治政府建设年度报告
2022年,区政府认真落实《法治政府建设实施纲要(2021-2025年)》,现将有关情况报告如下。
一、主要举措和成效
审查合同120份,办理行政复议案件45件。以一起违法建设案为例,依法强制拆除。
二、存在的不足和原因
一是执法人员力量不足。究其原因,主要是编制调整未到位。
三、党政主要负责人履行推进法治建设第一责任人职责情况
区长主持召开常务会议专题研究法治工作6次,带头述法。
四、2023年工作安排
力争年底前行政复议纠错率下降到5%以内,完成规章清理3件。
"""

BAD_TEXT = """关于某区工作情况的汇报
今年以来,各项工作稳步推进。
一、主要举措和成效
扎实推进各项工作。
二、存在的不足
执法人员力量不足。法治意识有待加强。
三、党政主要负责人履行推进法治建设第一责任人职责情况
主要负责人高度重视法治建设,切实履行第一责任人职责。
四、下一步工作打算
继续加强法治政府建设。
"""

PART_HEADINGS = [("主要举措和成效", "Achievements"), ("存在的不足和原因", "Shortcomings"),
                 ("党政主要负责人履行推进法治建设第一责任人职责情况", "LeadershipDuties"),
                 ("2023年工作安排", "NextYearPlans")]
BAD_HEADINGS = [("主要举措和成效", "Achievements"), ("存在的不足", "Shortcomings"),
                ("党政主要负责人履行推进法治建设第一责任人职责情况", "LeadershipDuties"),
                ("下一步工作打算", "NextYearPlans")]


def lit(v) -> str:
    if isinstance(v, int):
        return f'"{v}"^^<{XSD}integer>'
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def report(rid: str, *, title=None, year=None, issued=None, unit=None, unit_label=None, text="",
           parts=(), outcomes=0, measures=(), planned=(), indicators=(), cites=0) -> str:
    """Return one report graph as N-Quads; ``measures``/``planned`` are (label, area) pairs."""
    r = f"{ID}report/{rid}"
    g = f"<{r}>"
    out = []

    def q(s, p, o):
        out.append(f"{s} <{p}> {o} {g} .\n")

    q(g, TYPE, f"<{GOV}Report>")
    q(g, GOV + "text", lit(text))
    if title:
        q(g, LABEL, lit(title))
    if year:
        q(g, GOV + "year", lit(year))
    if issued:
        q(g, "http://purl.org/dc/terms/issued", f'"{issued}"^^<{XSD}date>')
    if unit:
        q(g, GOV + "reportingUnit", f"<{ID}unit/{unit}>")
        q(f"<{ID}unit/{unit}>", LABEL, lit(unit_label or unit))
    for k, (heading, kind) in enumerate(parts, 1):
        s = f"<{r}/section/{k}>"
        q(g, GOV + "hasSection", s)
        q(s, GOV + "heading", lit(heading))
        q(s, GOV + "ordinal", lit(k))
        q(s, GOV + "sectionKind", f"<{GOV}{kind}>")
    for k in range(outcomes):
        q(f"<{r}/outcome/{k}>", TYPE, f"<{GOV}Outcome>")
    for k, (label, area) in enumerate(measures):
        m = f"<{r}/measure/{k}>"
        q(m, TYPE, f"<{GOV}Measure>")
        q(m, LABEL, lit(label))
        q(m, GOV + "taskArea", f"<{TA}{area}>")
    for k, (label, area) in enumerate(planned):
        m = f"<{r}/plan/{k}>"
        q(m, TYPE, f"<{GOV}Measure>")
        q(m, TYPE, f"<{GOV}PlannedMeasure>")
        q(m, LABEL, lit(label))
        q(m, GOV + "taskArea", f"<{TA}{area}>")
    for k, concept in enumerate(indicators):
        q(f"<{r}/outcome/i{k}>", GOV + "indicatorConcept", f"<{IND}{concept}>")
    for k in range(cites):
        q(g, GOV + "cites", f"<{ID}instrument/法规{k}>")
        q(f"<{ID}instrument/法规{k}>", LABEL, lit(f"法规{k}"))
    return "".join(out)


GOOD = dict(title="某区人民政府2022年法治政府建设年度报告", year=2022, issued="2023-02-10", unit="某区人民政府",
            text=GOOD_TEXT, parts=PART_HEADINGS, outcomes=12,
            measures=[(f"措施{a}", a) for a in ("TA02", "TA03", "TA04", "TA05", "TA07", "TA08", "TA10")],
            planned=[("推进行政复议规范化建设", "TA07"), ("开展规章清理", "TA03"), ("组织执法培训", "TA10")],
            indicators=["admin-review-correction-rate", "contracts-reviewed"], cites=2)
BAD = dict(title="关于某区工作情况的汇报", year=2022, issued="2023-05-06", text=BAD_TEXT, parts=BAD_HEADINGS[:1] +
           BAD_HEADINGS[2:3], outcomes=0, measures=[("措施", "TA10")], planned=[("继续加强法治政府建设", "TA10")])


class QueriesOnly:
    """A backend that only answers SPARQL, as a remote store does: run_checks queries it."""

    def __init__(self, data: bytes):
        self._memory = MemoryBackend(data=data)

    def query(self, *args, **kwargs):
        return self._memory.query(*args, **kwargs)


BACKEND = {"read": "quads"}


@pytest.fixture(autouse=True, params=["quads", "queries"])
def read(request):
    BACKEND["read"] = request.param
    return request.param


def check(data: str):
    """Return run_checks over the N-Quads ``data``, read the way the current test run says."""
    if BACKEND["read"] == "quads":
        return run_checks(MemoryBackend(data=data.encode()))
    # one report a query, two queries at a time: the chunks and threads of a large store
    return run_checks(QueriesOnly(data.encode()), chunk=1, workers=2)


@pytest.fixture
def results(read):
    data = report("good", **GOOD) + report("bad", **BAD)
    return {rc.report.rsplit("/", 1)[-1]: rc for rc in check(data)}


# (check, status of the good report, words of its detail, status of the bad one, words of its detail)
EXPECTED = [
    ("title_genre", "pass", "2022年法治政府建设年度报告", "fail", "want …年法治政府建设…报告"),
    ("reporting_unit", "pass", "某区人民政府", "fail", "no reporting unit"),
    ("year_covered", "pass", "covers 2022, dated 2023-02-10", "pass", "covers 2022"),
    ("published_on_time", "pass", "due by 2023-04-01", "fail", "dated 2023-05-06, due by 2023-04-01"),
    ("four_parts", "pass", "存在的不足和原因", "fail", "missing: 存在的不足和原因, 下一年度安排"),
    ("shortcoming_causes", "pass", "究其原因", "na", "no shortcomings part"),
    ("leadership_acts", "pass", "专题研究法治工作6次", "fail", "general statements only"),
    ("plans_concrete", "pass", "3 planned measures", "fail", "1 planned measures (want 3)"),
    ("data_used", "pass", "12 counted outcomes", "fail", "0 counted outcomes"),
    ("cases_used", "pass", "为例", "fail", "no case told"),
    ("task_areas_covered", "pass", "missing TA06 健全突发事件应对体系, TA09", "fail", "covered TA10; missing TA02"),
    ("key_indicators", "pass", "行政复议纠错率", "fail", "none of"),
    ("legal_basis", "pass", "2 instruments cited", "fail", "no instrument cited"),
    ("outline_edition", "pass", "2021-2025", "unknown", "no 纲要 edition named"),
    ("plan_follow_up", "na", "no report of the same unit", "na", "no report of the same unit"),
]


def test_checks_expected_cover_every_check():
    assert [e[0] for e in EXPECTED] == list(CHECKS) == list(check_infos())


@pytest.mark.parametrize("check, good, good_words, bad, bad_words", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_checks_good_and_bad_report(results, check, good, good_words, bad, bad_words):
    g, b = results["good"].result(check), results["bad"].result(check)
    assert (g.status, b.status) == (good, bad)
    assert good_words in g.detail
    assert bad_words in b.detail


@pytest.mark.parametrize("facts, status, words", [
    # the year before publication: a report dated in the year it covers fails
    (dict(year=2022, issued="2022-12-28"), "fail", "covers 2022 but dated 2022-12-28"),
    (dict(year=2022), "unknown", "no date"),
])
def test_checks_year_covered_fail_and_unknown(facts, status, words):
    rc = check(report("x", text="正文", **facts))[0]
    assert rc.result("year_covered").status == status
    assert words in rc.result("year_covered").detail


def test_checks_published_on_time_unknown_without_a_date():
    rc = check(report("x", text="正文", year=2022))[0]
    assert (rc.result("published_on_time").status, rc.result("published_on_time").detail) == ("unknown", "no date found")


def test_checks_published_on_time_province_deadline(monkeypatch):
    from govkg.queries import checks

    monkeypatch.setattr(checks, "deadlines", lambda: {"浙江": (3, 1)})
    data = report("x", text="正文", year=2022, issued="2023-03-15", unit="浙江省司法厅")
    rc = check(data)[0]
    assert rc.result("published_on_time").status == "fail"
    assert "due by 2023-03-01" in rc.result("published_on_time").detail


def test_checks_outline_edition_fails_on_the_old_edition():
    text = "2022年,认真落实《法治政府建设实施纲要(2015-2020年)》。"
    rc = check(report("x", text=text, year=2022))[0]
    assert rc.result("outline_edition").status == "fail"
    assert "follows the other edition" in rc.result("outline_edition").detail


def _two_years(plans, measures):
    prev = report("y2021", text="正文", year=2021, unit="某县人民政府", planned=plans)
    now = report("y2022", text="正文", year=2022, unit="某县人民政府", measures=measures)
    by = {rc.report.rsplit("/", 1)[-1]: rc for rc in check((prev + now))}
    return by["y2022"].result("plan_follow_up"), by["y2021"].result("plan_follow_up")


def test_checks_plan_follow_up_pass():
    res, first = _two_years(plans=[("推进行政复议体制改革", "TA07"), ("开展规章清理", "TA03")],
                            measures=[("完成行政复议体制改革", "TA07"), ("清理规章12件", "TA03")])
    assert (res.status, res.value) == ("pass", 1.0)
    assert "2 of 2 plans of 2021 taken up" in res.detail
    assert first.status == "na"


def test_checks_plan_follow_up_fail_same_words_other_area():
    # 复议 is shared, but the measure is in another area: not a follow-up
    res, _ = _two_years(plans=[("推进行政复议体制改革", "TA07"), ("开展规章清理", "TA03")],
                        measures=[("组织学习行政复议法", "TA10"), ("召开领导小组会议", "TA10")])
    assert (res.status, res.value) == ("fail", 0.0)
    assert "0 of 2 plans of 2021 taken up" in res.detail


def test_checks_graph_and_text_output(results):
    data = checks_nquads(results.values()).decode()
    assert f"<{CHECKS_GRAPH}> ." in data.splitlines()[0]
    assert f'<{ID}report/bad/check/four_parts> <{GOV}checkStatus> <{GOV}Fail>' in data
    assert f'<{ID}report/good> <{GOV}adminLevel> "county"' in data
    text = format_checks([results["bad"]])
    assert "FAIL  四项法定内容齐全" in text
    assert text.rstrip().endswith("1 report: 1 pass, 11 fail, 2 na, 1 unknown")


@pytest.mark.parametrize("label, level", [
    ("国务院", "national"), ("海关总署", "national"), ("河南省人民政府", "province"),
    ("宁夏回族自治区司法厅", "province"), ("重庆市人民政府", "province"), ("南宁市", "city"),
    ("杭州市公安局", "city"), ("九龙坡区司法局", "county"), ("新县", "county"),
    ("丹东街道", "township"), ("宝城镇", "township"), ("某市住房和城乡建设局", "city"),
])
def test_checks_admin_level(label, level):
    assert admin_level(label) == level


def test_checks_plan_follow_up_reads_a_previous_year_not_checked():
    # only the 2022 report is checked; its unit's 2021 report is in the store all the same
    prev = report("y2021", text="正文", year=2021, unit="某县人民政府", planned=[("推进行政复议体制改革", "TA07")])
    now = report("y2022", text="正文", year=2022, unit="某县人民政府", measures=[("完成行政复议体制改革", "TA07")])
    data = (prev + now).encode()
    backend = MemoryBackend(data=data) if BACKEND["read"] == "quads" else QueriesOnly(data)
    [rc] = run_checks(backend, [f"{ID}report/y2022"])
    res = rc.result("plan_follow_up")
    assert (res.status, res.value, res.detail) == ("pass", 1.0, "1 of 1 plans of 2021 taken up, e.g. 推进行政复议体制改革")


def test_checks_implausible_values_left_out():
    # two key indicators named, but the 纠错率 of 130 % is marked implausible: one is left
    data = report("x", text="正文", year=2022, indicators=["contracts-reviewed"])
    r, o = f"<{ID}report/x>", f"<{ID}report/x/outcome/bad>"
    data += (f'{o} <{GOV}indicatorConcept> <{IND}admin-review-correction-rate> {r} .\n'
             f'{o} <{GOV}value> "130"^^<{XSD}decimal> {r} .\n{o} <{GOV}unit> "%" {r} .\n'
             f'{o} <{GOV}implausible> "true"^^<{XSD}boolean> {r} .\n')
    rc = check(data)[0]
    res = rc.result("key_indicators")
    assert (res.status, res.detail, res.value) == ("fail", "法律顾问审查合同", 1.0)
    assert rc.indicators == (f"{IND}contracts-reviewed",) and rc.values == {}
