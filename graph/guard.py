"""A cheap check every SPARQL query and update passes before any engine sees it.

Oxigraph parses and plans a query by recursion: 2,500 nested ``{ }``, 20,000 ``!`` in a row
or 3,000 ``OPTIONAL``/``MINUS``/``BIND`` blocks in one group overflow its stack and abort the
process (the embedded store takes Python down with it; the server loses its engine). The
guard measures what drives that recursion in one linear pass, with the text of strings,
IRIs and comments skipped, and refuses a query over the limits with a one-line
:class:`~govkg.errors.QueryError`. The limits are far above any query we write (the named
queries nest 6 deep and hold at most 5 such blocks) and far below what crashes the engine on
a 2 MB thread stack.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE " + "{" * 100 + " }" * 100)
Traceback (most recent call last):
...
govkg.errors.QueryError: query nests 100 levels deep (limit 64)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.errors import QueryError

# Strings, IRIs and comments first, so the brackets and words inside them are skipped.
_TOKENS = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3}      # long strings
  | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\n]|\\.)*"                 # short strings
  | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\s]*>                  # IRIs
  | \#[^\n]*                            # comments
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<unary>[!+\-](?:\s*[!+\-])*)     # a run of unary operators, e.g. !!!!true or - - -1
  | (?P<word>(?<![\w:?$])(?:OPTIONAL|MINUS|BIND|UNION|FILTER|VALUES|GRAPH|SERVICE)(?!\w))
''', re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """How much of each recursion driver a query may hold.

    Args:
        max_bytes: the query text's size in UTF-8 (0: no limit; updates carrying data have none).
        max_depth: brackets ``{ ( [`` open at once.
        max_unary: unary operators ``! + -`` in a row.
        max_blocks: ``OPTIONAL``/``MINUS``/``BIND``/``UNION``/``FILTER``/``VALUES``/``GRAPH``/``SERVICE`` in all.
    """

    max_bytes: int = 64 * 1024
    max_depth: int = 64
    max_unary: int = 64
    max_blocks: int = 256


QUERY_LIMITS = Limits()
#: updates (INSERT DATA of whole reports) are large but flat: no size limit
UPDATE_LIMITS = Limits(max_bytes=0)


def check_query(text: str, limits: Limits = QUERY_LIMITS) -> None:
    """Refuse a query or update whose shape would exhaust an engine's stack.

    Args:
        text: the SPARQL text.
        limits: the limits to apply (:data:`QUERY_LIMITS` or :data:`UPDATE_LIMITS`).

    Raises:
        QueryError: the text is over one of the limits (the message names which).
    """
    if limits.max_bytes and len(text) > limits.max_bytes // 4:  # cheap before encoding
        size = len(text.encode("utf-8"))
        if size > limits.max_bytes:
            raise QueryError(f"query is {size:,} bytes (limit {limits.max_bytes:,})",
                             hint="send a smaller query")
    depth = deepest = blocks = 0
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "unary":
            run = sum(1 for c in m.group() if c in "!+-")
            if run > limits.max_unary:
                raise QueryError(f"query holds {run} unary operators in a row (limit {limits.max_unary})",
                                 hint="simplify the expression")
        elif kind == "word":
            blocks += 1
    if deepest > limits.max_depth:
        raise QueryError(f"query nests {deepest} levels deep (limit {limits.max_depth})",
                         hint="flatten the query")
    if blocks > limits.max_blocks:
        raise QueryError(f"query holds {blocks} OPTIONAL/MINUS/BIND/UNION/FILTER/VALUES/GRAPH/SERVICE "
                         f"blocks (limit {limits.max_blocks})", hint="split the query")


_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?!\w)", re.IGNORECASE)
_LOAD = re.compile(r"(?<![\w:?$])LOAD(?!\w)", re.IGNORECASE)


def uses_keyword(text: str, keyword: str) -> bool:
    """Return True when ``keyword`` (``SERVICE`` or ``LOAD``) occurs outside strings, IRIs and comments.

    >>> uses_keyword('SELECT * { SERVICE <http://x> { ?s ?p ?o } }', "SERVICE")
    True
    >>> uses_keyword('SELECT * { ?s ?p "SERVICE" } # SERVICE', "SERVICE")
    False
    """
    pattern = {"SERVICE": _SERVICE, "LOAD": _LOAD}[keyword.upper()]
    for m in _BARE.finditer(text):
        if m.lastgroup == "code" and pattern.search(m.group()):
            return True
    return False


# The text between strings, IRIs and comments ("code"), in one pass.
_BARE = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3}
  | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\n]|\\.)*"
  | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\s]*>
  | \#[^\n]*
  | (?P<code>[^"'<\#]+|[<"'])
''', re.VERBOSE)
