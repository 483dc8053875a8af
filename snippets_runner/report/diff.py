"""A failing command's published-vs-real diff, as rows any reporter can render.

Rows are unified-diff-like: `` `` same line, ``~`` equal after normalization
(the normalized spans of the real line are kept so the terminal can show
them), ``-`` published but missing, ``+`` printed but not published, and
``…`` for what an elision line absorbed or what the report leaves out.
Text is masked here, once, normalized rows included.

A report stays readable and bounded whatever the output: beyond
``MAX_ROWS`` rows only the first and last ``MAX_ROWS // 2`` are kept, with
one row counting what was left out, and a line longer than ``MAX_LINE``
characters is cut, saying how much.  50 MB of output yields a few hundred
short rows, not 50 MB on the terminal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..match import MatchResult, Span, Verdict, output_lines
from ..run.results import CommandResult
from .masker import Masker

MAX_ROWS = 200
MAX_LINE = 1000
_NAMES = {" ": "same", "~": "normalized", "-": "missing", "+": "extra", "…": "elided"}


@dataclass(frozen=True)
class Row:
    sign: str
    text: str
    spans: tuple[Span, ...] = ()


def rows(result: CommandResult, mask: Masker) -> list[Row]:
    """The diff rows for ``result`` (real output alone when it has no match), bounded."""
    if result.match is None:
        return _bounded([Row("+", line) for line in output_lines(result.output)], mask)
    return _bounded(_rows(result.match), mask)


def _rows(outcome: MatchResult) -> list[Row]:
    out: list[Row] = []
    for line in outcome.lines:
        if line.verdict is Verdict.ELIDED:
            if line.absorbed:
                out.append(Row("…", f"[...] absorbed {len(line.absorbed)} line(s)"))
        elif line.verdict is Verdict.EXACT:
            out.append(Row(" ", line.actual or ""))
        elif line.verdict is Verdict.NORMALIZED:
            out.append(Row("~", line.actual or "", line.spans))
        elif line.verdict is Verdict.MISSING:
            out.append(Row("-", line.expected or ""))
        else:
            out.append(Row("+", line.actual or ""))
    return out


def _bounded(raw: list[Row], mask: Masker) -> list[Row]:
    """Head and tail of ``raw`` with a count of the rest; masked and cut; only kept rows cost."""
    if len(raw) > MAX_ROWS:
        half = MAX_ROWS // 2
        left = Counter(row.sign for row in raw[half:-half])
        counts = ", ".join(f"{n} {_NAMES[sign]}" for sign, n in sorted(left.items()))
        skipped = Row("…", f"{len(raw) - 2 * half} row(s) not shown ({counts})")
        raw = [*raw[:half], skipped, *raw[-half:]]
    return [_finish(row, mask) for row in raw]


def _finish(row: Row, mask: Masker) -> Row:
    if row.sign == "…":
        return row
    masked = mask(row.text)
    # Spans point into the unmasked text: keep them only where masking moved nothing.
    spans = row.spans if masked == row.text else ()
    if len(masked) > MAX_LINE:
        cut = len(masked) - MAX_LINE
        masked = f"{masked[:MAX_LINE]}… ({cut} more characters)"
        spans = tuple(s for s in spans if s.end <= MAX_LINE)
    return Row(row.sign, masked, spans)


def plain(result: CommandResult, mask: Masker) -> str:
    """Plain-text diff (JUnit, logs); normalized spans as ``⟨…⟩``."""
    lines = ["--- published", "+++ real"]
    for row in rows(result, mask):
        text = row.text
        for span in sorted(row.spans, key=lambda s: s.start, reverse=True):
            text = f"{text[: span.start]}⟨{text[span.start : span.end]}⟩{text[span.end :]}"
        lines.append(f"{row.sign} {text}".rstrip())
    return "\n".join(lines)
