"""Visual layer: RDF -> networkx views (:mod:`.model`) -> one offline HTML page (:mod:`.render`).

Nothing is imported at package import time; pyvis and pyoxigraph load inside the functions
that need them. This layer reads graphs only: it never imports ``govkg.extract``.
"""
