"""Read report files into :class:`SourceDocument` objects (text plus page metadata).

Formats, chosen by suffix but sniffed from the bytes where the suffix lies:

- text (``.txt``): UTF-8 (BOM optional), else GB18030 (a superset of GBK) or Big5, told
  apart by charset-normalizer, unless an encoding is forced;
- web pages (``.html``/``.htm``): the article body of a saved government page, without its
  chrome (navigation, 当前位置 breadcrumbs, 索引号 metadata tables, 字号/分享到 bars, footers);
  the page title, publish date and source URL go to ``metadata``;
- Word (``.docx``): paragraphs and tables in document order, after a zip-bomb check;
- PDF (``.pdf``): the text layer, with hard line wraps joined and repeated page
  headers/footers and page numbers dropped; no text layer is an error (scanned PDF).

Every problem with one file is an :class:`InputError` naming that file. Files over the size
limit (:func:`max_bytes`, 20 MB unless ``$GOVKG_MAX_BYTES`` says otherwise) are refused
before they are read.
"""

from __future__ import annotations

import glob
import io
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import DependencyError, InputError

#: Larger inputs are refused before reading: no real report comes near this.
MAX_BYTES = 20 * 1024 * 1024
#: Environment variable that overrides :data:`MAX_BYTES` (a byte count, or e.g. ``50MB``).
MAX_BYTES_ENV = "GOVKG_MAX_BYTES"
#: A .docx whose parts declare more than this uncompressed is refused as a zip bomb
#: (python-docx loads every part into memory; a real report is a few MB at most).
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class SourceDocument:
    """A decoded input: the raw text and what the container said about it.

    ``metadata`` keys, where known: ``format`` (text, html, docx, pdf), ``encoding``,
    ``title``, ``published`` (ISO date), ``url``.
    """

    source: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------ inputs
def max_bytes() -> int:
    """Return the per-file size limit: ``$GOVKG_MAX_BYTES`` if set, else :data:`MAX_BYTES`.

    Raises:
        InputError: the variable is not a size.
    """
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return parse_size(raw, MAX_BYTES_ENV) if raw else MAX_BYTES


def parse_size(raw: str, what: str = "--max-size") -> int:
    """Return the byte count of a size such as ``1048576``, ``500KB`` or ``20MB``.

    Raises:
        InputError: ``raw`` is not a size.

    >>> parse_size("20MB")
    20971520
    """
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", raw)
    if not match or int(match.group(1)) == 0:
        raise InputError(f"{what} {raw!r} is not a size", hint="write e.g. 20MB, 500KB or 1048576")
    scale = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}[match.group(2).lower()]
    return int(match.group(1)) * scale


def _has_magic(name: str) -> bool:
    return any(ch in name for ch in "*?[")


def collect_inputs(inputs: list[str]) -> tuple[list[str], list[InputError]]:
    """Expand inputs into report files, keeping going past bad inputs.

    Folders are searched recursively for report files (hidden ones skipped); an input that
    does not exist but contains ``*``, ``?`` or ``[`` is a glob (``**`` recurses); ``-`` is
    standard input.

    Args:
        inputs: what the user named.

    Returns:
        The files in order (folder contents sorted), and one error per input that named
        no file.
    """
    entries = iter_inputs(inputs)
    return ([e for e in entries if isinstance(e, str)], [e for e in entries if isinstance(e, InputError)])


def iter_inputs(inputs: list[str]) -> list[str | InputError]:
    """Return :func:`collect_inputs`'s files and errors in one list, in the order given."""
    entries: list[str | InputError] = []
    for name in inputs:
        if name == "-":
            entries.append("-")
            continue
        path = Path(name)
        if path.is_dir():
            found = _walk(path)
            entries.extend(found or [InputError("folder holds no report files (.txt, .html, .htm, .docx, .pdf)",
                                                path=name)])
        elif path.exists():
            entries.append(name)
        elif _has_magic(name):
            found = []
            for match in sorted(glob.glob(name, recursive=True)):
                found.extend(_walk(Path(match)) if os.path.isdir(match) else [match])
            entries.extend(found or [InputError("no file matches this pattern", path=name)])
        else:
            entries.append(InputError("no such file or folder", path=name))
    return entries


