"""Run the ``govkg`` console command as a user does, for the CLI tests of this folder."""

from __future__ import annotations

import os
import subprocess
import sys


def govkg(*args, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``python -m govkg ARGS`` without the caller's GOVKG_* settings (plus ``env``)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GOVKG_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "govkg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=full_env, stdin=subprocess.DEVNULL)


def error_line(proc) -> str:
    """Return the one line a failed command wrote to stderr (it must exit 1 and write one line)."""
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]
