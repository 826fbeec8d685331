"""Named queries: headers, parameter binding, formatting, and expected rows on a hand-written fixture."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from govkg.errors import QueryError  # noqa: E402
from govkg.graph.store import EmbeddedStore  # noqa: E402
from govkg.queries.runner import (QUERY_DIR, Param, bind_params, display_width, format_result,  # noqa: E402
                                  list_queries, load_library, parse_param_args, parse_params,
                                  resolve_query, run_query)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "store" / "three_reports.trig"
ID = "https://w3id.org/govkg/id/"
A, B, C = (f"{ID}report/{c * 16}" for c in "abc")
GN = "北京市西城区广内街道办事处"
SFJ = "北京市西城区司法局"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("q") / "store") as s:
        s.replace_report_graphs(FIXTURE)
        yield s


def values(result) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in result.rows]


def test_queries_library_has_fourteen_with_full_headers():
    library = load_library()
    assert len(library) >= 14
    for name, q in library.items():
        assert Path(q.path).stem == name
        assert q.summary_zh and q.summary_en and q.summary_zh != q.summary_en
        assert q.returns
        text = Path(q.path).read_text(encoding="utf-8").splitlines()
        assert [line.split(":")[0] for line in text[:4]] == ["# name", "# summary", "# params", "# returns"]


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERY_DIR.glob("*.rq")))
def test_queries_returns_header_matches_projection(store, name):
    q = load_library()[name]
    params = {p.name: {"IRI": "unit/none", "string": "x", "integer": "1"}[p.kind]
              for p in q.params if not p.optional}
    assert tuple(run_query(store, name, params).variables) == q.returns


@pytest.mark.parametrize("spec, expected", [
    ("?unit (optional IRI), ?year (optional integer)",
     (Param("unit", "IRI", True), Param("year", "integer", True))),
    ("?keyword (string)", (Param("keyword", "string", False),)),
    ("none", ()),
    ("", ()),
])
def test_queries_parse_params(spec, expected):
    assert parse_params(spec) == expected


@pytest.mark.parametrize("spec", ["?unit (colour)", "unit IRI", "?a (IRI) junk"])
def test_queries_parse_params_rejects(spec):
    with pytest.raises(QueryError):
        parse_params(spec)


@pytest.mark.parametrize("name, given, message", [
    ("outcomes_by_keyword", {}, "query outcomes_by_keyword needs parameter ?keyword (string)"),
    ("report_outcomes", {"report": "report/x", "year": "1"}, "query report_outcomes has no parameter ?year"),
    ("planned_measures_by_year", {"year": "二〇二一"}, "--param year: '二〇二一' is not a valid integer"),
])
def test_queries_bind_params_errors(name, given, message):
    with pytest.raises(QueryError) as info:
        bind_params(load_library()[name], given)
    assert info.value.message == message


def test_queries_unknown_name_lists_names():
    with pytest.raises(QueryError) as info:
        resolve_query("outcomes_by_keywrd")
    assert info.value.message == "unknown query 'outcomes_by_keywrd'"
    assert "outcomes_by_keyword" in info.value.hint and "unit_tree" in info.value.hint


@pytest.mark.parametrize("pairs, expected", [
    (["keyword=满意率"], {"keyword": "满意率"}),
    (["?year=2021", "x=a=b"], {"year": "2021", "x": "a=b"}),
])
def test_queries_parse_param_args(pairs, expected):
    assert parse_param_args(pairs) == expected


@pytest.mark.parametrize("pair", ["keyword", "bad name=1"])
def test_queries_parse_param_args_rejects(pair):
    with pytest.raises(QueryError, match="bad --param"):
        parse_param_args([pair])


# Expected rows written by hand from tests/fixtures/store/three_reports.trig.
CASES = [
    ("reports_by_unit_year", {}, [
        (B, f"{ID}unit/{SFJ}", SFJ, "2021", "西城区司法局2021年法治政府建设年度报告"),
        (A, f"{ID}unit/{GN}", GN, "2020", "广内街道2020年法治政府建设工作报告"),
        (C, f"{ID}unit/{GN}", GN, "2021", None)]),
    ("reports_by_unit_year", {"unit": f"unit/{GN}", "year": "2021"}, [
        (C, f"{ID}unit/{GN}", GN, "2021", None)]),
    ("unit_measures", {"unit": f"unit/{SFJ}"}, [
        (B, "2021", f"{B}/measure/1", "开展宪法宣传周活动", "开展宪法宣传周活动。"),
        (B, "2021", f"{B}/measure/2", "办理行政复议案件", "办理行政复议案件46件，群众满意率98.5%。"),
        (B, "2021", f"{B}/measure/3", "推进合法性审核全覆盖", "推进合法性审核全覆盖。")]),
    ("measures_by_responsible_unit", {"responsible": f"{A}/unit/街道法律顾问团"}, [
        (f"{A}/unit/街道法律顾问团", "街道法律顾问团", A, f"{A}/measure/2", "法律顾问团审查合同")]),
    ("top_cited_instruments", {}, [
        (f"{ID}instrument/中华人民共和国宪法", "中华人民共和国宪法", "3"),
        (f"{ID}instrument/法治政府建设实施纲要(2015-2020年)", "法治政府建设实施纲要(2015-2020年)", "1")]),
    ("top_cited_instruments", {"min_reports": "2"}, [
        (f"{ID}instrument/中华人民共和国宪法", "中华人民共和国宪法", "3")]),
    ("instruments_produced", {}, [
        (f"{ID}unit/{GN}", GN, f"{ID}instrument/广内街道重大行政执法决定集体讨论工作办法",
         "广内街道重大行政执法决定集体讨论工作办法", A)]),
    ("measures_citing_instrument", {"instrument": "instrument/中华人民共和国宪法"}, [
        (A, GN, f"{A}/measure/2", "法律顾问团审查合同", "街道法律顾问团全年审查合同120份。"),
        (B, SFJ, f"{B}/measure/1", "开展宪法宣传周活动", "开展宪法宣传周活动。")]),
    ("outcomes_by_keyword", {"keyword": "满意率"}, [
        (SFJ, "2021", "满意率", "98.5", "%", "办理行政复议案件46件，群众满意率98.5%。", B)]),
    ("outcomes_by_keyword", {"keyword": "复议"}, [
        (SFJ, "2021", "行政复议案件", "46", "件", "办理行政复议案件46件，群众满意率98.5%。", B)]),
    ("outcomes_by_keyword", {"keyword": "合同"}, [
        (SFJ, "2021", "合同审查", "80", "份", "审查合同80余份。", B),
        (GN, "2020", "合同审查", "120", "份", "街道法律顾问团全年审查合同120份。", A),
        (GN, "2021", "合同审查", "150", "份", "审查合同150份。", C)]),
    ("report_outcomes", {"report": A}, [
        ("主任办公会", "27", "次", "false", "召开主任办公会27次。"),
        ("合同审查", "120", "份", "false", "街道法律顾问团全年审查合同120份。")]),
    ("unit_tree", {"parent": f"unit/{GN}"}, [
        (f"{ID}unit/{GN}", GN, f"{A}/unit/街道法律顾问团", "街道法律顾问团")]),
    ("report_shortcomings", {}, [
        (B, SFJ, "2021", f"{B}/shortcoming/1", "执法人员力量不足", "执法人员力量不足。"),
        (A, GN, "2020", f"{A}/shortcoming/1", "一些干部证据意识不强", "一些干部证据意识不强。")]),
    ("planned_measures_by_year", {"year": "2021"}, [
        ("2021", SFJ, f"{B}/measure/3", "推进合法性审核全覆盖", B)]),
    ("measures_per_part", {}, [
        ("https://w3id.org/govkg/ontology#Achievements", "4"),
        ("https://w3id.org/govkg/ontology#NextYearPlans", "2")]),
    ("measures_per_part", {"report": A}, [
        ("https://w3id.org/govkg/ontology#Achievements", "2"),
        ("https://w3id.org/govkg/ontology#NextYearPlans", "1")]),
    ("indicator_across_units", {"indicator": "合同审查"}, [
        (GN, "2021", "150", "份", "1"), (GN, "2020", "120", "份", "1"), (SFJ, "2021", "80", "份", "1")]),
    ("reports_missing_parts", {}, [
        (B, SFJ, "2021", "https://w3id.org/govkg/ontology#LeadershipDuties")]
        + [(C, GN, "2021", f"https://w3id.org/govkg/ontology#{k}")
           for k in ("Achievements", "LeadershipDuties", "NextYearPlans", "Shortcomings")]),
    ("unit_instruments_cited", {"unit": f"unit/{GN}"}, [
        (f"{ID}instrument/中华人民共和国宪法", "中华人民共和国宪法", "1", "2"),
        (f"{ID}instrument/法治政府建设实施纲要(2015-2020年)", "法治政府建设实施纲要(2015-2020年)", "1", "1")]),
]


@pytest.mark.parametrize("name, params, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_queries_named_rows_on_fixture(store, name, params, expected):
    assert values(run_query(store, name, params)) == expected


def test_queries_every_named_query_has_a_fixture_case():
    from tests.unit.test_queries_across import CASES as ACROSS  # issue 10's queries, on their own fixture

    assert {c[0] for c in CASES} | {c[0] for c in ACROSS} == set(load_library())


@pytest.mark.parametrize("text, width", [("abc", 3), ("合同审查", 8), ("９８", 4), ("满意率98.5%", 11)])
def test_queries_display_width(text, width):
    assert display_width(text) == width


def test_queries_table_aligns_chinese(store):
    out = format_result(run_query(store, "outcomes_by_keyword", {"keyword": "复议"}))
    lines = out.splitlines()
    assert lines[0].split() == ["unit_label", "year", "indicator", "value", "unit_of_measure", "evidence", "report"]
    # the 'year' column starts at the same display column in the header and in the row
    assert display_width(lines[2][:lines[2].index("2021")]) == display_width(lines[0][:lines[0].index("year")])
    assert lines[-1] == "(1 row)"


def test_queries_csv_tsv_json_formats(store):
    result = run_query(store, "report_outcomes", {"report": B})
    assert format_result(result, "csv").splitlines()[:2] == [
        "indicator,value,unit_of_measure,approximate,evidence",
        "满意率,98.5,%,false,办理行政复议案件46件，群众满意率98.5%。"]
    assert format_result(result, "tsv").splitlines()[1] == (
        '"满意率"\t"98.5"^^<http://www.w3.org/2001/XMLSchema#decimal>\t"%"\t'
        '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>\t"办理行政复议案件46件，群众满意率98.5%。"')
    doc = json.loads(format_result(result, "json"))
    assert doc["head"]["vars"] == ["indicator", "value", "unit_of_measure", "approximate", "evidence"]
    assert doc["results"]["bindings"][0]["value"] == {
        "type": "literal", "value": "98.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert doc["results"]["bindings"][0]["indicator"] == {"type": "literal", "value": "满意率"}


def test_queries_list_prints_every_name():
    lines = list_queries().splitlines()
    assert len(lines) == len(load_library())
    assert any(line.startswith("outcomes_by_keyword") and "[keyword=string]" in line for line in lines)


def test_queries_package_imports_no_visual_or_extract():
    banned = ("pyvis", "govkg.visual", "govkg.extract", "spacy", "jieba")
    for path in QUERY_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(banned), f"{path.name} imports {name}"