def _walk(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in REPORT_SUFFIXES:
                found.append(os.path.join(root, name))
    return found


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Return the files named by ``inputs``; folders are searched recursively.

    Raises:
        InputError: an input does not exist, or a folder holds no readable file.
    """
    paths, errors = collect_inputs(list(inputs))
    if errors:
        raise errors[0]
    return [Path(p) for p in paths]


def load_bytes(path: str | Path, *, max_bytes: int | None = None, stdin=None) -> bytes:
    """Return a file's bytes (``-``: standard input), refusing one over the size limit.

    Reads at most limit + 1 bytes, so a file that grows, or a device, cannot exhaust memory.

    Raises:
        InputError: the file is missing (or vanished), unreadable, or too large.
    """
    limit = max_bytes if max_bytes is not None else globals()["max_bytes"]()
    hint = f"set {MAX_BYTES_ENV} to raise the limit"
    if str(path) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"is over the {_size(limit)} limit", path=STDIN_NAME, hint=hint)
        return data
    source = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(f"is {_size(size)}, over the {_size(limit)} limit", path=source, hint=hint)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no longer exists (deleted or moved before it was read)", path=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=source) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=source) from None
    if len(data) > limit:
        raise InputError(f"is over the {_size(limit)} limit", path=source, hint=hint)
    return data


def _size(n: int) -> str:
    if n >= 1024 ** 2:
        return f"{n / 1024 ** 2:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def read_document(path: Path | str, encoding: str | None = None, *, max_bytes: int | None = None) -> SourceDocument:
    """Read one report file (any supported format; ``-`` for standard input).

    Args:
        path: the file.
        encoding: decode text (and HTML) in this encoding instead of detecting it.
        max_bytes: size limit; default :func:`max_bytes`.

    Raises:
        InputError: the file is missing, too large, empty, binary, undecodable, corrupt,
            or holds no report text.
    """
    data = load_bytes(path, max_bytes=max_bytes)
    source = STDIN_NAME if str(path) == "-" else str(path)
    return parse_document(data, source, encoding=encoding)


# ------------------------------------------------------------------ dispatch
def sniff_format(data: bytes, suffix: str = "") -> str:
    """Return ``text``, ``html``, ``docx`` or ``pdf``: the bytes decide, then the suffix.

    >>> sniff_format(b"%PDF-1.7 ...", ".txt")
    'pdf'
    >>> sniff_format("<!DOCTYPE html><html>".encode(), ".txt")
    'html'
    """
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    suffix = suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
            probe.startswith(b"<") and (b"<head" in head.lower() or b"<body" in head.lower())):
        return "html"
    return "text"


def parse_document(data: bytes, source: str, *, suffix: str | None = None,
                   encoding: str | None = None) -> SourceDocument:
    """Turn a file's bytes into a :class:`SourceDocument`.

    Args:
        data: the raw bytes.
        source: the file name, used for messages and for the suffix.
        suffix: the format hint, default the suffix of ``source``.
        encoding: forced encoding for text and HTML.

    Raises:
        InputError: the bytes are not a readable report in the format they claim or have.
    """
    if not data.strip():
        raise InputError("is empty", path=source)
    kind = sniff_format(data, suffix if suffix is not None else Path(source).suffix)
    if kind == "pdf":
        text, meta = _read_pdf(data, source)
    elif kind == "docx":
        text, meta = _read_docx(data, source)
    elif kind == "doc":
        raise InputError("is an old binary Word .doc file", path=source, hint="save it as .docx or .pdf")
    elif kind == "html":
        text, meta = _read_html(data, source, encoding)
    else:
        text, used = _decode(data, source, encoding)
        meta = {"format": "text", "encoding": used}
    if not text.strip():
        raise InputError("is empty", path=source)
    return SourceDocument(source=source, text=text, metadata={k: v for k, v in meta.items() if v})


# ------------------------------------------------------------------ text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _detect(data: bytes) -> str | None:
    """Return gb18030 or big5 for non-UTF-8 bytes, by charset-normalizer, else None."""
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            data.decode(codec)
            candidates.append(codec)
        except UnicodeDecodeError:
            pass
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of our dependencies
        raise DependencyError("charset-normalizer is not installed",
                              hint="pip install charset-normalizer") from None
    best = from_bytes(data, cp_isolation=["gb18030", "big5"], preemptive_behaviour=False).best()
    if best is not None and best.encoding in ("big5", "big5hkscs", "cp950"):
        return "big5"
    return "gb18030"


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode report bytes: the given encoding, else UTF-8 (BOM optional), else GB18030 or Big5.

    Raises:
        InputError: the bytes are binary or undecodable.

    >>> decode_text("法治".encode("big5"), "a.txt")
    '法治'
    """
    return _decode(data, source, encoding)[0]


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """Return the text and the encoding used (see :func:`decode_text`)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding:
        encoding = "utf-16"
    elif b"\x00" in data[:4096]:
        raise InputError("is a binary file, not text", path=source, hint="give a .txt, .html, .docx or .pdf report")
    if encoding:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot be decoded as {encoding} ({exc})", path=source) from None
        used = encoding
    else:
        try:
            text, used = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc
            used = _detect(data)
            if used is None:
                bad = data[utf8_error.start]
                raise InputError(f"is not valid UTF-8, GB18030 or Big5 (byte 0x{bad:02x} at {utf8_error.start})",
                                 path=source, hint="give the encoding with --encoding") from None
            text = data.decode(used)
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise InputError("is a binary file, not text", path=source, hint="give a .txt, .html, .docx or .pdf report")
    return text, used


# ------------------------------------------------------------------ HTML
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SAVED_FROM = re.compile(rb"saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_DATE = re.compile(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[:：]?\s*")
_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "nav", "header", "footer", "aside",
              "form", "select", "button", "input", "textarea", "svg", "canvas", "object", "embed", "head"]
_CHROME_ATTR = re.compile(
    r"nav|menu|crumb|breadcrumb|position|location|weizhi|dqwz|curpos|footer|foot|bottom|copyright|"
    r"header|topbar|share|bdshare|fenxiang|toolbar|print|fontsize|zihao|sidebar|related|xgwz|comment|"
    r"pager|pagination|\bad\b|banner|login|search|qrcode|erweima", re.I)
# Lines of site chrome that can sit inside the article container too.
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|首页\s*[>›»]|字号|【?\s*字体|分享到|打印|关闭|【?\s*打印|"
    r"浏览次数|访问量|阅读次数|点击数|来源\s*[:：]|发布时间\s*[:：]|发布日期\s*[:：]|"
    r"索引号|发布机构|发文字号|成文日期|主题分类|信息来源|主办\s*[:：]|承办\s*[:：]|技术支持|"
    r"网站标识码|.{0,20}ICP备|.{0,20}公网安备|联系电话|上一篇|下一篇|相关链接|扫一扫)")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
          "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "center", "main", "tbody", "thead"}
_CELL = {"td", "th"}
_CONTENT_SELECTORS = ["#UCAP-CONTENT", ".TRS_Editor", "#zoom", ".zoom", "#fontzoom", ".article-content",
                      ".pages_content", "#content", ".content", "article", "#article", ".article",
                      ".main-text", ".detail", ".xxgk_content", "main"]
_CJK = re.compile(r"[\u3400-\u9fff]")
#: A page whose best text block has fewer Chinese characters (outside links) has no article.
MIN_BODY_CJK = 50


def _decode_html(data: bytes, source: str, encoding: str | None) -> str:
    if encoding:
        return decode_text(data, source, encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return decode_text(data, source, "utf-8-sig")
    declared = _CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        codec = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}.get(codec, codec)
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration lies (it often does on mirrors): detect instead
    return decode_text(data, source)


def _inline_text(node, out: list[str]) -> None:
    """Append the text of ``node`` to ``out``, with "\\n" between blocks and " " between cells."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":  # HTML whitespace: source line breaks are spaces, not paragraphs
            out.append(_HTML_SPACE.sub(" ", child.text(deep=False) or ""))
        elif tag in ("-comment",) or tag in _DROP_TAGS:
            continue
        elif tag in _BLOCK:
            out.append("\n")
            _inline_text(child, out)
            out.append("\n")
        elif tag in _CELL:
            out.append(" ")
            _inline_text(child, out)
            out.append(" ")
        else:
            _inline_text(child, out)


_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_WRAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r\n]+(?=[\u3000-\u9fff\uff00-\uffef])")


