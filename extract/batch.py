"""Extract many reports with N worker processes, streamed: results come back as they finish.

The stable API, used by ``govkg extract`` and ``govkg load``::

    run = extract_many(["reports/", "extra.pdf"], workers=2, skip_hashes=already_loaded)
    print(run.total)                 # inputs found (files plus inputs that failed to expand)
    for item in run:                 # BatchItem, in completion order
        if item.record is not None:  # a ReportRecord: load or collect it
            ...
    print(run.summary.lines())       # processed / skipped / failed, each failure with its reason

How it works: the parent process expands the inputs, reads each file's bytes (size-checked),
hashes them (:func:`content_hash`) and skips a hash it has seen in this run or that is in
``skip_hashes``; workers decode, parse and extract. At most ``workers * 2`` files are in flight,
so memory is bounded by the per-file size limit, not by the batch size. Each worker builds
its :class:`~govkg.extract.pipeline.Extractor` once. ``workers=1`` runs in this process.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from govkg.errors import GovKGError, InputError

if TYPE_CHECKING:  # pragma: no cover
    from govkg.records import ReportRecord


def content_hash(data: bytes) -> str:
    """Return the content hash govkg uses to recognise an input it has seen: ``sha256:<hex>``.

    It is taken over the raw file bytes, before decoding, so it is cheap and stable.

    >>> content_hash(b"abc")[:15]
    'sha256:ba7816bf'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BatchItem:
    """The outcome for one input.

    Exactly one holds: ``record`` (or, in a run that serialises, ``serialized``) is set (extracted),
    ``error`` is set (failed), or ``skipped`` is true (its content hash was already seen or
    already loaded).

    Attributes:
        index: position of the input in the expanded input list (for a stable order).
        path: the file as named to the user (``-`` for standard input).
        record: the extracted report, or None (always None in a run that serialises).
        serialized: in a run given ``serialize``, what it made of the record (e.g. the
            report's graph as N-Quads), or None.
        warnings: the extracted report's warnings (also when the record itself is not sent).
        error: why it failed, or None.
        skipped: True when skipped for its content hash.
        content_hash: ``sha256:<hex>`` of the raw bytes, None when they could not be read.
        chars: length of the decoded text (0 unless extracted).
        duplicate_of: for a skipped input, the earlier input of this run with the same bytes
            (None when the hash came from ``skip_hashes``).
        fatal: the extractor itself could not be built (e.g. a missing model): not this
            file's fault, so the run stops and raises ``error``.
    """

    index: int
    path: str
    record: "ReportRecord | None" = None
    error: GovKGError | None = None
    skipped: bool = False
    content_hash: str | None = None
    chars: int = 0
    duplicate_of: str | None = None
    fatal: bool = False
    serialized: bytes | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the input was extracted."""
        return self.record is not None or self.serialized is not None


@dataclass
class BatchSummary:
    """Counts for a batch: processed, skipped and failed (each with its file and reason)."""

    processed: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    chars: int = 0

    def add(self, item: BatchItem) -> None:
        """Count one finished item."""
        if item.error is not None:
            self.failed.append((item.path, item.error.one_line()))
        elif item.skipped:
            self.skipped += 1
        else:
            self.processed += 1
            self.chars += item.chars

    @property
    def total(self) -> int:
        """Number of items counted."""
        return self.processed + self.skipped + len(self.failed)

    def lines(self) -> list[str]:
        """Return the summary as lines: one count line, then one line per failure."""
        head = f"processed {self.processed}, skipped {self.skipped}, failed {len(self.failed)}"
        return [head] + [f"failed: {reason}" for _, reason in self.failed]


# ------------------------------------------------------------------ workers
_EXTRACTOR = None  # one per process, built once; rebuilt only if force or factory change
_EXTRACTOR_KEY: tuple | None = None


def _init_worker(force: bool, factory: Callable[..., object] | None = None) -> None:
    """Build this process's Extractor and its pipeline (once per worker, on its first file)."""
    global _EXTRACTOR, _EXTRACTOR_KEY
    key = (force, factory)
    if factory is None:
        from govkg.extract.pipeline import Extractor as factory
    _EXTRACTOR = factory(force=force)
    getattr(_EXTRACTOR, "nlp", None)  # the Extractor builds its pipeline on first use: build it now
    _EXTRACTOR_KEY = key
    _tune_gc()


