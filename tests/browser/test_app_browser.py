"""``govkg serve`` as an app, in a real server process and a real headless chromium.

The store holds the bundled examples and two hostile fixtures (report text, titles, unit and
instrument names, indicators and sentences that try to run script). Every page is opened;
nothing may run, pop up, or reach another host.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from govkg.cli import main

from conftest import Page  # noqa: E402  (the browser tests' shared helpers)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "visual"
EVIL_REPORT = "https://w3id.org/govkg/id/report/fedcba9876543210"
EVIL_UNIT = "https://w3id.org/govkg/id/unit/%3Ci%3Ejudicial"
EVIL_INSTRUMENT = "https://w3id.org/govkg/id/instrument/%3Cimg%3Erule"
OLD_EVIL_REPORT = "https://w3id.org/govkg/id/report/0123456789abcdef"
q = lambda s: urllib.parse.quote(s, safe="")  # noqa: E731


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    graph, store = tmp / "examples.nq", tmp / "store"
    assert main(["extract", str(ROOT / "examples"), "-o", str(graph), "--workers", "1"]) == 0
    assert main(["load", str(graph), str(FIXTURES / "injection.trig"), str(FIXTURES / "injection-text.trig"),
                 "--store", str(store)]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "govkg", "serve", "--store", str(store), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    assert line.startswith("serving http://127.0.0.1:"), line
    yield line.split()[1].rstrip("/")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    proc.stderr.close()


def get(url: str, accept: str = "text/html") -> tuple[int, dict, str]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


# ---------------------------------------------------------------- HTTP
def test_app_index_links_reports_units_instruments_views(app):
    status, headers, body = get(app + "/")
    assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
    for link in ("/reader?iri=" + q("https://w3id.org/govkg/id/report/858fa9baa9f91d5b"),
                 "/view/report?iri=", "/view/unit?iri=", "/view/instrument?iri=", "/view/overview",
                 "/editor", "/named/unit_measures", "/resource?iri=" + q("https://w3id.org/govkg/id/unit/")):
        assert f'href="{link}' in body, link


DECISION_RULES = "修订《望湖街道重大行政决策程序规定》"   # a measure of examples/street-office-2022.txt


def measure_iri(app: str, label_start: str) -> str:
    """Return the IRI of the one measure whose label starts with ``label_start`` (asked of the server)."""
    query = ("PREFIX gov: <https://w3id.org/govkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             f'SELECT ?m WHERE {{ ?m a gov:Measure ; rdfs:label ?l FILTER(STRSTARTS(?l, "{label_start}")) }}')
    _, _, body = get(app + "/query?query=" + q(query), "application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 1, rows
    return rows[0]["m"]["value"]


@pytest.mark.parametrize("accept, ctype, start", [
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8", "<!DOCTYPE html>"),
    ("application/sparql-results+json", "application/sparql-results+json; charset=utf-8", '{"head": {"vars": ["report"'),
    ("*/*", "application/sparql-results+json; charset=utf-8", '{"head": {"vars": ["report"'),
    ("text/csv", "text/csv; charset=utf-8", "report,year,measure,label,evidence\r\n"),
])
def test_app_named_negotiates(app, accept, ctype, start):
    status, headers, body = get(app + "/named/unit_measures?unit=" + q("望湖街道"), accept)
    assert (status, headers["Content-Type"], body[:len(start)]) == (200, ctype, start)


def test_app_named_page_has_form_table_and_downloads(app):
    _, _, body = get(app + "/named/unit_measures?unit=" + q("望湖街道"))
    assert '<input name="unit" value="望湖街道"' in body
    shown = re.search(r"(\d+) rows", body)
    assert shown and 'format=csv">CSV</a>' in body and 'format=json">JSON</a>' in body
    assert '<a href="/resource?iri=' + q("https://w3id.org/govkg/id/report/858fa9baa9f91d5b") + '"' in body
    status, headers, csv = get(app + "/named/unit_measures?unit=" + q("望湖街道") + "&format=csv")
    # the download holds the rows the page counts, under one header line
    assert (status, headers["Content-Type"], len(csv.splitlines())) == (200, "text/csv; charset=utf-8",
                                                                        int(shown.group(1)) + 1)


@pytest.mark.parametrize("path, error", [
    ("/named/unit_measures?unit=" + q("没有这个单位"),
     "Error: --param unit: no unit is named &#x27;没有这个单位&#x27;; give its IRI, or a name as govkg visualize "
     "--report/--unit/--instrument takes it"),
    ("/named/measures_citing_instrument?instrument=" + q("法治政府建设实施纲要"),
     "Error: --param instrument: 2 instruments match &#x27;法治政府建设实施纲要&#x27;"),
    ("/resource?iri=" + q("https://w3id.org/govkg/id/unit/nowhere"),
     "Error: nothing in the store has the IRI https://w3id.org/govkg/id/unit/nowhere"),
])
def test_app_errors_are_one_line(app, path, error):
    _, _, body = get(app + path)
    line = body.split('class="error">', 1)[1].split("</p>", 1)[0]
    assert line.startswith(error) and "\n" not in line


def test_app_resource_page_shows_evidence_in_context_and_links(app):
    measure = measure_iri(app, DECISION_RULES)
    _, _, body = get(app + "/resource?iri=" + q(measure))
    assert "<mark>修订《望湖街道重大行政决策程序规定》,把公众参与" in body
    assert f'href="/reader?iri={q("https://w3id.org/govkg/id/report/858fa9baa9f91d5b")}#fact={q(measure)}"' in body
    _, _, unit = get(app + "/resource?iri=" + q("https://w3id.org/govkg/id/unit/云江市柳溪区司法局"))
    assert "单位图 unit view" in unit and "<mark>" in unit


def test_app_read_only_by_default(app):
    req = urllib.request.Request(app + "/update", data=b"CLEAR ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 403


# ---------------------------------------------------------------- in the browser
def test_app_editor_highlights_runs_and_explains_errors(chromium, app):
    view = Page(chromium, app + "/editor", allow=app, wait_view=False)
    p = view.page
    kinds = p.evaluate("Array.from(document.querySelectorAll('#highlight span')).map(s => s.className)")
    assert {"tok-keyword", "tok-var", "tok-pname", "tok-number"} <= set(kinds)
    # gov: is used without a PREFIX line: it is declared for the user
    p.fill("#sparql", "SELECT ?u ?l WHERE { ?u a gov:GovernmentUnit ; rdfs:label ?l } ORDER BY ?l LIMIT 5")
    p.click("#run")
    p.wait_for_selector("#results table")
    assert p.inner_text("#status") == "5 rows"
    href = p.get_attribute("#results td.iri a", "href")
    assert href.startswith("/resource?iri=https%3A%2F%2Fw3id.org%2Fgovkg%2Fid%2F")
    assert p.inner_text("#results td.iri a").startswith("id:unit/")
    p.fill("#sparql", "SELECT ?x WHERE {\n  ?x gov:nope ?y .\n  ?x ?p }")
    p.click("#run")
    p.wait_for_selector("#error:not([hidden])")
    error = p.inner_text("#error")
    print("\n" + error)
    assert error.startswith("Error: line 3, column ") and "\n" not in error and len(error) < 200, error
    # the browser logs the 400 answer itself; nothing else may go wrong
    assert [e for e in view.errors if "status of 400" not in e] == []
    assert (view.requests, view.dialogs) == ([], [])


EVIL_PAGES = [
    "/", "/resource?iri=" + q(EVIL_REPORT), "/resource?iri=" + q(EVIL_UNIT), "/resource?iri=" + q(EVIL_INSTRUMENT),
    "/resource?iri=" + q(EVIL_REPORT + "/measure/1"), "/resource?iri=" + q(EVIL_REPORT + "/outcome/1"),
    "/resource?iri=" + q(OLD_EVIL_REPORT + "/measure/1"),
    "/named/unit_measures?unit=" + q(EVIL_UNIT), "/named/report_outcomes?report=" + q(EVIL_REPORT),
]
VIEW_PAGES = ["/reader?iri=" + q(EVIL_REPORT), "/view/report?iri=" + q(EVIL_REPORT),
              "/view/unit?iri=" + q(EVIL_UNIT), "/view/instrument?iri=" + q(EVIL_INSTRUMENT), "/view/overview"]


@pytest.mark.parametrize("path", EVIL_PAGES + VIEW_PAGES)
def test_app_injected_markup_runs_nowhere(chromium, app, path):
    view = Page(chromium, app + path, allow=app, wait_view=path in VIEW_PAGES)
    p = view.page
    if path in VIEW_PAGES:  # hover, click and search every node; click every mark of the text
        for label in p.evaluate("govkgView.nodes.map(n => n.full)"):
            p.fill("#search", label)
            p.press("#search", "Enter")
        for mark in p.query_selector_all("#text mark"):
            mark.click()
    assert p.evaluate("window.__pwned") is None
    assert p.evaluate("document.querySelectorAll('img, iframe, svg, object, embed, i, b').length") == 0
    scripts = p.evaluate("Array.from(document.scripts).map(s => s.src || s.type || 'inline')")
    assert scripts in ([app + "/assets/app.js"], [app + "/assets/app.js", "application/json", "application/json"],
                       ["inline", "application/json", "inline"])
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])
    view.page.close()


def test_app_editor_results_show_markup_as_text(chromium, app):
    view = Page(chromium, app + "/editor", allow=app, wait_view=False)
    p = view.page
    p.fill("#sparql", "SELECT ?l WHERE { ?x rdfs:label|gov:indicator|gov:evidence|gov:text ?l "
                      "FILTER(CONTAINS(?l, '<')) }")
    p.click("#run")
    p.wait_for_selector("#results table")
    cells = p.evaluate("Array.from(document.querySelectorAll('#results td')).map(td => td.textContent)")
    assert "<i onmouseover=window.__pwned=15>司法所</i>" in cells
    assert p.evaluate("window.__pwned") is None
    assert p.evaluate("document.querySelectorAll('#results img, #results svg, #results i, #results b').length") == 0
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])


def test_app_reader_opens_at_a_fact_from_its_page(chromium, app):
    measure = measure_iri(app, DECISION_RULES)
    _, _, page = get(app + "/resource?iri=" + q(measure))
    link = page.split('href="/reader?iri=', 1)[1].split('"', 1)[0]
    view = Page(chromium, app + "/reader?iri=" + link.replace("&amp;", "&"), allow=app)
    p = view.page
    p.wait_for_selector("#text mark.current")
    current = p.inner_text("#text mark.current")
    assert current in "修订《望湖街道重大行政决策程序规定》,把公众参与、专家论证、风险评估、合法性审查、集体讨论决定" \
                      "作为决策必经程序,全年有2项涉及老旧小区改造的重大事项在决策前向社会公开征求意见。"
    assert measure in p.inner_text("#fact")
    assert p.evaluate("govkgView.network.getSelectedNodes().map(id => govkgView.nodes.get(id).iri)") == [measure]
    assert p.get_attribute("#fact a", "href").startswith("/resource?iri=")
    assert (view.errors, view.requests, view.dialogs) == ([], [], [])
