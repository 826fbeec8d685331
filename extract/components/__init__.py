"""The spaCy components of the extraction pipeline, one module each.

Each component reads the ``doc._`` extensions it ``requires`` and sets the one extension it
``assigns`` (``doc._.structure``, ``doc._.units``, ...), as spaCy's own components declare
theirs. ``govkg.extract.pipeline`` puts them in order; :func:`register` declares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ComponentSpec:
    """A pipeline component: its factory name, function, the extension it sets and those it reads."""

    name: str
    func: Callable
    assigns: str
    requires: tuple[str, ...]

    def register(self) -> None:
        """Declare the component and its ``doc._`` extension with spaCy (once per process)."""
        from spacy.language import Language
        from spacy.tokens import Doc

        for ext in (self.assigns, *self.requires):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)
        if not Language.has_factory(self.name):
            Language.component(self.name, assigns=[f"doc._.{self.assigns}"],
                               requires=[f"doc._.{r}" for r in self.requires], func=self.func)
