"""The runner's one typed configuration, read once and passed down explicitly.

It lives in ``[tool.snippets-runner]`` of the ``pyproject.toml`` next to the
site's ``mkdocs.yml`` -- not the one nearest the current directory -- so the
same site verifies the same way from any folder, in CI and in a writer's
shell. Command-line flags and pytest options override it
(:meth:`RunnerConfig.override`); nothing else reads settings on its own.

Example::

    [tool.snippets-runner]
    allowed-contexts = ["testcluster"]
    command-timeout = 60      # seconds, for blocks without timeout=
    lab-timeout = 180         # seconds to set a lab up (and to clean it)
    environment = "testcluster"
    pass-env = ["AWS_*"]      # runner variables the pages' shell gets (names or globs)

    [tool.snippets-runner.values.STORAGE_CLASS]
    type = "StorageClass"     # what it names (optional when the name says it)
    published = "gp2"         # what the pages show readers
    testcluster = "standard"  # what the verification cluster prints instead

Unknown keys are refused: a misspelt ``comand-timeout`` silently ignored
would verify with a setting nobody chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import DEFAULT_SYNTAX, OutputPolicy, Sessions, Syntax
from .environment import Environment
from .options import BY_KEY, OPTIONS, Flags, Kind, check_pass_env, check_seconds

PYPROJECT = "pyproject.toml"
SECTION = "snippets-runner"
DEFAULT_PROMPT: tuple[str, ...] = BY_KEY["prompt"].default
DEFAULT_FENCE_LANGUAGE: tuple[str, ...] = BY_KEY["fence-language"].default
DEFAULT_COMMAND_TIMEOUT: float = BY_KEY["command-timeout"].default
DEFAULT_LAB_TIMEOUT: float = BY_KEY["lab-timeout"].default


@dataclass(frozen=True)
class RunnerConfig:
    """The settings of config/options.py, one field each (their help is there)."""

    prompt: tuple[str, ...] = DEFAULT_PROMPT
    fence_language: tuple[str, ...] = DEFAULT_FENCE_LANGUAGE
    sessions: Sessions = DEFAULT_SYNTAX.sessions
    comment_lines: bool = DEFAULT_SYNTAX.comment_lines
    elisions: tuple[str, ...] = DEFAULT_SYNTAX.elisions
    no_output: OutputPolicy = DEFAULT_SYNTAX.output
    placeholders: tuple[str, ...] = DEFAULT_SYNTAX.placeholders
    command_timeout: float = DEFAULT_COMMAND_TIMEOUT
    lab_timeout: float = DEFAULT_LAB_TIMEOUT
    allowed_contexts: tuple[str, ...] = ()
    """Kubeconfig contexts verification may touch; flags and the environment add to it."""
    environment: Environment = field(default_factory=Environment)
    """The environment verification runs in, with its value mappings."""
    pass_env: tuple[str, ...] = ()
    """Names or glob patterns of the runner's environment variables a page's shell gets
    on top of the documented ones (run.shellhome); flags add to it."""
    source: Path | None = None
    """The pyproject.toml it came from, for messages."""

    @property
    def syntax(self) -> Syntax:
        return Syntax(
            prompts=self.prompt,
            languages=self.fence_language,
            sessions=self.sessions,
            comment_lines=self.comment_lines,
            elisions=self.elisions,
            output=self.no_output,
            placeholders=self.placeholders,
        )

    def override(self, flags: Flags) -> RunnerConfig:
        """Flags win over the file; a flag left unset (None or empty) keeps the file's value.

        Each value is checked as the file's is (options.Option.check): pytest
        options reach this point without a range check of their own. A list
        flag adds to the file's list.
        """
        given: dict[str, Any] = {}
        for option in OPTIONS:
            value: Any = flags.get(option.attribute)
            if value is None or value == ():
                continue
            option.check(value, "option")
            if option.kind is Kind.NAMES:
                value = tuple(dict.fromkeys((*getattr(self, option.attribute), *value)))
            if option.key == "environment":
                given["environment"] = self.environment.select(str(value), self.source)
                continue
            given[option.attribute] = option.value(value)
        unknown = set(flags) - {option.attribute for option in OPTIONS}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **given)


_TABLES = {"values"}
"""Keys of the section that are tables of their own (environment values)."""

__all__ = [
    "PYPROJECT",
    "SECTION",
    "RunnerConfig",
    "check_pass_env",
    "check_seconds",
    "load_runner_config",
    "parse_runner_config",
]


def _check(table: dict[str, Any], where: Path) -> None:
    for key, value in table.items():
        if key in _TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [tool.{SECTION}] {key} has the wrong type")
            continue
        if key not in BY_KEY:
            known = ", ".join(sorted([*BY_KEY, *_TABLES]))
            raise ConfigError(f"{where}: [tool.{SECTION}] unknown key {key!r} (known: {known})")
        BY_KEY[key].check(value, f"{where}: [tool.{SECTION}]")


def parse_runner_config(data: dict[str, Any], where: Path) -> RunnerConfig:
    table = data.get("tool", {}).get(SECTION, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.{SECTION}] must be a table")
    _check(table, where)
    known = Environment.declare(table.get("values", {}), where)
    if "environment" in table:
        environment = known.select(table["environment"], where)
    else:
        known.check(where)  # values nobody maps yet are still refused if untrustworthy
        environment = known
    settings = {
        option.attribute: option.value(table[option.key])
        for option in OPTIONS
        if option.key in table and option.key != "environment"
    }
    return RunnerConfig(environment=environment, source=where, **settings)


def load_runner_config(site_root: Path | None) -> RunnerConfig:
    """``[tool.snippets-runner]`` of the pyproject.toml in ``site_root`` (mkdocs.yml's folder)."""
    if site_root is None or not (site_root / PYPROJECT).is_file():
        return RunnerConfig()
    import tomllib

    path = site_root / PYPROJECT
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return parse_runner_config(data, path)
