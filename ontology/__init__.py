"""The govkg ontology: Turtle files and a closed namespace for ``gov:`` terms.

This layer imports nothing else of govkg.
"""

from importlib import resources
from pathlib import Path

from functools import lru_cache

from govkg.ontology.namespace import CHECK_BASE, GOV, ID_BASE, INDICATOR_BASE, ONTOLOGY_IRI, TASK_AREA_BASE


def ontology_path() -> Path:
    """Return the path of ``govkg.ttl`` (the OWL ontology)."""
    return Path(str(resources.files(__package__) / "govkg.ttl"))


def shapes_path() -> Path:
    """Return the path of ``shapes.ttl`` (the SHACL shapes)."""
    return Path(str(resources.files(__package__) / "shapes.ttl"))


def scheme_path(name: str) -> Path:
    """Return the path of a SKOS scheme shipped here: ``task-areas``, ``indicators`` or ``checks``."""
    return Path(str(resources.files(__package__) / f"{name}.ttl"))


@lru_cache(maxsize=None)
def scheme_labels(name: str) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Return ``{notation: (concept IRI, zh prefLabel, zh altLabels)}`` of a shipped scheme.

    Read once per process (rdflib, a few milliseconds).

    >>> scheme_labels("task-areas")["TA07"][1]
    '健全社会矛盾纠纷行政预防调处化解体系'
    """
    from rdflib import Graph
    from rdflib.namespace import SKOS

    g = Graph().parse(scheme_path(name), format="turtle")
    out = {}
    for concept, notation in g.subject_objects(SKOS.notation):
        pref = next((str(x) for x in g.objects(concept, SKOS.prefLabel) if x.language == "zh"), str(notation))
        alts = tuple(sorted(str(x) for x in g.objects(concept, SKOS.altLabel) if x.language == "zh"))
        out[str(notation)] = (str(concept), pref, alts)
    return dict(sorted(out.items()))


__all__ = ["CHECK_BASE", "GOV", "ID_BASE", "INDICATOR_BASE", "ONTOLOGY_IRI", "TASK_AREA_BASE", "ontology_path",
           "scheme_labels", "scheme_path", "shapes_path"]
