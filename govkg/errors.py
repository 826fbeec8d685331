"""The one error hierarchy of govkg: the library raises these, only the CLI prints them."""


class GovKGError(Exception):
    """Base of every error govkg raises on purpose.

    Args:
        message: what went wrong, in one line.
        path: the file or resource the problem is about, if any.
        hint: what the user can do about it, if anything.
    """

    def __init__(self, message: str, path: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.hint = hint

    def one_line(self) -> str:
        """Return ``<path>: <problem>; <hint>`` on one line (the CLI prefixes ``Error: ``)."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            text += f"; {self.hint}"
        return " ".join(text.split())


class InputError(GovKGError):
    """An input file is missing, unreadable, undecodable, empty or not a report."""


class NotAReportError(InputError):
    """The text reads fine but is not a 法治政府建设年度报告 (use --force to extract anyway)."""


class OutputError(GovKGError):
    """An output file cannot be written."""


class QueryError(GovKGError):
    """A SPARQL query is malformed, unknown or missing a parameter."""


class StoreError(GovKGError):
    """The triple store cannot be opened, is locked, or an endpoint failed."""


class ShapeError(GovKGError):
    """A graph does not conform to the SHACL shapes."""


class DependencyError(GovKGError):
    """An optional dependency is not installed."""
