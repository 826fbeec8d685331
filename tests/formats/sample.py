"""One invented sample report, written by us, and writers for every input format.

The report is fiction in the genre of 法治政府建设年度报告 (annual rule-of-law reports); the
writers put the same text into .txt (UTF-8, GB18030, Big5), .html with site chrome, .docx
and a two-page .pdf with a running header, footer and page numbers.
"""

from __future__ import annotations

from pathlib import Path

TITLE = "清源区市场监督管理局2023年法治政府建设年度报告"

PARAGRAPHS = [
    "2023年，清源区市场监督管理局在区委、区政府的领导下，深入贯彻《法治政府建设实施纲要（2021－2025年）》，"
    "扎实推进依法行政，现将有关情况报告如下：",
    "一、主要举措和成效",
    "（一）健全依法决策机制",
    "局党组制定《清源区市场监督管理局重大行政决策程序规定》，聘请法律顾问2名，全年审查行政合同36份，"
    "审查规范性文件5件，合法性审查率达到100%。",
    "（二）严格规范公正文明执法",
    "全面落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，全年办理行政处罚案件418件，"
    "罚没款金额合计326.5万元，组织行政执法案卷评查2次，评查案卷120卷。",
    "（三）强化普法宣传",
    "落实“谁执法谁普法”责任制，开展“3·15”消费者权益日等主题普法活动42场，发放宣传资料1.2万份，"
    "受众约8000人次。",
    "（四）依法化解矛盾纠纷",
    "受理消费投诉举报3615件，办结率98.6%，为消费者挽回经济损失215万元；办理行政复议答复案件3件，"
    "行政诉讼应诉案件2件，行政机关负责人出庭应诉率100%。",
    "（五）加强执法队伍建设",
    "组织全局执法人员参加法律知识培训6期，累计培训320人次，新增申领行政执法证件15人，全局持证执法人员达到"
    "146名；开展新修订《中华人民共和国行政复议法》专题学习，邀请区司法局业务骨干现场授课。",
    "（六）深化政务公开",
    "依托区政府门户网站和“清源市监”微信公众号主动公开行政许可、行政处罚等信息2150条，办理政府信息公开申请"
    "7件，均在法定期限内答复；推行“双随机、一公开”监管，联合区农业农村局等部门开展跨部门联合抽查18次。",
    "二、存在的不足和原因",
    "一是基层执法人员法律素养有待提升，部分执法人员对新修订法律法规掌握不够；二是执法信息化水平不高，"
    "案件办理系统与区政务服务平台尚未完全对接。",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "局主要负责人认真履行第一责任人职责，主持召开局党组会议专题研究法治建设工作4次，带头讲法治课1次，"
    "组织领导干部旁听庭审活动1次。",
    "组织开展年度述法工作，将法治建设情况纳入科室年度考核，考核结果与评优评先挂钩。",
    "四、2024年工作安排",
    "一是修订完善行政执法裁量基准，二是组织执法人员法律知识培训不少于3期，三是深化“互联网＋监管”，"
    "推动执法数据互联互通，力争行政执法案卷优秀率达到90%以上。",
    "清源区市场监督管理局",
    "2024年3月20日",
]

TEXT = TITLE + "\n" + "\n".join(PARAGRAPHS) + "\n"

CHROME_HEAD = """<div class="top-bar"><a href="/">首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/fzzfjs/">法治政府建设</a></div>
<table class="xxgk-table"><tr><td>索引号：</td><td>11350102MB1234567X/2024-00012</td><td>发布机构：</td><td>清源区市场监督管理局</td></tr>
<tr><td>发文字号：</td><td>清市监〔2024〕8号</td><td>成文日期：</td><td>2024-03-20</td></tr>
<tr><td>主题分类：</td><td>综合政务</td><td>发布日期：</td><td>2024-03-28</td></tr></table>
"""

