"""The verify report as one typed document: what every writer produces and every reader loads.

Schema ``snippets-runner/verify``, version 4. One set of frozen dataclasses
describes the file on disk; :func:`dump` writes it and :func:`load` (or
:func:`parse`) reads it back, validated field by field, for every reader:
``report merge``, ``report trend``, ``report drifted``, the Markdown summary,
JUnit, ``--durations`` and the site's status line. No reader looks at a dict,
and none parses text written for people: why a command failed is
:class:`~snippets_runner.run.results.Reason` (an enum), a diff is rows of
data (:class:`DiffRow`), the release a page ran on is a field.

Reports arrive from other jobs (shard artifacts, caches, a writer's laptop),
so a report is untrusted input. :func:`parse` refuses, as a
:class:`~snippets_runner.errors.ReportError` naming the file and the field
(exit status 2), anything no writer produces: a wrong type, an unknown enum
value, a number that is not finite or out of its range, a string or list
over its bound, a summary that does not add up, a command whose reason does
not fit its result, a path that climbs out of the site. The bounds keep
every reader's work proportional to the file, which is itself bounded
(:data:`MAX_BYTES`).

Layout (keys in this order; ``null`` where the type says ``| None``)::

    {"schema": "snippets-runner/verify", "version": 4,
     "run": Run | null,       # null only for callers with no run to describe
     "summary": Summary,      # must equal the counts of the commands
     "pages": [Page]}

Version history: 1 (no run facts, no content hashes), 2 (run facts, content
hashes, the diff as text), 3 (commands carry ``reason``; ``diff`` is rows;
pages carry ``kubernetes_version``, so one report keeps several releases'
results), 4 (the result ``ran``: a command that ran with its output not
compared, counted in ``summary.ran``; the reason ``placeholder``: a block
skipped for a placeholder without a value). Readers read :data:`VERSION`
and version 3, which is version 4 without those two values: a version 3
file is read as it always was, with ``summary.ran`` 0, and one that holds
either value is refused (:func:`_upgraded`). Older versions are refused
(:class:`OldReportError`, which optional inputs such as ``--history`` may
skip with a warning). Adding a key is compatible (unknown keys are ignored);
changing the meaning or type of one needs a new version.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ..errors import ReportError
from ..files import UTF8_BOM, read_at_most
from ..run.results import NOT_FAILED, Reason, Result
from . import counts
from .counts import STRICT
from .counts import Summary as Summary  # a field of the document, re-exported

if TYPE_CHECKING:
    from pydantic import TypeAdapter

SCHEMA: Literal["snippets-runner/verify"] = "snippets-runner/verify"
VERSION: Literal[4] = 4
"""The version this runner writes and reads; bump on any incompatible change."""
COMPATIBLE = 3
"""The older version read too: version 4 without ``ran`` and ``placeholder`` (see above)."""

MAX_BYTES = 256 * 1024 * 1024
"""A report file larger than this is refused before it is parsed."""
MAX_TEXT = 64 * 1024 * 1024
"""Characters in one string (a command's real output is the long one)."""
MAX_NAME = 4096
"""Characters in a name: a file, a lesson, a locale, a context, a version."""
MAX_ITEMS = 1_000_000
"""Entries in one list: pages, commands, published lines, diff rows."""
MAX_SPANS = 1_000_000
"""Normalized spans of one diff row (and at most two per character of the row: in order)."""
MAX_SHARDS = 1000
"""Shards of one run; a shard total is a loop bound for every reader."""
MAX_SHARD_RUNS = 10 * MAX_SHARDS
"""Shard runs a merged report lists (``run.shards``): every release's shards together."""
MAX_RELEASES = 100
"""Releases the pages of one report ran on; the job summary has a column for each."""
MAX_SECONDS = 10_000_000.0
"""Seconds a page or command may have taken (a timeout is at most a day)."""
MAX_LINE = 100_000_000
MAX_EXIT = 1 << 16


class ReportFormatError(ReportError):
    """A report's content is not what any writer produces; the message names the field."""


class OldReportError(ReportFormatError):
    """A report of an earlier schema version: valid once, but its fields mean other things."""


class RowSign(StrEnum):
    """What a diff row is, as the first column of ``diff -u`` shows it."""

    SAME = " "
    NORMALIZED = "~"
    """Equal once a value Kubernetes generates (an age, a name) is normalized."""
    MISSING = "-"
    """Published but not printed."""
    EXTRA = "+"
    """Printed but not published."""
    GAP = "…"
    """Rows left out (the text counts them) or absorbed by an elision."""


#: Which reasons fit which result: a report where they disagree is refused.
REASONS: dict[Result, frozenset[Reason | None]] = {
    Result.PASSED: frozenset({None}),
    Result.RAN: frozenset({None}),
    Result.FAILED: frozenset(
        {
            Reason.OUTPUT_DIFFERS,
            Reason.EXIT_STATUS,
            Reason.TIMED_OUT,
            Reason.INCOMPLETE,
            Reason.FRAMING_LOST,
        }
    ),
    Result.SKIPPED: frozenset({Reason.SKIP_OPTION, Reason.OTHER_RELEASE, Reason.PLACEHOLDER}),
    Result.NOT_RUN: frozenset(
        {
            Reason.AFTER_TIMEOUT,
            Reason.AFTER_SHELL_EXIT,
            Reason.AFTER_FRAMING_LOST,
            Reason.LAB_FAILED,
            Reason.TRANSLATION_MISMATCH,
        }
    ),
}

KUBERNETES_VERSION = re.compile(
    r"v[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,6}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?"
)
"""A Kubernetes git version: ``v1.37.2``, ``v1.29.0-eks-5e0fdde``, ``v1.30.2+k3s1``.

ASCII digits only: other Unicode digits (Arabic-Indic, fullwidth) would make a release that
reads like ``1.37`` and is not it, to merge, drift and the site's status."""
_TIMESTAMP = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
_HASH = r"sha256:[0-9a-f]{64}"


def release_of(kubernetes_version: str) -> str:
    """``v1.37.2`` -> ``1.37``: the release a reader's cluster and kubectl are named by."""
    match = re.match(r"v([0-9]+)\.([0-9]+)\.", kubernetes_version)
    return f"{match[1]}.{match[2]}" if match else ""


# --- the types: each field's type and bounds are its validation --------------------------
# Annotated constraints (annotated_types) are read by pydantic, imported only by parse();
# to mypy and to every writer these are plain frozen dataclasses. The field aliases are
# declared once, plain (what mypy and writers see); parse() swaps in the bounded forms
# (_bounded) before pydantic reads them.

Name = str
Text = str
Seconds = float
Count = int
LineNumber = int
Exit = int
ShardNumber = int
Names = tuple[str, ...]
Texts = tuple[str, ...]
Rows = tuple["DiffRow", ...]
Spans = tuple[tuple[int, int], ...]
ShardRuns = tuple["ShardRun", ...]
Commands = tuple["CommandRecord", ...]
Pages = tuple["PageRecord", ...]


def _bounded() -> None:
    """Give the field aliases their bounds (annotated_types), for pydantic's eyes only.

    Writers never validate, so they never import annotated_types: a run that
    writes no report does not pay for it. The fields' annotations are strings
    (``from __future__ import annotations``) that pydantic resolves in the
    namespace of each class's module (this one; :mod:`.counts` for
    :class:`Summary`) when the TypeAdapter is built, after this has run.
    """
    from annotated_types import Ge, Le, MaxLen

    name = Annotated[str, MaxLen(MAX_NAME)]
    text = Annotated[str, MaxLen(MAX_TEXT)]
    count = Annotated[int, Ge(0), Le(MAX_ITEMS * MAX_ITEMS)]
    globals().update(
        Name=name,
        Text=text,
        Seconds=Annotated[float, Ge(0), Le(MAX_SECONDS)],
        Count=count,
        LineNumber=Annotated[int, Ge(1), Le(MAX_LINE)],
        Exit=Annotated[int, Ge(-MAX_EXIT), Le(MAX_EXIT)],
        ShardNumber=Annotated[int, Ge(1), Le(MAX_SHARDS)],
        Names=Annotated[tuple[name, ...], MaxLen(MAX_ITEMS)],
        Texts=Annotated[tuple[text, ...], MaxLen(MAX_ITEMS)],
        Rows=Annotated[tuple["DiffRow", ...], MaxLen(MAX_ITEMS)],
        Spans=Annotated[tuple[tuple[count, count], ...], MaxLen(MAX_SPANS)],
        ShardRuns=Annotated[tuple["ShardRun", ...], MaxLen(MAX_SHARD_RUNS)],
        Commands=Annotated[tuple["CommandRecord", ...], MaxLen(MAX_ITEMS)],
        Pages=Annotated[tuple["PageRecord", ...], MaxLen(MAX_ITEMS)],
        Timestamp=name,
        Hash=name,
        Version=name,
    )
    vars(counts).update(Count=count)  # Summary's fields, resolved in its own module


Timestamp = Name
"""ISO-8601 UTC to the second with a Z (checked by pattern after the types)."""
Hash = Name
Version = Name


@dataclass(frozen=True)
class Cluster:
    """The cluster a run used: its context, API server, and what its /version answered."""

    __pydantic_config__ = STRICT

    context: Name
    server: Name
    kubernetes_version: Version
    """A Kubernetes git version, or "" where unknown."""

    @property
    def release(self) -> str:
        return release_of(self.kubernetes_version)


@dataclass(frozen=True)
class ShardRef:
    __pydantic_config__ = STRICT

    index: ShardNumber
    total: ShardNumber


@dataclass(frozen=True)
class ShardRun:
    """One shard job that a merged report combines: which, when, on which cluster."""

    __pydantic_config__ = STRICT

    index: ShardNumber
    total: ShardNumber
    started: Timestamp | None
    finished: Timestamp | None
    cluster: Cluster | None

    @property
    def release(self) -> str:
        return self.cluster.release if self.cluster else ""


@dataclass(frozen=True)
class Run:
    """What a report vouches for beyond its results: when, with what, on which cluster.

    ``cluster`` is null when no page needed one; in a merged report it is the
    shards' cluster when they agree, else null (``shards`` lists each).
    """

    __pydantic_config__ = STRICT

    started: Timestamp | None
    finished: Timestamp | None
    tool_version: Name
    cluster: Cluster | None
    shard: ShardRef | None
    shards: ShardRuns = ()
    """Only in merged reports: the shard runs merged (every release's; of one release, one
    split and each shard once)."""


@dataclass(frozen=True)
class DiffRow:
    """One row of published-against-real (report.diff): masked, cut, invisible characters marked.

    ``spans`` are the normalized parts of a ``~`` row, ``(start, end)`` into ``text``:
    inside the text, in order, none overlapping another (one may be empty, where a
    ``[...]`` matched nothing). Only a ``~`` row has spans.
    """

    __pydantic_config__ = STRICT

    sign: RowSign
    text: Text
    spans: Spans = ()


@dataclass(frozen=True)
class CommandRecord:
    __pydantic_config__ = STRICT

    file: Name
    line: LineNumber
    """The command's first line on the page."""
    locale: Name
    lesson: Name
    command: Text
    """Masked, as every string of a report."""
    result: Result
    reason: Reason | None
    """Why it did not pass (None exactly when it passed or ran): what readers branch on."""
    exit_status: Exit | None
    """None: not run, or killed by a timeout."""
    expected_exit: Exit
    duration: Seconds
    """All tries."""
    tries: Count
    timed_out: bool
    note: Text
    """The reason in words, for people; no reader parses it."""
    normalizers: Names
    expected: Texts
    output: Text
    diff: Rows
    """Empty unless the command failed."""


@dataclass(frozen=True)
class PageRecord:
    __pydantic_config__ = STRICT

    file: Name
    locale: Name
    lesson: Name
    duration: Seconds
    content_hash: Hash
    """report.fingerprint.page_fingerprint of the page that ran."""
    kubernetes_version: Version
    """The release the page ran on ("" when it needed no cluster)."""
    commands: Commands

    @property
    def release(self) -> str:
        return release_of(self.kubernetes_version)

    @property
    def passed(self) -> bool:
        """No command failed: each passed, ran (output not compared) or was skipped."""
        return all(c.result in NOT_FAILED for c in self.commands)


@dataclass(frozen=True)
class Report:
    __pydantic_config__ = STRICT

    schema: Literal["snippets-runner/verify"]
    version: Literal[4]
    run: Run | None
    summary: Summary
    pages: Pages

    @classmethod
    def build(cls, run: Run | None, pages: tuple[PageRecord, ...]) -> Report:
        """A report of ``pages``, its summary counted from them."""
        results = [c.result for page in pages for c in page.commands]
        return cls(SCHEMA, VERSION, run, Summary.of(results), pages)

    @property
    def releases(self) -> tuple[str, ...]:
        """The releases the pages ran on, oldest first ("" for pages without a cluster)."""
        found = {page.release for page in self.pages}
        return tuple(sorted(found, key=release_key))

    def results_of(self, lesson: str, locale: str) -> tuple[PageRecord, ...]:
        """The records of one page (a lesson in one language), one per release, in order.

        Looked up, not searched: the site asks this for each of its pages, and a
        report may hold a million; the index is built once per report."""
        return self._by_page.get((lesson, locale), ())

    @cached_property
    def _by_page(self) -> dict[tuple[str, str], tuple[PageRecord, ...]]:
        found: dict[tuple[str, str], list[PageRecord]] = {}
        for page in self.pages:
            found.setdefault((page.lesson, page.locale), []).append(page)
        return {key: tuple(records) for key, records in found.items()}


def release_key(release: str) -> tuple[int, ...]:
    """``1.37`` -> ``(1, 37)``: releases sort as numbers, oldest first ("" first of all)."""
    return tuple(int(part) for part in release.split(".")) if release else ()


# --- writing ------------------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    """The report as JSON values (enums as their values, tuples as lists), keys in order."""
    value = _plain(report)
    assert isinstance(value, dict)
    return value


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def dump(report: Report) -> str:
    """The report's file text; refuses NaN and infinities rather than writing invalid JSON."""
    import json  # only a run that writes a report pays for it, as for pydantic when reading

    try:
        return json.dumps(to_json(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:
        raise ReportFormatError(f"report cannot be written as JSON: {exc}") from None


# --- reading ------------------------------------------------------------------------------


@cache
def _adapter() -> TypeAdapter[Report]:
    """Built on first use: only commands that read a report pay for pydantic."""
    from pydantic import TypeAdapter

    _bounded()
    return TypeAdapter(Report)


def _where(loc: tuple[int | str, ...]) -> str:
    """``('pages', 3, 'commands', 0, 'line')`` -> ``pages[3].commands[0].line``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "json-or-python", "tagged-union")):
            continue  # pydantic's own steps inside a field, not a field of ours
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


def _header(data: bytes, source: Path) -> dict[str, Any]:
    """Schema and version first, so an old or foreign file gets the message that fits it.

    The document as JSON values, for :func:`_upgraded` to read a version 3 file."""
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        at = exc.start + len(data) - len(exc.object)  # the codec counts after a byte-order mark
        raise ReportFormatError(
            f"{source}: report is not UTF-8 text (byte {data[at]:#04x} at offset {at})"
        ) from None
    except json.JSONDecodeError as exc:
        raise ReportFormatError(f"{source}:{exc.lineno}: not a JSON report: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # an integer of 5,000 digits, [[[[...
        raise ReportFormatError(f"{source}: not a JSON report: {exc}") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ReportFormatError(
            f"{source}: not a snippets-runner verify report (schema {SCHEMA!r})"
        )
    version = document.get("version")
    if type(version) is int and 1 <= version < COMPATIBLE:
        raise OldReportError(
            f"{source}: report version {version} was written by an older snippets-runner "
            f"(this one reads versions {COMPATIBLE} and {VERSION}): verify again"
        )
    if type(version) is not int or version not in (COMPATIBLE, VERSION):
        raise ReportFormatError(f"{source}: unsupported report version {version!r:.40}")
    return document


_NEW_IN_4 = {"result": Result.RAN.value, "reason": Reason.PLACEHOLDER.value}


def _upgraded(document: dict[str, Any], source: Path) -> bytes:
    """A version 3 document as the version 4 file it is: no value in it means another thing.

    Version 4 only added the result ``ran`` (and its count) and the reason
    ``placeholder``; a version 3 file has neither, so its summary counts no
    command as ran. One that names either was not written by any version 3 writer.
    """
    import json

    pages = document.get("pages")
    for p, page in enumerate(pages if isinstance(pages, list) else ()):
        commands = page.get("commands") if isinstance(page, dict) else None
        for c, command in enumerate(commands if isinstance(commands, list) else ()):
            for key, value in _NEW_IN_4.items():
                if isinstance(command, dict) and command.get(key) == value:
                    raise ReportFormatError(
                        f"{source}: pages[{p}].commands[{c}].{key}: {value!r} is not a "
                        f"{key} of report version {COMPATIBLE}"
                    )
    summary = document.get("summary")
    if isinstance(summary, dict):
        document["summary"] = {"ran": 0, **{k: v for k, v in summary.items() if k != "ran"}}
    document["version"] = VERSION
    return json.dumps(document).encode()  # ASCII: a lone surrogate stays an escape


def parse(data: bytes, source: Path) -> Report:
    """The report in ``data`` (a file's bytes), validated, or ReportFormatError naming the field."""
    from pydantic import ValidationError

    if len(data) > MAX_BYTES:
        raise ReportFormatError(f"{source}: report is larger than {MAX_BYTES} bytes")
    document = _header(data, source)
    if document["version"] == COMPATIBLE:
        data = _upgraded(document, source)
    try:
        report = _adapter().validate_json(data.removeprefix(UTF8_BOM))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        shown = repr(first.get("input"))
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ReportFormatError(
            f"{source}: {_where(first['loc'])}: {first['msg']} (found {shown}){more}"
        ) from None
    _consistent(report, source)
    return report


def load(path: Path) -> Report:
    """The report at ``path``; unreadable, malformed or foreign files are ReportFormatError."""
    try:
        data = read_at_most(path, MAX_BYTES + 1)
    except OSError as exc:
        raise ReportFormatError(f"{path}: cannot read report: {exc.strerror}") from None
    return parse(data, path)


def _consistent(report: Report, source: Path) -> None:
    """What types alone cannot say: fields that must agree with each other."""
    run = report.run
    shard_runs = run.shards if run else ()
    times = [("run.started", run.started), ("run.finished", run.finished)] if run else []
    for s, shard_run in enumerate(shard_runs):
        times += [(f"run.shards[{s}].started", shard_run.started)]
        times += [(f"run.shards[{s}].finished", shard_run.finished)]
    for field, value in times:
        if value is not None and not _is_timestamp(value):
            raise ReportFormatError(
                f"{source}: {field}: {value!r:.80} is not a time like 2026-12-06T21:30:00Z"
            )
    releases: set[str] = set()
    for p, page in enumerate(report.pages):
        _safe_path(page.file, source, f"pages[{p}].file")
        if not re.fullmatch(_HASH, page.content_hash):
            raise ReportFormatError(
                f"{source}: pages[{p}].content_hash: {page.content_hash!r:.80} is not sha256:<hex>"
            )
        if page.kubernetes_version and not KUBERNETES_VERSION.fullmatch(page.kubernetes_version):
            raise ReportFormatError(
                f"{source}: pages[{p}].kubernetes_version: {page.kubernetes_version!r:.80} "
                "is not a Kubernetes version (like v1.37.2)"
            )
        releases.add(page.release)
        if len(releases) > MAX_RELEASES:
            raise ReportFormatError(
                f"{source}: pages[{p}].kubernetes_version: the pages ran on more than "
                f"{MAX_RELEASES} releases"
            )
        for c, command in enumerate(page.commands):
            where = f"pages[{p}].commands[{c}]"
            _safe_path(command.file, source, f"{where}.file")
            if (command.lesson, command.locale) != (page.lesson, page.locale):
                raise ReportFormatError(
                    f"{source}: {where}: lesson and locale differ from its page's"
                )
            if command.reason not in REASONS[command.result]:
                raise ReportFormatError(
                    f"{source}: {where}.reason: {command.reason} does not fit "
                    f"result {command.result.value!r}"
                )
            for r, row in enumerate(command.diff):
                if row.spans:
                    _spans(row, source, f"{where}.diff[{r}].spans")
    counted = Summary.of([c.result for page in report.pages for c in page.commands])
    if counted != report.summary:
        raise ReportFormatError(f"{source}: summary does not count the pages' commands")
    clusters = [("run.cluster", report.run.cluster)] if report.run else []
    clusters += [(f"run.shards[{s}].cluster", r.cluster) for s, r in enumerate(shard_runs)]
    for field, cluster in clusters:
        version = cluster.kubernetes_version if cluster else ""
        if version and not KUBERNETES_VERSION.fullmatch(version):
            raise ReportFormatError(
                f"{source}: {field}.kubernetes_version: {version!r:.80} "
                "is not a Kubernetes version (like v1.37.2)"
            )
    shard = report.run.shard if report.run else None
    if shard and shard.index > shard.total:
        raise ReportFormatError(f"{source}: run.shard: {shard.index} of {shard.total}")
    splits: dict[str, tuple[int, set[int]]] = {}
    for s, shard_run in enumerate(shard_runs):
        if shard_run.index > shard_run.total:
            raise ReportFormatError(
                f"{source}: run.shards[{s}]: {shard_run.index} of {shard_run.total}"
            )
        total, indexes = splits.setdefault(shard_run.release, (shard_run.total, set()))
        if shard_run.total != total or shard_run.index in indexes:
            on = f" on Kubernetes {shard_run.release}" if shard_run.release else ""
            raise ReportFormatError(
                f"{source}: run.shards[{s}]: {shard_run.index}/{shard_run.total}{on} is "
                + ("another split" if shard_run.total != total else "listed twice")
                + " (of one release, one split and each shard once)"
            )
        indexes.add(shard_run.index)


def _spans(row: DiffRow, source: Path, field: str) -> None:
    """A row's spans as writers write them: on a ``~`` row, inside its text, in order, none
    overlapping or repeating another. So there are at most two for each character of the
    row (an empty one before it, one over it), and every renderer marks them in one pass."""
    if row.sign is not RowSign.NORMALIZED:
        raise ReportFormatError(
            f"{source}: {field}: a {row.sign.value!r} row has no normalized parts "
            "(only a '~' row has spans)"
        )
    at, before = 0, (-1, -1)
    for s, (start, end) in enumerate(row.spans):
        if end < start:
            what = "ends before it starts"
        elif end > len(row.text):
            what = f"is past the row's {len(row.text)} characters"
        elif start < at or (start, end) == before:
            what = "overlaps or repeats the span before it (spans are in order, apart)"
        else:
            at, before = end, (start, end)
            continue
        raise ReportFormatError(f"{source}: {field}[{s}]: [{start}, {end}] {what}")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _is_timestamp(value: str) -> bool:
    """UTC to the second with a Z, as writers write it, and a real date and time."""
    if not re.fullmatch(_TIMESTAMP, value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _safe_path(value: str, source: Path, field: str) -> None:
    """A page path as a writer's run records it: relative or absolute, never odd.

    Such paths are printed for ``update`` to take as arguments, and shown in
    job summaries: no control characters, no leading ``-`` (an option to the
    next command), no ``..`` (a file outside the site), a Markdown page.
    """
    parts = PurePosixPath(value).parts
    if (
        not value
        or _CONTROL.search(value)
        or value.startswith("-")
        or ".." in parts
        or not value.endswith((".md", ".markdown"))
    ):
        raise ReportFormatError(f"{source}: {field}: {value!r:.80} is not a page path")
