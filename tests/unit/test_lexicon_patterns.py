"""The pattern helpers of extract/lexicon.py: faster forms that must match as the plain ones do."""

import re

import pytest

from govkg.extract.lexicon import FirstCharAlternation, anchor_words, literal_trie

WORDS = ["复议", "行政复议", "行政诉讼", "行政", "诉讼", "法治政府", "法治"]


@pytest.mark.parametrize("text, expected", [
    ("受理行政复议案件", ["行政复议"]),               # the longest word at a place
    ("行政诉讼和复议", ["行政诉讼", "复议"]),
    ("行政执法", ["行政"]),                          # a shorter word when the longer one breaks off
    ("建设法治政府,推进法治", ["法治政府", "法治"]),
    ("没有一个词", []),
])
def test_literal_trie_finds_the_longest_word_at_each_place(text, expected):
    assert re.findall(literal_trie(WORDS), text) == expected


def test_literal_trie_backtracks_to_a_shorter_word_inside_a_larger_pattern():
    # "行政" must give way when the longer "行政复议" leaves nothing for 复议 after it
    pattern = re.compile(f"(?:{literal_trie(WORDS)})复议")
    assert pattern.fullmatch("行政复议")
    assert pattern.fullmatch("行政复议复议")


def test_literal_trie_escapes_characters_that_mean_something_in_a_pattern():
    assert re.findall(literal_trie(["a.b", "(c)"]), "axb a.b (c) c") == ["a.b", "(c)"]


BRANCHES = ["(?P<guidance>坚持以.{0,6}为指导)", "(?P<result>(?:均|都)(?:已|被))", "(?P<purpose>提供[^,]{0,4}保障$)",
            "(?P<anywhere>(?![^,]{0,4}研究)[^,]{0,8}报告$)"]


@pytest.mark.parametrize("text", [
    "坚持以人民为指导", "案件均已办结", "为发展提供法治保障", "形成年度报告", "专题研究年度报告",
    "开展培训", "", "都被", "提供保障,开展培训",
])
def test_first_char_alternation_matches_as_the_plain_alternation(text):
    plain = re.compile("|".join(BRANCHES))
    fast = FirstCharAlternation(BRANCHES)
    for got, want in ((fast.search(text), plain.search(text)), (fast.match(text, 0), plain.match(text, 0))):
        assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup))


def test_first_char_alternation_tries_a_branch_that_may_start_anywhere_only_where_its_words_are():
    fast = FirstCharAlternation(BRANCHES)
    assert fast.match("形成年度报告", 0).lastgroup == "anywhere"
    assert fast.match("专题研究年度报告", 0) is None     # its own look-ahead refuses it
    assert fast.match("开展培训", 0) is None             # no 报告: the branch is never tried


def test_anchor_words_are_words_every_match_holds_one_of():
    assert anchor_words("(?P<a>[^,]{0,9}法治(?:政府)?建设[^,]{0,9}报告$)") == {"法治建设", "法治政府建设"}
    assert anchor_words("(?:召开|组织)会议") == {"召开会议", "组织会议"}
    assert anchor_words("召开|组织") == {"召开", "组织"}
    assert anchor_words("[^,]{2,8}") is None          # no word every match holds
