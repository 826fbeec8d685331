"""Named queries of issue 10 (task areas, indicators, checks) on a hand-written fixture.

Expected rows are written by hand from reading tests/fixtures/across/store.trig.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from govkg.graph.store import EmbeddedStore  # noqa: E402
from govkg.queries.runner import run_query  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "across" / "store.trig"
ID = "https://w3id.org/govkg/id/"
A21, A22, B22 = (f"{ID}report/{r}" for r in ("a21", "a22", "b22"))
JIA, YI = f"{ID}unit/甲县人民政府", f"{ID}unit/乙区人民政府"
TA = {"TA04": "健全行政决策制度体系", "TA06": "健全突发事件应对体系", "TA07": "健全社会矛盾纠纷行政预防调处化解体系",
      "TA08": "健全行政权力制约和监督体系", "TA10": "加强党的领导，完善法治政府建设推进机制",
      "TA02": "健全政府机构职能体系", "TA03": "健全依法行政制度体系", "TA05": "健全行政执法工作体系",
      "TA09": "健全法治政府建设科技保障体系"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("q") / "store") as s:
        s.replace_report_graphs(FIXTURE)
        yield s


def values(result) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in result.rows]


CASES = [
    ("task_area_coverage", {}, [   # by label: 乙 (U+4E59) sorts before 甲 (U+7532)
        (YI, "乙区人民政府", "2022", "TA08", TA["TA08"], "1"),
        (JIA, "甲县人民政府", "2021", "TA07", TA["TA07"], "1"),
        (JIA, "甲县人民政府", "2022", "TA04", TA["TA04"], "1"),
        (JIA, "甲县人民政府", "2022", "TA07", TA["TA07"], "1"),
        (JIA, "甲县人民政府", "2022", "TA10", TA["TA10"], "1")]),
    ("task_area_coverage", {"unit": "unit/乙区人民政府"}, [
        (YI, "乙区人民政府", "2022", "TA08", TA["TA08"], "1")]),
    ("units_missing_area", {"area": "TA07"}, [
        (YI, "乙区人民政府", "2022", B22, "TA07", TA["TA07"])]),
    ("units_missing_area", {"area": "TA04", "year": "2022"}, [
        (YI, "乙区人民政府", "2022", B22, "TA04", TA["TA04"])]),
    ("reports_failing_check", {}, [
        (A22, "甲县人民政府", "2022", "cases_used", "运用案例", "true", "no case told"),
        (B22, "乙区人民政府", "2022", "data_used", "运用数据", "true", "2 counted outcomes in 4000 characters"),
        (B22, "乙区人民政府", "2022", "four_parts", "四项法定内容齐全", "false", "missing: 下一年度安排"),
        (B22, "乙区人民政府", "2022", "published_on_time", "按时报告公开", "false",
         "dated 2023-05-06, due by 2023-04-01")]),
    ("reports_failing_check", {"check": "four_parts"}, [
        (B22, "乙区人民政府", "2022", "four_parts", "四项法定内容齐全", "false", "missing: 下一年度安排")]),
    ("plan_follow_up", {"unit": "unit/甲县人民政府"}, [
        ("2022", "TA06", f"{A21}/measure/3", "修订应急预案", None, None),
        ("2022", "TA07", f"{A21}/measure/2", "推进行政复议体制改革", f"{A22}/measure/1", "完成行政复议体制改革")]),
    # on the concept: 复议纠错率, 行政复议纠错率 and 纠错率 are one indicator; the 160% is left out
    ("indicator_across_units", {"indicator": "复议纠错率"}, [
        ("乙区人民政府", "2022", "12", "%", "1"), ("甲县人民政府", "2021", "8.5", "%", "1"),
        ("甲县人民政府", "2022", "6", "%", "1")]),
    ("indicator_across_units", {"indicator": "admin-review-correction-rate"}, [
        ("乙区人民政府", "2022", "12", "%", "1"), ("甲县人民政府", "2021", "8.5", "%", "1"),
        ("甲县人民政府", "2022", "6", "%", "1")]),
    ("indicator_values", {}, [
        ("admin-review-correction-rate", "行政复议纠错率", B22, "乙区人民政府", "2022", "12", "%"),
        ("admin-review-correction-rate", "行政复议纠错率", A21, "甲县人民政府", "2021", "8.5", "%"),
        ("admin-review-correction-rate", "行政复议纠错率", A22, "甲县人民政府", "2022", "6", "%")]),
    ("research_variables", {}, [
        ("county", "2022", "2", "0.5", "0", "0.5", "1", "0.5", "1.25")]),
]


@pytest.mark.parametrize("name, params, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_queries_across_rows_on_fixture(store, name, params, expected):
    assert values(run_query(store, name, params)) == expected
