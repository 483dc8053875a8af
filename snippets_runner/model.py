"""The typed, immutable model every stage of the pipeline shares.

Every object that came from a page carries the `Location` it came from, so
that any later stage (lint, verify, report, update) can point a writer at the
exact `file:line` without going back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

ELISION = "[...]"
"""An output line that stands for any number of lines the page chose to leave out."""


class Sessions(Enum):
    """Which fences of the session languages are sessions."""

    EVERY_FENCE = "every-fence"
    """Every fence of those languages is a session: one without a prompt line is an
    error (a mistyped prompt is caught). The project's own site works this way."""
    PROMPTED = "prompted"
    """Only fences with a prompt line are sessions; the others (scripts, listings,
    output) are the site's own business, neither run nor errors."""


class OutputPolicy(Enum):
    """What a command under which the page publishes no output line is checked for."""

    PRINTS_NOTHING = "prints-nothing"
    """It prints nothing: any output fails it (the project's own site)."""
    NOT_PUBLISHED = "not-published"
    """Its output is not published: it runs and its exit status is checked, its output
    is not compared, and reports count it apart ("ran, output not compared")."""


@dataclass(frozen=True)
class Includes:
    """The site's pymdownx.snippets settings: ``--8<--`` lines the site replaces by files.

    Read from mkdocs.yml's ``markdown_extensions``; extraction expands a page with the
    extension itself, as the site renders it. Downloads are never made (the runner
    reads a site offline): an included URL is reported, not fetched.
    """

    base_paths: tuple[Path, ...]
    """Absolute folders snippet paths are relative to (the extension's ``base_path``,
    resolved against the folder of mkdocs.yml, where ``mkdocs build`` runs)."""
    restrict_base_path: bool = True
    check_paths: bool = False
    auto_append: tuple[str, ...] = ()
    dedent_subsections: bool = False
    encoding: str = "utf-8"
    url_download: bool = False
    """Whether the site downloads ``--8<-- "https://..."``: then readers see what the
    runner cannot read offline, and each such include is a problem at its line."""


@dataclass(frozen=True)
class Syntax:
    """How a site writes its sessions: fence languages, prompts and the dialect inside.

    The runner configuration chooses it (``prompt``, ``fence-language``,
    ``sessions``, ``comment-lines``, ``elisions``, ``no-output``,
    ``placeholders``); extraction, the site's renderer and update all take the
    same value, so a site that writes ``$`` prompts in ``shell-session`` fences
    works end to end. The first prompt and language are the ones the tool writes.
    """

    prompts: tuple[str, ...] = ("~$",)
    """Each a literal, or a pattern where ``*`` stands for a run of non-blank characters
    (``[*]$ `` for ``[cluster-1]$ ``, ``*@*:*$ `` for ``user@host:~/dir$ ``)."""
    languages: tuple[str, ...] = ("console",)
    """Fence languages whose fences hold sessions; "" is an untagged fence."""
    sessions: Sessions = Sessions.EVERY_FENCE
    comment_lines: bool = False
    """Whether ``#`` lines that end a command's output (or come before the first
    command) are the writer's commentary, not expected output."""
    elisions: tuple[str, ...] = ()
    """Whole-line markers that elide output, besides ``[...]`` (``...``, ``(snip)``)."""
    output: OutputPolicy = OutputPolicy.PRINTS_NOTHING
    placeholders: tuple[str, ...] = ()
    """Patterns of placeholders in commands (``<*>``, ``YOUR_*``): a command holding one
    is not run unless the page gives it a value."""
    includes: Includes | None = None
    """The site's ``--8<--`` includes (mkdocs.yml, not the runner configuration);
    None: the site does not use pymdownx.snippets."""

    @property
    def prompt(self) -> str:
        """The prompt the tool writes (update, the site's renderer)."""
        return self.prompts[0]

    @property
    def language(self) -> str:
        """The fence language the tool writes."""
        return self.languages[0]


DEFAULT_SYNTAX = Syntax()

