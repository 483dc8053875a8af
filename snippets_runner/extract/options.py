"""Block options from the fence info string, in pymdownx.superfences' own syntax.

Superfences accepts `key="value"` and bare `key` after the language and hands
our validator a dict (a bare key maps to itself). Using its syntax, not our
own, means the same fence renders on the site and parses for the runner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from ..errors import PageError
from ..model import BlockOptions, Location

_TOKEN = re.compile(
    r"""(?P<key>[A-Za-z][A-Za-z0-9_]*)(?:=(?P<q>["'])(?P<value>.*?)(?P=q))?(?=\s|$)"""
)


def _seconds(key: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{key}={value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{key}={value!r} must be a positive number of seconds")
    return seconds


def _exit_status(key: str, value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 255:
        raise ValueError(f"{key}={value!r} must be an exit status from 0 to 255")
    return int(value)


def _flag(key: str, value: str) -> bool:
    if value != key:
        raise ValueError(f"{key} is a flag: write it bare, without a value")
    return True


_KNOWN: dict[str, Callable[[str, str], object]] = {
    "timeout": _seconds,
    "retry": _seconds,
    "exit": _exit_status,
    "skip": _flag,
}


def parse_options(values: Mapping[str, str], location: Location) -> BlockOptions:
    """Validate superfences-style option values into BlockOptions."""
    parsed: dict[str, object] = {}
    for key, value in values.items():
        convert = _KNOWN.get(key)
        if convert is None:
            known = ", ".join(sorted(_KNOWN))
            raise PageError(location, f"unknown console block option {key!r} (known: {known})")
        try:
            parsed[key] = convert(key, value)
        except ValueError as exc:
            raise PageError(location, str(exc)) from None
    return BlockOptions(**parsed)  # type: ignore[arg-type]


def split_info(info: str, location: Location) -> tuple[str, dict[str, str]]:
    """Split `console timeout="9" skip` into the language and superfences-style values."""
    parts = info.split(None, 1)  # superfences splits on any blank, tabs included
    lang = parts[0] if parts else ""
    rest = parts[1] if len(parts) > 1 else ""
    values: dict[str, str] = {}
    rest = rest.strip()
    pos = 0
    while pos < len(rest):
        if rest[pos].isspace():
            pos += 1
            continue
        m = _TOKEN.match(rest, pos)
        if m is None:
            bad = rest[pos:].split()[0]
            raise PageError(
                location, f'malformed option {bad!r}: write key="value" or a bare flag'
            )
        values[m["key"]] = m["value"] if m["value"] is not None else m["key"]
        pos = m.end()
    return lang, values


def render_info(options: BlockOptions) -> str:
    """The info string that parses back to `options` (used by round-trip tests and update)."""
    parts = ["console"]
    if options.timeout is not None:
        parts.append(f'timeout="{options.timeout:g}"')
    if options.retry is not None:
        parts.append(f'retry="{options.retry:g}"')
    if options.exit:
        parts.append(f'exit="{options.exit}"')
    if options.skip:
        parts.append("skip")
    return " ".join(parts)
