"""`govkg extract` through its real entry point: genre refusal, formats, stable IRIs, identity."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS

from govkg.ontology.namespace import GOV

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOT_REPORTS = ROOT / "tests" / "fixtures" / "not-a-report"


def govkg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govkg", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.mark.parametrize("name", ["gov-info-disclosure-2023.txt", "news-item.txt"])
def test_cli_extract_refuses_other_genres(tmp_path, name):
    out = tmp_path / "out.nq"
    out.write_text("keep me", encoding="utf-8")
    proc = govkg("extract", NOT_REPORTS / name, "-o", out)
    assert proc.returncode == 1
    assert (f"Error: {NOT_REPORTS / name}: does not look like a rule-of-law report (法治政府建设年度报告); "
            "use --force to extract it anyway") in proc.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


def test_cli_extract_force_extracts_other_genre(tmp_path):
    out = tmp_path / "out.nq"
    proc = govkg("extract", NOT_REPORTS / "gov-info-disclosure-2023.txt", "-o", out, "--force")
    assert proc.returncode == 0, proc.stderr
    ds = Dataset(default_union=True)
    ds.parse(out, format="nquads")
    assert len(list(ds.subjects(RDF.type, GOV.Report))) == 1


def test_cli_extract_unknown_suffix(tmp_path):
    proc = govkg("extract", EXAMPLES / "street-office-2022.txt", "-o", tmp_path / "out.xml")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"Error: {tmp_path / 'out.xml'}: unknown output format .xml; "
                                   "use one of .nq, .trig, .ttl, .jsonld, .nt")
    assert not (tmp_path / "out.xml").exists()


def test_cli_extract_cut_short_report_warns_not_fails(tmp_path):
    short = tmp_path / "opening.txt"
    short.write_text("2023年,某县司法局深入推进法治政府建设,全年审查合同42份,依法行政水平不断提高。", encoding="utf-8")
    proc = govkg("extract", short, "-o", tmp_path / "out.nq")
    assert proc.returncode == 0, proc.stderr
    assert "Warning: " in proc.stderr and "no numbered parts found" in proc.stderr


@pytest.mark.parametrize("suffix, fmt", [(".nq", "nquads"), (".trig", "trig"), (".jsonld", "json-ld"), (".ttl", "turtle")])
def test_cli_extract_formats_hold_the_same_report(tmp_path, suffix, fmt):
    out = tmp_path / f"out{suffix}"
    proc = govkg("extract", EXAMPLES / "city-bureau-2021.txt", "-o", out)
    assert proc.returncode == 0, proc.stderr
    ds = Dataset(default_union=True)
    ds.parse(out, format=fmt)
    reports = set(ds.subjects(RDF.type, GOV.Report))
    assert len(reports) == 1
    assert len(set(ds.subjects(RDF.type, GOV.Outcome))) >= 40


def test_cli_extract_twice_gives_identical_graphs(tmp_path):
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    for out in (a, b):
        assert govkg("extract", EXAMPLES / "street-office-2022.txt", EXAMPLES / "township-2024-gbk.txt",
                     "-o", out).returncode == 0
    lines_a = set(a.read_text(encoding="utf-8").splitlines())
    lines_b = set(b.read_text(encoding="utf-8").splitlines())
    assert lines_a == lines_b
    assert not any("_:" in line for line in lines_a)  # no blank nodes: every node has a stable IRI


def _unit_iri(ds, label):
    found = {s for s in ds.subjects(RDFS.label, None) if (s, RDF.type, GOV.GovernmentUnit) in ds
             and str(ds.value(s, RDFS.label)) == label}
    assert len(found) == 1, (label, found)
    return found.pop()


def test_cli_extract_identity_across_reports(tmp_path):
    """A copy renamed to another street office of the same district shares the district's
    units; a copy moved to another district does not; all share the national instrument."""
    text = (EXAMPLES / "street-office-2022.txt").read_text(encoding="utf-8")
    same = tmp_path / "same-district.txt"
    same.write_text(text.replace("望湖", "桃源"), encoding="utf-8")
    other = tmp_path / "other-district.txt"
    other.write_text(text.replace("柳溪区", "松山区").replace("柳溪", "松山"), encoding="utf-8")
    first = tmp_path / "first.txt"
    shutil.copy(EXAMPLES / "street-office-2022.txt", first)
    out = tmp_path / "all.nq"
    proc = govkg("extract", first, same, other, "-o", out)
    assert proc.returncode == 0, proc.stderr
    ds = Dataset(default_union=True)
    ds.parse(out, format="nquads")
    reports = {str(ds.value(r, URIRef("http://purl.org/dc/terms/source"))): r
               for r in ds.subjects(RDF.type, GOV.Report)}
    assert len(reports) == 3
    district = _unit_iri(ds, "云江市柳溪区人民政府")
    party = _unit_iri(ds, "中共云江市柳溪区委员会")
    other_district = _unit_iri(ds, "云江市松山区人民政府")
    assert district != other_district

    def addressees(path):
        return set(ds.objects(reports[str(path)], GOV.addressee))

    assert addressees(first) == addressees(same) == {district, party}
    assert other_district in addressees(other) and district not in addressees(other)
    outline = [s for s in ds.subjects(RDF.type, GOV.LegalInstrument)
               if str(ds.value(s, RDFS.label)) == "法治政府建设实施纲要(2021-2025年)"]
    assert len(outline) == 1
    citing = {r for r in reports.values() if (r, GOV.cites, outline[0]) in ds}
    by_measure = {ds.value(m, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
                  for m in ds.subjects(GOV.cites, outline[0]) if m not in reports.values()}
    assert citing | by_measure == set(reports.values())


def test_cli_extract_output_conforms_to_shapes(tmp_path):
    out = tmp_path / "examples.nq"
    assert govkg("extract", *sorted(EXAMPLES.glob("*.txt")), "-o", out).returncode == 0
    proc = govkg("validate", out)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert proc.stdout.strip() == "conforms"