MAX_SECONDS = 86_400.0
"""The longest timeout (or retry window) anything accepts: a day.

A nightly job has no use for more, and the shell's poll() takes milliseconds
in a C int: a larger value (``timeout="1e9"``) would crash the run instead of
being refused where it was written.
"""


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line in a file; printed the way editors and CI annotate it."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class BlockOptions:
    """Options a writer puts after `console` in the fence's info string.

    `timeout` and `retry` are seconds; None means "use the run's default" for
    the timeout and "do not retry" for retry. `exit` is the status the block's
    last command is expected to end with (every earlier command must end with 0).
    """

    timeout: float | None = None
    retry: float | None = None
    exit: int = 0
    skip: bool = False
    kubernetes: str | None = None
    """The Kubernetes releases whose output this block publishes (``>=1.36``, ``<1.36``,
    ``1.35``; clauses joined by commas all hold): a variant for the releases it names.
    On any other release its commands are not run (skipped for another release)."""
    output: OutputPolicy | None = None
    """``output="not-published"`` (or ``"prints-nothing"``): the block's own choice for
    commands under which it publishes no output; None: the site's (``no-output``)."""

    def covers(self, release: str) -> bool:
        """Whether the block publishes ``release``'s output (``1.37``); no range: every one."""
        return self.kubernetes is None or release_in(release, self.kubernetes)


@dataclass(frozen=True)
class ExpectedOutput:
    """The output a page publishes under one command, elision lines included."""

    lines: tuple[str, ...]
    """The published lines; a line that is one of the site's elision markers is
    ``[...]`` here, whatever the page writes (``marker``)."""
    location: Location
    """Where the first output line is (or would be, when there is none)."""
    compared: bool = True
    """False when the page publishes no output here and says it is not published
    (OutputPolicy.NOT_PUBLISHED): the command runs, its output is not compared."""
    marker: str = ELISION
    """How the page writes an elision line here (``...`` on a site that says so);
    update writes it back so."""

    def page_lines(self) -> tuple[str, ...]:
        """The lines as the page writes them: elision lines in the page's marker."""
        if self.marker == ELISION:
            return self.lines
        return tuple(self.marker if line == ELISION else line for line in self.lines)

    @property
    def has_elisions(self) -> bool:
        return ELISION in self.lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Command:
    """One command as the shell gets it, plus what the page says it prints.

    `text` keeps continuation backslashes and heredoc bodies exactly as written
    (joined with newlines) because bash understands them itself; `source_lines`
    are the raw lines including the prompt, so a page can be rewritten verbatim.
    """

    text: str
    source_lines: tuple[str, ...]
    location: Location
    expected: ExpectedOutput
    index: int
    """Position of the command within its block (0-based)."""
    prompt: str = ""
    """The prompt the page wrote before it (``$ ``, ``[cluster-1]$ ``)."""
    placeholders: tuple[str, ...] = ()
    """Placeholders the command holds (``<pod-name>``), found by the site's patterns:
    a reader must fill them in, so the command runs only with the values its page
    gives (front matter ``snippets.placeholders``, see :func:`fill`)."""


@dataclass(frozen=True)
class Block:
    """One fenced `console` block: its options and its commands in order."""

    location: Location
    """The line of the opening fence."""
    end_line: int
    """The line of the closing fence (1-based, inclusive)."""
    info: str
    options: BlockOptions
    commands: tuple[Command, ...]
    indent: str = ""
    """What precedes the fence on its line; kept equal to `prefix` for older readers."""
    prefix: str = ""
    """What every line of the block carries in the file before its text: list,
    admonition or tab indentation and blockquote markers (`> `, `    > `).

    A writer puts a block line `L` back as `prefix + L`, or, when `L` is empty,
    as `prefix.rstrip()` (an empty line in a blockquote keeps its `>`). The
    extractor guarantees that every line of the block, fences included, has
    this prefix, because the site does not render the block otherwise.
    """
    language: str = ""
    """The fence language the block was found by, as superfences reads ``info``
    ("" for an untagged fence)."""
    included: bool = False
    """Some of its lines come from a file the page includes (``--8<--``): its locations
    point at the page's include line, and update leaves it alone."""

    def expected_exit(self, command: Command) -> int:
        """Only the last command may declare a non-zero status; the rest must succeed."""
        return self.options.exit if command.index == len(self.commands) - 1 else 0


@dataclass(frozen=True)
class LabSpec:
    """What a page's front matter says its lab needs before its commands can run."""

    manifests: tuple[Path, ...] = ()
    """Manifest files, resolved against the page's docs folder."""
    secrets: tuple[str, ...] = ()
    """Literal values that must never appear in a report."""
    location: Location | None = None
    cluster: bool = True
    """False when the front matter says ``cluster: false``: the page runs without one."""
    placeholders: tuple[tuple[str, str], ...] = ()
    """Values for placeholders (``("<pod-name>", "web-0")``), in the front matter's order:
    what the runner types instead of each, in the commands that hold it."""


