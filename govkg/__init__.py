"""govkg: Chinese government rule-of-law reports (法治政府建设年度报告) as a knowledge graph.

Data flows one way: ``govkg.extract`` (text -> records) -> ``govkg.graph`` (records -> RDF)
-> ``govkg.queries`` / ``govkg.visual``; ``govkg.ontology`` is shared by all of them.
Importing this package does no work.
"""

__version__ = "0.1.0"
