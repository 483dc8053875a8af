"""How a site writes its shell sessions, read from its pages: the dialect ``init`` proposes.

Each setting of the dialect (config/options.py: ``prompt``, ``fence-language``,
``sessions``, ``comment-lines``, ``elisions``, ``no-output``, ``placeholders``)
is found with its evidence: how often, in how many fences, and the first
``file:line`` where a writer can look. The settings depend on each other in
that order: the prompts decide which fences are sessions, the sessions'
languages decide whether other fences of those languages are scripts, and
the commentary, markers, output habit and placeholders are read inside the
sessions, with the extractor's own lexer and parser.

A prompt is proposed only when the fences it opens parse as sessions: a
``/ # `` inside a fence whose first line has no prompt would only turn a
listing into a lint error. A bare ``# `` is proposed only when every such line
is followed by output, never by a comment or a prompt: in a shell fence a
``# `` line is nearly always a comment.

A setting the site's ``pyproject.toml`` already has is taken as given: the
settings after it are read with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..errors import PageError
from ..extract.console import LineKind, lex_console
from ..extract.pages import parse_page_lenient
from ..extract.parser import parse_region
from ..extract.patterns import prompted
from ..model import Block, Location, OutputPolicy, Sessions, Syntax
from .shapes import (
    assigned_names,
    elision_marker,
    placeholders_in,
    prints_nothing,
    prompt_shape,
    root_prompt,
)
from .survey import CANDIDATE_LANGUAGES, CandidateFence, Survey

T = TypeVar("T")

ROOT_PROMPT = "# "
NOT_PUBLISHED_SHARE = 0.1
"""``not-published`` when at least this share of the commands (and at least
:data:`NOT_PUBLISHED_AT_LEAST` of them) show no output although they print
something when they work: a site that publishes what its commands print
shows output under those."""
NOT_PUBLISHED_AT_LEAST = 3


@dataclass
class Tally:
    """How often something was seen, in how many fences, and the first place."""

    count: int = 0
    fences: set[Location] = field(default_factory=set)
    first: Location | None = None
    texts: dict[str, int] = field(default_factory=dict)
    """How the pages write it (a prompt pattern's texts), with counts."""

    def see(self, where: Location, fence: Location, text: str = "") -> None:
        self.count += 1
        self.fences.add(fence)
        if self.first is None or where < self.first:
            self.first = where
        if text:
            self.texts[text] = self.texts.get(text, 0) + 1

    def example(self) -> str:
        return f"e.g. {self.first}" if self.first else ""


@dataclass(frozen=True)
class Finding(Generic[T]):
    """One setting as the pages show it."""

    value: T | None
    """What to write; None: nothing to write (nothing of the kind was found)."""
    notes: tuple[str, ...]
    """What was found, one line each: counts and an example ``file:line``."""


@dataclass(frozen=True)
class Trial:
    """What extraction gives with the settings: sessions, commands and their problems."""

    pages: int
    sessions: int
    commands: int
    problems: tuple[PageError, ...]


@dataclass(frozen=True)
class Findings:
    """The dialect of a site. Each field is named like the RunnerConfig field (and so
    the option, config/options.py) it proposes a value for."""

    prompt: Finding[tuple[str, ...]]
    fence_language: Finding[tuple[str, ...]]
    sessions: Finding[Sessions]
    comment_lines: Finding[bool]
    elisions: Finding[tuple[str, ...]]
    no_output: Finding[OutputPolicy]
    placeholders: Finding[tuple[str, ...]]
    pages: int
    """Pages read."""
    syntax: Syntax
    """The dialect with the given settings and the found ones: what extraction uses."""
    trial: Trial


def quoted(text: str) -> str:
    """A value as TOML (and JSON) write it: ``"$ "``."""
    return json.dumps(text, ensure_ascii=False)


def _lines(fence: CandidateFence) -> Iterable[tuple[Location, str]]:
    path = fence.location.path
    for offset, line in enumerate(fence.region.lines):
        yield Location(path, fence.first_line + offset), line


def _has_prompt(fence: CandidateFence, prompts: tuple[str, ...]) -> bool:
    return prompted(fence.region.lines, prompts)


def _parses(fence: CandidateFence, syntax: Syntax) -> Block | None:
    try:
        return parse_region(fence.region, fence.location.path, syntax)
    except PageError:
        return None


# --- prompts ---------------------------------------------------------------------------------


def _prompt_tallies(fences: Iterable[CandidateFence]) -> tuple[dict[str, Tally], Tally]:
    """Every prompt shape seen at the start of a fence line, and ``# command`` lines."""
    tallies: dict[str, Tally] = {}
    roots = Tally()
    for fence in fences:
        for where, line in _lines(fence):
            seen = prompt_shape(line)
            if seen is not None:
                tallies.setdefault(seen.pattern, Tally()).see(where, fence.location, seen.text)
            if root_prompt(line) is not None:
                roots.see(where, fence.location)
    return tallies, roots


def _root_is_a_prompt(fences: Iterable[CandidateFence]) -> bool:
    """Whether every ``# command`` line of the fences is followed by output (a line that is
    neither blank, nor ``#``, nor another prompt), in two fences at least: a root shell."""
    seen = 0
    for fence in fences:
        lines = fence.region.lines
        found = False
        for k, line in enumerate(lines):
            if not line.startswith("#"):
                continue
            if root_prompt(line) is None:
                return False  # prose commentary in the same place: "# " is a comment here
            after = lines[k + 1] if k + 1 < len(lines) else ""
            if not after.strip() or after.startswith("#") or prompt_shape(after) is not None:
                return False
            found = True
        seen += found
    return seen >= 2


def _choose_prompts(survey: Survey) -> Finding[tuple[str, ...]]:
    tallies, roots = _prompt_tallies(survey.fences)
    fences_of: dict[str, list[CandidateFence]] = {}
    for fence in survey.fences:
        for pattern in {
            seen.pattern for line in fence.region.lines if (seen := prompt_shape(line))
        }:
            fences_of.setdefault(pattern, []).append(fence)
    if roots.count and _root_is_a_prompt(f for f in survey.fences if roots.fences & {f.location}):
        tallies[ROOT_PROMPT] = roots
        fences_of[ROOT_PROMPT] = [f for f in survey.fences if f.location in roots.fences]
    accepted: list[str] = []
    notes: list[str] = []
    refused: list[str] = []
    for pattern, tally in sorted(tallies.items(), key=lambda kv: (-kv[1].count, kv[0])):
        trial = Syntax(prompts=(*accepted, pattern), comment_lines=True)
        fences = fences_of.get(pattern, [])
        ok = sum(_parses(fence, trial) is not None for fence in fences)
        if ok and ok >= len(fences) - ok:
            accepted.append(pattern)
            notes.append(_describe_prompt(pattern, tally))
        else:
            refused.append(
                f"not {quoted(pattern)}: {tally.count} line(s) start with it "
                f"({tally.example()}), but the fences would not read as sessions"
            )
    if roots.count and ROOT_PROMPT not in tallies:
        refused.append(
            f"not {quoted(ROOT_PROMPT)}: {roots.count} line(s) start with '# ' and a command "
            f"word ({roots.example()}); a root prompt or a comment, which pages do not say"
        )
    return Finding(tuple(accepted) or None, (*notes, *refused))


def _describe_prompt(pattern: str, tally: Tally) -> str:
    texts = sorted(tally.texts, key=lambda t: -tally.texts[t])
    shown = ""
    if texts and texts != [pattern]:
        more = f" and {len(texts) - 2} more" if len(texts) > 2 else ""
        shown = ", as " + ", ".join(quoted(t) for t in texts[:2]) + more
    return (
        f"{quoted(pattern)}: {tally.count} command line(s) in {len(tally.fences)} fence(s)"
        f"{shown}, {tally.example()}"
    )


# --- languages and sessions ------------------------------------------------------------------


def _choose_languages(survey: Survey, syntax: Syntax) -> Finding[tuple[str, ...]]:
    sessions: dict[str, Tally] = {}
    broken: dict[str, Tally] = {}
    fences: dict[str, int] = {}
    for fence in survey.fences:
        fences[fence.language] = fences.get(fence.language, 0) + 1
        if not _has_prompt(fence, syntax.prompts):
            continue
        into = sessions if _parses(fence, syntax) is not None else broken
        into.setdefault(fence.language, Tally()).see(fence.location, fence.location)
    rank = {language: k for k, language in enumerate(CANDIDATE_LANGUAGES)}
    chosen = sorted(sessions, key=lambda lang: (-sessions[lang].count, rank[lang]))
    notes = [
        f"{_language(lang)}: {sessions[lang].count} session(s) in its {fences[lang]} fence(s), "
        f"{sessions[lang].example()}"
        for lang in chosen
    ]
    notes += [
        f"not {_language(lang)}: {tally.count} fence(s) with a prompt that do not read as "
        f"sessions, {tally.example()}"
        for lang, tally in sorted(broken.items(), key=lambda kv: rank[kv[0]])
        if lang not in sessions
    ]
    return Finding(tuple(chosen) or None, tuple(notes))


def _language(language: str) -> str:
    return quoted(language) + (" (untagged)" if not language else "")


def _choose_sessions(survey: Survey, syntax: Syntax) -> Finding[Sessions]:
    ours = [fence for fence in survey.fences if fence.language in syntax.languages]
    bare = Tally()
    for fence in ours:
        if not _has_prompt(fence, syntax.prompts):
            bare.see(fence.location, fence.location)
    names = ", ".join(_language(lang) for lang in syntax.languages)
    if bare.count:
        note = (
            f"{bare.count} of the {len(ours)} fences of {names} have no prompt line "
            f"(scripts, listings), {bare.example()}: only fences with a prompt are sessions"
        )
        return Finding(Sessions.PROMPTED, (note,))
    note = f"every one of the {len(ours)} fences of {names} has a prompt line"
    return Finding(Sessions.EVERY_FENCE, (note,))


def _sessions(survey: Survey, syntax: Syntax) -> list[CandidateFence]:
    every = syntax.sessions is Sessions.EVERY_FENCE
    return [
        fence
        for fence in survey.fences
        if fence.language in syntax.languages and (every or _has_prompt(fence, syntax.prompts))
    ]


# --- inside the sessions ---------------------------------------------------------------------


def _choose_comment_lines(sessions: list[CandidateFence], syntax: Syntax) -> Finding[bool]:
    before, after = Tally(), Tally()
    lenient = Syntax(prompts=syntax.prompts, languages=syntax.languages, comment_lines=True)
    for fence in sessions:
        try:
            lines = lex_console(fence.region.lines, fence.location.path, fence.first_line, lenient)
        except PageError:
            continue
        started = False
        for line in lines:
            started = started or line.kind is LineKind.COMMAND
            if line.kind is LineKind.COMMENT and line.raw.strip():
                (after if started else before).see(line.location, fence.location)
    if not before.count and not after.count:
        return Finding(False, ("no `#` line ends an output or comes before a first command",))
    notes = []
    if after.count:
        notes.append(
            f"{after.count} `#` line(s) end a command's output in {len(after.fences)} session(s), "
            f"{after.example()}"
        )
    if before.count:
        notes.append(
            f"{before.count} `#` line(s) come before the first command in "
            f"{len(before.fences)} session(s), {before.example()}"
        )
    return Finding(True, tuple(notes))


def _blocks(sessions: list[CandidateFence], syntax: Syntax) -> list[Block]:
    return [block for fence in sessions if (block := _parses(fence, syntax)) is not None]


def _choose_elisions(blocks: list[Block]) -> Finding[tuple[str, ...]]:
    markers: dict[str, Tally] = {}
    for block in blocks:
        for command in block.commands:
            start = command.expected.location.line
            for offset, line in enumerate(command.expected.lines):
                marker = elision_marker(line)
                if marker is not None:
                    where = Location(block.location.path, start + offset)
                    markers.setdefault(marker, Tally()).see(where, block.location)
    if not markers:
        return Finding(None, ("no whole-line marker besides [...] in the outputs",))
    chosen = sorted(markers, key=lambda m: (-markers[m].count, m))
    notes = tuple(
        f"{quoted(m)}: {markers[m].count} output line(s) in {len(markers[m].fences)} session(s), "
        f"{markers[m].example()}"
        for m in chosen
    )
    return Finding(tuple(chosen), notes)


def _choose_no_output(blocks: list[Block]) -> Finding[OutputPolicy]:
    commands = [command for block in blocks for command in block.commands]
    silent, unpublished = Tally(), Tally()
    for block in blocks:
        for command in block.commands:
            if any(line.strip() for line in command.expected.lines):
                continue
            into = silent if prints_nothing(command.text) else unpublished
            into.see(command.location, block.location)
    total = len(commands)
    counted = (
        f"{unpublished.count} of {total} commands show no output although they print something "
        f"when they work{', ' + unpublished.example() if unpublished.count else ''}; "
        f"{silent.count} more print nothing anyway (cd, export, > file)"
    )
    if unpublished.count >= max(NOT_PUBLISHED_AT_LEAST, NOT_PUBLISHED_SHARE * total):
        return Finding(OutputPolicy.NOT_PUBLISHED, (counted + ": their output is not published",))
    return Finding(
        OutputPolicy.PRINTS_NOTHING, (counted + ": a command shown without output prints none",)
    )


def _choose_placeholders(blocks: list[Block]) -> Finding[tuple[str, ...]]:
    shapes: dict[str, Tally] = {}
    assigned: dict[Path, set[str]] = {}
    for block in blocks:
        for command in block.commands:
            names = assigned.setdefault(block.location.path, set())
            names.update(assigned_names(command.text))
    for block in blocks:
        for command in block.commands:
            for shape, text in placeholders_in(command.text, assigned[block.location.path]):
                shapes.setdefault(shape, Tally()).see(command.location, block.location, text)
    if not shapes:
        return Finding(None, ("no <name> or YOUR_NAME placeholder in the commands",))
    chosen = sorted(shapes, key=lambda s: (-shapes[s].count, s))
    return Finding(tuple(chosen), tuple(_describe_placeholder(s, shapes[s]) for s in chosen))


def _describe_placeholder(shape: str, tally: Tally) -> str:
    texts = sorted(tally.texts, key=lambda t: (-tally.texts[t], t))
    more = f" and {len(texts) - 3} more" if len(texts) > 3 else ""
    return (
        f"{quoted(shape)}: {tally.count} in {len(tally.fences)} session(s), as "
        + ", ".join(texts[:3])
        + f"{more}, {tally.example()}"
    )


# --- all of it -------------------------------------------------------------------------------


def _given(finding: Finding[T], given: Mapping[str, Any], attribute: str) -> T | None:
    """The site's own choice where it made one, else what was found."""
    if attribute in given:
        chosen: T = given[attribute]
        return chosen
    return finding.value


def trial(survey: Survey, syntax: Syntax) -> Trial:
    """Extract every page with ``syntax``, as list and lint will."""
    sessions = commands = 0
    problems: list[PageError] = []
    for page in survey.pages:
        parsed, found = parse_page_lenient(page.text, page.path, "", str(page.path), syntax)
        sessions += len(parsed.blocks)
        commands += sum(len(block.commands) for block in parsed.blocks)
        problems.extend(found)
    return Trial(len(survey.pages), sessions, commands, (*survey.problems, *problems))


def detect(survey: Survey, given: Mapping[str, Any] | None = None) -> Findings:
    """The site's dialect; ``given`` holds the settings the site already chose (RunnerConfig
    values by field name), which the settings after them are read with."""
    given = given or {}
    default = Syntax()
    prompt = _choose_prompts(survey)
    prompts = _given(prompt, given, "prompt") or default.prompts
    language = _choose_languages(survey, Syntax(prompts=prompts, comment_lines=True))
    languages = _given(language, given, "fence_language") or default.languages
    sessions = _choose_sessions(survey, Syntax(prompts=prompts, languages=languages))
    mode = _given(sessions, given, "sessions") or default.sessions
    syntax = Syntax(prompts=prompts, languages=languages, sessions=mode)
    fences = _sessions(survey, syntax)
    comment = _choose_comment_lines(fences, syntax)
    comment_lines = _given(comment, given, "comment_lines")
    syntax = Syntax(
        prompts=prompts,
        languages=languages,
        sessions=mode,
        comment_lines=bool(comment_lines),
    )
    blocks = _blocks(fences, syntax)
    elisions = _choose_elisions(blocks)
    no_output = _choose_no_output(blocks)
    placeholders = _choose_placeholders(blocks)
    syntax = Syntax(
        prompts=prompts,
        languages=languages,
        sessions=mode,
        comment_lines=bool(comment_lines),
        elisions=_given(elisions, given, "elisions") or (),
        output=_given(no_output, given, "no_output") or default.output,
        placeholders=_given(placeholders, given, "placeholders") or (),
    )
    return Findings(
        prompt=prompt,
        fence_language=language,
        sessions=sessions,
        comment_lines=comment,
        elisions=elisions,
        no_output=no_output,
        placeholders=placeholders,
        pages=len(survey.pages),
        syntax=syntax,
        trial=trial(survey, syntax),
    )


__all__ = ["Finding", "Findings", "Tally", "Trial", "detect", "quoted", "trial"]
