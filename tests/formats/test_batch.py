"""extract_many: parallel, streamed, every input accounted for exactly once."""

from __future__ import annotations

import io
import os

import pytest
from fakes import FakeExtractor

from govkg.errors import InputError
from govkg.extract.batch import BatchSummary, content_hash, extract_many


def _reports(folder, n, prefix="r"):
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{prefix}{i:02d}.txt"
        path.write_text(f"第{i}号报告：全年办理行政复议案件{i}件。\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_every_input_once_in_any_order(tmp_path, workers):
    _reports(tmp_path / "in", 9)
    (tmp_path / "in" / "bug.txt").write_text("BUG 报告", encoding="utf-8")
    run = extract_many([tmp_path / "in", tmp_path / "missing.txt"], workers=workers,
                       extractor_factory=FakeExtractor)
    items = list(run)
    assert run.total == 11 and sorted(item.index for item in items) == list(range(11))
    assert (run.summary.processed, run.summary.skipped, len(run.summary.failed)) == (9, 0, 2)
    reasons = sorted(reason.replace(str(tmp_path), "") for _, reason in run.summary.failed)
    assert reasons == ["/in/bug.txt: internal error while extracting (ValueError: fake bug); please report this file",
                       "/missing.txt: no such file or folder"]


def test_batch_workers_are_processes_each_building_one_extractor(tmp_path):
    paths = _reports(tmp_path / "in", 12)
    run = extract_many(paths, workers=2, extractor_factory=FakeExtractor, force=True)
    seen: dict[str, set[str]] = {}
    for item in run:
        pid, serial, force = item.record.warnings
        seen.setdefault(pid, set()).add(serial)
        assert force == "force=True"
    assert run.workers == 2
    assert f"pid={os.getpid()}" not in seen
    assert all(len(serials) == 1 for serials in seen.values())


def test_batch_one_worker_runs_in_this_process(tmp_path):
    paths = _reports(tmp_path / "in", 3)
    pids = {item.record.warnings[0] for item in extract_many(paths, workers=1, extractor_factory=FakeExtractor)}
    assert pids == {f"pid={os.getpid()}"}


def test_batch_never_more_workers_than_files(tmp_path):
    paths = _reports(tmp_path / "in", 1)
    assert extract_many(paths, workers=8, extractor_factory=FakeExtractor).workers == 1


def test_batch_skips_duplicates_and_known_hashes(tmp_path):
    a, b, c = _reports(tmp_path / "in", 3)
    copy = tmp_path / "in" / "copy.txt"
    copy.write_bytes(a.read_bytes())
    run = extract_many([a, b, c, copy], workers=1, extractor_factory=FakeExtractor,
                       skip_hashes={content_hash(b.read_bytes())})
    items = {os.path.basename(item.path): item for item in run}
    assert [name for name, item in sorted(items.items()) if item.skipped] == ["copy.txt", "r01.txt"]
    assert items["copy.txt"].duplicate_of == str(a) and items["r01.txt"].duplicate_of is None
    assert (run.summary.processed, run.summary.skipped) == (2, 2)
    assert items["r00.txt"].content_hash == content_hash(a.read_bytes())


def test_batch_file_vanishing_mid_run_fails_alone(tmp_path):
    paths = _reports(tmp_path / "in", 3)
    vanish = paths[2]

    def delete_next(item):  # the parent reads lazily, so a file deleted now is read later
        if item.index == 0:
            vanish.unlink()

    run = extract_many(paths, workers=1, extractor_factory=FakeExtractor, progress=delete_next)
    items = sorted(run, key=lambda item: item.index)
    assert [item.ok for item in items] == [True, True, False]
    assert items[2].error.one_line() == f"{vanish}: no longer exists (deleted or moved before it was read)"


def test_batch_worker_crash_costs_only_its_file(tmp_path):
    paths = _reports(tmp_path / "in", 6)
    paths[2].write_text("CRASH 报告", encoding="utf-8")
    run = extract_many(paths, workers=2, extractor_factory=FakeExtractor)
    items = sorted(run, key=lambda item: item.index)
    assert [item.ok for item in items] == [True, True, False, True, True, True]
    assert items[2].error.one_line() == (f"{paths[2]}: a worker process died while extracting it "
                                         "(out of memory or a crash); try it alone with --workers 1")


def test_batch_reads_stdin(tmp_path):
    stream = io.BytesIO("全年办理行政复议案件3件。".encode("gb18030"))
    items = list(extract_many(["-"], workers=1, extractor_factory=FakeExtractor, stdin=stream))
    assert items[0].path == "<stdin>" and items[0].record.text == "全年办理行政复议案件3件。"


def test_batch_size_limit_applies(tmp_path):
    paths = _reports(tmp_path / "in", 2)
    paths[1].write_text("报告" * 600, encoding="utf-8")
    items = sorted(extract_many(paths, workers=1, max_bytes=1000, extractor_factory=FakeExtractor),
                   key=lambda item: item.index)
    assert items[1].error.one_line() == (f"{paths[1]}: is 3.5 KB, over the 1000 bytes limit; "
                                         "set GOVKG_MAX_BYTES to raise the limit")


@pytest.mark.parametrize("workers", [0, -2])
def test_batch_rejects_fewer_than_one_worker(workers):
    with pytest.raises(InputError, match="--workers must be at least 1"):
        extract_many(["x"], workers=workers)


def test_batch_summary_lines():
    summary = BatchSummary(processed=3, skipped=1, failed=[("a.pdf", "a.pdf: has no text layer (scanned PDF?)")])
    assert summary.lines() == ["processed 3, skipped 1, failed 1", "failed: a.pdf: has no text layer (scanned PDF?)"]


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_stops_when_the_extractor_cannot_be_built(tmp_path, workers):
    from fakes import UnbuildableExtractor

    from govkg.errors import DependencyError

    paths = _reports(tmp_path / "in", 5)
    with pytest.raises(DependencyError, match="zh_core_web_sm is not installed"):
        list(extract_many(paths, workers=workers, extractor_factory=UnbuildableExtractor))
