"""``govkg extract`` on many and on bad inputs, through the real entry point."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sample

SENTINEL = b"# an older output file that a failed run must leave alone\n"


def govkg(*args: str, cwd=None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    env.pop("GOVKG_MAX_BYTES", None) if not env_extra or "GOVKG_MAX_BYTES" not in env_extra else None
    return subprocess.run([sys.executable, "-m", "govkg", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300, stdin=subprocess.DEVNULL)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


@pytest.mark.parametrize("kind", sorted(sample.BAD_INPUTS))
def test_cli_extract_bad_input_one_error_line_output_untouched(tmp_path, formats_dir, kind):
    path, reason = sample.write_bad(kind, tmp_path, formats_dir)
    out = tmp_path / "out.nq"
    out.write_bytes(SENTINEL)
    result = govkg("extract", str(path), "-o", str(out), "--workers", "2")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [f"Error: {path}: {reason}"]
    assert out.read_bytes() == SENTINEL
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "out.nq"])  # no temp file left


@pytest.mark.parametrize("make, reason", [
    (lambda d: d, "folder holds no report files (.txt, .html, .htm, .docx, .pdf)"),
    (lambda d: d / "gone.txt", "no such file or folder"),
    (lambda d: d / "*.pdf", "no file matches this pattern"),
])
def test_cli_extract_nothing_to_read(tmp_path, make, reason):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n")
    target = make(folder)
    out = tmp_path / "out.ttl"
    result = govkg("extract", str(target), "-o", str(out))
    assert result.returncode == 1
    assert error_lines(result.stderr) == [f"Error: {target}: {reason}"]
    assert not out.exists()


def test_cli_extract_size_limit_option(tmp_path, formats_dir):
    out = tmp_path / "out.nq"
    path = formats_dir / "utf8.txt"
    result = govkg("extract", str(path), "-o", str(out), "--max-size", "1KB")
    assert result.returncode == 1
    size = path.stat().st_size / 1024
    assert error_lines(result.stderr) == [
        f"Error: {path}: is {size:.1f} KB, over the 1.0 KB limit; set GOVKG_MAX_BYTES to raise the limit"]


def test_cli_extract_quiet_when_stderr_is_not_a_terminal(tmp_path, formats_dir):
    bad = [sample.write_bad(kind, tmp_path, formats_dir)[0] for kind in ("junk", "empty")]
    result = govkg("extract", *map(str, bad), "-o", str(tmp_path / "out.nq"))
    assert "\r" not in result.stderr and "report/s" not in result.stderr
    assert result.stderr.splitlines()[-1] == "processed 0, skipped 0, failed 2"


def test_cli_extract_progress_bar_on_a_terminal(tmp_path, formats_dir):
    import pty

    bad = [sample.write_bad(kind, tmp_path, formats_dir)[0] for kind in ("junk", "empty", "old_doc")]
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "govkg", "extract", *map(str, bad), "-o",
                             str(tmp_path / "out.nq"), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    seen = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "report/s" in seen and "3/3" in seen


# ---- the real extractor from here on: good files are extracted and written
def _needs_extractor():
    pytest.importorskip("govkg.extract.pipeline", reason="the extraction pipeline is not there yet")


def test_cli_extract_mixed_batch_writes_every_good_file(tmp_path, formats_dir):
    _needs_extractor()
    from rdflib import RDF

    from govkg.graph.io import read_dataset
    from govkg.ontology.namespace import GOV

    bad = {}
    for kind in ("truncated_docx", "zip_bomb", "scanned_pdf", "junk", "no_body", "huge"):
        path, reason = sample.write_bad(kind, tmp_path, formats_dir)
        bad[str(path)] = reason
    # Three different reports (a report's identity comes from its text), and one duplicate.
    east = tmp_path / "east.txt"
    east.write_bytes(sample.TEXT.replace("清源区", "东湖区").encode("gb18030"))
    west = tmp_path / "west.txt"
    west.write_bytes(sample.traditional(sample.TEXT.replace("清源区", "西岭区")).encode("big5"))
    good = [formats_dir / "page.html", east, west]
    out = tmp_path / "out.nq"
    out.write_bytes(SENTINEL)
    result = govkg("extract", *map(str, good), *bad, str(east), "-o", str(out), "--workers", "2")
    assert result.returncode == 1, result.stderr
    assert sorted(error_lines(result.stderr)) == sorted(f"Error: {p}: {r}" for p, r in bad.items())
    assert "processed 3, skipped 1, failed 6" in result.stderr.splitlines()
    reports = {s for s, _, _, _ in read_dataset(out).quads((None, RDF.type, GOV.Report, None))}
    assert len(reports) == 3


def test_cli_extract_reads_stdin(tmp_path, formats_dir):
    _needs_extractor()
    from rdflib import RDF

    from govkg.graph.io import read_dataset
    from govkg.ontology.namespace import GOV

    out = tmp_path / "out.ttl"
    with open(formats_dir / "gb18030.txt", "rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "govkg", "extract", "-", "-o", str(out)], stdin=stdin,
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len({s for s, _, _, _ in read_dataset(out).quads((None, RDF.type, GOV.Report, None))}) == 1