CHROME_TAIL = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="related"><h4>相关链接</h4><ul><li><a href="/a.html">清源区司法局2023年法治政府建设年度报告</a></li>
<li><a href="/b.html">清源区人民政府关于2023年法治政府建设情况的报告</a></li></ul></div>
<div id="footer"><p>主办：清源区人民政府办公室　承办：清源区大数据中心</p>
<p>网站标识码：3501020001　<a href="https://beian.miit.gov.cn/">闽ICP备12345678号-1</a>　闽公网安备 35010202000123号</p>
<p>联系电话：0591-12345678</p></div>
"""


def html_page(charset: str = "utf-8") -> str:
    """Return a saved government page carrying the sample report inside realistic chrome."""
    body = "\n".join(f'<p style="text-indent:2em;">{p}</p>' for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<!-- saved from url=(0057)http://www.qingyuan.gov.cn/zwgk/fzzfjs/202403/t20240328_1.htm -->
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{TITLE}_清源区人民政府门户网站</title>
<meta name="SiteName" content="清源区人民政府门户网站">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2024-03-28 16:05">
<meta name="ContentSource" content="清源区市场监督管理局">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav{{color:red}}</style>
</head><body>
{CHROME_HEAD}
<div class="article">
<h1 class="article-title">{TITLE}</h1>
<div class="article-info">发布时间：2024-03-28 16:05　来源：清源区市场监督管理局　浏览次数：1024
　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>　<a href="javascript:window.print()">打印</a>　<a href="javascript:window.close()">关闭</a></div>
<div class="TRS_Editor" id="zoom">
{body}
</div></div>
{CHROME_TAIL}
</body></html>
"""


def chrome_only_page() -> str:
    """Return a page with all the chrome and no article body (a listing or error page)."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在_清源区人民政府门户网站</title></head>
<body>{CHROME_HEAD}<div class="main"><p>您访问的页面不存在或已被删除。</p></div>{CHROME_TAIL}</body></html>"""


def write_txt(path: Path, encoding: str = "utf-8") -> Path:
    """Write the report as plain text; ``big5`` writes the traditional-character version."""
    text = TEXT
    if encoding.lower().startswith("big5"):
        text = traditional(TEXT)
    path.write_bytes(text.encode(encoding))
    return path


def traditional(text: str) -> str:
    """Return ``text`` in traditional characters (zh-hant), as some sites serve it."""
    import zhconv

    out = []
    for ch in zhconv.convert(text, "zh-hant"):  # character by character: lengths stay equal
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            ch = zhconv.convert(ch, "zh-tw")  # Taiwan forms (衆 -> 眾) are the ones Big5 has
        out.append(ch)
    return "".join(out)


def write_html(path: Path, charset: str = "utf-8") -> Path:
    """Write the report as a saved web page."""
    path.write_bytes(html_page(charset).encode("gb18030" if charset == "gbk" else charset))
    return path


def write_docx(path: Path) -> Path:
    """Write the report as a Word file: title, paragraphs, and the signature in a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=1)
    for para in PARAGRAPHS[:-2]:
        document.add_paragraph(para)
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = PARAGRAPHS[-2]
    table.cell(1, 0).text = PARAGRAPHS[-1]
    document.save(str(path))
    return path


def write_pdf(path: Path, *, text_layer: bool = True) -> Path:
    """Write the report as a PDF of 2+ pages with a running header, footer and page numbers.

    With ``text_layer=False`` the pages carry only drawings (like a scan without OCR).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    size, margin = 14, 72
    per_line = int((width - 2 * margin) // size)
    lines = [TITLE, ""]
    for para in PARAGRAPHS:  # hard-wrap like a converted document
        lines.extend(para[i:i + per_line] for i in range(0, len(para), per_line))
    rows_per_page = 24  # small pages, so the sample runs over 2+ pages
    pages = [lines[i:i + rows_per_page] for i in range(0, len(lines), rows_per_page)]
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(TITLE)
    for number, page in enumerate(pages, 1):
        if text_layer:
            c.setFont("STSong-Light", 9)
            c.drawCentredString(width / 2, height - 40, "清源区市场监督管理局 政务公开文件")
            c.drawCentredString(width / 2, 30, f"第 {number} 页 共 {len(pages)} 页")
            c.setFont("STSong-Light", size)
            y = height - margin - 20
            for line in page:
                c.drawString(margin, y, line)
                y -= size * 1.8
        else:
            for k in range(len(page)):
                c.rect(margin, height - margin - 20 - k * 25, 300, 10, fill=1)
        c.showPage()
    c.save()
    return path


WRITERS = {
    "utf8.txt": lambda p: write_txt(p, "utf-8"),
    "utf8bom.txt": lambda p: write_txt(p, "utf-8-sig"),
    "gb18030.txt": lambda p: write_txt(p, "gb18030"),
    "big5.txt": lambda p: write_txt(p, "big5"),
    "page.html": write_html,
    "page-gbk.htm": lambda p: write_html(p, "gbk"),
    "report.docx": write_docx,
    "report.pdf": write_pdf,
}


# ------------------------------------------------------------------ bad inputs
def write_truncated_docx(path: Path, good: Path) -> Path:
    """Write the first half of a good .docx (the zip directory at its end is lost)."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_corrupt_docx(path: Path) -> Path:
    """Write a well-formed zip whose word/document.xml is not XML."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "这不是XML <w:document")
    return path


def write_zip_bomb_docx(path: Path) -> Path:
    """Write a small .docx whose zip directory declares ~4 GB for word/document.xml.

    The sizes are patched in the central directory, so nothing large is ever written.
    """
    import struct
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" * 100)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", data, at + 24, 0xFFFFFF00)  # uncompressed size
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def write_truncated_pdf(path: Path, good: Path) -> Path:
    """Write the first 60% of a good PDF."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])
    return path


def write_corrupt_pdf(path: Path) -> Path:
    """Write a file with a PDF signature and garbage after it."""
    import random

    rng = random.Random(5)
    path.write_bytes(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(3000)) + b"\n%%EOF\n")
    return path


def write_binary_junk(path: Path) -> Path:
    """Write 4 KB of random bytes (seeded, so the test is the same every run)."""
    import random

    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    return path


def write_sparse(path: Path, size: int) -> Path:
    """Write a file of ``size`` bytes without using the disk space (a sparse file)."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def _write_text(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


