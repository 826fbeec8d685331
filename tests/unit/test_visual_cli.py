"""``govkg visualize`` and ``govkg stats`` through the real entry point: exit codes, exact text."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "visual"
TWO = str(FIXTURES / "two_reports.trig")

STATS_TEXT = """totals
  reports 2  measures 4  units 3  instruments 2  outcomes 2  shortcomings 1

top units by measures 举措最多的单位
       3  云江市柳溪区望湖街道办事处
       2  云江市柳溪区司法局
       1  街道法律顾问室

top instruments by citing reports 被引用最多的法规文件
       2  法治政府建设实施纲要(2021-2025年)

most central nodes (betweenness, exact) 最核心的节点
   0.667  云江市柳溪区望湖街道办事处
   0.000  云江市柳溪区司法局
   0.000  望湖街道重大行政决策程序规定
   0.000  法治政府建设实施纲要(2021-2025年)

connected components 连通分量
  1 component in the unit-instrument network (4 nodes, 4 edges); largest 4 nodes; sizes 4
"""


@pytest.mark.parametrize("args, summary", [
    ([], "4 nodes, 5 edges"),
    (["--report", "aaaaaaaaaaaaaaaa"], "13 nodes, 17 edges"),
    (["--unit", "望湖街道"], "11 nodes, 14 edges"),
    (["--instrument", "法治政府建设实施纲要"], "9 nodes, 10 edges"),
    (["--query", "PREFIX gov: <https://w3id.org/govkg/ontology#> "
                 "SELECT ?m ?u WHERE { ?m gov:responsibleUnit ?u }"], "7 nodes, 4 edges"),
])
def test_cli_visualize_views(tmp_path, capsys, args, summary):
    out = tmp_path / "view.html"
    assert main(["visualize", TWO, *args, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"wrote {out}: {summary}, 0.7 MB")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_visualize_query_file(tmp_path, capsys):
    rq = tmp_path / "pairs.rq"
    rq.write_text("PREFIX gov: <https://w3id.org/govkg/ontology#>\n"
                  "SELECT ?m ?i WHERE { ?m gov:cites ?i }\n", encoding="utf-8")
    out = tmp_path / "q.html"
    assert main(["visualize", TWO, "--query", str(rq), "-o", str(out)]) == 0
    assert "4 nodes, 3 edges" in capsys.readouterr().err
    assert "查询 query pairs.rq" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    ([TWO, "--report", "报告", "-o", "{tmp}/v.html"],
     "Error: 2 reports match '报告'; give the full IRI or a longer name: "
     "望湖街道办事处2022年法治政府建设年度报告 (2022); 柳溪区司法局2023年法治政府建设年度报告 (2023)"),
    (["{tmp}/missing.trig", "-o", "{tmp}/v.html"],
     "Error: {tmp}/missing.trig: no such file; check the path or use --store DIR"),
    ([TWO, "-o", "{tmp}/v.txt"], "Error: {tmp}/v.txt: the output must be an .html file"),
    ([TWO, "--unit", "国务院", "-o", "{tmp}/v.html"],
     "Error: no unit matches '国务院'; try one of: 云江市柳溪区司法局; 云江市柳溪区望湖街道办事处; 街道法律顾问室"),
    ([TWO, "--query", "ASK { ?s ?p ?o }", "-o", "{tmp}/v.html"],
     "Error: an ASK query has no graph to draw; use SELECT or CONSTRUCT"),
    (["--store", "{tmp}/nostore", "-o", "{tmp}/v.html"],
     "Error: {tmp}/nostore: no such store folder; load graphs first with govkg load, or pass a graph file"),
    ([TWO, "--store", "{tmp}", "-o", "{tmp}/v.html"], "Error: give a graph file or --store, not both"),
])
def test_cli_visualize_errors(tmp_path, capsys, args, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["visualize", *argv]) == 1
    assert capsys.readouterr().err == message.replace("{tmp}", str(tmp_path)) + "\n"
    assert not (tmp_path / "v.html").exists()


def test_cli_visualize_from_store(tmp_path, capsys):
    from govkg.graph.store import EmbeddedStore

    folder = tmp_path / "store"
    with EmbeddedStore(folder) as store:
        store.replace_report_graphs(FIXTURES / "two_reports.trig")
    out = tmp_path / "report.html"
    assert main(["visualize", "--store", str(folder), "--report", "sfj-2023.txt", "-o", str(out)]) == 0
    assert capsys.readouterr().err.startswith(f"wrote {out}: 9 nodes, ")


def test_cli_stats_text(capsys):
    assert main(["stats", TWO]) == 0
    assert capsys.readouterr().out == STATS_TEXT


def test_cli_stats_html(tmp_path, capsys):
    out = tmp_path / "stats.html"
    assert main(["stats", TWO, "--html", str(out), "--top", "1"]) == 0
    captured = capsys.readouterr()
    assert "       3  云江市柳溪区望湖街道办事处\n\n" in captured.out
    assert captured.err == f"wrote {out}: 4 nodes, 5 edges\n"
    assert "top units by measures" in out.read_text(encoding="utf-8")
