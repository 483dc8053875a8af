"""A page's front matter, read as MkDocs reads it: the one reader of it.

Every part of the tool that must know where a page's body starts asks this
module: the fence scan (`markdown.scan`: fences are found, and lines
numbered, in the body only), what the page publishes (`published_text`:
secrets written only in the front matter are not published) and the page's
lab settings (`lab_spec`).

MkDocs' rule (`mkdocs.utils.meta.get_data`, ported here because we also need
the lines it takes): a page whose text starts with a line `---` (blanks after
it allowed), followed by lines up to the first line that is exactly `---` or
`...` and a line break, has YAML front matter *if that YAML parses to a
mapping*; YAML that does not parse, or that is a list, a string or empty,
leaves the whole page as body text, dashes included, and nothing else is
tried. A page without those lines may open with MultiMarkdown metadata
instead: `Key: value` lines (indented by at most 3), each continued by lines
indented by 4 or a tab, up to a blank line or the first other line. What
MkDocs strips is front matter, and only that; what it leaves is body text.

The `snippets:` key is ours: the lab the page needs.

---
snippets:
  lab: [../manifests/catalog-mysql-emptydir.yaml]   # relative to the page
  secrets: [my-secret-pw]                           # masked in every report
---

A page that needs no cluster at all says so, and its shell then gets no
kubeconfig (model.Page.needs_cluster):

---
snippets:
  cluster: false
---

Its settings are checked strictly, also when MkDocs would not read them: a
`snippets:` key in a block MkDocs takes for text (YAML that does not parse,
a malformed `---` line) or in MultiMarkdown metadata (which holds only text)
is an error at its line, never a lab silently left out.

A page gives values to the placeholders its commands hold (``<pod-name>``,
``YOUR_REGION``, as the site's ``placeholders`` patterns find them), which
the runner types instead; a command's placeholder without a value keeps its
block from running (model.fill, Page.unfilled):

---
snippets:
  placeholders: {"<pod-name>": web-0, YOUR_REGION: eu-west-1}
---
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import PageError, yaml_problem
from ..files import BOM, read_lenient
from ..model import LabSpec, Location

KEY = "snippets"
_FIELDS = {"lab", "secrets", "cluster", "placeholders"}
MAX_PLACEHOLDERS = 100
"""Values one page may give: a page holds a handful of placeholders."""
MAX_PLACEHOLDER = 200
"""Characters in a placeholder (``<pod-name>``)."""
MAX_VALUE = 1000
"""Characters in a value: it is typed into a command line."""
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
"""What no placeholder's name or value may hold. Compiled on first use (by ``re``'s own
cache): only placeholders need it, and its compiled form costs about 0.5 ms to build."""

# mkdocs/utils/meta.py (MkDocs 1.6), unchanged
_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

_NEWLINE = re.compile(r"\r\n?")
_OUR_KEY = re.compile(rf"^{KEY}[ \t]*:", re.MULTILINE)
_MARKER = re.compile(r"(?:-{3}|\.{3})")


@dataclass(frozen=True)
class FrontMatter:
    """What MkDocs takes from the top of a page before it renders the rest."""

    lines: int = 0
    """How many lines of the page MkDocs strips (0: none); the body starts after them."""
    meta: Mapping[str, Any] = field(default_factory=dict)
    """MkDocs' ``page.meta``."""
    yaml: str | None = None
    """The YAML between the ``---`` lines, when MkDocs reads YAML front matter."""
    first_line: int = 1
    """The file line of the first line of metadata (YAML: the line after ``---``)."""


def _normalized(text: str) -> str:
    """As MkDocs reads a page: utf-8-sig (no byte-order mark), universal newlines."""
    text = text.removeprefix(BOM)
    return _NEWLINE.sub("\n", text) if "\r" in text else text


@lru_cache(maxsize=64)
def _load(block: str) -> tuple[Any, Exception | None]:
    """The YAML of a front matter block, with MkDocs' loader; cached because the scan,
    the lab settings and the published text read the same page."""
    import yaml  # only a page that opens with `---` pays for a YAML parser

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(block, loader), None
    except Exception as exc:  # MkDocs: any failure leaves the page as it is
        return None, exc


