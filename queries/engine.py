"""The Oxigraph server process behind ``govkg serve``, supervised: restarted on the same port
and store when it dies, and replaced when a query overruns the timeout.

Oxigraph cannot cancel a running query from outside (its own ``--timeout-s`` starts a
sleeping thread per query and lets an aggregate run on long after it), so a query that has
not answered by its deadline is stopped the only sure way: the process is killed and a
fresh one started on the same port. Requests that were in flight on it are retried by the
front (reads are idempotent). A streamed answer is cut by closing its connection, which
Oxigraph notices at its next write.

When the front is read-only, the child is ``oxigraph serve-read-only``: its private port
takes no writes from anyone. A read-only Oxigraph takes no lock, so the front itself holds
the store's RocksDB ``LOCK`` (the same POSIX record lock RocksDB takes) while it serves: a
``govkg load`` from another process finds the store locked instead of writing under a
reader (which Oxigraph documents as undefined behaviour).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
import time
from pathlib import Path

from govkg.errors import StoreError


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (a no-op elsewhere).

    Meant as a ``preexec_fn``: the child cannot outlive ``govkg serve`` even when that is
    killed with SIGKILL and has no chance to stop it.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class StoreLock:
    """Hold the POSIX record lock RocksDB uses on ``<store>/LOCK``, so no writer opens the store.

    Args:
        store: the store folder (holding RocksDB's ``LOCK`` file).

    Raises:
        StoreError: another process holds the lock.
    """

    def __init__(self, store: Path):
        import fcntl

        self.path = Path(store) / "LOCK"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise StoreError("store is locked by another process", path=str(store),
                             hint="stop the process that has it open (a govkg load or another server) "
                                  "and retry") from None

    def release(self) -> None:
        """Release the lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Engine:
    """One supervised ``oxigraph serve`` (or ``serve-read-only``) process on a fixed loopback port.

    Args:
        location: the store folder.
        port: the private loopback port (kept across restarts).
        read_only: run ``serve-read-only``.
        on_restart: called with the new process after each restart (e.g. to rewrite the
            server record).
    """

    def __init__(self, location: Path, port: int, *, read_only: bool = False, on_restart=None):
        self.location = Path(location)
        self.port = port
        self.read_only = read_only
        self.on_restart = on_restart
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self.replaced = 0
        self.generation = 0
        self._ready: asyncio.Event | None = None
        self._restarting: asyncio.Task | None = None
        self.stopping = False

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) the engine listens on."""
        return "127.0.0.1", self.port

    def start(self) -> subprocess.Popen:
        """Start the process and wait until it answers (blocking; for start-up, before the loop runs).

        Raises:
            DependencyError: the binary is missing.
            StoreError: the server did not start.
        """
        from govkg.queries.serve import start_oxigraph

        self.proc = start_oxigraph(self.location, self.port, read_only=self.read_only)
        self._started(self.proc)
        return self.proc

    async def start_async(self) -> subprocess.Popen:
        """Start the process from the event loop's thread and wait until it answers.

        The process is spawned by this thread on purpose: Linux sends the parent-death
        signal when the spawning *thread* ends, so a pool thread must not spawn it.

        Raises:
            StoreError: the server did not start.
        """
        from govkg.queries.serve import start_oxigraph, stop_process, wait_for_http

        proc = start_oxigraph(self.location, self.port, read_only=self.read_only, wait=False)
        try:
            await asyncio.to_thread(wait_for_http, f"http://127.0.0.1:{self.port}", proc)
        except BaseException:
            await asyncio.to_thread(stop_process, proc, 5.0)
            raise
        self.proc = proc
        self._started(proc)
        return proc

    def _started(self, proc: subprocess.Popen) -> None:
        self.generation += 1
        # Drain its stderr: a full pipe would block the server on its next log line.
        threading.Thread(target=_drain, args=(proc.stderr,), daemon=True).start()

    def alive(self) -> bool:
        """Return True while the process runs."""
        return self.proc is not None and self.proc.poll() is None

    async def wait_ready(self, deadline: float | None = None) -> bool:
        """Wait until the engine is up again, restarting it if it died (at most until ``deadline``,
        a ``time.monotonic()`` value, or 30 s); return True when it is up."""
        deadline = time.monotonic() + 30.0 if deadline is None else deadline
        if not self.alive() and not self.stopping:
            self.restart(kill=False)
        task = self._restarting
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                return False
        else:
            await asyncio.sleep(0.05)  # it died a moment ago and the watcher has not seen it yet
        return self.alive()

    def restart(self, *, kill: bool) -> asyncio.Task:
        """Replace the process (killing it first when ``kill``); one restart at a time.

        Returns:
            The task doing the restart (awaitable).
        """
        task = self._restarting
        if task is not None and not task.done():
            return task
        generation = self.generation
        self._restarting = asyncio.get_running_loop().create_task(self._restart(kill, generation))
        return self._restarting

    async def _restart(self, kill: bool, generation: int) -> None:
        from govkg.queries.serve import stop_process

        if self.stopping or generation != self.generation:
            return
        old = self.proc
        if kill:
            self.replaced += 1
            if old is not None and old.poll() is None:
                old.kill()
        else:
            self.restarts += 1
        if old is not None:
            await asyncio.to_thread(stop_process, old, 5.0)
        delay = 0.05
        while not self.stopping:
            try:
                proc = await self.start_async()
            except StoreError:
                # the port or the store lock may be held a moment longer by the dying process
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            if self.on_restart:
                self.on_restart(proc)
            return

    def stop(self) -> None:
        """Stop the process for good (blocking)."""
        from govkg.queries.serve import stop_process

        self.stopping = True
        if self.proc is not None:
            stop_process(self.proc)


def _drain(stream) -> None:
    try:
        while stream.read(65536):
            pass
    except (OSError, ValueError):
        pass  # closed by stop_process
