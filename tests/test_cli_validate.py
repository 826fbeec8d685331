"""``govkg validate`` through the real entry point: output lines and exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAD = """\
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
REPORT = "<https://w3id.org/govkg/id/report/0000000000000001>"
SECTION = "<https://w3id.org/govkg/id/report/0000000000000001/section/1>"

CONFORMING = HEAD + f"""
{REPORT} {{
    {REPORT} a gov:Report ; gov:text "审查合同120份。" ; gov:year 2020 ; gov:hasSection {SECTION} .
    {SECTION} a gov:Section ; gov:heading "主要举措和成效" ; gov:ordinal 1 ; gov:sectionKind gov:Achievements .
}}
"""

# Two problems: the section lacks its heading, and the year is a string.
BROKEN = HEAD + f"""
{REPORT} {{
    {REPORT} a gov:Report ; gov:text "审查合同120份。" ; gov:year "2020年" ; gov:hasSection {SECTION} .
    {SECTION} a gov:Section ; gov:ordinal 1 .
}}
"""


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govkg", "validate", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_cli_validate_conforming_graph_exits_0(suffix, tmp_path):
    from rdflib import Dataset

    path = tmp_path / f"good{suffix}"
    if suffix == ".trig":
        path.write_text(CONFORMING, encoding="utf-8")
    else:
        ds = Dataset()
        ds.parse(data=CONFORMING, format="trig")
        path.write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
    proc = _run(str(path))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "conforms\n", "")


def test_cli_validate_violations_print_lines_and_count_exit_1(tmp_path):
    path = tmp_path / "broken.trig"
    path.write_text(BROKEN, encoding="utf-8")
    proc = _run(str(path))
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert proc.stdout.splitlines() == [
        "id:report/0000000000000001 gov:year: a report has at most one gov:year, an xsd:integer "
        '[datatype, value "2020年"]',
        "id:report/0000000000000001/section/1 gov:heading: a section has exactly one gov:heading "
        "string [minCount]",
        "2 violations",
    ]


@pytest.mark.parametrize("name, content, error", [
    ("missing.nq", None, "Error: {path}: no such file"),
    ("graph.rdf", "<rdf/>", "Error: {path}: unknown RDF format .rdf; use one of .nq, .trig, .ttl, .jsonld, .nt"),
    ("graph.ttl", "this is not turtle", "Error: {path}: is not valid turtle"),
])
def test_cli_validate_unreadable_file_exits_1(name, content, error, tmp_path):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = _run(str(path))
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(error.format(path=path))
