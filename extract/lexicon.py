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
    """Return the words of ``data/<name>.txt`` as one regex alternation group body."""
    return "|".join(re.escape(w) for w in words(name))


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
            return settings(self._section)[key]
        except KeyError:
            raise AttributeError(f"data/settings.toml [{self._section}] has no {key!r}") from None


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
            chars = set()
            for kind, value in av:
                if kind is C.LITERAL:
                    chars.add(chr(value))
                elif kind is C.RANGE and value[1] - value[0] < 256:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    return None
            return frozenset(chars)
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
