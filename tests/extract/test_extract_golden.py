"""Golden tests: our own sample reports (examples/) and report openings (tests/fixtures/openings/,
invented in the styles of government pages) against facts written by hand in their gold/ folders.

The bars are what a user of the graph needs from each report, not figures read off the
extractor: every report field right, every part and sub-heading found, nothing forbidden.
"""

from pathlib import Path

import pytest
import yaml

from govkg.extract.text.readers import read_document

from .goldcheck import check

ROOT = Path(__file__).resolve().parents[2]
GOLD = sorted((ROOT / "examples" / "gold").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "openings" / "gold").glob("*.yaml"))


#: gaps the fourth batch of openings showed, scored before any rule changed for them: kept
#: visible here until the rules catch up (strict, so a fix shows as XPASS and the entry goes)
KNOWN_GAPS = {
    ("units", "401"): "法规股 and 执法监察大队 of a county bureau are not recognised as units",
    ("report", "407"): "the signature date inside a metadata table is not read",
}


def _mark_gap(request, kind: str) -> None:
    reason = KNOWN_GAPS.get((kind, request.node.callspec.id))
    if reason:
        request.node.add_marker(pytest.mark.xfail(reason=reason, strict=True))


def _load(path: Path):
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    return gold, (path.parent / gold["input"]).resolve()


@pytest.fixture(scope="module", params=GOLD, ids=[p.stem for p in GOLD])
def case(request, extractor):
    gold, source = _load(request.param)
    return gold, check(extractor.extract(read_document(source)), gold)



def test_golden_examples_exist():
    assert len(GOLD) >= 3


def test_golden_report_fields(case, request):
    _mark_gap(request, "report")
    _gold, result = case
    assert result.report_failures == []


def test_golden_sections(case):
    _gold, result = case
    assert result.sections_missing == []


def test_golden_nothing_forbidden(case):
    _gold, result = case
    assert result.outcomes_forbidden == []
    assert result.instruments_forbidden == []
    assert result.units_forbidden == []


def test_golden_outcomes_recall(case):
    _gold, result = case
    assert result.ratio(result.outcomes_found, result.outcomes_gold) >= 0.7


def test_golden_instruments_recall(case):
    _gold, result = case
    assert result.ratio(result.instruments_found, result.instruments_gold) >= 0.7


def test_golden_units_recall(case, request):
    _mark_gap(request, "units")
    _gold, result = case
    assert result.ratio(result.units_found, result.units_gold) >= 0.85


def test_golden_measures_recall(case):
    _gold, result = case
    assert result.ratio(result.measures_found, result.measures_gold) >= 0.6


def test_golden_shortcomings_count(case):
    gold, result = case
    if "shortcomings" in gold and "count" in gold["shortcomings"]:
        assert abs(result.shortcomings - gold["shortcomings"]["count"]) <= 2
