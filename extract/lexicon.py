"""Load the rule data files in ``extract/data/`` (patterns, word lists, alias tables).

Each file is read once, on first use. Lines starting with '#' are comments.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = (resources.files("govkg.extract") / "data" / name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """Return the words of ``data/<name>.txt`` (split on white space), longest first."""
    items = {w for ln in _lines(f"{name}.txt") for w in ln.split()}
    return tuple(sorted(items, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of ``data/<name>.tsv`` as tuples of tab-separated fields."""
    return tuple(tuple(f.strip() for f in ln.split("\t")) for ln in _lines(f"{name}.tsv"))


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[re.Pattern, ...]:
    """Return the compiled regular expressions of ``data/<name>.txt``, one per line."""
    return tuple(re.compile(p.strip()) for p in _lines(f"{name}.txt"))


@lru_cache(maxsize=None)
def alternation(name: str) -> str:
    """Return a regular expression matching the words of ``data/<name>.txt``, the longest first
    where several could match (a trie: :func:`literal_trie`)."""
    return literal_trie(words(name))


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern:
    """Return the regular expressions of ``data/<name>.txt`` (one a line) as one alternation."""
    return re.compile("(?:" + "|".join(f"(?:{p.strip()})" for p in _lines(f"{name}.txt")) + ")")


@lru_cache(maxsize=None)
def kinded_patterns(name: str) -> tuple[tuple[str, re.Pattern], ...]:
    """Return the ``(kind, compiled pattern)`` rows of ``data/<name>.tsv``."""
    return tuple((kind, re.compile(p)) for kind, p in table(name))


@lru_cache(maxsize=None)
def settings(section: str) -> dict[str, int | float | str]:
    """Return one section of ``data/settings.toml`` (thresholds of the rules).

    Raises:
        KeyError: the section does not exist.
    """
    import tomllib

    data = tomllib.loads((resources.files("govkg.extract") / "data" / "settings.toml").read_text(encoding="utf-8"))
    return data[section]


class Settings:
    """Typed access to one settings section, read on first use (importing costs nothing): a key
    the file does not hold is an error.

    >>> Settings("measures").label_max
    60
    """

    def __init__(self, section: str):
        self._section = section

    def __getattr__(self, key: str):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            value = settings(self._section)[key]
        except KeyError:
            raise AttributeError(f"data/settings.toml [{self._section}] has no {key!r}") from None
        setattr(self, key, value)  # read once: rules ask for thresholds on every clause
        return value


def edge_chars(pattern: str, last: bool = False) -> frozenset[str] | None:
    """Return the characters a match of ``pattern`` can start with (``last``: end with), or None
    when it could be any. Rules use it to search long alternations only where they can match.

    >>> sorted(edge_chars("(?:召开|组织)会议"))
    ['召', '组']
    >>> sorted(edge_chars("(?:局|厅)(?:办公室)?", last=True))
    ['厅', '室', '局']
    """
    from re import _parser

    return _edge(list(_parser.parse(pattern)), last)


def _class_chars(members, max_range: int) -> set[str] | None:
    """Return the characters of a parsed character class, or None when it is negated, holds a
    category (\\d) or a range of ``max_range`` characters or more."""
    from re import _constants as C

    chars = set()
    for kind, value in members:
        if kind is C.LITERAL:
            chars.add(chr(value))
        elif kind is C.RANGE and value[1] - value[0] < max_range:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return chars


def _edge(items, last: bool) -> frozenset[str] | None:
    from re import _constants as C

    order = range(len(items) - 1, -1, -1) if last else range(len(items))
    for i in order:
        op, av = items[i]
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero width: the character beside it decides
        if op is C.LITERAL:
            return frozenset(chr(av))
        if op is C.IN:
            chars = _class_chars(av, 256)
            return None if chars is None else frozenset(chars)
        if op is C.BRANCH:
            found = [_edge(list(branch), last) for branch in av[1]]
            return None if any(f is None for f in found) else frozenset().union(*found)
        if op is C.SUBPATTERN:
            return _edge(list(av[3]), last)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            inner = _edge(list(av[2]), last)
            # an optional part: what stands beside it may be the edge too
            beside = inner if av[0] > 0 else _edge(items[:i] if last else items[i + 1:], last)
            return None if inner is None or beside is None else inner | beside
        return None
    return None


