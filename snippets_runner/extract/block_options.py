"""Block options from the fence info string, in pymdownx.superfences' own syntax.

Superfences accepts `key="value"` and bare `key` after the language and hands
our validator a dict (a bare key maps to itself). With attr_list on, it also
accepts an attribute list: `{.console timeout="5"}` (the first class is the
language when none precedes the braces). Using its syntax, not our own, means
the same fence renders on the site and parses for the runner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

from ..errors import PageError
from ..model import MAX_SECONDS, BlockOptions, Location, OutputPolicy, release_range

# superfences: an optional dot, then the language, ended by a blank or the end.
_LANG = re.compile(r"[ \t]*\.?(?P<lang>[\w#.+-]+)(?=[ \t]|$)")

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
    if seconds > MAX_SECONDS:
        raise ValueError(f"{key}={value!r} is more than a day (at most {MAX_SECONDS:g} seconds)")
    return seconds


def _exit_status(key: str, value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 255:
        raise ValueError(f"{key}={value!r} must be an exit status from 0 to 255")
    return int(value)


def _flag(key: str, value: str) -> bool:
    if value != key:
        raise ValueError(f"{key} is a flag: write it bare, without a value")
    return True


def _releases(key: str, value: str) -> str:
    release_range(value)  # raises ValueError naming the value
    return ",".join(part.strip().replace(" ", "") for part in value.split(","))


def _policy(key: str, value: str) -> OutputPolicy:
    try:
        return OutputPolicy(value)
    except ValueError:
        known = ", ".join(repr(policy.value) for policy in OutputPolicy)
        raise ValueError(f"{key}={value!r} is not an output policy (known: {known})") from None


_KNOWN: dict[str, Callable[[str, str], object]] = {
    "timeout": _seconds,
    "retry": _seconds,
    "exit": _exit_status,
    "skip": _flag,
    "kubernetes": _releases,
    "output": _policy,
}

HIGHLIGHTING = {
    "hl_lines": re.compile(r"\d+(?:-\d+)?(?:[ \t]+\d+(?:-\d+)?)*"),
    "linenums": re.compile(r"\d+(?:[ \t]+\d+){0,2}"),
    "title": re.compile(r".*"),
}
"""What pymdownx.superfences' highlighter takes after a language (its RE_HL_LINES and
RE_LINENUMS): presentation for the site, nothing the runner acts on."""


def parse_options(values: Mapping[str, str], location: Location) -> BlockOptions:
    """Validate superfences-style option values into BlockOptions."""
    parsed: dict[str, object] = {}
    for key, value in values.items():
        if key in HIGHLIGHTING:
            if not HIGHLIGHTING[key].fullmatch(value):
                raise PageError(location, f"{key}={value!r} is not what the highlighter takes")
            continue
        convert = _KNOWN.get(key)
        if convert is None:
            known = ", ".join(sorted([*_KNOWN, *HIGHLIGHTING]))
            raise PageError(location, f"unknown console block option {key!r} (known: {known})")
        try:
            parsed[key] = convert(key, value)
        except ValueError as exc:
            raise PageError(location, str(exc)) from None
    return BlockOptions(**parsed)  # type: ignore[arg-type]


def fence_language(info: str) -> str:
    """The language superfences sees in an info string ("" when there is none)."""
    m = _LANG.match(info)
    if m is not None:
        return m["lang"]
    attrs = _attribute_list(info.strip())
    if attrs is None:
        return ""
    return next((value or "" for key, value in attrs if key == "."), "")


def _attribute_list(text: str) -> list[tuple[str, str | None]] | None:
    """`{...}` parsed by Python-Markdown's own attr_list scanner, or None if not braces."""
    if not (text.startswith("{") and text.endswith("}")):
        return None
    # Python-Markdown (and so its whole package) loads only for a fence that has braces.
    from markdown.extensions.attr_list import (  # type: ignore[import-untyped]
        get_attrs_and_remainder,
    )

    attrs, _ = get_attrs_and_remainder(text[1:-1])
    return [(str(key), None if value is None else str(value)) for key, value in attrs]


def split_info(info: str, location: Location) -> tuple[str, dict[str, str]]:
    """Split `console timeout="9" skip` (or `{.console timeout="9"}`) into the
    language and superfences-style values."""
    lang = fence_language(info)
    m = _LANG.match(info)
    rest = info[m.end() :].strip() if m is not None else info.strip()
    attrs = _attribute_list(rest)
    if attrs is not None:
        return lang, _attribute_values(attrs, location)
    values: dict[str, str] = {}
    pos = 0
    while pos < len(rest):
        if rest[pos].isspace():
            pos += 1
            continue
        token = _TOKEN.match(rest, pos)
        if token is None:
            bad = rest[pos:].split()[0]
            raise PageError(location, f'malformed option {bad!r}: write key="value" or a bare flag')
        _once(values, token["key"], location)
        values[token["key"]] = token["value"] if token["value"] is not None else token["key"]
        pos = token.end()
    return lang, values


def _once(values: Mapping[str, str], key: str, location: Location) -> None:
    """An option given twice is refused: `exit="0" exit="1"` has no meaning a writer
    could have chosen, and letting the last one win would let `false` pass."""
    if key in values:
        raise PageError(location, f"option {key!r} is given twice")


def _attribute_values(attrs: list[tuple[str, str | None]], location: Location) -> dict[str, str]:
    """Options from an attribute list; classes and the id are HTML, not options."""
    values: dict[str, str] = {}
    for key, value in attrs:
        if key in (".", "id"):
            continue
        if value is None:
            raise PageError(
                location, f'in an attribute list a flag needs a value: write {key}="{key}"'
            )
        _once(values, key, location)
        values[key] = value
    return values


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
    if options.kubernetes is not None:
        parts.append(f'kubernetes="{options.kubernetes}"')
    if options.output is not None:
        parts.append(f'output="{options.output.value}"')
    return " ".join(parts)
