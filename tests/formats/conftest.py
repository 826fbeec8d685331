"""Fixtures for the input-format tests: the sample report written in every format."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import sample  # noqa: E402  (the helper module next to this file)


@pytest.fixture(scope="session")
def formats_dir(tmp_path_factory) -> Path:
    """Return a folder holding the sample report in every format (see ``sample.WRITERS``)."""
    folder = tmp_path_factory.mktemp("formats")
    for name, write in sample.WRITERS.items():
        write(folder / name)
    return folder
