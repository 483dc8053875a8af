"""Render `console` fences the way readers expect a terminal session to look.

Material for MkDocs shows a console block as one undifferentiated run of text
(squidfunk/mkdocs-material#8392): the copy button copies prompts and output
along with the commands, so a reader who pastes it gets a broken shell line.
This module is a pymdownx.superfences custom fence that fixes that at the
source, in Python, with the project's own lexer:

* every line becomes a span (`sr-prompt`, `sr-cmd`, `sr-out`), so CSS can set
  output apart and keep the prompt out of mouse selections (output stays
  selectable: readers copy error messages and pod names from it);
* a block whose last command must fail carries `data-sr-exit`; the stylesheet
  turns it into an "exit status N — expected" mark in the page's language;
* the block keeps Material's code block markup
  (`<div class="language-console highlight"><pre><span></span><code>`) so
  Material still adds its copy button;
* the wrapper carries `data-copy` with exactly the commands (continuation and
  heredoc lines kept, prompts and output dropped). Material's clipboard reads
  the text of the nearest `[data-copy]` ancestor of the `<code>` element
  before falling back to `innerText`, so the copy button copies what the
  runner executes — the same lexer decides both.

The split into commands and output is `lex_console`'s, never a second parser:
a page must show readers the very commands the runner verifies.

The fence never raises. Superfences knows neither page nor line, so an
exception here would end `mkdocs build` or `serve` with a traceback naming
`<console fence>:1`. Every block the runner reads has already been checked by
the MkDocs plugin, which fails the build with `file:line`; a block the runner
does not read (one inside an HTML comment, which readers never see) must not
break the site. A block the lexer or the option parser refuses is therefore
shown as plain code, without `sr-console` and without `data-copy`: the plugin's
cross-check counts only `sr-console` blocks, so such a block can never pass
for one the runner verified.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from ...errors import PageError
from ...extract.block_options import HIGHLIGHTING, parse_options
from ...extract.console import ConsoleLine, LineKind, lex_console
from ...extract.markdown import split_lines
from ...extract.patterns import prompted
from ...model import DEFAULT_SYNTAX, ELISION, BlockOptions, Location, Sessions, Syntax

LANGUAGE = DEFAULT_SYNTAX.language

OPTIONS_KEY = "snippets_options"
"""Key under which the validator hands the parsed BlockOptions to the formatter."""

PROBLEM_KEY = "snippets_problem"
"""Key under which the validator hands an option problem to the formatter."""

_NO_PAGE = Path("<console fence>")
"""Superfences gives neither formatter nor validator the page; the MkDocs plugin
checks every block with real `file:line` locations before rendering, so this
placeholder only shows up in `render_console`'s PageError, which the fence
itself turns into plain code."""


def _span(cls: str, text: str) -> str:
    return f'<span class="{cls}">{html.escape(text, quote=False)}</span>'


def _render_line(line: ConsoleLine, markers: frozenset[str]) -> str:
    """One source line as spans; output spans own their newline (see render_console).
    ``markers``: the site's whole-line elision markers, besides ``[...]``."""
    if line.kind is LineKind.COMMAND:
        prompt = line.raw[: len(line.raw) - len(line.text)]
        return _span("sr-prompt", prompt) + _span("sr-cmd", line.text) + "\n"
    if line.kind is LineKind.OUTPUT:
        elided = line.raw == ELISION or line.raw.strip() in markers
        cls = "sr-out sr-elision" if elided else "sr-out"
        return _span(cls, line.raw + "\n")
    if line.kind is LineKind.COMMENT:  # the writer's commentary: shown, never copied
        return _span("sr-out sr-comment", line.raw + "\n")
    # Continuation and heredoc lines are typed by the reader: they are command text.
    return _span("sr-cmd", line.text) + "\n"


def copy_text(lines: tuple[ConsoleLine, ...]) -> str:
    """What the copy button puts on the clipboard: the commands, nothing else."""
    typed = (LineKind.COMMAND, LineKind.CONTINUATION, LineKind.HEREDOC)
    return "\n".join(line.text for line in lines if line.kind in typed)


def console_class(language: str) -> str:
    """The class of a verified block's wrapper, which the plugin's cross-check counts."""
    return f"language-{html.escape(language)} highlight sr-console"


