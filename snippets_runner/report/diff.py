"""A failing command's published-vs-real diff, as rows any reporter can render.

Rows are unified-diff-like: `` `` same line, ``~`` equal after normalization
(the normalized spans of the real line are kept so the terminal can show
them), ``-`` published but missing, ``+`` printed but not published, and
``…`` for what an elision line absorbed or what the report leaves out.
Text is masked here, once, normalized rows included, each row as part of
its side's whole text (a secret's base64 wrapped over lines is masked on
every line it touches); on changed rows, characters that would not show for
what they are (a tab, a no-break or zero-width space) get visible stand-ins
(see ``visible``). A changed row that reads the same as the line it
replaces once both are masked says that it ``differs inside a masked
secret``, without showing how.

A report stays readable and bounded whatever the output, and never at the
cost of the difference that made the page fail: beyond ``MAX_ROWS`` rows
the changed rows are shown as hunks with a little context and everything
else is counted (see ``hunks``), and a line longer than ``MAX_LINE``
characters is cut, saying how much.  50 MB of output yields a few hundred
short rows, not 50 MB on the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..match import MatchResult, NormalizedSpan, Verdict, output_lines
from ..run.results import CommandResult
from ..secrets import HIDDEN_DIFFERENCE, MASK, Masker
from ..textdiff import hunks, visible
from ..textdiff.visible import Marks
from .document import DiffRow, RowSign

MAX_ROWS = 200
MAX_LINE = 1000


@dataclass(frozen=True)
class MarkedRow:
    """A diff row as the terminal shows it: its spans and the marks of its stand-ins.

    The report document keeps the same rows as data (``document.DiffRow``, see
    :func:`records`); a table row of real output is ``match.tables.TableRow``.
    """

    sign: str
    text: str
    spans: tuple[NormalizedSpan, ...] = ()
    marks: Marks = ()
    """Where ``text`` shows a stand-in for an invisible character (changed rows only)."""
    at: int = field(default=-1, compare=False)
    """Which line of its side (published for ``-``, real otherwise) the row shows."""


Shown = Callable[[MarkedRow], str]
"""A row's text, masked as part of its side's whole text."""


def rows(result: CommandResult, mask: Masker, budget: int = MAX_ROWS) -> list[MarkedRow]:
    """The diff rows for ``result`` (real output alone when it has no match), bounded."""
    if result.match is None:
        real: list[str] = list(output_lines(result.output))
        raw = [MarkedRow("+", line, at=i) for i, line in enumerate(real)]
        published: list[str] = []
    else:
        raw, real, published = _rows(result.match)
    masked_real, masked_published = mask.context(real), mask.context(published)

    def shown(row: MarkedRow) -> str:
        return (masked_published if row.sign == "-" else masked_real)(row.at)

    return _bounded(raw, shown, budget)


def _rows(outcome: MatchResult) -> tuple[list[MarkedRow], list[str], list[str]]:
    """The rows, and the real and published lines they are taken from, in order."""
    out: list[MarkedRow] = []
    real: list[str] = []
    published: list[str] = []
    for line in outcome.lines:
        if line.verdict is Verdict.ELIDED:
            if line.absorbed:
                out.append(MarkedRow("…", f"[...] absorbed {len(line.absorbed)} line(s)"))
            real.extend(line.absorbed)
            published.append(line.expected or "")
        elif line.verdict is Verdict.MISSING:
            out.append(MarkedRow("-", line.expected or "", at=len(published)))
            published.append(line.expected or "")
        else:
            sign = {Verdict.EXACT: " ", Verdict.NORMALIZED: "~"}.get(line.verdict, "+")
            out.append(
                MarkedRow(sign, line.actual or "", line.spans if sign == "~" else (), at=len(real))
            )
            real.append(line.actual or "")
            if sign != "+":
                published.append(line.expected or "")
    return out, real, published


def _bounded(raw: list[MarkedRow], shown: Shown, budget: int) -> list[MarkedRow]:
    """The rows ``hunks.select`` keeps, masked, marked and cut; only kept rows cost."""
    signs = [row.sign for row in raw]
    partners = hunks.counterparts(signs)
    out: list[MarkedRow] = []
    for item in hunks.select(signs, budget):
        if isinstance(item, range):
            out.append(MarkedRow("…", hunks.describe(signs[i] for i in item)))
            continue
        row, partner = raw[item], partners.get(item)
        masked = shown(row)
        other = None if partner is None else _cut(shown(raw[partner]))[0]
        hidden = (
            row.sign == "+"
            and partner is not None
            and MASK in masked
            and masked == shown(raw[partner])
            and row.text != raw[partner].text
        )
        out.append(_finish(row, masked, other, hidden))
    return out


def _cut(text: str) -> tuple[str, int]:
    """``text`` cut to ``MAX_LINE`` characters, and how many were cut."""
    return text[:MAX_LINE], max(0, len(text) - MAX_LINE)


def _finish(row: MarkedRow, masked: str, other: str | None, hidden: bool = False) -> MarkedRow:
    """Masked first (a stand-in must not split a secret), then cut, then marked.

    ``hidden``: the row and the line it replaces differ only inside masked values."""
    if row.sign == "…":
        return row
    # Spans point into the unmasked text: keep them only where masking moved nothing.
    text, cut = _cut(masked)
    spans = _apart(row.spans, len(text)) if masked == row.text else ()
    marks: Marks = ()
    if row.sign in hunks.CHANGED:
        text, marks = visible.mark(text, other)
    if cut:
        text = f"{text}… ({cut} more characters)"
    if hidden:
        text = f"{text}  ({HIDDEN_DIFFERENCE})"
    return MarkedRow(row.sign, text, spans, marks)


def _apart(spans: Sequence[NormalizedSpan], length: int) -> tuple[NormalizedSpan, ...]:
    """The spans a report keeps: inside the first ``length`` characters, in order, none
    overlapping or repeating another (what report.document reads back).

    Matching gives a loosened empty table cell an empty span at the row's start, after
    the spans of the cells before it: sorted, it is one more empty span, never a report
    that its readers refuse.
    """
    kept: list[NormalizedSpan] = []
    at, before = 0, (-1, -1)
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if at <= span.start <= span.end <= length and (span.start, span.end) != before:
            kept.append(span)
            at, before = span.end, (span.start, span.end)
    return tuple(kept)


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
        lines.append(f"{row.sign.value} {_bracketed(row.text, row.spans)}".rstrip())
    return "\n".join(lines)


def _bracketed(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span in ``⟨…⟩``, in one pass: each character is copied once.

    A loaded report's spans are in order, inside the row and apart (report.document
    refuses others); a part of a span outside that is left unmarked, never copied twice.
    """
    if not spans:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start > end:
            continue
        pieces += (text[at:start], "⟨", text[start:end], "⟩")
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def plain(result: CommandResult, mask: Masker) -> str:
    """Plain-text diff of ``result`` (see :func:`render_plain`)."""
    return render_plain(records(result, mask))
