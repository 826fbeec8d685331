"""``govkg extract`` streams N-Quads: same facts as the in-memory formats, same bytes for any
number of workers, input order kept, and a failed run leaves no file behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def govkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govkg", *args], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, env={**os.environ})


def quads(path: Path) -> set:
    import pyoxigraph as ox

    return set(ox.parse(path.read_bytes(), format=ox.RdfFormat.from_extension(path.suffix[1:])))


def facts(path: Path) -> set:
    """The quads of a file, decimals compared by value (Turtle writes 42 as 42.0)."""
    from decimal import Decimal

    import pyoxigraph as ox

    def norm(term):
        if isinstance(term, ox.Literal) and term.datatype.value.endswith("#decimal"):
            return ("decimal", Decimal(term.value))
        return term

    return {(q.subject, q.predicate, norm(q.object), q.graph_name) for q in quads(path)}


@pytest.fixture(scope="module")
def streamed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stream") / "examples.nq"
    result = govkg("extract", str(EXAMPLES), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    return out


def test_stream_same_quads_as_trig_built_in_memory(streamed, tmp_path):
    trig = tmp_path / "examples.trig"
    result = govkg("extract", str(EXAMPLES), "-o", str(trig), "--workers", "1")
    assert result.returncode == 0, result.stderr
    a, b = facts(streamed), facts(trig)
    assert len(a) > 1000 and a == b


def test_stream_same_bytes_for_one_and_two_workers_in_input_order(streamed, tmp_path):
    one = tmp_path / "one.nq"
    assert govkg("extract", str(EXAMPLES), "-o", str(one), "--workers", "1").returncode == 0
    assert one.read_bytes() == streamed.read_bytes()
    # reports follow the sorted input files: each report's first line names its source
    import pyoxigraph as ox

    sources = [q.object.value for q in ox.parse(one.read_bytes(), format=ox.RdfFormat.N_QUADS)
               if q.predicate.value == "http://purl.org/dc/terms/source" and isinstance(q.object, ox.Literal)]
    assert sources == sorted(str(p) for p in EXAMPLES.glob("*.txt"))


def test_stream_each_graph_is_one_report(streamed):
    import pyoxigraph as ox

    graphs = {q.graph_name.value for q in quads(streamed)}
    reports = {q.subject.value for q in quads(streamed)
               if q.predicate.value.endswith("#type") and q.object.value.endswith("ontology#Report")}
    assert graphs == reports and len(reports) == len(list(EXAMPLES.glob("*.txt")))
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads(streamed))


def test_stream_bad_file_among_good_ones_keeps_the_good(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "street-office-2022.txt", folder / "a.txt")
    (folder / "b.txt").write_bytes(bytes(range(256)) * 50)
    out = tmp_path / "out.nq"
    result = govkg("extract", str(folder), "-o", str(out), "--workers", "2")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")][0].startswith(
        f"Error: {folder / 'b.txt'}: ")
    assert len({q.graph_name for q in quads(out)}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.nq"]  # no temp file left


def test_stream_all_failed_writes_nothing(tmp_path):
    bad = tmp_path / "junk.txt"
    bad.write_bytes(bytes(range(256)) * 50)
    out = tmp_path / "out.nq"
    result = govkg("extract", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.txt"]
