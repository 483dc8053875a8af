"""A failing command's published-vs-real diff, as rows any reporter can render.

Rows are unified-diff-like: `` `` same line, ``~`` equal after normalization
(the normalized spans of the real line are kept so the terminal can show
them), ``-`` published but missing, ``+`` printed but not published, and
``…`` for what an elision line absorbed or what the report leaves out.
Text is masked here, once, normalized rows included; on changed rows,
characters that would not show for what they are (a tab, a no-break or
zero-width space) get visible stand-ins (see ``visible``).

A report stays readable and bounded whatever the output, and never at the
cost of the difference that made the page fail: beyond ``MAX_ROWS`` rows
the changed rows are shown as hunks with a little context and everything
else is counted (see ``hunks``), and a line longer than ``MAX_LINE``
characters is cut, saying how much.  50 MB of output yields a few hundred
short rows, not 50 MB on the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..match import MatchResult, Span, Verdict, output_lines
from ..run.results import CommandResult
from . import hunks, visible
from .document import DiffRow, RowSign
from .masker import Masker
from .visible import Marks

MAX_ROWS = 200
MAX_LINE = 1000


@dataclass(frozen=True)
class Row:
    sign: str
    text: str
    spans: tuple[Span, ...] = ()
    marks: Marks = ()
    """Where ``text`` shows a stand-in for an invisible character (changed rows only)."""


def rows(result: CommandResult, mask: Masker, budget: int = MAX_ROWS) -> list[Row]:
    """The diff rows for ``result`` (real output alone when it has no match), bounded."""
    if result.match is None:
        raw = [Row("+", line) for line in output_lines(result.output)]
    else:
        raw = _rows(result.match)
    return _bounded(raw, mask, budget)


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


def _bounded(raw: list[Row], mask: Masker, budget: int) -> list[Row]:
    """The rows ``hunks.select`` keeps, masked, marked and cut; only kept rows cost."""
    signs = [row.sign for row in raw]
    partners = hunks.counterparts(signs)
    out: list[Row] = []
    for item in hunks.select(signs, budget):
        if isinstance(item, range):
            out.append(Row("…", hunks.describe(signs[i] for i in item)))
            continue
        partner = partners.get(item)
        other = None if partner is None else _cut(mask(raw[partner].text))[0]
        out.append(_finish(raw[item], mask, other))
    return out


def _cut(text: str) -> tuple[str, int]:
    """``text`` cut to ``MAX_LINE`` characters, and how many were cut."""
    return text[:MAX_LINE], max(0, len(text) - MAX_LINE)


def _finish(row: Row, mask: Masker, other: str | None) -> Row:
    """Masked first (a stand-in must not split a secret), then cut, then marked."""
    if row.sign == "…":
        return row
    masked = mask(row.text)
    # Spans point into the unmasked text: keep them only where masking moved nothing.
    spans = row.spans if masked == row.text else ()
    text, cut = _cut(masked)
    spans = tuple(s for s in spans if s.end <= MAX_LINE)
    marks: Marks = ()
    if row.sign in hunks.CHANGED:
        text, marks = visible.mark(text, other)
    if cut:
        text = f"{text}… ({cut} more characters)"
    return Row(row.sign, text, spans, marks)


def records(result: CommandResult, mask: Masker) -> tuple[DiffRow, ...]:
    """The rows a report document keeps: the same rows as the terminal's, as data."""
    return tuple(
        DiffRow(RowSign(row.sign), row.text, tuple((s.start, s.end) for s in row.spans))
        for row in rows(result, mask)
    )


def render_plain(rows: Sequence[DiffRow]) -> str:
    """Plain-text diff (JUnit, logs) of a document's rows; normalized spans as ``⟨…⟩``."""
    lines = list(hunks.HEADER)
    for row in rows:
        text = row.text
        for start, end in sorted(row.spans, reverse=True):
            text = f"{text[:start]}⟨{text[start:end]}⟩{text[end:]}"
        lines.append(f"{row.sign.value} {text}".rstrip())
    return "\n".join(lines)


def plain(result: CommandResult, mask: Masker) -> str:
    """Plain-text diff of ``result`` (see :func:`render_plain`)."""
    return render_plain(records(result, mask))
