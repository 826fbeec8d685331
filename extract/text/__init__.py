"""Text plumbing: reading files, cleaning page text, sentences and clauses, word segmentation, numerals.

Nothing here knows the genre's rules; the components in ``govkg.extract.components`` do.
"""
