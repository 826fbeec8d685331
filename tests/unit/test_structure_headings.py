"""Structure: numbering styles, run-in headings, the four statutory parts, front matter."""

import datetime as dt

import pytest

from govkg.extract.components.structure import classify_part, find_headings, front_matter


def _tree(text):
    return [(h.rank, h.ordinal, text[h.heading_start:h.heading_end], h.parent) for h in find_headings(text)]


def test_structure_numbering_styles_nest():
    text = ("一、主要举措和成效\n(一)完善制度建设\n1.制定办法。内容。\n(1)细则。\n①要点。\n"
            "(二)规范执法行为\n二、存在的不足和原因\n")
    tree = _tree(text)
    assert [(r, o, h) for r, o, h, _p in tree] == [
        (1, 1, "主要举措和成效"), (2, 1, "完善制度建设"), (3, 1, "制定办法"), (4, 1, "细则"), (5, 1, "要点"),
        (2, 2, "规范执法行为"), (1, 2, "存在的不足和原因")]
    assert [p for *_x, p in tree] == [None, 0, 1, 2, 3, 0, None]


def test_structure_inline_headings_when_line_breaks_lost():
    text = "报告如下:一、主要举措和成效(一)依法履职。内容一。(二)规范执法。内容二。二、存在的不足和原因一是人员不足。"
    tree = _tree(text)
    assert [(r, o, h) for r, o, h, _p in tree] == [
        (1, 1, "主要举措和成效"), (2, 1, "依法履职"), (2, 2, "规范执法"), (1, 2, "存在的不足和原因")]


@pytest.mark.parametrize("heading, year, kind", [
    ("2023年度推进法治政府建设的主要举措和成效", 2023, "Achievements"),
    ("存在的不足和原因", 2023, "Shortcomings"),
    ("党政主要负责人履行推进法治建设第一责任人职责情况", 2023, "LeadershipDuties"),
    ("2024年度推进法治政府建设的主要安排", 2023, "NextYearPlans"),
    ("下一步工作打算", 2023, "NextYearPlans"),
    ("其他需要报告的事项", 2023, "OtherPart"),
    ("强化组织领导,夯实法治基础", 2023, "Achievements"),
])
def test_structure_part_kinds(heading, year, kind):
    assert classify_part(heading, year) == kind


def test_structure_front_matter_title_addressee_signature():
    text = ("某市某区人民政府某某街道办事处\n2022年法治政府建设年度报告\n区委、区政府:\n"
            "2022年,某某街道坚持依法行政。\n一、主要举措和成效\n内容。\n某某街道办事处\n2022年12月28日")
    fm = front_matter(text, text)
    assert text[fm.title[0]:fm.title[1]].replace("\n", "") == "某市某区人民政府某某街道办事处2022年法治政府建设年度报告"
    assert fm.title_unit == "某市某区人民政府某某街道办事处"
    assert fm.year == 2022
    assert text[fm.addressee_line[0]:fm.addressee_line[1]] == "区委、区政府"
    assert fm.issued == dt.date(2022, 12, 28)


def test_structure_year_skips_cover_letter_number():
    text = "某环法〔2023〕23号\n市委、市政府:\n2022年,我局坚持依法行政。"
    assert front_matter(text, text).year == 2022


@pytest.mark.parametrize("title, unit, year", [
    ("某县司法局关于2023年法治政府建设工作的报告", "某县司法局", 2023),
    ("某市人民政府2019年度依法行政工作报告", "某市人民政府", 2019),
    ("某镇二〇二一年法治政府建设年度报告", "某镇", 2021),
])
def test_structure_title_variants(title, unit, year):
    text = title + "\n正文。"
    fm = front_matter(text, text)
    assert (fm.title_unit, fm.year) == (unit, year)


@pytest.mark.parametrize("letter", [
    # a letter titled as one, sending the report
    "关于报送青禾镇2023年度法治政府建设情况报告的函\n县委依法治县办:\n现将我镇报告报送如下,请审阅。\n"
    "青禾镇人民政府\n2024年1月8日\n",
    # a numbered letter whose sentence names the report in 《》
    "青禾府函〔2024〕3号\n县人民政府:\n现将《青禾镇人民政府2023年法治政府建设年度报告》呈上,请审阅。\n"
    "青禾镇人民政府\n2024年1月8日\n",
])
def test_structure_cover_letter_then_report(letter):
    report = ("青禾镇人民政府2023年法治政府建设年度报告\n一、主要举措和成效\n全年审查合同12份。\n"
              "二、存在的不足和原因\n执法力量不足。\n")
    text = letter + report
    fm = front_matter(text, text)
    title = text[fm.title[0]:fm.title[1]]
    assert title == "青禾镇人民政府2023年法治政府建设年度报告"
    assert fm.title_unit == "青禾镇人民政府" and fm.year == 2023
    assert fm.body_start == text.index("一、主要举措")  - 1
    # the letter's date dates the report, but the letter's signature ends nothing
    assert fm.issued == dt.date(2024, 1, 8) and fm.signature_unit is None


def test_structure_report_titled_like_a_letter_without_a_second_title_keeps_it():
    text = "关于青禾镇2023年法治政府建设情况的报告\n一、主要举措和成效\n全年审查合同12份。\n青禾镇人民政府\n2024年1月8日\n"
    fm = front_matter(text, text)
    assert text[fm.title[0]:fm.title[1]].startswith("关于青禾镇2023年法治政府建设情况")
    assert text[fm.signature_unit[0]:fm.signature_unit[1]] == "青禾镇人民政府"


def test_structure_unnumbered_subheadings_of_a_part():
    para = "全年审查合同12份,出具法律意见书8份,组织执法人员培训3期共计260人次,全部合格。"
    text = (f"一、主要举措和成效\n持续优化法治化营商环境\n{para}\n规范公正文明执法\n{para}\n"
            f"二、存在的不足和原因\n执法力量不足,专业人员缺乏,培训覆盖面窄,信息化水平有待提升。\n青禾镇人民政府\n2024年1月8日\n")
    hs = find_headings(text)
    subs = [(h.key, text[h.heading_start:h.heading_end]) for h in hs if h.depth == 1]
    assert subs == [("1.1", "持续优化法治化营商环境"), ("1.2", "规范公正文明执法")]
    # one short line alone is a sentence or a signature, not a heading
    assert not [h for h in find_headings(f"一、主要举措和成效\n持续优化营商环境\n{para}\n") if h.depth == 1]
