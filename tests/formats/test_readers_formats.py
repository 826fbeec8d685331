"""Readers: every format of the sample report gives the same text and the right metadata."""

from __future__ import annotations

import io

import pytest
import sample

from govkg.errors import InputError
from govkg.extract.text.readers import decode_text, parse_document, read_document, sniff_format

ALL = list(sample.WRITERS)


@pytest.mark.parametrize("name", ALL)
def test_readers_every_format_gives_the_sample_text(formats_dir, name):
    doc = read_document(formats_dir / name)
    expected = sample.traditional(sample.TEXT) if "big5" in name else sample.TEXT
    assert doc.text == expected


@pytest.mark.parametrize("name, fmt, encoding", [
    ("utf8.txt", "text", "utf-8"),
    ("utf8bom.txt", "text", "utf-8"),
    ("gb18030.txt", "text", "gb18030"),
    ("big5.txt", "text", "big5"),
    ("page.html", "html", None),
    ("report.docx", "docx", None),
    ("report.pdf", "pdf", None),
])
def test_readers_format_and_encoding_metadata(formats_dir, name, fmt, encoding):
    doc = read_document(formats_dir / name)
    assert doc.metadata["format"] == fmt
    assert doc.metadata.get("encoding") == encoding


@pytest.mark.parametrize("name", ["page.html", "page-gbk.htm"])
def test_readers_html_keeps_title_date_and_url(formats_dir, name):
    meta = read_document(formats_dir / name).metadata
    assert meta["title"] == "清源区市场监督管理局2023年法治政府建设年度报告"
    assert meta["published"] == "2024-03-28"
    assert meta["url"] == "http://www.qingyuan.gov.cn/zwgk/fzzfjs/202403/t20240328_1.htm"


@pytest.mark.parametrize("chrome", ["当前位置", "索引号", "发文字号", "字号", "分享到", "主办", "ICP备",
                                    "公网安备", "浏览次数", "相关链接", "统计代码", "无障碍", "办事服务"])
def test_readers_html_drops_site_chrome(formats_dir, chrome):
    assert chrome not in read_document(formats_dir / "page.html").text


# A page without the CMS meta tags: the h1, a 发布日期 label and the canonical link say it.
BARE_PAGE = """<html><head><title>某县司法局2022年法治政府建设年度报告 - 某县人民政府网</title>
<link rel="canonical" href="https://www.example.gov.cn/art/2023/3/1/art_1.html"></head><body>
<div class="crumbs">首页 &gt; 信息公开</div><h1>某县司法局2022年法治政府建设年度报告</h1>
<div class="info">发布日期：2023年3月1日</div>
<div class="main-box"><p>2022年，某县司法局坚持以法治思维推进各项工作，全年办理行政复议案件12件，开展普法活动35场，
审查规范性文件8件，聘请法律顾问3名，受理法律援助案件156件，办结率100%。</p>
<p>一、主要举措和成效</p><p>全年组织执法人员培训4期，累计培训210人次，组织旁听庭审活动2次，评查行政执法案卷60卷。</p></div>
<div class="foot">主办：某县人民政府办公室</div></body></html>"""


@pytest.mark.parametrize("key, value", [
    ("title", "某县司法局2022年法治政府建设年度报告"),
    ("published", "2023-03-01"),
    ("url", "https://www.example.gov.cn/art/2023/3/1/art_1.html"),
])
def test_readers_html_metadata_without_meta_tags(key, value):
    doc = parse_document(BARE_PAGE.encode("utf-8"), "bare.html")
    assert doc.metadata[key] == value


def test_readers_html_body_found_without_known_container():
    doc = parse_document(BARE_PAGE.encode("utf-8"), "bare.html")
    assert doc.text.splitlines()[0] == "某县司法局2022年法治政府建设年度报告"
    assert "全年办理行政复议案件12件" in doc.text
    assert "主办" not in doc.text and "首页" not in doc.text


@pytest.mark.parametrize("data, suffix, expected", [
    (b"%PDF-1.4\n", ".txt", "pdf"),
    (b"PK\x03\x04rest", ".pdf", "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", "doc"),
    ("<!DOCTYPE html><html><body>".encode(), ".txt", "html"),
    ("<html><head><title>报告".encode(), "", "html"),
    ("法治政府建设年度报告".encode(), ".html", "html"),
    ("法治政府建设年度报告".encode(), ".txt", "text"),
    ("<一>法治政府建设".encode(), ".txt", "text"),
])
def test_readers_sniff_format_trusts_bytes_before_suffix(data, suffix, expected):
    assert sniff_format(data, suffix) == expected


