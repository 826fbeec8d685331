"""Word segmentation: the C++ port cuts as jieba does; the Doc builder matches spaCy's alignment."""

import random
from pathlib import Path

import pytest

from govkg.extract.lexicon import words
from govkg.extract.text.segmenter import load_cut, words_and_spaces

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example_texts() -> list[str]:
    from govkg.extract.text.readers import read_document

    return [read_document(p).text for p in sorted(EXAMPLES.glob("*.txt"))]


@pytest.mark.parametrize("text", [
    "区司法局 审查合同120份", "  开头有空格", "结尾有空格  ", "两个  空格\n换行\t制表", "a b  c\n\n d", "单字",
])
def test_words_and_spaces_matches_spacy_alignment(text):
    from spacy.util import get_words_and_spaces

    cut, _ = load_cut([], prefer_fast=False)
    pieces = list(cut(text))
    assert "".join(pieces) == text
    assert words_and_spaces(pieces) == get_words_and_spaces(pieces, text)


def test_words_and_spaces_on_example_reports():
    from spacy.util import get_words_and_spaces

    cut, _ = load_cut(words("jieba_words"), prefer_fast=False)
    for text in _example_texts():
        pieces = list(cut(text))
        assert words_and_spaces(pieces) == get_words_and_spaces(pieces, text)


def test_fast_port_cuts_as_jieba_does():
    pytest.importorskip("jieba_fast_dat")
    slow, slow_name = load_cut(words("jieba_words"), prefer_fast=False)
    fast, fast_name = load_cut(words("jieba_words"), prefer_fast=True)
    assert (slow_name, fast_name) == ("jieba", "jieba_fast_dat")
    texts = _example_texts()
    rnd = random.Random(5)
    joined = "".join(texts)
    texts += [joined[i:i + rnd.randint(1, 300)] for i in (rnd.randrange(len(joined)) for _ in range(300))]
    for text in texts:
        assert list(fast(text)) == list(slow(text))
    # our own words (data/jieba_words.txt) reach both
    added = words("jieba_words")[0]
    assert list(fast(f"推进{added}建设")) == list(slow(f"推进{added}建设"))


def test_pipeline_parse_keeps_spans_extract_does_not_need_them():
    from govkg.extract.pipeline import Extractor
    from govkg.extract.text.readers import read_document

    ex = Extractor()
    doc = read_document(EXAMPLES / "street-office-2022.txt")
    parsed = ex.parse(doc)
    record = ex.extract(doc)
    units = parsed.spans["govkg_units"]
    assert len(units) > 0 and all(s.label_ == "GovernmentUnit" for s in units)
    assert len(parsed.spans["govkg_outcomes"]) == len(record.outcomes)
    # every outcome span covers the number it reports
    for span, outcome in zip(parsed.spans["govkg_outcomes"], record.outcomes):
        assert span.text and any(ch.isdigit() or ch in "一二三四五六七八九十百千万两" for ch in span.text)


def test_fast_port_without_added_words_still_cuts_words():
    pytest.importorskip("jieba_fast_dat")
    fast, _ = load_cut([], prefer_fast=True)
    assert list(fast("配合省人大常委会完成修订")) != list("配合省人大常委会完成修订")