def render_console(
    src: str,
    options: BlockOptions | None = None,
    syntax: Syntax = DEFAULT_SYNTAX,
    language: str | None = None,
) -> str:
    """Render a console block's source as Material-compatible HTML.

    Output spans include their trailing newline, so that hiding them (the
    copy fallback in the stylesheet) leaves the commands on consecutive lines
    instead of commands separated by blank lines.

    Tabs arrive intact only because the plugin turns on superfences'
    `preserve_tabs`; the plugin also compares each block's `data-copy` with
    the extractor's commands, so an expanded tab cannot slip through.

    Raises PageError (from the lexer) for a block a reader could not type.
    """
    # Split exactly as the extractor does (CR/LF only, not U+2028 and kin), so
    # the copy button never offers a command the runner does not run.
    lines = lex_console(split_lines(src.rstrip("\r\n")), _NO_PAGE, 1, syntax)
    markers = frozenset(marker.strip() for marker in syntax.elisions)
    body = "".join(_render_line(line, markers) for line in lines)
    marks = []
    if options is not None and options.exit:
        marks.append(f'data-sr-exit="{options.exit}"')
    if options is not None and options.skip:
        marks.append('data-sr-skip=""')
    if options is not None and options.kubernetes is not None:
        marks.append(f'data-sr-kubernetes="{html.escape(options.kubernetes, quote=True)}"')
    attrs = [
        f'class="{console_class(language or syntax.language)}"',
        f'data-copy="{html.escape(copy_text(lines), quote=True)}"',
        *marks,
    ]
    # The marks go on <pre> too: the stylesheet's bar is `pre::before`, and
    # CSS `attr()` reads only the element the pseudo-element belongs to.
    pre = " ".join(["<pre", *marks]) + ">"
    return f"<div {' '.join(attrs)}>{pre}<span></span><code>{body}</code></pre></div>"


def render_plain(
    src: str, problem: str, syntax: Syntax = DEFAULT_SYNTAX, language: str | None = None
) -> str:
    """A block the runner would refuse, shown as inert code: no spans, no `data-copy`.

    Material's markup is kept so the page still looks like a page; the
    problem rides along in `data-sr-problem` for whoever inspects the HTML.
    Without `sr-console` the plugin's cross-check does not count the block,
    so one the runner reads but cannot parse is still reported.
    """
    language = html.escape(language or syntax.language, quote=True)
    code = html.escape(src.rstrip("\r\n"), quote=False)
    return (
        f'<div class="language-{language} highlight" '
        f'data-sr-problem="{html.escape(problem, quote=True)}">'
        f"<pre><span></span><code>{code}</code></pre></div>"
    )


def validate(
    language: str,
    inputs: Mapping[str, str],
    options: MutableMapping[str, Any],
    attrs: MutableMapping[str, Any],
    md: Any,
) -> bool:
    """Superfences validator: parse the options the runner understands, never raise.

    An unknown or malformed option must not silently take effect, so the
    problem goes to the formatter, which shows the block as plain code. The
    plugin has already failed the build with `file:line` if the runner reads
    the block; if it does not (the block sits in an HTML comment), a
    traceback naming no page would only stop the writer's preview.
    """
    try:
        options[OPTIONS_KEY] = parse_options(inputs, Location(_NO_PAGE, 1))
    except PageError as exc:
        options[PROBLEM_KEY] = exc.message
    for key in HIGHLIGHTING:  # for a fence that is no session, highlighted as usual
        if key in inputs:
            options[key] = inputs[key]
    return True


def format_console(
    src: str,
    language: str,
    class_name: str,
    options: Mapping[str, Any],
    md: Any,
    syntax: Syntax = DEFAULT_SYNTAX,
    **kwargs: Any,
) -> str:
    """Superfences formatter; see render_console. A malformed block becomes plain code.

    On a site whose sessions are its prompted fences, a fence of the language without
    a prompt line (a script, a listing) is no session: superfences' own highlighter
    shows it, as it would without the plugin, and the runner does not read it.
    """
    if syntax.sessions is Sessions.PROMPTED and not prompted(split_lines(src), syntax.prompts):
        return _highlighted(src, language, options, md, kwargs)
    problem = options.get(PROBLEM_KEY)
    if isinstance(problem, str):
        return render_plain(src, problem, syntax, language)
    parsed = options.get(OPTIONS_KEY)
    block_options = parsed if isinstance(parsed, BlockOptions) else None
    try:
        return render_console(src, block_options, syntax, language)
    except PageError as exc:
        return render_plain(src, exc.message, syntax, language)


def _highlighted(
    src: str, language: str, options: Mapping[str, Any], md: Any, kwargs: Mapping[str, Any]
) -> str:
    """superfences' default fence for ``src``: its preprocessor's own highlighter."""
    hl = {key: options[key] for key in HIGHLIGHTING if key in options}
    highlight = md.preprocessors["fenced_code_block"].highlight
    return str(
        highlight(
            src=src,
            language=language,
            options=hl,
            md=md,
            classes=kwargs.get("classes") or [],
            id_value=kwargs.get("id_value", ""),
            attrs=kwargs.get("attrs") or {},
        )
    )


def custom_fence(syntax: Syntax = DEFAULT_SYNTAX, language: str | None = None) -> dict[str, Any]:
    """The entry for pymdownx.superfences' `custom_fences` list: one of the site's session
    languages (default: its first)."""
    language = language or syntax.language
    return {
        "name": language,
        "class": f"language-{language}",
        "format": functools.partial(format_console, syntax=syntax),
        "validator": validate,
    }
