"""A stand-in extractor for the batch tests: fast, no spaCy, and it can misbehave on cue."""

from __future__ import annotations

import itertools
import os

from govkg.records import ReportRecord

_BUILT = itertools.count(1)


class FakeExtractor:
    """Return a bare ReportRecord; ``BUG`` in the text raises, ``CRASH`` kills the process."""

    def __init__(self, force: bool = False):
        self.force = force
        self.serial = next(_BUILT)

    def extract(self, doc):
        if "CRASH" in doc.text:
            os._exit(3)
        if "BUG" in doc.text:
            raise ValueError("fake bug")
        return ReportRecord(doc_id=doc.source, source=doc.source, text=doc.text, title=doc.metadata.get("title"),
                            year=None, issued=None, reporting_unit=None,
                            warnings=(f"pid={os.getpid()}", f"serial={self.serial}", f"force={self.force}"))


class UnbuildableExtractor:
    """An extractor whose construction fails, like one whose language model is missing."""

    def __init__(self, force: bool = False):
        from govkg.errors import DependencyError

        raise DependencyError("the spaCy model zh_core_web_sm is not installed", hint="pip install it")
