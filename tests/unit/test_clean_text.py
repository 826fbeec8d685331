"""Cleaning: NFKC, web chrome, banners, wrap spaces, the simplified matching copy."""

import pytest

from govkg.extract.text.cleaning import clean, is_chrome, nfkc, remove_banners, simplified_copy


@pytest.mark.parametrize("raw, expected", [
    ("（一）审查合同１２０份，满意率９８％", "(一)审查合同120份,满意率98%"),
    ("①完善制度；②加强培训", "①完善制度;②加强培训"),
    ("中发〔2015〕36号", "中发〔2015〕36号"),
])
def test_clean_nfkc_keeps_numbering(raw, expected):
    assert nfkc(raw) == expected


@pytest.mark.parametrize("line", [
    "当前位置:首页 > 政务公开 > 法治政府建设",
    "您当前的位置是:首页",
    "首页 > 信息公开",
    "发布时间:2023-01-16 09:30 来源:某某街道办事处 浏览次数:1386",
    "【字体:大 中 小】",
    "字号:大 中 小 打印 关闭",
    "索引号:11340000/2023-00012",
    "主办:某市人民政府办公室 承办:某市大数据中心",
    "网站标识码:3400000001 皖ICP备05001234号",
    "皖公网安备34010002000123号",
    "2024",
    "04/07",
    "19:20",
    "2025-02-08 14:11",
    "(此件主动公开)",
])
def test_clean_chrome_lines_recognised(line):
    assert is_chrome(nfkc(line))


@pytest.mark.parametrize("line", [
    "一、2022年推进法治政府建设的主要举措和成效",
    "区委、区政府:",
    "2022年,某街道坚持以习近平新时代中国特色社会主义思想为指导。",
    "某某街道办事处",
    "2022年12月28日",
])
def test_clean_report_lines_kept(line):
    assert not is_chrome(nfkc(line))


def test_clean_banner_cut_inside_sentence():
    text = ("公文网—范文天天更新www.example-docs.com某县人民政府关于2023年度的报告。"
            "切实履行第一公文网—范文天天更新www.example-docs.com责任人职责。")
    assert remove_banners(text) == "某县人民政府关于2023年度的报告。切实履行第一责任人职责。"


def test_clean_wrap_spaces_closed_and_chrome_dropped():
    raw = "当前位置:首页 > 报告\n推进法 治政府建设,培训执法人员 72 个批次。\n主办:某县人民政府办公室"
    result = clean(raw)
    assert result.text == "推进法治政府建设,培训执法人员72个批次。"
    assert result.dropped_lines == 2


def test_clean_traditional_gets_same_length_simplified_copy():
    text = "2021年,東湖街道在縣委、縣政府的領導下,加強法治隊伍建設。"
    simple, traditional = simplified_copy(text)
    assert traditional
    assert len(simple) == len(text)
    assert simple == "2021年,东湖街道在县委、县政府的领导下,加强法治队伍建设。"


def test_clean_simplified_text_left_alone():
    text = "2021年,东湖街道加强法治队伍建设,著作权保护工作取得成效。"
    assert simplified_copy(text) == (text, False)


def test_segments_ascii_quotes_pair_up():
    from govkg.extract.text.sentences import protected_mask

    text = 'A"bb"C,D"ee"F'
    mask = protected_mask(text)
    assert [text[i] for i in range(len(text)) if mask[i]] == list("bbee")


def test_segments_thousands_separator_does_not_split_a_clause():
    from govkg.extract.text.sentences import clauses, protected_mask, sentences

    text = "立案查处违法用地案件1,286宗,罚没款2.3亿元。"
    mask = protected_mask(text)
    assert [text[c.start:c.end] for c in clauses(text, sentences(text, mask), mask)] == [
        "立案查处违法用地案件1,286宗,", "罚没款2.3亿元。"]


@pytest.mark.parametrize("page, issued", [
    ("标题\n成文日期:\n2022年03月10日\n发布日期:\n2022年03月16日\n", "2022-03-10"),
    ("成文日期: 2021-12-30 发布日期: 2022-01-04\n", "2021-12-30"),
    ("发布日期:2023-03-27\n", None),  # a page's publication date does not date the report
])
def test_clean_written_on_dates_the_report(page, issued):
    from govkg.extract.pipeline import Extractor
    from govkg.extract.text.readers import SourceDocument

    text = page + "青禾县司法局2021年法治政府建设年度报告\n一、主要举措和成效\n全年审查合同12份。\n"
    record = Extractor().extract(SourceDocument("t.txt", text))
    assert (record.issued.isoformat() if record.issued else None) == issued


@pytest.mark.parametrize("raw, expected", [
    ("开展督察,反馈问题\n— 2 —\n74个,督促整改69个。", "开展督察,反馈问题74个,督促整改69个。"),
    ("审查合同12份。\n第3页 共9页\n(三)提升质量。", "审查合同12份。\n(三)提升质量。"),
    ("二是加强队伍建设\n- 4 -\n(三)提升质量。", "二是加强队伍建设\n(三)提升质量。"),  # a heading is never glued on
])
def test_clean_page_numbers_dropped_and_split_sentences_joined(raw, expected):
    assert clean(raw).text == expected


def test_clean_written_on_found_inside_a_metadata_row():
    assert clean("发布机构:某省人民政府办公厅  成文日期:2025年03月12日\n正文").written_on == "2025年03月12日"
