"""SHACL shapes and ``validate_graph`` on small hand-written TriG graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from govkg.errors import InputError
from govkg.graph.validate import ValidationResult, Violation, validate_graph

# tests/fixtures/shapes/report_ok.trig: a conforming report graph; the BROKEN cases below
# break it one edit at a time. Its report text is
# "审查合同120份。一些干部证据意识不强。做好执法衔接工作。":
# sentence 1 is [0, 9), sentence 2 is [9, 20), sentence 3 is [20, 29).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shapes"
GOOD = (FIXTURES / "report_ok.trig").read_text(encoding="utf-8")

R = "id:report/00112233445566aa"

# (case id, text to replace (must occur once in GOOD), replacement, expected violations as
# (focus, path, component))
BROKEN = [
    ("outcome_two_values",
     "gov:value 120.0 ;", "gov:value 120.0 , 121.0 ;",
     {(f"{R}/outcome/1", "gov:value", "maxCount")}),
    ("measure_label_61_chars",
     'rdfs:label "审查合同" ;', 'rdfs:label "审查合同' + "一" * 57 + '" ;',
     {(f"{R}/measure/1", "rdfs:label", "maxLength")}),
    ("instrument_label_with_book_title_marks",
     'rdfs:label "法治政府建设实施纲要(2015-2020年)" ;', 'rdfs:label "《法治政府建设实施纲要(2015-2020年)》" ;',
     {("id:instrument/法治政府建设实施纲要(2015-2020年)", "rdfs:label", "pattern")}),
    ("section_without_heading",
     'gov:heading "存在的不足和原因" ;', "",
     {(f"{R}/section/2", "gov:heading", "minCount")}),
    ("section_kind_not_a_kind",
     "gov:sectionKind gov:Shortcomings", "gov:sectionKind gov:Achievement",
     {(f"{R}/section/2", "gov:sectionKind", "in")}),
    ("outcome_value_integer",
     "gov:value 120.0 ;", "gov:value 120 ;",
     {(f"{R}/outcome/1", "gov:value", "datatype")}),
    ("outcome_without_unit",
     'gov:unit "份" ;', "",
     {(f"{R}/outcome/1", "gov:unit", "minCount")}),
    ("document_number_square_brackets",
     '"中发〔2015〕36号"', '"中发[2015]36号"',
     {("id:instrument/法治政府建设实施纲要(2015-2020年)", "gov:documentNumber", "pattern")}),
    ("planned_measure_without_report",
     "gov:evidenceEnd 29 ;\n        prov:wasDerivedFrom <https://w3id.org/govkg/id/report/00112233445566aa> ;",
     "gov:evidenceEnd 29 ;",
     {(f"{R}/measure/2", "prov:wasDerivedFrom", "minCount")}),
    ("responsible_unit_is_a_report",
     "gov:responsibleUnit r:post\\/1 .",
     "gov:responsibleUnit <https://w3id.org/govkg/id/report/00112233445566aa> .",
     {(f"{R}/measure/2", "gov:responsibleUnit", "or")}),
    ("evidence_offsets_off_by_one",
     "gov:evidenceStart 9 ; gov:evidenceEnd 20 ;", "gov:evidenceStart 10 ; gov:evidenceEnd 21 ;",
     {(R, "gov:evidence", "sparql")}),
    ("evidence_start_after_end",
     "gov:evidenceStart 9 ; gov:evidenceEnd 20 ;", "gov:evidenceStart 20 ; gov:evidenceEnd 9 ;",
     {(f"{R}/shortcoming/1", "gov:evidenceStart", "lessThanOrEquals"),
      (R, "gov:evidence", "sparql")}),
    ("report_two_years",
     "gov:year 2020 ;", "gov:year 2020 , 2021 ;",
     {(R, "gov:year", "maxCount")}),
    ("report_issued_not_a_date",
     '"2020-12-31"^^xsd:date', '"2020年12月31日"',
     {(R, "dcterms:issued", "datatype")}),
    ("unit_label_language_tagged",
     'rdfs:label "北京市西城区人民政府" .', 'rdfs:label "北京市西城区人民政府"@zh .',
     {("id:unit/北京市西城区人民政府", "rdfs:label", "datatype")}),
    ("post_in_untyped_node",
     "org:postIn <https://w3id.org/govkg/id/unit/北京市西城区人民政府广安门内街道办事处> .",
     "org:postIn <https://w3id.org/govkg/id/unit/区司法局> .",
     {(f"{R}/post/1", "org:postIn", "class")}),
]


def _dataset(text: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=text, format="trig")
    return ds


def _broken(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, f"fixture edit {old!r} must match exactly once"
    return GOOD.replace(old, new)


def _found(result: ValidationResult) -> set[tuple[str, str, str]]:
    return {(v.focus, v.path, v.component) for v in result.violations}


@pytest.mark.parametrize("as_what", ["dataset", "union_graph", "trig_file", "nq_file"])
def test_validate_good_report_conforms(as_what, tmp_path):
    ds = _dataset(GOOD)
    if as_what == "dataset":
        data = ds
    elif as_what == "union_graph":
        data = Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            data.add((s, p, o))
    elif as_what == "trig_file":
        data = tmp_path / "good.trig"
        data.write_text(GOOD, encoding="utf-8")
    else:
        data = tmp_path / "good.nq"
        data.write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
    result = validate_graph(data)
    assert result.lines == []
    assert result.conforms is True


@pytest.mark.parametrize("case, old, new, expected", BROKEN, ids=[c[0] for c in BROKEN])
def test_validate_broken_report_fails_on_that_shape(case, old, new, expected):
    result = validate_graph(_dataset(_broken(old, new)))
    assert result.conforms is False
    assert _found(result) == expected


@pytest.mark.parametrize("name, expected", [
    ("outcome_two_values.trig",
     {("id:report/0000000000000001/outcome/1", "gov:value", "maxCount")}),
    ("measure_label_61_chars.trig",
     {("id:report/0000000000000002/measure/1", "rdfs:label", "maxLength")}),
    ("instrument_label_with_marks.trig",
     {("id:instrument/中华人民共和国宪法", "rdfs:label", "pattern")}),
    ("section_without_heading.trig",
     {("id:report/0000000000000004/section/1", "gov:heading", "minCount")}),
])
def test_validate_broken_fixture_file_fails_on_that_path(name, expected):
    result = validate_graph(FIXTURES / name)
    assert result.conforms is False
    assert _found(result) == expected


def test_validate_union_of_named_graphs_sees_unit_typed_in_other_graph():
    # The addressee's type and label live in a second report's graph only.
    text = _broken('    <https://w3id.org/govkg/id/unit/北京市西城区人民政府> a gov:GovernmentUnit ;\n'
                   '        rdfs:label "北京市西城区人民政府" .\n', "")
    text += ("<https://w3id.org/govkg/id/report/ffeeddccbbaa9988> {\n"
             "  <https://w3id.org/govkg/id/unit/北京市西城区人民政府> a "
             "<https://w3id.org/govkg/ontology#GovernmentUnit> ;\n"
             '    <http://www.w3.org/2000/01/rdf-schema#label> "北京市西城区人民政府" .\n}\n')
    assert validate_graph(_dataset(text)).conforms is True


def test_validate_evidence_mismatch_names_report_and_node():
    result = validate_graph(_dataset(_broken(
        'gov:evidence "做好执法衔接工作。"', 'gov:evidence "做好执法衔接工作"')))
    assert result.lines == [
        "id:report/00112233445566aa gov:evidence: the gov:evidence of the node given as value is "
        "not the text between its gov:evidenceStart and gov:evidenceEnd in this report's gov:text "
        "[sparql, value id:report/00112233445566aa/measure/2]"]


def test_validate_line_names_focus_path_message_and_value():
    result = validate_graph(_dataset(_broken(
        'rdfs:label "审查合同" ;', 'rdfs:label "审查合同' + "一" * 57 + '" ;')))
    assert result.lines == [
        "id:report/00112233445566aa/measure/1 rdfs:label: a measure has exactly one rdfs:label, "
        "a plain string of at most 60 characters "
        '[maxLength, value "审查合同一一一一一一一一一一一一一一一一一一一一一一一一一一…"]']


@pytest.mark.parametrize("name, content, problem", [
    ("missing.trig", None, "no such file"),
    ("graph.xml", "<rdf/>", "unknown RDF format .xml"),
    ("broken.trig", "<a> <b> .", "is not valid trig"),
])
def test_validate_unreadable_file_raises_input_error(name, content, problem, tmp_path):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        validate_graph(path)
    assert info.value.message.startswith(problem)
    assert info.value.path == str(path)


def test_validate_violation_line_without_value():
    v = Violation("id:report/1/section/1", "gov:heading", "a section has exactly one gov:heading string",
                  "minCount")
    assert v.line == ("id:report/1/section/1 gov:heading: a section has exactly one gov:heading "
                      "string [minCount]")
