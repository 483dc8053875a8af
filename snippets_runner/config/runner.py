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
    published = "gp2"         # what the pages show readers
    testcluster = "standard"  # what the verification cluster prints instead

Unknown keys are refused: a misspelt ``comand-timeout`` silently ignored
would verify with a setting nobody chose.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import DEFAULT_SYNTAX, MAX_SECONDS, Syntax
from .environment import Environment

PYPROJECT = "pyproject.toml"
SECTION = "snippets-runner"
DEFAULT_PROMPT = DEFAULT_SYNTAX.prompt
DEFAULT_FENCE_LANGUAGE = DEFAULT_SYNTAX.language
DEFAULT_COMMAND_TIMEOUT = 60.0
DEFAULT_LAB_TIMEOUT = 180.0


@dataclass(frozen=True)
class RunnerConfig:
    prompt: str = DEFAULT_PROMPT
    """What starts a command line in a console block."""
    fence_language: str = DEFAULT_FENCE_LANGUAGE
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
        return Syntax(self.prompt, self.fence_language)

    def override(self, **changes: Any) -> RunnerConfig:
        """Flags win over the file; a flag left unset (None or empty) keeps the file's value.

        Timeouts are checked here too, as in the file: pytest options reach
        this point without a range check of their own.
        """
        given = {k: v for k, v in changes.items() if v is not None and v != ()}
        for key in ("command_timeout", "lab_timeout"):
            if key in given:
                check_seconds(key.replace("_", "-"), given[key], "option")
        if "allowed_contexts" in given:
            given["allowed_contexts"] = tuple(
                dict.fromkeys((*self.allowed_contexts, *given["allowed_contexts"]))
            )
        if "pass_env" in given:
            check_pass_env(given["pass_env"], "option pass-env:")
            given["pass_env"] = tuple(dict.fromkeys((*self.pass_env, *given["pass_env"])))
        if isinstance(given.get("environment"), str):
            given["environment"] = self.environment.select(given["environment"], self.source)
        return replace(self, **given)


_KEYS: dict[str, type | tuple[type, ...]] = {
    "prompt": str,
    "fence-language": str,
    "command-timeout": (int, float),
    "lab-timeout": (int, float),
    "allowed-contexts": list,
    "environment": str,
    "pass-env": list,
    "values": dict,
}

_VARIABLE_PATTERN = re.compile(r"[A-Za-z_*?][A-Za-z0-9_*?]*")


def check_pass_env(patterns: object, where: str) -> None:
    """``pass-env``: variable names or glob patterns of them (``AWS_*``), each naming something.

    A pattern of wildcards alone (``*``) would hand pages the runner's whole
    environment, CI tokens included, which is what the list exists to stop;
    a name the runner sets itself (``HOME``, ``KUBECONFIG``) cannot be passed.
    """
    from ..run.shellhome import RESERVED  # the one list of what the runner sets

    if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{where} must be a list of variable names or patterns")
    for pattern in patterns:
        if not _VARIABLE_PATTERN.fullmatch(pattern):
            raise ConfigError(
                f"{where} {pattern!r} is not a variable name or a pattern of one "
                "(letters, digits and _, with the wildcards * and ?)"
            )
        if not pattern.strip("*?"):
            raise ConfigError(
                f"{where} {pattern!r} would pass every variable, CI tokens included; "
                "name the variables the pages need (AWS_*)"
            )
        if pattern in RESERVED:
            raise ConfigError(
                f"{where} {pattern!r} is set by the runner itself and cannot be passed "
                "(see the writers' guide, 'The environment a page gets')"
            )


def check_seconds(key: str, value: float, where: str) -> None:
    """A timeout is positive, finite and at most a day (model.MAX_SECONDS)."""
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{where} {key} must be positive")
    if value > MAX_SECONDS:
        raise ConfigError(f"{where} {key} is more than a day (at most {MAX_SECONDS:g} seconds)")


def _check(table: dict[str, Any], where: Path) -> None:
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: [tool.{SECTION}] unknown key {key!r} (known: {known})")
        if not isinstance(value, _KEYS[key]) or isinstance(value, bool):
            raise ConfigError(f"{where}: [tool.{SECTION}] {key} has the wrong type")
    if any(not isinstance(c, str) for c in table.get("allowed-contexts", [])):
        raise ConfigError(f"{where}: [tool.{SECTION}] allowed-contexts must be a list of strings")
    if "pass-env" in table:
        check_pass_env(table["pass-env"], f"{where}: [tool.{SECTION}] pass-env:")
    for key in ("command-timeout", "lab-timeout"):
        if key in table:
            check_seconds(key, table[key], f"{where}: [tool.{SECTION}]")
    if "prompt" in table and not table["prompt"].strip():
        raise ConfigError(f"{where}: [tool.{SECTION}] prompt must not be blank")


def _values(table: dict[str, Any], where: Path) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for name, per_env in table.items():
        if not isinstance(per_env, dict) or not all(
            isinstance(v, str) and v for v in per_env.values()
        ):
            raise ConfigError(
                f"{where}: [tool.{SECTION}.values.{name}] must map environment names to strings"
            )
        if "published" not in per_env:
            raise ConfigError(f"{where}: [tool.{SECTION}.values.{name}] needs a published value")
        values[name] = dict(per_env)
    return values


def parse_runner_config(data: dict[str, Any], where: Path) -> RunnerConfig:
    table = data.get("tool", {}).get(SECTION, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.{SECTION}] must be a table")
    _check(table, where)
    known = Environment.declare(_values(table.get("values", {}), where))
    environment = known.select(table["environment"], where) if "environment" in table else known
    return RunnerConfig(
        prompt=table.get("prompt", DEFAULT_PROMPT),
        fence_language=table.get("fence-language", DEFAULT_FENCE_LANGUAGE),
        command_timeout=float(table.get("command-timeout", DEFAULT_COMMAND_TIMEOUT)),
        lab_timeout=float(table.get("lab-timeout", DEFAULT_LAB_TIMEOUT)),
        allowed_contexts=tuple(table.get("allowed-contexts", ())),
        environment=environment,
        pass_env=tuple(table.get("pass-env", ())),
        source=where,
    )


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
