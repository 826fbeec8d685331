"""Issue 11, defect 7: the same input gives the same bytes in every output format, run after run
(rdflib's indexes are hash-ordered, and the hash seed changes from process to process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
INPUTS = [EXAMPLES / "street-office-2022.txt"]


def extract(out: Path, seed: str) -> bytes:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GOVKG_")}, "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-m", "govkg", "extract", *map(str, INPUTS), "-o", str(out),
                           "--workers", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize("suffix", [".jsonld", ".trig", ".nt", ".ttl", ".nq"])
def test_output_deterministic_across_runs(tmp_path, suffix):
    first = extract(tmp_path / f"a{suffix}", "1")
    second = extract(tmp_path / f"b{suffix}", "2")
    assert first == second
