"""A page file as update reads and writes it: same bytes back except the changed lines.

MkDocs reads pages as UTF-8 with an optional byte-order mark, and writers'
editors save LF or CRLF. Update must hand the file back the way it found
it: the BOM stays, the line endings stay, a symlinked page stays a link (the
file it points to is rewritten, atomically, with its permission bits). A
page whose line endings are mixed has no style to keep, so it is refused
with one message instead of being guessed at. Reading is extraction's own
reader (`encoding.read_page_text`), so update sees exactly the text verify saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError, ReportError
from ..model import Location
from .atomic import write_atomic
from .encoding import BOM, read_page_text


@dataclass(frozen=True)
class PageFile:
    path: Path
    """As the page was named (messages and diffs use this)."""
    target: Path
    """The file really written: ``path`` with symlinks resolved."""
    raw: bytes
    """The bytes read, to tell whether the page changed before writing."""
    bom: bool
    newline: str
    text: str
    """Decoded, without the BOM, every line ending as ``\\n``."""

    def encode(self, text: str) -> str:
        """``text`` (``\\n`` endings) in this file's style: its BOM and its line endings."""
        return (BOM if self.bom else "") + text.replace("\n", self.newline)

    @property
    def original(self) -> str:
        return self.encode(self.text)


def read(path: Path) -> PageFile:
    """Read ``path`` for updating, as extraction reads it (`read_page_text`).

    PageError (file:line) for what cannot be written back as it is: not
    UTF-8, a NUL byte, mixed line endings.
    """
    page = read_page_text(path)
    text = page.text.replace(page.newline, "\n") if page.newline != "\n" else page.text
    return PageFile(path, path.resolve(), page.encode(), page.bom, page.newline, text)


def _now(page: PageFile) -> bytes:
    try:
        return page.target.read_bytes()
    except OSError as exc:
        where = Location(page.path, 1)
        raise ReportError(f"cannot read page again: {exc.strerror}", where) from None


def check(page: PageFile) -> None:
    """PageError unless the file still holds what was read (ReportError if it cannot be read)."""
    if _now(page) != page.raw:
        raise PageError(Location(page.path, 1), "page changed since it was read; run update again")


def _write(page: PageFile, text: str) -> None:
    try:
        write_atomic(page.target, text)
    except OSError as exc:
        where = Location(page.path, 1)
        raise ReportError(f"cannot write page: {exc.strerror}", where) from None


def write(page: PageFile, text: str) -> None:
    """Write ``text`` over the page's file atomically, unless the file changed since it was read."""
    check(page)
    _write(page, page.encode(text))


def put_back(page: PageFile, written: str) -> None:
    """Give the file back the bytes it was read with, undoing `write` (``written``: its text).

    Only if the file still holds exactly what update wrote: a page its writer
    saved meanwhile is theirs, and is never overwritten (PageError).
    """
    if _now(page) != page.encode(written).encode("utf-8"):
        raise PageError(Location(page.path, 1), "page changed again since update wrote it")
    _write(page, page.raw.decode("utf-8"))  # read as UTF-8: these are the same bytes
