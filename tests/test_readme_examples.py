"""The README's ``govkg visualize``, ``stats`` and ``query`` examples run as written.

Each indented example line is run from a copy of the layout the README assumes: the
repository's ``examples/`` and ``queries/``, ``out/examples.nq`` from the quick start, and the
default store ``govkg-data`` loaded from it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: the synopsis lines of "Commands" (``[--opt X]``, ``NAME|FILE``) are forms, not examples
SYNOPSIS = re.compile(r"\[--|\bNAME\b|\| GRAPH\]")
LINES = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
         if re.match(r"^    govkg (visualize|stats|query) ", line) and not SYNOPSIS.search(line)]


def _command(line: str) -> list[str]:
    """Return the argv of an example line, its trailing ``# comment`` dropped."""
    words = shlex.split(line, comments=True)
    return [sys.executable, "-m", "govkg", *words[1:]]


@pytest.fixture(scope="module")
def readme_dir(tmp_path_factory):
    here = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", here / "examples")
    shutil.copytree(ROOT / "queries", here / "queries")
    for argv in (["extract", "examples/", "-o", "out/examples.nq", "--workers", "1"],
                 ["load", "out/examples.nq"]):
        proc = subprocess.run([sys.executable, "-m", "govkg", *argv], cwd=here, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    return here


def test_readme_has_examples():
    assert len(LINES) >= 12


@pytest.mark.parametrize("line", LINES)
def test_readme_example_runs(readme_dir, line):
    proc = subprocess.run(_command(line), cwd=readme_dir, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert not proc.stderr.startswith("Error")
