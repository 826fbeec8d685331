"""Graph layer: records (``govkg.records``) -> RDF datasets, read/write, SHACL validation.

Nothing is imported at package import time; use the submodules, e.g.
``govkg.graph.validate.validate_graph``.
"""
