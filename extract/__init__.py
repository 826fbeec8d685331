"""Extraction: report files -> cleaned text -> records (``govkg.records``).

Nothing here is imported at package import time; use ``govkg.extract.pipeline.Extractor``.
"""
