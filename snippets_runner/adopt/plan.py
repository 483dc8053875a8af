"""``init``: the site's dialect found in its pages, as settings for its pyproject.toml.

The plan is made without writing anything: which settings to add (with the
comment that says what was found), which the file already has and keeps, the
file's text before and after, and what extraction gives with the result.
The command writes :attr:`InitPlan.after`; ``--check`` prints :meth:`InitPlan.diff` instead.

A setting the file already has is kept as the writer chose it, whatever the
pages suggest (the plan says what they suggest): init adds missing settings
only, so running it again changes nothing, and deleting a setting is how to
have init find it again.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields
from enum import Enum
from pathlib import Path
from typing import Any

from ..config.options import OPTIONS, Kind, Option
from ..config.pyproject import PYPROJECT, SECTION, parse_runner_config
from ..config.site import SiteConfig
from ..errors import ConfigError
from .detect import Finding, Findings, detect, quoted
from .survey import survey_site
from .tomlfile import Entry, add_settings


class Status(Enum):
    ADDED = "added"
    KEPT = "kept"
    """The file has the setting: it stays as the writer chose it."""
    NOT_FOUND = "not found"
    """Nothing of the kind in the pages: nothing to write (the default holds)."""


@dataclass(frozen=True)
class Setting:
    option: Option
    status: Status
    value: Any
    """What the file says after init (the found value, or the kept one); None: not set."""
    found: Any
    """What the pages suggest (None: nothing found)."""
    notes: tuple[str, ...]


@dataclass(frozen=True)
class InitPlan:
    path: Path
    """The site's pyproject.toml."""
    before: str | None
    """Its text now; None: there is no such file yet."""
    after: str
    settings: tuple[Setting, ...]
    findings: Findings

    @property
    def changes(self) -> bool:
        return self.after != (self.before or "")

    def diff(self) -> str:
        """What writing would change, as a unified diff ('' when nothing)."""
        if not self.changes:
            return ""
        old = (self.before or "").splitlines(keepends=True)
        new = self.after.splitlines(keepends=True)
        name = self.path.name
        lines = difflib.unified_diff(
            old, new, f"a/{name}" if self.before is not None else "/dev/null", f"b/{name}"
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def detected_options() -> tuple[Option, ...]:
    """The settings init finds, in the order of config/options.py: a Findings field each."""
    names = {field.name for field in fields(Findings)}
    return tuple(option for option in OPTIONS if option.attribute in names)


def _finding(findings: Findings, option: Option) -> Finding[Any]:
    finding = getattr(findings, option.attribute)
    assert isinstance(finding, Finding), option.attribute
    return finding


def toml_value(option: Option, value: Any) -> str:
    """A RunnerConfig value as TOML text; checked as the file's values are."""
    if option.kind is Kind.TEXTS:
        texts = list(value)
        raw: Any = texts[0] if len(texts) == 1 else texts
        text = quoted(texts[0]) if len(texts) == 1 else "[" + ", ".join(map(quoted, texts)) + "]"
    elif option.kind is Kind.CHOICE:
        raw = value.value
        text = quoted(raw)
    elif option.kind is Kind.SWITCH:
        raw = bool(value)
        text = "true" if raw else "false"
    else:  # pragma: no cover - init finds no other kind
        raise TypeError(f"init does not write {option.key}")
    option.check(raw, f"init: [tool.{SECTION}]")
    return text


HEADER = (
    "How this site writes its shell sessions, as `snippets-runner init` read them in "
    "{pages} pages. Each setting says what was found; init keeps a setting that is here "
    "when it runs again (delete one to have it found anew).",
)


def _read(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        return path.read_bytes().decode("utf-8")  # newlines as they are: CRLF stays CRLF
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def plan_init(site: SiteConfig) -> InitPlan:
    """Read the site's pages and its pyproject.toml; what init would write."""
    root = site.root or site.docs_dir.parent
    path = root / PYPROJECT
    before = _read(path)
    table: dict[str, Any] = {}
    given: dict[str, Any] = {}
    if before is not None:
        try:
            data = tomllib.loads(before)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        config = parse_runner_config(data, path)  # a broken table is refused, not extended
        found_table = data.get("tool", {}).get(SECTION, {})
        table = found_table if isinstance(found_table, dict) else {}
        given = {
            option.attribute: getattr(config, option.attribute)
            for option in OPTIONS
            if option.key in table
        }
    findings = detect(survey_site(site), given)
    settings: list[Setting] = []
    entries: list[Entry] = []
    for option in detected_options():
        finding = _finding(findings, option)
        if option.key in table:
            value = given[option.attribute]
            settings.append(Setting(option, Status.KEPT, value, finding.value, finding.notes))
        elif finding.value is None:
            settings.append(Setting(option, Status.NOT_FOUND, None, None, finding.notes))
        else:
            entries.append(Entry(option.key, toml_value(option, finding.value), finding.notes))
            settings.append(
                Setting(option, Status.ADDED, finding.value, finding.value, finding.notes)
            )
    if findings.prompt.value is None and not findings.trial.sessions:
        entries = []  # no session anywhere: nothing to say
    header = [line.format(pages=findings.pages) for line in HEADER]
    after = add_settings(before or "", entries, header, path) if entries else before or ""
    return InitPlan(path, before, after, tuple(settings), findings)


def shown(option: Option, value: Any) -> str:
    """A value as the file writes it, for messages."""
    if value is None:
        return "(not set)"
    return toml_value(option, value)


def describe(plan: InitPlan) -> list[str]:
    """What init found and does, for people: a paragraph per setting, then the trial."""
    findings = plan.findings
    lines = [f"init: read {findings.pages} pages; {plan.path}"]
    for setting in plan.settings:
        option = setting.option
        if setting.status is Status.ADDED:
            head = f"{option.key} = {shown(option, setting.value)}"
        elif setting.status is Status.KEPT:
            head = f"{option.key} = {shown(option, setting.value)} (kept: the file sets it"
            if setting.found is not None and setting.found != setting.value:
                head += f"; the pages suggest {shown(option, setting.found)}"
            head += ")"
        else:
            head = f"{option.key}: not written (nothing found; the default holds)"
        lines.append(head)
        if setting.status is not Status.KEPT or setting.found != setting.value:
            lines += [f"    {note}" for note in setting.notes]
    trial = findings.trial
    lines.append(
        f"with these settings: {trial.sessions} session(s), {trial.commands} command(s) "
        f"in {trial.pages} page(s); {len(trial.problems)} problem(s) to fix"
        + (":" if trial.problems else "")
    )
    lines += [f"    {problem}" for problem in trial.problems[:10]]
    if len(trial.problems) > 10:
        lines.append(f"    ... and {len(trial.problems) - 10} more (snippets-runner lint)")
    return lines


__all__ = [
    "HEADER",
    "InitPlan",
    "Setting",
    "Status",
    "describe",
    "detected_options",
    "plan_init",
    "shown",
    "toml_value",
]