@pytest.mark.parametrize("name, target", [("report.pdf", "looks.txt"), ("report.docx", "looks.html"),
                                          ("page.html", "looks.txt")])
def test_readers_lying_suffix_is_read_by_content(formats_dir, tmp_path, name, target):
    path = tmp_path / target
    path.write_bytes((formats_dir / name).read_bytes())
    assert read_document(path).text == sample.TEXT


@pytest.mark.parametrize("text, encoding", [
    ("区司法局开展普法宣传活动42场。", "gb18030"),
    ("區司法局開展普法宣傳活動42場。", "big5"),
    ("区司法局开展普法宣传活动42场。", "utf-8"),
    ("区司法局开展普法宣传活动42场。", "utf-16"),
])
def test_readers_decode_text_detects_encoding(text, encoding):
    assert decode_text(text.encode(encoding), "a.txt") == text


def test_readers_forced_encoding_wins(formats_dir):
    doc = read_document(formats_dir / "gb18030.txt", encoding="gbk")
    assert doc.text == sample.TEXT and doc.metadata["encoding"] == "gbk"


def test_readers_forced_wrong_encoding_is_an_error(formats_dir):
    with pytest.raises(InputError, match=r"cannot be decoded as utf-8"):
        read_document(formats_dir / "gb18030.txt", encoding="utf-8")


def test_readers_stdin_is_read_and_sniffed(formats_dir, monkeypatch):
    data = (formats_dir / "report.docx").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = read_document("-")
    assert doc.source == "<stdin>" and doc.text == sample.TEXT


def test_readers_pdf_joins_wraps_and_drops_running_lines(formats_dir):
    text = read_document(formats_dir / "report.pdf").text
    assert "政务公开文件" not in text and "页 共" not in text
    assert "三、党政主要负责人履行推进法治建设第一责任人职责情况\n局主要负责人" in text


# An older site: table layout, <br> paragraphs, &nbsp; indents, gb2312 declared, source line breaks.
TABLE_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于2022年法治政府建设情况的报告</title></head>
<body><table width="100%"><tr><td class="nav"><a href="/">首页</a> <a href="/x">机构概况</a> <a>政务公开</a></td></tr>
<tr><td>您现在的位置：首页 &gt;&gt; 通知公告</td></tr>
<tr><td class="bt">关于2022年法治政府建设情况的报告</td></tr>
<tr><td>发布时间：2023-02-15　　点击数：<span id="hits">88</span></td></tr>
<tr><td class="nr">&nbsp;&nbsp;&nbsp;&nbsp;2022年，我镇在县委、县政府的坚强领导下，认真贯彻落实法治政府建设各项部署。<br>
&nbsp;&nbsp;&nbsp;&nbsp;一、主要举措和成效<br>&nbsp;&nbsp;&nbsp;&nbsp;（一）强化组织领导。镇党委召开专题会议研究法治建设工作3次，
调整充实法治建设领导小组。<br>&nbsp;&nbsp;&nbsp;&nbsp;（二）加强普法宣传。开展法治宣传进村居活动26场，发放宣传资料5000余份。<br>
　　二、存在的不足<br>　　部分村干部法治意识还不够强。<br>　　某某镇人民政府<br>　　2023年2月10日</td></tr>
<tr><td>上一篇：<a>关于开展安全检查的通知</a></td></tr>
<tr><td>版权所有：某某镇人民政府 技术支持：某某网络公司 备案号：<a>赣ICP备05000001号</a></td></tr></table></body></html>"""


def test_readers_html_table_layout_page():
    doc = parse_document(TABLE_PAGE.encode("gbk"), "old.htm")
    assert doc.text.splitlines() == [
        "关于2022年法治政府建设情况的报告",
        "2022年，我镇在县委、县政府的坚强领导下，认真贯彻落实法治政府建设各项部署。",
        "一、主要举措和成效",
        "（一）强化组织领导。镇党委召开专题会议研究法治建设工作3次，调整充实法治建设领导小组。",
        "（二）加强普法宣传。开展法治宣传进村居活动26场，发放宣传资料5000余份。",
        "二、存在的不足",
        "部分村干部法治意识还不够强。",
        "某某镇人民政府",
        "2023年2月10日",
    ]
    assert doc.metadata == {"format": "html", "title": "关于2022年法治政府建设情况的报告", "published": "2023-02-15"}
