"""Word segmentation for the spaCy pipeline: jieba's dictionary and algorithm, its HMM off.

The rules need word edges, not guesses, so jieba's HMM for unseen words stays off. Where the
C++ port ``jieba_fast_dat`` is installed (Linux x86-64 and macOS arm64 wheels), it is loaded with
jieba's own dictionary and our added words and cuts as jieba does, about ten times faster; elsewhere
jieba itself cuts. Either way :class:`WordTokenizer` turns the words into a spaCy ``Doc`` in one
linear pass (spaCy's own alignment re-slices the text for every word).
"""

from __future__ import annotations

import logging
import os
from typing import Callable, Iterable

Cut = Callable[[str], Iterable[str]]


def load_cut(added_words: Iterable[str], prefer_fast: bool = True) -> tuple[Cut, str]:
    """Return a dictionary-only ``cut(text)`` and the name of the library behind it.

    Raises:
        ImportError: jieba is not installed.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    added = list(added_words)
    if prefer_fast:
        try:
            import jieba_fast_dat
        except ImportError:
            pass
        else:
            jieba_fast_dat.setLogLevel(logging.WARNING)
            fast = jieba_fast_dat.Tokenizer(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))
            fast.initialize()  # cut() alone does not load the dictionary: it would cut characters
            for word in added:
                fast.add_word(word)
            return (lambda text: fast.cut(text, cut_all=False, HMM=False)), "jieba_fast_dat"
    tok = jieba.Tokenizer()
    for word in added:
        tok.add_word(word)
    return (lambda text: tok.cut(text, cut_all=False, HMM=False)), "jieba"


def words_and_spaces(pieces: Iterable[str]) -> tuple[list[str], list[bool]]:
    """Turn words that cover a text end to end into spaCy ``words`` and ``spaces``.

    The same result as ``spacy.util.get_words_and_spaces`` for such words: whitespace between
    two words becomes a token of its own, except one plain space right after a word, which
    becomes that word's trailing space.
    """
    words: list[str] = []
    spaces: list[bool] = []
    gap = ""
    for piece in pieces:
        if not piece:
            continue
        if piece.isspace():
            gap += piece
            continue
        if gap:
            _flush_gap(gap, words, spaces)
            gap = ""
        words.append(piece)
        spaces.append(False)
    if gap:
        _flush_gap(gap, words, spaces)
    return words, spaces


def _flush_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if words and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


class WordTokenizer:
    """A spaCy tokenizer: ``cut`` the text into words and build the ``Doc``."""

    def __init__(self, vocab, cut: Cut):
        self.vocab = vocab
        self.cut = cut

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words, spaces = words_and_spaces(self.cut(text))
        return Doc(self.vocab, words=words, spaces=spaces)
