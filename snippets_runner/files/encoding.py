"""A page's bytes as MkDocs reads them: UTF-8, an optional byte-order mark, one line-ending style.

Writers hand us anything: binary files, broken encodings, huge pages. Each
becomes one PageError naming the file (and line where there is one). What
is read here is what extraction parses and what update writes back, so both
see the same text and the writer keeps the BOM and the newline style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError
from ..model import Location

MAX_BYTES = 4 * 1024 * 1024
"""Far above any real page; beyond it we refuse rather than stall a build."""

BOM = "\ufeff"
"""The byte-order mark as text: MkDocs decodes pages as ``utf-8-sig``, so it is not text."""
UTF8_BOM = BOM.encode("utf-8")
"""The same mark as a file's first three bytes (a report written by PowerShell has it)."""
_ENDINGS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class PageText:
    """A page as MkDocs reads it, plus what a writer needs to save it back unchanged.

    MkDocs decodes pages as `utf-8-sig`: a leading byte-order mark is not
    text. `text` is the page without it (so front matter is found and line
    numbers are those of an editor); `bom` says whether to write it back.
    `newline` is the page's one line-ending style ("\\n", "\\r\\n" or "\\r");
    `text` keeps its endings as they are on disk.
    """

    text: str
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str | None = None) -> bytes:
        """`text` (default: this page's) as the file's bytes: BOM restored when there was one."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def _newline(text: str, path: Path) -> str:
    """The page's line-ending style; a page that mixes styles is refused at its first odd line."""
    if "\r" not in text:  # the common cases, without walking every line
        return "\n"
    crlf = text.count("\r\n")
    if crlf == text.count("\n") == text.count("\r"):
        return "\r\n"
    first: str | None = None
    line = 1
    for match in _ENDINGS.finditer(text):
        ending = match.group()
        if first is None:
            first = ending
        elif ending != first:
            raise PageError(
                Location(path, line),
                f"mixed line endings: this line ends in {_NAMES[ending]}, line 1 in "
                f"{_NAMES[first]}; save the page with one style",
            )
        line += 1
    return first or "\n"


_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


def read_page_text(path: Path) -> PageText:
    """Read a page exactly as MkDocs does (UTF-8, optional BOM), refusing what is not a page.

    Shared by extraction and the update writer, so both see the same text
    and the writer can keep the BOM and the newline style.
    """
    text = read_text(path)
    bom = text.startswith(BOM)
    if bom:
        text = text[len(BOM) :]
    return PageText(text, bom, _newline(text, path))


def read_text(path: Path) -> str:
    """Decode a page as UTF-8 (BOM kept), pointing at the first bad line if it is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(Location(path, 1), f"cannot read page: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise PageError(
            Location(path, 1),
            f"page is {len(data) // 1024} KiB, over the {MAX_BYTES // 1024} KiB limit; split it",
        )
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise PageError(Location(path, line), "not a text file (contains a NUL byte)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PageError(Location(path, line), "not valid UTF-8") from None


def read_lenient(path: Path) -> str:
    """A page's text whatever it holds: bytes that are not UTF-8 replaced, the BOM kept.

    For readers that must never refuse a page (what a page publishes, for
    masking); OSError is the caller's to handle.
    """
    return path.read_bytes().decode("utf-8", errors="replace")


def read_at_most(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path`` (all of a smaller file); OSError as it comes.

    Ask for one byte more than a reader accepts to tell a file that is too large."""
    with path.open("rb") as fh:
        return fh.read(size)
