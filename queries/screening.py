"""What the ``govkg serve`` front checks in a SPARQL request before Oxigraph sees it.

Every query and update sent to the engine passes :func:`govkg.graph.guard.check_query`
(a query shaped to exhaust the engine's stack gets 400), and unless federation is allowed,
``SERVICE`` in a query or ``LOAD`` in an update gets 403: either makes the server fetch a
URL the client names.
"""

from __future__ import annotations

import urllib.parse

from govkg.errors import QueryError

QUERY_PATHS = ("/query", "/sparql")


def sparql_of(method: str, target: str, headers, body: bytes) -> tuple[str, str] | None:
    """Return ``("query" | "update", text)`` for a SPARQL Protocol request, else None.

    >>> sparql_of("GET", "/query?query=ASK%7B%7D", [], b"")
    ('query', 'ASK{}')
    >>> sparql_of("POST", "/update", [("Content-Type", "application/sparql-update")], b"CLEAR ALL")
    ('update', 'CLEAR ALL')
    """
    parts = urllib.parse.urlsplit(target)
    ctype = ""
    for name, value in headers:
        if name.lower() == "content-type":
            ctype = value.split(";")[0].strip().lower()
    url_form = urllib.parse.parse_qs(parts.query)
    if method in ("GET", "HEAD"):
        if "query" in url_form:
            return "query", url_form["query"][-1]
        if "update" in url_form:
            return "update", url_form["update"][-1]
        return None
    if method != "POST":
        return None
    if ctype == "application/sparql-query":
        return "query", body.decode("utf-8", "replace")
    if ctype == "application/sparql-update":
        return "update", body.decode("utf-8", "replace")
    if ctype == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "update" in form:
            return "update", form["update"][-1]
        if "query" in form:
            return "query", form["query"][-1]
    if "query" in url_form:
        return "query", url_form["query"][-1]
    return None


def screen(method: str, target: str, headers, body: bytes, *, allow_service: bool = False
           ) -> tuple[int, str] | None:
    """Return ``(status, message)`` refusing a request, or None to let it through.

    Args:
        method, target, headers, body: the HTTP request.
        allow_service: let queries use ``SERVICE`` and updates ``LOAD``.
    """
    from govkg.graph.guard import QUERY_LIMITS, UPDATE_LIMITS, check_query, uses_keyword

    found = sparql_of(method, target, headers, body)
    if found is None:
        return None
    kind, text = found
    try:
        check_query(text, QUERY_LIMITS if kind == "query" else UPDATE_LIMITS)
    except QueryError as exc:
        return 400, exc.one_line()
    if not allow_service:
        if uses_keyword(text, "SERVICE"):
            return 403, ("SERVICE (federated query) is refused: this server does not fetch other "
                         "endpoints; start it with --allow-service to allow it")
        if kind == "update" and uses_keyword(text, "LOAD"):
            return 403, "LOAD is refused: this server does not fetch URLs; start it with --allow-service to allow it"
    return None


def is_read(method: str, target: str, headers, body: bytes) -> bool:
    """Return True for a request that only reads (safe to send again after the engine restarted)."""
    if method in ("GET", "HEAD"):
        return True
    found = sparql_of(method, target, headers, body)
    return found is not None and found[0] == "query"