def _die_with_parent(parent: int) -> None:
    """Have Linux SIGKILL this worker when its parent dies, even by SIGKILL (elsewhere a no-op).

    Without it, killing ``govkg extract`` or ``load`` left its workers running (~116 MB each).
    """
    try:
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _tune_gc() -> None:
    """Make the cyclic garbage collector cheap for a long run of extractions.

    The pipeline's dictionaries and patterns live as long as the process: frozen, they are
    not scanned again. Extraction makes many short-lived objects and few cycles, so the
    youngest generation is collected every 20,000 allocations instead of 700 (about a tenth
    of the extraction time, measured).
    """
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _process(index: int, source: str, data: bytes, encoding: str | None, force: bool,
             digest: str, factory: Callable[..., object] | None = None,
             serialize: Callable[..., bytes] | None = None, record_hash: bool = False) -> BatchItem:
    """Parse and extract one input's bytes; never raises (errors come back in the item).

    With ``record_hash`` the record's metadata gets the input's hash (``source_sha256``);
    with ``serialize`` the item carries ``serialize(record)`` instead of the record.
    """
    global _EXTRACTOR
    from govkg.extract.text.readers import parse_document

    try:
        doc = parse_document(data, source, encoding=encoding)
        del data
    except GovKGError as exc:
        return BatchItem(index, source, error=exc, content_hash=digest)
    except Exception as exc:  # a reader bug must cost one file, not the batch
        error = GovKGError(f"internal error while reading ({type(exc).__name__}: {exc})", path=source,
                           hint="please report this file")
        return BatchItem(index, source, error=error, content_hash=digest)
    if _EXTRACTOR is None or _EXTRACTOR_KEY != (force, factory):
        try:
            _init_worker(force, factory)
        except Exception as exc:
            error = exc if isinstance(exc, GovKGError) else GovKGError(
                f"cannot build the extractor ({type(exc).__name__}: {exc})")
            return BatchItem(index, source, error=error, content_hash=digest, fatal=True)
    try:
        record = _EXTRACTOR.extract(doc)
    except GovKGError as exc:
        return BatchItem(index, source, error=exc, content_hash=digest)
    except MemoryError:
        return BatchItem(index, source, error=InputError("ran out of memory while extracting", path=source,
                                                          hint="split the file or raise the limits"),
                         content_hash=digest)
    except Exception as exc:  # a bug must cost one file, not the batch
        error = GovKGError(f"internal error while extracting ({type(exc).__name__}: {exc})", path=source,
                           hint="please report this file")
        return BatchItem(index, source, error=error, content_hash=digest)
    warnings = tuple(getattr(record, "warnings", ()))
    if record_hash:
        from dataclasses import replace

        record = replace(record, metadata=record.metadata + (("source_sha256", digest),))
    if serialize is None:
        return BatchItem(index, source, record=record, content_hash=digest, chars=len(doc.text), warnings=warnings)
    try:
        data = serialize(record)
    except Exception as exc:  # a bug must cost one file, not the batch
        error = GovKGError(f"internal error while writing its graph ({type(exc).__name__}: {exc})", path=source,
                           hint="please report this file")
        return BatchItem(index, source, error=error, content_hash=digest)
    return BatchItem(index, source, serialized=data, content_hash=digest, chars=len(doc.text), warnings=warnings)


