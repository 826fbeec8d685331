"""Short labels that differ: cut long names so that the words telling them apart stay.

A plain cut at the end makes siblings read alike (every measure of an instrument view began
``认真落实《法治政府建设实施纲要(2…``). Labels are first cut in the middle, keeping the head
and the tail; labels that still collide show the window around their first difference.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

ELLIPSIS = "…"


def one_line(text: str) -> str:
    """Return ``text`` with runs of white space folded to one space.

    >>> one_line(" a\\n b ")
    'a b'
    """
    return " ".join(str(text).split())


def middle_cut(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters in the middle, keeping head and tail.

    >>> middle_cut("认真落实《法治政府建设实施纲要》全面推进依法行政", 12)
    '认真落实…面推进依法行政'
    """
    text = one_line(text)
    if len(text) <= limit:
        return text
    head = max(1, (limit - 1) * 2 // 5)
    tail = limit - 1 - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail > 0 else "")


def _window(text: str, at: int, limit: int) -> str:
    """Return ``limit`` characters of ``text`` around index ``at``, marked where cut."""
    start = max(0, min(at - 3, len(text) - limit))
    end = min(len(text), start + limit)
    out = text[start:end]
    if start > 0:
        out = ELLIPSIS + out[1:]
    if end < len(text):
        out = out[:-1] + ELLIPSIS
    return out


def distinct_labels(fulls: dict, limits: dict | int) -> dict:
    """Return ``{key: short label}`` so that different full names get different labels.

    Args:
        fulls: ``{key: full name}``.
        limits: the most characters per label, one number or ``{key: number}``.

    Returns:
        the labels; names that fit are kept whole.

    >>> labels = distinct_labels({1: "落实纲要,推进依法决策工作,完成全年任务",
    ...                           2: "落实纲要,推进执法公示工作,完成全年任务"}, 9)
    >>> labels[1], labels[2]
    ('…推进依法决策工…', '…推进执法公示工…')
    """
    limit_of = (lambda k: limits) if isinstance(limits, int) else (lambda k: limits.get(k, 18))
    full = {k: one_line(v) for k, v in fulls.items()}
    out = {k: middle_cut(v, limit_of(k)) for k, v in full.items()}
    for _round in range(2):
        groups: dict[str, list] = defaultdict(list)
        for k, label in out.items():
            groups[label].append(k)
        clashes = [ks for ks in groups.values() if len({full[k] for k in ks}) > 1]
        if not clashes:
            break
        for keys in clashes:
            texts = [full[k] for k in keys]
            prefix = _common_prefix(texts)
            for k in keys:
                out[k] = _window(full[k], prefix, limit_of(k))
            if len({out[k] for k in keys}) < len({full[k] for k in keys}):
                # the same words around the first difference: cut around the last one instead
                suffix = _common_prefix([t[::-1] for t in texts])
                for k in keys:
                    out[k] = _window(full[k], max(0, len(full[k]) - suffix - limit_of(k) + 4), limit_of(k))
    return out


def _common_prefix(texts: list[str]) -> int:
    """Return the length of the prefix every text in ``texts`` shares."""
    first = min(texts, key=len)
    for i, ch in enumerate(first):
        if any(t[i] != ch for t in texts):
            return i
    return len(first)


def text_width(text: str, font: float) -> float:
    """Return the drawn width of ``text`` at ``font`` pixels, erring wide (CJK is 1 em).

    >>> text_width("法治ab", 10)
    32.0
    """
    return sum(font if unicodedata.east_asian_width(c) in "WFA" else 0.6 * font for c in text)


def unit_level(label: str) -> int:
    """Return the administrative level a unit's name shows (for grouping the overview).

    Returns:
        0 central or unknown, 1 province, 2 city, 3 district or county, 4 street or township.

    >>> unit_level("北京市西城区人民政府广安门内街道办事处"), unit_level("云江市柳溪区司法局"), unit_level("国务院")
    (4, 3, 0)
    """
    import re

    if re.search(r"街道|[乡镇](人民政府|党委|政府)?$|[乡镇][^区县市]{0,8}$", label):
        return 4
    if re.search(r"[区县旗]", label):
        return 3
    if "市" in label or "州" in label:
        return 2
    if re.search(r"省|自治区|厅", label):
        return 1
    return 0


#: 省 / 市 / 区 segments that open a jurisdiction-qualified unit name
_REGION = re.compile(r"(.{1,8}?(?:省|自治区))?(.{1,6}?(?:市|州|盟))?(.{1,6}?(?:区|县|旗))?")


def unit_region(label: str) -> str:
    """Return the jurisdiction a unit's name opens with ("" when it names none).

    >>> unit_region("北京市西城区人民政府广安门内街道办事处"), unit_region("江阳市市场监督管理局"), unit_region("国务院")
    ('北京市西城区', '江阳市', '')
    """
    m = _REGION.match(label)
    return "".join(g for g in m.groups() if g) if m else ""