#: kind -> (file name, writer(path, good_folder), the reason the reader gives), written by hand.
BAD_INPUTS = {
    "truncated_docx": ("t.docx", lambda p, good: write_truncated_docx(p, good / "report.docx"),
                       "is not a valid Word .docx file (corrupt or truncated); open and save it again in Word or WPS"),
    "corrupt_docx": ("c.docx", lambda p, good: write_corrupt_docx(p),
                     "is not a valid Word .docx file (corrupt or truncated); open and save it again in Word or WPS"),
    "zip_bomb": ("bomb.docx", lambda p, good: write_zip_bomb_docx(p),
                 "declares 8192.0 MB uncompressed in 2 parts, over the 100.0 MB limit (zip bomb?); "
                 "check where the file came from"),
    "truncated_pdf": ("t.pdf", lambda p, good: write_truncated_pdf(p, good / "report.pdf"),
                      "is not a valid PDF (truncated: no %%EOF end marker); export it again"),
    "corrupt_pdf": ("c.pdf", lambda p, good: write_corrupt_pdf(p),
                    "is not a valid PDF (corrupt or truncated); export it again"),
    "scanned_pdf": ("scan.pdf", lambda p, good: write_pdf(p, text_layer=False),
                    "has no text layer (scanned PDF?); run OCR on it first"),
    "junk": ("junk.txt", lambda p, good: write_binary_junk(p),
             "is a binary file, not text; give a .txt, .html, .docx or .pdf report"),
    "high_junk": ("high.txt", lambda p, good: _write_text(p, bytes(range(0x80, 0x100)) * 8),
                  "is not valid UTF-8, GB18030 or Big5 (byte 0x80 at 0); give the encoding with --encoding"),
    "no_body": ("empty.html", lambda p, good: _write_text(p, chrome_only_page().encode("utf-8")),
                "has no article body (only page chrome); save the page that shows the report text"),
    "old_doc": ("old.docx", lambda p, good: _write_text(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
                "is an old binary Word .doc file; save it as .docx or .pdf"),
    "empty": ("empty.txt", lambda p, good: _write_text(p, b" \n\r\n "), "is empty"),
    "huge": ("huge.txt", lambda p, good: write_sparse(p, 100 * 1024 * 1024),
             "is 100.0 MB, over the 20.0 MB limit; set GOVKG_MAX_BYTES to raise the limit"),
}


def write_bad(kind: str, folder: Path, good: Path) -> tuple[Path, str]:
    """Write the bad input ``kind`` into ``folder``; return its path and the expected reason."""
    name, write, reason = BAD_INPUTS[kind]
    return write(folder / name, good), reason