# ------------------------------------------------------------------ the run
class BatchRun:
    """An iterator over :class:`BatchItem` for many inputs; see :func:`extract_many`.

    Attributes:
        total: number of items the run will yield (known before iterating).
        summary: the :class:`BatchSummary`, complete once iteration ends.
        workers: number of worker processes actually used (1 = in this process).
    """

    def __init__(self, inputs: Iterable[str | os.PathLike], *, workers: int | None = None, force: bool = False,
                 encoding: str | None = None, progress: Callable[[BatchItem], None] | None = None,
                 skip_hashes: Iterable[str] = frozenset(), max_bytes: int | None = None,
                 stdin: "object | None" = None, extractor_factory: Callable[..., object] | None = None,
                 serialize: Callable[..., bytes] | None = None, record_hash: bool = False):
        from govkg.extract.text.readers import iter_inputs

        self.serialize, self.record_hash = serialize, record_hash

        self._entries = iter_inputs([os.fspath(i) for i in inputs])
        self.total = len(self._entries)
        n_files = sum(isinstance(e, str) for e in self._entries)
        wanted = workers if workers is not None else (os.cpu_count() or 1)
        if wanted < 1:
            raise InputError(f"--workers must be at least 1, not {wanted}")
        self.workers = max(1, min(wanted, n_files))
        self.force = force
        self.encoding = encoding
        self.progress = progress
        self.skip_hashes = frozenset(skip_hashes)
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.factory = extractor_factory
        self.summary = BatchSummary()
        self._iter: Iterator[BatchItem] | None = None

    def __iter__(self) -> "BatchRun":
        return self

    def __next__(self) -> BatchItem:
        if self._iter is None:
            self._iter = self._run()
        item = next(self._iter)
        if item.fatal:
            self._iter.close()  # stops the workers
            raise item.error
        self.summary.add(item)
        if self.progress is not None:
            self.progress(item)
        return item

    # The parent reads and hashes; bytes go to the workers. Reading here keeps a vanished or
    # oversized file a one-line failure and lets a duplicate be skipped before any parsing.
    def _jobs(self) -> Iterator[BatchItem | tuple]:
        from govkg.extract.text.readers import STDIN_NAME, load_bytes

        seen: dict[str, str] = {}
        for index, path in enumerate(self._entries):
            if isinstance(path, GovKGError):
                yield BatchItem(index, path.path or "?", error=path)
                continue
            name = STDIN_NAME if path == "-" else path
            try:
                data = load_bytes(path, max_bytes=self.max_bytes, stdin=self.stdin)
            except GovKGError as exc:
                yield BatchItem(index, name, error=exc)
                continue
            digest = content_hash(data)
            if digest in self.skip_hashes:
                yield BatchItem(index, name, skipped=True, content_hash=digest)
            elif digest in seen:
                yield BatchItem(index, name, skipped=True, content_hash=digest, duplicate_of=seen[digest])
            else:
                seen[digest] = name
                yield (index, name, data, self.encoding, self.force, digest, self.factory, self.serialize,
                       self.record_hash)

    def _run(self) -> Iterator[BatchItem]:
        if self.workers == 1:
            for job in self._jobs():
                yield job if isinstance(job, BatchItem) else _process(*job)
            return
        yield from self._run_pool()

    def _prebuild_extractor(self) -> None:
        """Build the extractor here before the workers start, when they are forked: each
        inherits it instead of spending a second or more building its own. Elsewhere (spawn)
        and on any failure, each worker builds its own on its first file, as before."""
        import multiprocessing

        if multiprocessing.get_start_method(allow_none=False) != "fork":
            return
        if _EXTRACTOR is not None and _EXTRACTOR_KEY == (self.force, self.factory):
            return
        try:
            _init_worker(self.force, self.factory)
        except Exception:  # noqa: BLE001 - the workers report it, per file, as before
            pass

    def _run_pool(self) -> Iterator[BatchItem]:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        def new_pool() -> ProcessPoolExecutor:
            # Workers build their extractor on first use, so a failure to build it comes back
            # as an item (and stops the run) instead of breaking the pool.
            return ProcessPoolExecutor(self.workers, initializer=_die_with_parent, initargs=(os.getpid(),))

        self._prebuild_extractor()
        limit = self.workers * 2
        jobs = self._jobs()
        pending: dict = {}  # future -> job, at most ``limit`` of them
        pool = new_pool()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < limit:
                    job = next(jobs, None)
                    if job is None:
                        exhausted = True
                    elif isinstance(job, BatchItem):
                        yield job
                    else:
                        pending[pool.submit(_process, *job)] = job
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                suspects = []
                for future in done:
                    job = pending.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                if suspects:
                    # A worker died (a crash or the OOM killer) and took the pool with it; we
                    # cannot tell whose file did it, so each in-flight file is retried alone.
                    suspects.extend(pending.values())
                    pending.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                    for job in sorted(suspects, key=lambda j: j[0]):
                        try:
                            yield pool.submit(_process, *job).result()
                        except BrokenProcessPool:
                            yield BatchItem(job[0], job[1], content_hash=job[5], error=InputError(
                                "a worker process died while extracting it (out of memory or a crash)",
                                path=job[1], hint="try it alone with --workers 1"))
                            pool.shutdown(wait=False, cancel_futures=True)
                            pool = new_pool()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def extract_many(inputs: Iterable[str | os.PathLike], *, workers: int | None = None, force: bool = False,
                 encoding: str | None = None, progress: Callable[[BatchItem], None] | None = None,
                 skip_hashes: Iterable[str] = frozenset(), max_bytes: int | None = None,
                 stdin: "object | None" = None,
                 extractor_factory: Callable[..., object] | None = None,
                 serialize: Callable[..., bytes] | None = None, record_hash: bool = False) -> BatchRun:
    """Extract every report named by ``inputs`` (files, folders, globs, ``-``), in parallel.

    Never raises for one bad input: it comes back as a failed :class:`BatchItem`.

    Args:
        inputs: files, folders (searched recursively), glob patterns, or ``-`` for stdin.
        workers: worker processes; default ``os.cpu_count()``; 1 runs in this process.
            Never more than the number of files.
        force: extract texts that do not look like a report (passed to the Extractor).
        encoding: decode text files in this encoding instead of detecting it.
        progress: called with each item as it is yielded (for a progress bar).
        skip_hashes: content hashes (:func:`content_hash`) to skip, e.g. those already in a
            store; inputs repeating an earlier input of the same run are skipped too.
        max_bytes: per-file size limit (default ``readers.max_bytes()``, 20 MB or
            ``$GOVKG_MAX_BYTES``).
        stdin: a binary stream to read for ``-`` (default ``sys.stdin.buffer``).
        extractor_factory: called as ``factory(force=...)`` once per worker to build the
            extractor (default :class:`govkg.extract.pipeline.Extractor`); must be picklable.
        serialize: called in the worker on each record (e.g. ``govkg.graph.build.report_nquads``);
            the item then carries its bytes in ``serialized`` instead of the record: cheaper to
            send back, and the caller can stream them to a file or a store. Must be picklable.
        record_hash: add the input's content hash to each record's metadata
            (``source_sha256``, written as ``gov:sourceHash``).

    Returns:
        A :class:`BatchRun`: iterate it for items in completion order; ``.total`` is known
        at once and ``.summary`` is complete after the last item.

    Raises:
        InputError: ``workers`` is below 1.
        GovKGError: while iterating, when the extractor cannot be built at all (e.g. a
            missing language model): that is no single file's fault, so the run stops.
    """
    return BatchRun(inputs, workers=workers, force=force, encoding=encoding, progress=progress,
                    skip_hashes=skip_hashes, max_bytes=max_bytes, stdin=stdin,
                    extractor_factory=extractor_factory, serialize=serialize, record_hash=record_hash)
