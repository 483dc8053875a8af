"""markdown-it-py block rules for the places where the site's Python-Markdown is not CommonMark.

The site renders with Python-Markdown, pymdownx.superfences and friends, and
superfences finds fences *before* Python-Markdown looks at HTML. So, for the
question "which console fences does a reader see":

* Material content tabs (pymdownx.tabbed, `=== "Title"`) hold 4-space
  indented Markdown, as admonitions do; CommonMark would call that content an
  indented code block.
* HTML blocks do not hide fences: `<div markdown>` (md_in_html) and even a
  plain `<div>` show the console block inside them. Only an HTML *comment*
  hides it (superfences renders it, but inside `<!-- -->`, where no reader
  sees it).

Admonitions come from mdit-py-plugins (guarded against a crash of its rule).
Everything else (lists, blockquotes, indented code) markdown-it
already models the way the site renders it, and `markdown.py` checks the
remaining fence details (exact closing fence, one prefix on every line).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import html_block
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.admon.index import admonition

TAB_INDENT = 4
"""Python-Markdown's tab_length: a tab's content is indented by exactly this much."""

# pymdownx.tabbed's own start pattern: `===`, optional `+`/`!` flags, a quoted title.
_TAB_START = re.compile(r'={3}(?:\+|\+!|!\+|!)? +"(.*?)" *$')


def _tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not _TAB_START.match(state.src, begin, state.eMarks[start_line]):
        return False
    if silent:
        return True
    old_parent, old_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    indent = state.sCount[start_line] + TAB_INDENT
    next_line = start_line + 1
    while next_line < end_line:
        blank = state.isEmpty(next_line)
        if not blank and state.sCount[next_line] < indent:
            break  # the tab ends at the first line that is not indented into it
        next_line += 1
    while next_line - 1 > start_line and state.isEmpty(next_line - 1):
        next_line -= 1  # trailing blank lines belong to what follows
    state.parentType = "tabbed"
    state.lineMax = next_line
    state.blkIndent = indent
    token = state.push("tabbed_open", "div", 1)
    token.block = True
    token.map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("tabbed_close", "div", -1).block = True
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_max, old_indent
    state.line = next_line
    return True


def _comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An HTML comment block, as CommonMark defines it; other HTML is not a block here."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("<!--", begin):
        return False
    return bool(html_block(state, start_line, end_line, silent))


def _admonition(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """mdit-py-plugins' admonition rule, minus its crash on a line that ends the
    text (`> - \\n> \\n    > ` raised IndexError): such a line is no admonition."""
    if state.bMarks[start_line] + state.tShift[start_line] >= len(state.src):
        return False
    return bool(admonition(state, start_line, end_line, silent))


_CONTAINER_ALT: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}


def site_rules(md: MarkdownIt) -> None:
    """Install the rules: admonitions and tabs with 4-space content, and only
    comments as HTML blocks."""
    md.use(admon_plugin)
    md.block.ruler.at("admonition", _admonition, _CONTAINER_ALT)
    md.block.ruler.before("fence", "tabbed", _tab, _CONTAINER_ALT)
    md.block.ruler.at("html_block", _comment, {"alt": ["paragraph", "reference", "blockquote"]})
