"""Tell a rule-of-law report (法治政府建设年度报告) from other texts.

>>> looks_like_report("2020年,广内街道扎实推进法治政府建设,依法行政水平不断提高。")
True
>>> looks_like_report("2023年,本机关政府信息公开工作年度报告:主动公开政府信息120条。")
False
"""

from __future__ import annotations

import re

_SIGNALS = re.compile(r"法治政府|法治建设|依法行政|依法治[国省市县区镇]|法治[\u4e00-\u9fff]{0,2}建设|第一责任人")
_OTHER_GENRES = re.compile(r"政府信息公开(?:工作)?(?:年度)?报告|信息公开工作年度报告")


def looks_like_report(text: str) -> bool:
    """Return True when ``text`` reads like a rule-of-law report (or a part of one)."""
    head = text[:400]
    if _OTHER_GENRES.search(head) and not re.search(r"法治政府建设", head):
        return False
    signals = len(_SIGNALS.findall(text[:20000]))
    return signals >= 2 or (signals >= 1 and len(text) < 1500)