def _lines_of(node) -> list[str]:
    pieces: list[str] = []
    _inline_text(node, pieces)
    lines = []
    for chunk in "".join(pieces).split("\n"):
        chunk = _WRAP.sub("", chunk.replace("\xa0", " "))
        chunk = re.sub(r"[ \t\r\f\v]+", " ", chunk).strip(" \u3000")
        if chunk:
            lines.append(chunk)
    return lines


def _link_free_length(node) -> int:
    """Length of the CJK text in ``node`` that is not inside a link (link text is navigation)."""
    total = len(_CJK.findall(node.text(separator="")))
    linked = sum(len(_CJK.findall(a.text(separator=""))) for a in node.css("a"))
    return total - linked


def _best_container(body):
    """Return the node holding the article: a known CMS container, else the densest block."""
    for selector in _CONTENT_SELECTORS:
        for node in body.css(selector):
            if _link_free_length(node) >= MIN_BODY_CJK:
                return node
    scores: dict[int, list] = {}
    for para in body.css("p, br, td, div"):
        own = "".join(t.text(deep=False) or "" for t in para.iter(include_text=True) if t.tag == "-text")
        n = len(_CJK.findall(own))
        if n < 10:
            continue
        parent = para.parent if para.tag in ("p", "br") else para
        if parent is None:
            continue
        key = parent.mem_id
        scores.setdefault(key, [parent, 0])[1] += n
    if not scores:
        return None
    # The article is the block with most direct paragraph text; climb while a parent adds little.
    node, score = max(scores.values(), key=lambda pair: pair[1])
    return node if score >= MIN_BODY_CJK else None


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for attr in ("name", "property", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return node.attributes["content"].strip()
    return None


def _iso_date(text: str | None) -> str | None:
    if not text:
        return None
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


#: Lexbor's tree building slows with the square of the nesting depth (50,000 nested <div>
#: took 56 s) and the text is gathered by recursion; real pages nest below 100, so a page
#: nesting deeper than this is refused before parsing.
MAX_HTML_DEPTH = 500
_TAG = re.compile(r"<!--|<(script|style)\b[^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>", re.I)
# Void elements never open, and these close themselves when a sibling opens (<p><p>).
_NOT_NESTING = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                "track", "wbr", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead",
                "tbody", "tfoot", "html", "head", "body"}


