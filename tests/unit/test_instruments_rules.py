"""Instruments: which 《》 titles are instruments, document numbers, aliases, produced vs cited."""

import pytest

from govkg.extract.components.instruments import find_instruments, is_instrument_title, normalise_number, normalise_title
from govkg.extract.components.measures import produced
from govkg.extract.text.sentences import protected_mask


@pytest.mark.parametrize("title, expected", [
    ("某市行政规范性文件管理办法", True),
    ("中华人民共和国行政处罚法", True),
    ("法治政府建设实施纲要(2021-2025年)", True),
    ("某县2023年法治政府建设工作要点", True),
    ("关于进一步规范涉企执法检查的通知", True),
    ("某街道工委理论学习中心组2023年学习计划", True),
    ("人民日报", False),
    ("法治日报", False),
    ("中国新闻周刊", False),
    ("习近平法治思想学习纲要", False),
    ("习近平法治思想学习纲要(2025年版)", False),
    ("习近平法治文选", False),
    ("法治是最好的营商环境", False),
    ("今日说法", False),
])
def test_instruments_title_kind(title, expected):
    assert is_instrument_title(title) is expected


@pytest.mark.parametrize("raw, expected", [
    ("国发[2021]1号", "国发〔2021〕1号"), ("某政办发［2022］15号", "某政办发〔2022〕15号"),
    ("某环法(2023)23号", "某环法〔2023〕23号"), ("中发〔2015〕36号", "中发〔2015〕36号"),
])
def test_instruments_document_number(raw, expected):
    assert normalise_number(raw) == expected


def test_instruments_title_normalised_dashes():
    assert normalise_title("《某省法治政府建设实施方案（2021—2025年）》") == "某省法治政府建设实施方案(2021-2025年)"


def _find(text):
    return find_instruments(text, protected_mask(text))


def test_instruments_found_with_number_and_aliases():
    text = "根据《某省法治政府建设实施方案(2021-2025年)》(某政发[2021]9号),组织学习宪法、民法典和新行政处罚法,订阅《法治日报》。"
    found = _find(text)
    assert [(f.key, f.document_number) for f in found] == [
        ("某省法治政府建设实施方案(2021-2025年)", "某政发〔2021〕9号"),
        ("中华人民共和国宪法", None),
        ("中华人民共和国民法典", None),
        ("中华人民共和国行政处罚法", None),
    ]


def test_instruments_alias_and_title_share_identity():
    keys = {f.key for f in _find("学习《中华人民共和国宪法》,宣传宪法。")}
    assert keys == {"中华人民共和国宪法"}


@pytest.mark.parametrize("clause, title, expected", [
    ("制定《某街道合同审查办法》", "《某街道合同审查办法》", True),
    ("印发实施《某县重大行政决策程序规定》", "《某县重大行政决策程序规定》", True),
    ("起草并推动《某市法治督察办法》正式出台", "《某市法治督察办法》", True),
    ("认真贯彻《法治政府建设实施纲要》", "《法治政府建设实施纲要》", False),
    ("出台贯彻落实《法治政府建设实施纲要》的方案", "《法治政府建设实施纲要》", False),
    ("组织学习《中华人民共和国行政复议法》", "《中华人民共和国行政复议法》", False),
])
def test_instruments_produced_or_cited(clause, title, expected):
    start = clause.index(title)
    assert produced(clause, 0, start, start + len(title), len(clause)) is expected


@pytest.mark.parametrize("title", ["某省人民政府2021年度法治政府建设重点工作安排", "某市营商环境白皮书"])
def test_instruments_plans_and_white_papers(title):
    assert is_instrument_title(title)


@pytest.mark.parametrize("text", ["以“12·4”国家宪法日为节点开展宣传", "组织民法典宣传月活动", "举行宪法宣誓仪式", "开展宪法宣传周活动"])
def test_instruments_events_named_after_a_law_are_not_the_law(text):
    assert [f.key for f in _find(text)] == []


def test_instruments_discretion_benchmarks_are_instruments():
    assert [f.key for f in _find("制定《某省生态环境行政处罚自由裁量权基准》(某环发〔2021〕41号)。")] == [
        "某省生态环境行政处罚自由裁量权基准"]