def _lines(doc: str) -> Iterator[str]:
    """The lines of `doc`, one at a time: metadata is read from the top only."""
    start = 0
    while True:
        end = doc.find("\n", start)
        if end < 0:
            yield doc[start:]
            return
        yield doc[start:end]
        start = end + 1


def read_front_matter(text: str) -> FrontMatter:
    """The front matter MkDocs strips from the page ``text`` (none: ``FrontMatter()``)."""
    doc = _normalized(text)
    m = _YAML.match(doc)
    if m is not None:
        data, _ = _load(m.group(1))
        if isinstance(data, dict):
            return FrontMatter(m.group(0).count("\n"), data, m.group(1)[:-1], 2)
        return FrontMatter()
    meta: dict[str, str] = {}
    key: str | None = None
    taken = 0
    for line in _lines(doc):
        if not line.strip():
            taken += 1  # the blank line that ends metadata is taken with it
            break
        if (m1 := _META.match(line)) is not None:
            key = m1["key"].lower().strip()
            value = m1["value"].strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
        elif (m2 := _META_MORE.match(line)) is not None and key:
            meta[key] += " " + m2["value"].strip()
        else:
            break
        taken += 1
    return FrontMatter(taken, meta) if meta else FrontMatter()


def published_text(text: str) -> str:
    """What the page publishes: ``text`` without a byte-order mark and its front matter.

    The front matter lists the page's `secrets` and is never shown on the site, so
    a value written only there is not published; everything else (prose, commands,
    published output) is, and the Masker leaves such values visible in that page's
    reports.
    """
    front = read_front_matter(text)
    text = text.removeprefix(BOM)
    if not front.lines:
        return text
    return "\n".join(_normalized(text).split("\n")[front.lines :])


def read_published(path: Path) -> str:
    """The published text of the page file ``path`` ("" if it cannot be read: mask everything)."""
    try:
        return published_text(read_lenient(path))
    except OSError:
        return ""


def lab_spec(text: str, path: Path) -> LabSpec:
    """The lab the page ``text`` (the file ``path``) needs, from its front matter's
    `snippets` key; every other key belongs to MkDocs and its plugins."""
    front = read_front_matter(text)
    if front.yaml is not None:
        return _spec(front.meta, Location(path, front.first_line), path, front.yaml)
    if KEY in front.meta:
        line = next(
            n
            for n, ln in enumerate(_lines(_normalized(text)), 1)
            if (m := _META.match(ln)) is not None and m["key"].lower() == KEY
        )
        raise PageError(
            Location(path, line),
            f"MkDocs reads this line as MultiMarkdown metadata, which holds only text: "
            f"put {KEY!r} in YAML front matter, between '---' lines",
        )
    _refuse_unread(_normalized(text), path)
    return LabSpec()


def _refuse_unread(doc: str, path: Path) -> None:
    """A `snippets` key in lines the writer meant as front matter and MkDocs shows as
    text is an error at its line: the page would run without the lab it names."""
    if not doc.startswith("---"):
        return
    m = _YAML.match(doc)
    if m is not None:
        block, first = m.group(1), 2
        if not _OUR_KEY.search(block):
            return
        _, error = _load(block)
        if error is not None:
            # The problem, never the text: front matter declares the page's secrets.
            at, problem = yaml_problem(error)
            line = first + at - 1 if at is not None else first
            raise PageError(
                Location(path, line),
                f"front matter: {problem} (MkDocs shows the block as text, "
                f"so its {KEY!r} settings would be lost)",
            )
        raise PageError(
            Location(path, first),
            f"front matter is not a mapping of keys (MkDocs shows the block as text, "
            f"so its {KEY!r} settings would be lost)",
        )
    lines = doc.split("\n")
    end = next((n for n in range(1, len(lines)) if _MARKER.match(lines[n])), len(lines))
    block = "\n".join(lines[1:end])
    found = _OUR_KEY.search(block)
    if found is None:
        return
    line = 2 + block[: found.start()].count("\n")
    if not re.fullmatch(r"-{3}[ \t]*", lines[0]):
        why = "its first line must be '---' exactly"
    elif end == len(lines):
        why = "it is never closed by a line '---' (or '...')"
    elif end == len(lines) - 1:
        why = f"its closing line {end + 1} needs a line break after it"
    else:
        why = f"its closing line {end + 1} must be '---' (or '...') exactly"
    raise PageError(
        Location(path, line),
        f"MkDocs does not read this front matter: {why}; it shows the lines as text, "
        f"so the {KEY!r} settings would be lost",
    )


