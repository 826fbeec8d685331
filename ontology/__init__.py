"""The govkg ontology: Turtle files and a closed namespace for ``gov:`` terms.

This layer imports nothing else of govkg.
"""

from importlib import resources
from pathlib import Path

from govkg.ontology.namespace import GOV, ID_BASE, ONTOLOGY_IRI


def ontology_path() -> Path:
    """Return the path of ``govkg.ttl`` (the OWL ontology)."""
    return Path(str(resources.files(__package__) / "govkg.ttl"))


def shapes_path() -> Path:
    """Return the path of ``shapes.ttl`` (the SHACL shapes)."""
    return Path(str(resources.files(__package__) / "shapes.ttl"))


__all__ = ["GOV", "ID_BASE", "ONTOLOGY_IRI", "ontology_path", "shapes_path"]
