"""Every format of the sample report gives the same facts through the real Extractor."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sample

from govkg.extract.text.readers import read_document

pipeline = pytest.importorskip("govkg.extract.pipeline", reason="the extraction pipeline is not there yet")


def _simplified(text: str) -> str:
    import zhconv

    return zhconv.convert(text, "zh-cn")


def facts(record) -> dict[str, set]:
    """Return what must not depend on the file format (labels compared in simplified form)."""
    return {
        "outcomes": {(o.value, _simplified(o.unit)) for o in record.outcomes},
        "instruments": {_simplified(i.label) for i in record.instruments},
        "units": {_simplified(u.label) for u in record.units},
        "sections": {_simplified(s.heading) for s in record.sections},
        "year": {record.year},
    }


@pytest.fixture(scope="module")
def extracted(formats_dir):
    extractor = pipeline.Extractor()
    return {name: facts(extractor.extract(read_document(formats_dir / name))) for name in sample.WRITERS}


@pytest.mark.parametrize("name", [n for n in sample.WRITERS if n != "utf8.txt"])
def test_formats_same_facts_as_plain_text(extracted, name):
    assert extracted[name] == extracted["utf8.txt"]


# Written by hand from reading sample.PARAGRAPHS: counts any extractor must find.
@pytest.mark.parametrize("value, unit", [(Decimal(36), "份"), (Decimal(418), "件"), (Decimal(42), "场"),
                                         (Decimal(3615), "件"), (Decimal(320), "人次")])
def test_formats_sample_outcomes_found(extracted, value, unit):
    assert (value, unit) in extracted["utf8.txt"]["outcomes"]


def test_formats_sample_year(extracted):
    assert extracted["utf8.txt"]["year"] == {2023}
