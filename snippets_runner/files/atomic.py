"""How the tool writes its files: whole or not at all, and private where they hold credentials.

Reports, pages, patches and sitemaps are written atomically, so a CI step
never reads half a JUnit file and a page is never left half written. The
kubeconfig a run writes for its shells holds a cluster's credentials: it is
the user's alone from the moment it exists.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename over ``path``.

    The new file keeps the old one's permission bits (mkstemp creates 0600,
    which would make an updated page unreadable to the web server); a new
    file gets the usual umask-derived mode.
    """
    import tempfile  # extraction reads pages through this package; only writers pay for it

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable and writable by this user only (0600), from creation."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