@dataclass(frozen=True)
class Page:
    """A Markdown page in one language, with the blocks it publishes."""

    path: Path
    locale: str
    lesson: str
    """The key shared by all translations of the page (e.g. `statefulsets/index.md`)."""
    blocks: tuple[Block, ...]
    lab: LabSpec = field(default_factory=LabSpec)

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(c for b in self.blocks for c in b.commands)

    def unfilled(self, block: Block) -> tuple[tuple[Command, tuple[str, ...]], ...]:
        """The block's commands that hold a placeholder this page gives no value, each with
        those placeholders. A block with any is not run as written (nor at all)."""
        values = dict(self.lab.placeholders)
        found = ((c, fill(c, values)[1]) for c in block.commands if c.placeholders)
        return tuple((c, missing) for c, missing in found if missing)

    @property
    def needs_cluster(self) -> bool:
        """Whether the page's shell gets the cluster: said by the page, never guessed.

        A page with a lab needs the cluster; a page that runs commands gets it
        unless its front matter declares ``cluster: false``. What the commands
        reach cannot be read from their text: ``k get pods`` after
        ``alias k=kubectl``, ``bash -c "kubectl ..."``, ``\\kubectl`` and helm
        all talk to the cluster, while ``echo kubectl`` does not. A page with
        nothing to run (no blocks, or every block ``skip`` or holding a
        placeholder without a value) needs nothing.
        """
        if self.lab.manifests:
            return True
        return self.lab.cluster and any(
            b.commands and not b.options.skip and not self.unfilled(b) for b in self.blocks
        )


@dataclass(frozen=True)
class Lesson:
    """All translations of one page; they share commands, so they run once."""

    key: str
    pages: tuple[Page, ...]

    @property
    def primary(self) -> Page:
        """The page whose commands are run; parity lint guarantees the others agree."""
        return self.pages[0]


def fill(command: Command, values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The text to run for ``command``, and the placeholders it still holds without a value.

    Each placeholder the command holds that ``values`` names is replaced by its value,
    as exact text, in one pass (longest first, so ``<name>`` inside ``<name>-x`` is
    not cut, and a value is never replaced again). Only the command's text changes:
    its published text, and its expected output, stay as the page writes them. A
    placeholder whose text a value replaced (it lay inside a longer one) is filled.
    """
    known = sorted((p for p in command.placeholders if p in values), key=len, reverse=True)
    text = command.text
    if known:
        pattern = re.compile("|".join(map(re.escape, known)))
        text = pattern.sub(lambda m: values[m.group()], text)
    missing = tuple(p for p in command.placeholders if p not in values and p in text)
    return text, missing


_RELEASE_CLAUSE = re.compile(r"\s*(>=|<=|==|>|<)?\s*([0-9]+)\.([0-9]+)\s*")
"""ASCII digits only: a Unicode digit (Arabic-Indic, fullwidth) is no release number,
though ``int`` would read it as one."""


def release_range(text: str) -> list[tuple[str, tuple[int, int]]]:
    """``>=1.35,<1.37`` as ``[(">=", (1, 35)), ("<", (1, 37))]``; ValueError if it is none."""
    clauses = []
    for part in text.split(","):
        match = _RELEASE_CLAUSE.fullmatch(part)
        if match is None:
            raise ValueError(
                f"kubernetes={text!r} is not a release range (like >=1.36, <1.36 or 1.35)"
            )
        clauses.append((match[1] or "==", (int(match[2]), int(match[3]))))
    return clauses


def release_in(release: str, text: str) -> bool:
    """Whether ``release`` (``1.37``; "" when unknown: never) is in the range ``text``."""
    match = re.fullmatch(r"([0-9]+)\.([0-9]+)", release)
    if match is None:
        return False
    have = (int(match[1]), int(match[2]))
    checks = {
        ">=": have.__ge__, "<=": have.__le__, "==": have.__eq__, ">": have.__gt__, "<": have.__lt__,
    }  # fmt: skip
    return all(checks[op](bound) for op, bound in release_range(text))