def literal_trie(words) -> str:
    """Return a regular expression matching any of ``words``, the longest where several start at
    the same place, written as a trie so that a position tries one branch per distinct next
    character instead of every word (``re`` has no such index of its own).

    >>> literal_trie(["复议", "行政复议", "行政诉讼", "行政"])
    '(?:复议|行政(?:复议|诉讼)?)'
    >>> re.findall(literal_trie(["ab", "abc", "b"]), "abcab b")
    ['abc', 'ab', 'b']
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:  # a word ends here: what follows is optional, longer first
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return "(?:" + "|".join(re.escape(ch) + emit(child) for ch, child in sorted(root.items()) if ch) + ")"


class FirstCharAlternation:
    """An alternation of regular expressions looked up by the character a match starts with.

    Python's ``re`` tries the branches of an alternation one after the other at each position;
    with some fifty cue patterns that costs more than the rest of a clause's decision. Here each
    branch is filed under the characters it can start with (:func:`edge_chars`), so a position
    tries only the branches that can match there, in their order in ``branches``. A text holding
    none of the words a branch needs (:func:`anchor_words`) is not tried against it: a search of
    such a text ends at once, and a branch that may start with any character is left out.
    Matches are the same as those of ``"|".join(branches)``. Each character's pattern is
    compiled on first use.

    >>> alt = FirstCharAlternation(["(?P<a>召开[^,]*会议)", "(?P<b>会议)", "(?P<c>[0-9]+次)"])
    >>> alt.search("主持召开常务会议3次").lastgroup, alt.match("会议", 0).lastgroup
    ('a', 'b')
    >>> alt.match("开会", 0) is None, alt.search("共3次").group()
    (True, '3次')
    """

    def __init__(self, branches: list[str]):
        self._branches = list(branches)
        self._edges = [edge_chars(b) for b in self._branches]
        free = [b for b, e in zip(self._branches, self._edges) if e is None]
        #: the branches that may start with any character
        self._free = re.compile("|".join(free)) if free else None
        self._all = re.compile("|".join(self._branches)) if self._branches else re.compile(r"(?!)")
        chars = sorted(set().union(*(e for e in self._edges if e)))
        self._first = re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None
        self._by_char: dict[tuple[str, bool], re.Pattern | None] = {}
        anchors = [anchor_words(b) for b in self._branches]
        #: words one of which any match holds (:func:`anchor_words`), None when some branch has none:
        #: a text without any of them is not searched at all (most clauses hold no cue)
        self.anchors = None if not anchors or None in anchors else frozenset().union(*anchors)
        self._anchors = re.compile(literal_trie(self.anchors)) if self.anchors else None
        free_anchors = [a for a, e in zip(anchors, self._edges) if e is None]
        #: the same for the branches that may start anywhere: they are left out of a pattern
        #: wherever the text holds none of their words
        self._free_anchors = None if None in free_anchors or not free_anchors else \
            re.compile(literal_trie(frozenset().union(*free_anchors)))

    def _may_need_free(self, text: str) -> bool:
        """Return False when no branch that may start anywhere can match in ``text``."""
        if self._free is None:
            return False
        return self._free_anchors is None or self._free_anchors.search(text) is not None

    def _for(self, ch: str, with_free: bool) -> re.Pattern | None:
        try:
            return self._by_char[ch, with_free]
        except KeyError:
            mine = [b for b, e in zip(self._branches, self._edges) if (e is None and with_free) or (e and ch in e)]
            p = self._by_char[ch, with_free] = re.compile("|".join(mine)) if mine else None
            return p

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        """Return the match starting at ``pos`` (as ``re.Pattern.match``), or None."""
        with_free = self._may_need_free(text)
        if pos >= len(text):
            return self._free.match(text, pos) if with_free else None
        p = self._for(text[pos], with_free)
        return p.match(text, pos) if p else None

    def search(self, text: str) -> re.Match | None:
        """Return the leftmost match in ``text`` (as ``re.Pattern.search``), or None."""
        if self._anchors is not None and not self._anchors.search(text):
            return None
        if self._first is None or self._may_need_free(text):
            return self._all.search(text)
        by_char = self._by_char
        for hit in self._first.finditer(text):
            ch = hit.group()
            p = by_char.get((ch, False)) or self._for(ch, False)
            m = p.match(text, hit.start())
            if m:
                return m
        return None


def anchor_words(pattern: str, cap: int = 4000) -> frozenset[str] | None:
    """Return words one of which every match of ``pattern`` contains, as long as can be found
    (a run of the pattern's parts spelled out in full), or None when no such word is known.

    A cheap test before a costly search: where none of the words occurs, the pattern cannot match.

    >>> sorted(anchor_words("(?P<a>(?:领导|指导)下$)"))
    ['指导下', '领导下']
    >>> sorted(anchor_words("坚持以.{0,30}为(?:指导|引领)"))
    ['坚持以']
    >>> anchor_words("[^,]{2,8}") is None
    True
    """
    from re import _parser

    runs = _anchor_runs(list(_parser.parse(pattern)), cap)
    runs = [r for r in runs if r and "" not in r]
    if not runs:
        return None
    return frozenset(max(runs, key=lambda r: (min(map(len, r)), -len(r))))


def _anchor_runs(items, cap: int) -> list[set[str]]:
    """Spell out each run of consecutive parts of ``items`` that has a small finite set of spellings."""
    from re import _constants as C

    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    runs, run = [], {""}
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width: the parts on either side stand side by side
        spelled = _spell([(op, av)], cap)
        if spelled is not None and len(run) * len(spelled) <= cap:
            run = {a + b for a in run for b in spelled}
            continue
        runs.append(run)
        run = {""}
        if spelled is not None:
            run = set(spelled)
    runs.append(run)
    return runs


def _spell(items, cap: int) -> set[str] | None:
    """Return every spelling of ``items``, or None when there are too many or infinitely many."""
    from re import _constants as C

    out = {""}
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.LITERAL:
            part = {chr(av)}
        elif op is C.IN:
            part = _class_chars(av, 32)
        elif op is C.BRANCH:
            part = set()
            for alt in av[1]:
                spelled = _spell(list(alt), cap)
                if spelled is None:
                    return None
                part |= spelled
        elif op is C.SUBPATTERN:
            part = _spell(list(av[3]), cap)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[1] <= 3:
            inner = _spell(list(av[2]), cap)
            if inner is None:
                return None
            part, power = set(), {""}
            for n in range(av[1] + 1):
                if n >= av[0]:
                    part |= power
                power = {a + b for a in power for b in inner}
                if len(power) > cap:
                    return None
        else:
            return None
        if part is None or len(out) * len(part) > cap:
            return None
        out = {a + b for a in out for b in part}
    return out