def _check_nesting(html: str, source: str) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_HTML_DEPTH` (one linear scan:
    comments and scripts are skipped with ``str.find``, so an unclosed one ends the scan).

    Raises:
        InputError: the page nests too deep.
    """
    depth = deepest = at = 0
    lowered = None
    while (m := _TAG.search(html, at)) is not None:
        at = m.end()
        if m.group() == "<!--":
            end = html.find("-->", at)
            at = end + 3 if end >= 0 else len(html)
            continue
        if m.group(1):  # a script or style: its content is not markup
            lowered = lowered if lowered is not None else html.lower()
            end = lowered.find("</" + m.group(1).lower(), at)
            at = end if end >= 0 else len(html)
            continue
        name = m.group(3).lower()
        if m.group(4) or name in _NOT_NESTING:
            continue
        if m.group(2):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    if deepest > MAX_HTML_DEPTH:
        raise InputError(f"nests HTML elements {deepest:,} deep (limit {MAX_HTML_DEPTH:,})", path=source,
                         hint="this is not a page a browser shows as an article; save the report text as .txt")


def _read_html(data: bytes, source: str, encoding: str | None) -> tuple[str, dict[str, str]]:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise DependencyError("selectolax is not installed (needed for .html input)",
                              hint="pip install selectolax") from None
    html = _decode_html(data, source, encoding)
    _check_nesting(html, source)
    tree = LexborHTMLParser(html)
    meta: dict[str, str] = {"format": "html"}

    title = _meta(tree, "ArticleTitle", "og:title", "title")
    h1 = tree.css_first("h1")
    if not title and h1 is not None and len(h1.text(strip=True)) >= 6:
        title = h1.text(separator="", strip=True)
    if not title and tree.css_first("title") is not None:
        title = re.split(r"\s*[-_|—]+\s*(?=[^-_|—]*(?:网|政府|门户|网站)\s*$)", tree.css_first("title").text(strip=True))[0]
    url = _meta(tree, "Url", "og:url", "url")
    canonical = tree.css_first('link[rel="canonical"]')
    if not url and canonical is not None:
        url = canonical.attributes.get("href")
    if not url:
        saved = _SAVED_FROM.search(data[:4096])
        url = saved.group(1).decode("ascii", "replace") if saved else None
    published = _iso_date(_meta(tree, "PubDate", "pubdate", "publishdate", "article:published_time",
                                "firstpublishedtime"))

    body = tree.body
    if body is None:
        raise InputError("has no article body (only page chrome)", path=source,
                         hint="save the page that shows the report text")
    if not published:
        page_text = body.text(separator="\n")
        for match in _DATE_LABEL.finditer(page_text):
            published = _iso_date(page_text[match.end():match.end() + 20])
            if published:
                break
    for tag in _DROP_TAGS:
        for node in body.css(tag):
            node.decompose()
    for node in list(body.css("[class], [id]")):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME_ATTR.search(label) and _link_free_length(node) < 200:
            node.decompose()
    container = _best_container(body)
    if container is None:
        raise InputError("has no article body (only page chrome)", path=source,
                         hint="save the page that shows the report text")
    lines = [line for line in _lines_of(container) if not _CHROME_LINE.match(line)]
    if sum(len(_CJK.findall(line)) for line in lines) < MIN_BODY_CJK:
        raise InputError("has no article body (only page chrome)", path=source,
                         hint="save the page that shows the report text")
    if title and not any(_same(title, line) for line in lines[:3]):
        lines.insert(0, title)
    meta.update({"title": title or "", "url": url or "", "published": published or ""})
    return "\n".join(lines) + "\n", meta


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


# ------------------------------------------------------------------ DOCX
def _check_zip(data: bytes, source: str, limit: int) -> None:
    """Refuse a zip whose members declare more than ``limit`` bytes uncompressed.

    zipfile never inflates a member past its declared size, so checking the directory is
    enough to bound memory.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError("is not a valid Word .docx file (corrupt or truncated)", path=source,
                         hint="open and save it again in Word or WPS") from None
    declared = sum(info.file_size for info in infos)
    if declared > limit or len(infos) > 10_000:
        raise InputError(f"declares {_size(declared)} uncompressed in {len(infos)} parts, over the "
                         f"{_size(limit)} limit (zip bomb?)", path=source, hint="check where the file came from")
    if not any(info.filename == "word/document.xml" for info in infos):
        raise InputError("is a zip file but not a Word .docx document", path=source)


def _read_docx(data: bytes, source: str) -> tuple[str, dict[str, str]]:
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise DependencyError("python-docx is not installed (needed for .docx input)",
                              hint="pip install python-docx") from None
    _check_zip(data, source, MAX_UNZIPPED_BYTES)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
        props = document.core_properties
        title = props.title or ""
        created = props.created.date().isoformat() if props.created else ""
    except InputError:
        raise
    except Exception:  # python-docx/lxml/zipfile raise many kinds for a broken file
        raise InputError("is not a valid Word .docx file (corrupt or truncated)", path=source,
                         hint="open and save it again in Word or WPS") from None
    text = "\n".join(line.strip(" \u3000\t") for line in lines if line.strip())
    meta = {"format": "docx", "title": title}
    if created and not created.startswith("1900"):
        meta["created"] = created
    return text + "\n", meta


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        if cells:
            lines.append(" ".join(cells))
    return lines


# ------------------------------------------------------------------ PDF
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–·]*(?:第\s*)?[0-9一二三四五六七八九十]+\s*(?:页)?\s*(?:[/／]\s*(?:共\s*)?\d+\s*页?|共\s*\d+\s*页)?[\s\-—–·]*$"
    r"|^(?:page\s*)?\d+\s*(?:of\s*\d+)?$", re.I)
_END_PUNCT = tuple("。！？；：…”」』）)!?;:")
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳]|第[一二三四五六七八九十]+[部章节])")


def _read_pdf(data: bytes, source: str) -> tuple[str, dict[str, str]]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise DependencyError("pypdf is not installed (needed for .pdf input)", hint="pip install pypdf") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every odd font
    if b"%%EOF" not in data[-4096:]:
        # pypdf would rebuild a cut file and return its first pages as if they were all.
        raise InputError("is not a valid PDF (truncated: no %%EOF end marker)", path=source,
                         hint="export it again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("is an encrypted PDF", path=source, hint="remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = (info.title or "") if info else ""
    except InputError:
        raise
    except (PyPdfError, Exception):  # noqa: B014 - pypdf raises builtins on broken files
        raise InputError("is not a valid PDF (corrupt or truncated)", path=source,
                         hint="export it again") from None
    if not pages:
        raise InputError("is not a valid PDF (no pages)", path=source)
    if sum(len(p.strip()) for p in pages) < 20:
        raise InputError("has no text layer (scanned PDF?)", path=source, hint="run OCR on it first")
    return _pdf_text(pages), {"format": "pdf", "title": title.strip()}


def _pdf_text(pages: list[str]) -> str:
    """Join page texts: drop repeated headers/footers and page numbers, join hard wraps."""
    page_lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))

    repeated: set[str] = set()
    if len(page_lines) >= 2:
        counts: dict[str, int] = {}
        for lines in page_lines:
            for line in set(lines[:2] + lines[-2:]):
                counts[shape(line)] = counts.get(shape(line), 0) + 1
        repeated = {s for s, n in counts.items() if n >= max(2, (len(page_lines) + 1) // 2)}
    kept: list[str] = []
    for lines in page_lines:
        edge = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 2), len(lines)))
        for i, line in enumerate(lines):
            if i in edge and (shape(line) in repeated or _PAGE_NUMBER.match(line)):
                continue
            kept.append(line)
    if not kept:
        return ""
    widths = sorted(len(line) for line in kept)
    full = widths[int(len(widths) * 0.9)] if widths else 0  # the typical full line
    paragraphs: list[str] = []
    current = ""
    for line in kept:
        if current and not _ITEM_START.match(line):
            current = _join(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        heading = _ITEM_START.match(current) and "。" not in current and len(line) < full * 0.9
        if current.endswith(_END_PUNCT) or len(line) < full * 0.8 or heading:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs) + "\n"


def _join(left: str, right: str) -> str:
    if left[-1:].isascii() and right[:1].isascii() and left[-1:].isalnum() and right[:1].isalnum():
        return left + " " + right
    return left + right
