"""Issue 11, defect 5: killing ``govkg extract`` or ``load`` takes its workers along; SIGTERM
removes the partial output's temp file, and a later run removes one a SIGKILL left.

Real processes are started and really killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "county-government-2023.txt"


def govkg_popen(*args) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVKG_")}
    return subprocess.Popen([sys.executable, "-m", "govkg", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and " Z " not in Path(f"/proc/{pid}/stat").read_text()


def wait_until(check, seconds: float = 120) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(400):  # distinct bytes: repeated inputs would be skipped
        (folder / f"r{i:03d}.txt").write_text(text + f"\n附件{i}\n", encoding="utf-8")
    return folder


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
@pytest.mark.parametrize("command", ["extract", "load"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_kill_takes_workers_along(many_reports, tmp_path, command, sig):
    out = tmp_path / "out.nq"
    args = ["-o", out] if command == "extract" else ["--store", tmp_path / "store"]
    proc = govkg_popen(command, many_reports, *args, "--workers", "2")
    try:
        assert wait_until(lambda: len(children(proc.pid)) >= 2 and proc.poll() is None)
        if command == "extract":
            assert wait_until(lambda: temp_files(tmp_path) != [])
        workers = children(proc.pid)
        proc.send_signal(sig)
        code = proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert wait_until(lambda: not any(alive(w) for w in workers), 30)
    assert not out.exists()
    if sig == signal.SIGTERM:
        assert code == 143
        assert temp_files(tmp_path) == []


def test_later_run_removes_stale_temp_files(tmp_path):
    out = tmp_path / "out.nq"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.nq.{dead.pid}.k2j4h1.tmp"
    stale.write_bytes(b"<a> <b> <c> <d> .\n")
    live = tmp_path / f".out.nq.{os.getpid()}.abcdef.tmp"  # a writer that still runs: left alone
    live.write_bytes(b"")
    other = tmp_path / ".other.nq.1.x.tmp"
    other.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVKG_")}
    done = subprocess.run([sys.executable, "-m", "govkg", "extract", str(EXAMPLE), "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert temp_files(tmp_path) == sorted([live.name, other.name])
    assert out.exists()
