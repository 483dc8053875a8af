"""A page file as update reads and writes it: same bytes back except the changed lines.

MkDocs reads pages as UTF-8 with an optional byte-order mark, and writers'
editors save LF or CRLF. Update must hand the file back the way it found
it: the BOM stays, the line endings stay, a symlinked page stays a link (the
file it points to is rewritten, atomically, with its permission bits). A
page whose line endings are mixed has no style to keep, so it is refused
with one message instead of being guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError, ReportError
from ..model import Location
from ..report.atomic import write_atomic

BOM = "\ufeff"


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


_NAMES = {"\r\n": "CRLF", "\n": "LF"}
_STRAY_CR = "a carriage return inside a line: save the page with LF or CRLF line endings"


def _newline(text: str, path: Path) -> str:
    """The one line ending style of ``text``; PageError naming the first line that breaks it."""
    first: str | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        style = "\r\n" if line.endswith("\r") and not last else "\n"
        body = line[:-1] if style == "\r\n" else line
        if "\r" in body:
            raise PageError(Location(path, number), _STRAY_CR)
        if last:
            break
        if first is not None and style != first:
            raise PageError(
                Location(path, number),
                f"mixed line endings: this line ends with {_NAMES[style]}, the first line "
                f"with {_NAMES[first]}; save the page with one style before updating it",
            )
        first = first or style
    return first or "\n"


def read(path: Path) -> PageFile:
    """Read ``path`` for updating; PageError (file:line) when it cannot be written back as is."""
    target = path.resolve()
    try:
        raw = target.read_bytes()
    except OSError as exc:
        raise PageError(Location(path, 1), f"cannot read page: {exc.strerror}") from None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PageError(Location(path, line), "not valid UTF-8") from None
    bom = decoded.startswith(BOM)
    decoded = decoded.removeprefix(BOM)
    newline = _newline(decoded, path)
    return PageFile(path, target, raw, bom, newline, decoded.replace("\r\n", "\n"))


def write(page: PageFile, text: str) -> None:
    """Write ``text`` over the page's file atomically, unless the file changed since it was read."""
    try:
        now = page.target.read_bytes()
    except OSError as exc:
        raise ReportError(f"{page.path}: cannot read page again: {exc.strerror}") from None
    if now != page.raw:
        raise PageError(Location(page.path, 1), "page changed since it was read; run update again")
    try:
        write_atomic(page.target, page.encode(text))
    except OSError as exc:
        raise ReportError(f"{page.path}: cannot write page: {exc.strerror}") from None
