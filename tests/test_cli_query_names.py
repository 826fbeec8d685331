"""``govkg query`` parameters take what ``govkg visualize`` takes (names, ids, source files,
full-width forms), hint when nothing comes back, and print tables people can read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STREET = "https://w3id.org/govkg/id/report/858fa9baa9f91d5b"


def govkg(*args):
    return subprocess.run([sys.executable, "-m", "govkg", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("names")
    assert govkg("extract", ROOT / "examples", "-o", tmp / "ex.nq", "--workers", "1").returncode == 0
    assert govkg("load", tmp / "ex.nq", "--store", tmp / "store").returncode == 0
    return tmp / "store"


UNIT = "unit=https://w3id.org/govkg/id/unit/云江市柳溪区人民政府望湖街道办事处"
REPORT = "report=https://w3id.org/govkg/id/report/858fa9baa9f91d5b"
DRAFT = "instrument=https://w3id.org/govkg/id/instrument/江阳市电动自行车销售使用管理办法(草案)"


def _rows(store, query, param):
    proc = govkg("query", query, "-p", param, "-f", "csv", "--store", store)
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout.splitlines()


@pytest.mark.parametrize("query, param, iri", [
    ("unit_measures", "unit=望湖街道", UNIT),                                    # a short name
    ("unit_measures", "unit=云江市柳溪区人民政府望湖街道办事处", UNIT),            # the full label
    ("unit_measures", "unit=unit/云江市柳溪区人民政府望湖街道办事处", UNIT),       # an IRI without its base
    ("report_outcomes", "report=858fa9baa9f91d5b", REPORT),                      # a 16-hex id
    ("report_outcomes", "report=street-office-2022.txt", REPORT),                # the source file
    ("measures_citing_instrument", "instrument=江阳市电动自行车销售使用管理办法（草案）", DRAFT),  # full-width
    ("measures_citing_instrument", "instrument=《江阳市电动自行车销售使用管理办法(草案)》", DRAFT),
])
def test_cli_query_param_names(store, query, param, iri):
    """A name, id, file or full-width form gives the rows its IRI gives (and there are some)."""
    rows = _rows(store, query, param)
    assert len(rows) > 1 and rows == _rows(store, query, iri)


@pytest.mark.parametrize("param, error", [
    ("instrument=法治政府建设实施纲要",
     "Error: --param instrument: 2 instruments match '法治政府建设实施纲要'; give a longer name or the IRI: "
     "法治政府建设实施纲要(2015-2020年); 法治政府建设实施纲要(2021-2025年)\n"),
    ("instrument=没有的文件",
     "Error: --param instrument: no instrument is named '没有的文件'; give its IRI, or a name as govkg "
     "visualize --report/--unit/--instrument takes it\n"),
])
def test_cli_query_param_name_errors(store, param, error):
    proc = govkg("query", "measures_citing_instrument", "-p", param, "--store", store)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", error)


def test_cli_query_zero_rows_hint(store):
    proc = govkg("query", "unit_measures", "-p", "unit=unit/不存在的单位", "--store", store)
    assert proc.returncode == 0 and proc.stdout.endswith("(0 rows)\n")
    assert proc.stderr == ("Hint: no rows; unit=https://w3id.org/govkg/id/unit/不存在的单位 is not in the store; "
                           "give a name (e.g. --param unit=望湖街道) or an IRI from another query\n")


def test_cli_query_section_kinds_by_name_in_tables_iri_in_csv(store):
    table = govkg("query", "measures_per_part", "-p", "report=street-office-2022.txt", "--store", store).stdout
    assert table.splitlines()[2].split()[0] == "主要举措和成效"
    csv = govkg("query", "measures_per_part", "-p", "report=street-office-2022.txt", "-f", "csv", "--store", store)
    assert csv.stdout.splitlines()[1].startswith("https://w3id.org/govkg/ontology#Achievements,")


def test_cli_query_table_cuts_iris_in_the_middle(store):
    out = govkg("query", "SELECT ?m WHERE { ?m a <https://w3id.org/govkg/ontology#Measure> } ORDER BY ?m LIMIT 3",
                "--store", store).stdout
    rows = out.splitlines()[2:5]
    assert len(set(rows)) == 3  # the ends that differ are kept
    assert all(r.startswith("id:report/") for r in rows)
