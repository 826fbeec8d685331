"""HTTP Digest authentication (RFC 7616, MD5 and SHA-256, ``qop=auth``) for remote stores.

A stock Virtuoso protects its ``-auth`` endpoints with Digest, not Basic. The client answers
the server's challenge (a 401 with ``WWW-Authenticate: Digest ...``) and keeps it, so later
requests are authorised at once with the next nonce count.
"""

from __future__ import annotations

import hashlib
import os
import re

_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def parse_challenge(header: str) -> dict[str, str] | None:
    """Return the parameters of a ``Digest`` challenge, or None for another scheme.

    >>> parse_challenge('Digest realm="SPARQL", nonce="abc", qop="auth", opaque="x"')["nonce"]
    'abc'
    >>> parse_challenge('Basic realm="x"') is None
    True
    """
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PARAM.finditer(rest)}


class DigestAuth:
    """Answer Digest challenges for one user.

    Args:
        user: the user name.
        password: the password.
    """

    def __init__(self, user: str, password: str):
        self.user = user
        self.password = password
        self.challenge: dict[str, str] | None = None
        self._count = 0

    def accept(self, header: str) -> bool:
        """Keep the server's challenge from a ``WWW-Authenticate`` header; return False when it is not Digest."""
        challenge = parse_challenge(header)
        if challenge is None:
            return False
        self.challenge = challenge
        self._count = 0
        return True

    def header(self, method: str, uri: str) -> str | None:
        """Return the ``Authorization`` value for a request, or None before any challenge.

        >>> auth = DigestAuth("Mufasa", "Circle Of Life")
        >>> auth.accept('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')
        True
        >>> auth.header("GET", "/dir/index.html").split('response="')[1][:32]
        '670fd8c2df070c60b045671b8b24ff02'
        """
        c = self.challenge
        if c is None:
            return None
        algorithm = c.get("algorithm", "MD5")
        hash_name = {"MD5": "md5", "MD5-SESS": "md5", "SHA-256": "sha256", "SHA-256-SESS": "sha256"}.get(
            algorithm.upper(), "md5")

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode("utf-8")).hexdigest()

        realm, nonce = c.get("realm", ""), c.get("nonce", "")
        ha1 = h(f"{self.user}:{realm}:{self.password}")
        cnonce = os.urandom(8).hex()
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in c.get("qop", "").split(",") if q.strip()]
        parts = [f'username="{self.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"']
        if "auth" in qops:
            self._count += 1
            nc = f"{self._count:08x}"
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        parts.append(f'response="{response}"')
        if "algorithm" in c:
            parts.append(f"algorithm={algorithm}")
        if "opaque" in c:
            parts.append(f'opaque="{c["opaque"]}"')
        return "Digest " + ", ".join(parts)
