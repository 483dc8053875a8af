"""A failing command's published-vs-real diff, as rows any reporter can render.

Rows are unified-diff-like: `` `` same line, ``~`` equal after normalization
(the normalized spans of the real line are kept so the terminal can show
them), ``-`` published but missing, ``+`` printed but not published, and
``…`` for what an elision line absorbed.  Text is masked here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..match import MatchResult, Verdict
from ..match.matcher import Span, output_lines
from ..run.results import CommandResult
from .masker import Masker


@dataclass(frozen=True)
class Row:
    sign: str
    text: str
    spans: tuple[Span, ...] = ()


def rows(result: CommandResult, mask: Masker) -> list[Row]:
    """The diff rows for ``result`` (real output alone when it has no match)."""
    if result.match is None:
        return [Row("+", mask(line)) for line in output_lines(result.output)]
    return _rows(result.match, mask)


def _rows(outcome: MatchResult, mask: Masker) -> list[Row]:
    out: list[Row] = []
    elided = 0
    for line in outcome.lines:
        if line.verdict is Verdict.ELIDED:
            elided += line.actual is not None
            continue
        if elided:
            out.append(Row("…", f"[...] absorbed {elided} line(s)"))
            elided = 0
        if line.verdict is Verdict.EXACT:
            out.append(Row(" ", mask(line.actual or "")))
        elif line.verdict is Verdict.NORMALIZED:
            text = line.actual or ""
            masked = mask(text)
            out.append(Row("~", masked, line.spans if masked == text else ()))
        elif line.verdict is Verdict.MISSING:
            out.append(Row("-", mask(line.expected or "")))
        else:
            out.append(Row("+", mask(line.actual or "")))
    if elided:
        out.append(Row("…", f"[...] absorbed {elided} line(s)"))
    return out


def plain(result: CommandResult, mask: Masker) -> str:
    """Plain-text diff (JUnit, logs); normalized spans as ``⟨…⟩``."""
    lines = ["--- published", "+++ real"]
    for row in rows(result, mask):
        text = row.text
        for span in sorted(row.spans, key=lambda s: s.start, reverse=True):
            text = f"{text[: span.start]}⟨{text[span.start : span.end]}⟩{text[span.end :]}"
        lines.append(f"{row.sign} {text}".rstrip())
    return "\n".join(lines)
