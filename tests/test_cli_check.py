"""``govkg check`` and ``govkg card`` through the real entry point: output, exit codes and the
exact error lines. Expectations written by hand from tests/fixtures/across/injection.trig and
the rules of ontology/checks.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pyoxigraph")

from cli_process import error_line  # noqa: E402
from cli_process import govkg as run_govkg  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "across"
INJ = FIXTURES / "injection.trig"
STORE_TRIG = FIXTURES / "store.trig"


def govkg(*args, timeout=120):
    return run_govkg(*args, timeout=timeout)


def test_cli_check_graph_file_prints_each_check():
    proc = govkg("check", INJ)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # the title is printed as it is (a terminal shows text, it runs no markup)
    assert lines[0].startswith("</script><script>window.__pwned=1</script>2022年法治政府建设年度报告 (")
    assert lines[1] == "  https://w3id.org/govkg/id/report/0123456789abcdef"
    assert "  pass  按时报告公开          dated 2023-02-01, due by 2023-04-01" in lines
    assert any(x.startswith("  FAIL  四项法定内容齐全      missing: 存在的不足和原因, 第一责任人职责履行, 下一年度安排")
               for x in lines)
    assert "  n/a   上年计划落实          no report of the same unit on the previous year in the store" in lines
    assert lines[-1] == "1 report: 7 pass, 3 fail, 4 na, 1 unknown"


def test_cli_check_json_and_nquads_output(tmp_path):
    out = tmp_path / "checks.nq"
    proc = govkg("check", INJ, "--format", "json", "-o", out)
    assert proc.returncode == 0, proc.stderr
    import json

    data = json.loads(proc.stdout)
    assert [c["check"] for c in data[0]["checks"]][:3] == ["title_genre", "reporting_unit", "year_covered"]
    assert data[0]["level"] == "township"
    assert "<https://w3id.org/govkg/id/checks> ." in out.read_text(encoding="utf-8").splitlines()[0]


def test_cli_check_store_writes_the_checks_graph(tmp_path):
    store = tmp_path / "store"
    assert govkg("load", "--store", store, STORE_TRIG).returncode == 0
    proc = govkg("check", "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "wrote 3 reports' checks to the store's graph <https://w3id.org/govkg/id/checks>"
    # checking again replaces the results, it does not add to them
    assert govkg("check", "--store", store).returncode == 0
    proc = govkg("query", "--store", store, "reports_failing_check", "-p", "check=four_parts", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.strip().splitlines()
    assert len(rows) == 1 + 3   # the three reports of the fixture have no parts at all
    assert all(',four_parts,四项法定内容齐全,false,"missing: 主要举措和成效, 存在的不足和原因' in r for r in rows[1:])


@pytest.mark.parametrize("argv, message", [
    (["check", "nowhere.nq"], "Error: nowhere.nq: no such file"),
    (["check", str(INJ), "--store", "x"], "Error: give a graph file or --store, not both"),
    (["check", str(INJ), "--report", "ffffffffffffffff"],
     f"Error: {INJ}: no report 'ffffffffffffffff'; give its IRI, report/<id> or source file; "
     "see them with: govkg query reports_by_unit_year"),
    (["card", str(INJ), "-o", "card.txt"], "Error: card.txt: the output must be an .html file"),
    (["card", str(INJ), "--unit", "没有的单位", "-o", "x.html"],
     "Error: no reporting unit named '没有的单位'; see the units with: govkg query reports_by_unit_year"),
])
def test_cli_check_errors(argv, message, tmp_path):
    assert error_line(govkg(*argv)) == message
    assert not (tmp_path / "x.html").exists()


def test_cli_card_writes_one_page(tmp_path):
    out = tmp_path / "card.html"
    proc = govkg("card", INJ, "--report", "0123456789abcdef", "-o", out, "--link-reader", "")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith(f"wrote {out}: report card, 2 charts, ")
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "reader-0123456789abcdef.html" not in page and 'href="report-0123456789abcdef.html"' in page