def _strings(value: Any, name: str, location: Location) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PageError(location, f"{KEY}.{name} must be a list of non-empty strings")
    return tuple(value)


def _placeholders(value: Any, location: Location) -> tuple[tuple[str, str], ...]:
    """``snippets.placeholders``: a mapping of placeholders to the text typed instead.

    Each value lands in a command line, so it is one line of printable text: a
    newline would make the command two, a control character would be typed as a key.
    """
    where = f"{KEY}.placeholders"
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PageError(location, f'{where} must be a mapping like {{"<pod-name>": web-0}}')
    if len(value) > MAX_PLACEHOLDERS:
        raise PageError(location, f"{where} has {len(value)} values, at most {MAX_PLACEHOLDERS}")
    pairs = []
    for name, text in value.items():
        if not isinstance(name, str) or not name.strip():
            raise PageError(
                location, f"{where}: {name!r:.60} is not a placeholder (a non-empty string)"
            )
        if len(name) > MAX_PLACEHOLDER or re.search(_CONTROL, name):
            raise PageError(
                location,
                f"{where}: {name!r:.60} is not a placeholder (one line of at most "
                f"{MAX_PLACEHOLDER} characters)",
            )
        if not isinstance(text, str):
            raise PageError(
                location,
                f"{where}[{name!r:.60}] must be a string, not {type(text).__name__} "
                "(quote it in the YAML)",
            )
        if len(text) > MAX_VALUE or re.search(_CONTROL, text):
            raise PageError(
                location,
                f"{where}[{name!r:.60}] must be one line of at most {MAX_VALUE} characters, "
                "without control characters: it is typed into the command",
            )
        pairs.append((name, text))
    return tuple(pairs)


def _key_line(text: str, first_line: int, path: Path) -> Location:
    """Where the front matter writes ``placeholders:``, for its errors (else its first line)."""
    for number, line in enumerate(text.splitlines()):
        if re.search(r"(^|[\s{,])placeholders\s*:", line):
            return Location(path, first_line + number)
    return Location(path, first_line)


def _spec(data: Mapping[str, Any], location: Location, path: Path, yaml_text: str = "") -> LabSpec:
    """The lab spec of front matter MkDocs reads; strict, every mistake at its page."""
    if KEY not in data:
        return LabSpec()
    spec = data[KEY]
    if not isinstance(spec, dict):
        raise PageError(location, f"front matter {KEY!r} must be a mapping")
    unknown = set(spec) - _FIELDS
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))
        known = ", ".join(sorted(_FIELDS))
        raise PageError(location, f"unknown key(s) under {KEY!r}: {names} (known: {known})")
    manifests = tuple(
        Path(os.path.normpath(path.parent / m)) for m in _strings(spec.get("lab"), "lab", location)
    )
    cluster = spec.get("cluster", True)
    if not isinstance(cluster, bool):
        raise PageError(location, f"{KEY}.cluster must be true or false")
    if not cluster and manifests:
        raise PageError(
            location, f"{KEY}.cluster is false but the page has a lab, which is set up on a cluster"
        )
    secrets = _strings(spec.get("secrets"), "secrets", location)
    where = _key_line(yaml_text, location.line, path)
    placeholders = _placeholders(spec.get("placeholders"), where)
    return LabSpec(manifests, secrets, location, cluster, placeholders)
