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
* Admonitions (`!!!`), details (`???`) and tabs are containers whose content
  is indented by 4 and which blank lines do not end, as in Python-Markdown
  (mdit-py-plugins' admonition rule ends at two blank lines, and crashed on
  `> - \\n> \\n    > `).

Everything else (lists, blockquotes, indented code) markdown-it already
models the way the site renders it, and `markdown.py` checks the remaining
fence details (exact closing fence, one prefix on every line).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import html_block

CONTENT_INDENT = 4
"""Python-Markdown's tab_length: a container's content is indented by exactly this much."""

# The start patterns of the extensions themselves (Python-Markdown's admonition,
# pymdownx.details, pymdownx.tabbed), anchored to one line.
_STARTS = {
    "admonition": re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)*(?: +"(?:.*?)")? *$'),
    "details": re.compile(
        r'\?{3}\+? ?(?:(?:[\w\-]+(?: +[\w\-]+)*?)?(?: +"(?:.*?)")|[\w\-]+(?: +[\w\-]+)*?) *$'
    ),
    "tabbed": re.compile(r'={3}(?:\+|\+!|!\+|!)? +"(?:.*?)" *$'),
}


def _container(name: str, start: re.Pattern[str]) -> RuleFuncBlockType:
    """A block rule for a `marker title` line followed by content indented by 4.

    As in Python-Markdown, blank lines do not end the container (CommonMark
    plugins end an admonition at two of them); the first non-blank line that
    is not indented into it does.
    """

    marker = start.pattern.lstrip("\\")[0]

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line):
            return False
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[begin : begin + 1] != marker:  # most lines: one comparison
            return False
        if not start.match(state.src, begin, state.eMarks[start_line]):
            return False
        if silent:
            return True
        indent = state.sCount[start_line] + CONTENT_INDENT
        next_line = start_line + 1
        while next_line < end_line and (
            state.isEmpty(next_line) or state.sCount[next_line] >= indent
        ):
            next_line += 1
        while next_line - 1 > start_line and state.isEmpty(next_line - 1):
            next_line -= 1  # trailing blank lines belong to what follows
        old_parent, old_max, old_indent = state.parentType, state.lineMax, state.blkIndent
        state.parentType = name
        state.lineMax, state.blkIndent = next_line, indent
        token = state.push(f"{name}_open", "div", 1)
        token.block, token.map = True, [start_line, next_line]
        state.md.block.tokenize(state, start_line + 1, next_line)
        state.push(f"{name}_close", "div", -1).block = True
        state.parentType, state.lineMax, state.blkIndent = old_parent, old_max, old_indent
        state.line = next_line
        return True

    return rule


def _comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An HTML comment block, as CommonMark defines it; other HTML is not a block here.

    A `<!--` that nothing closes is text for Python-Markdown (CommonMark would hide
    the rest of the page in it); `markdown.py` has already taken the fences out of
    the text, as superfences does before Python-Markdown looks for the `-->`.
    """
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("<!--", begin) or state.src.find("-->", begin + 2) < 0:
        return False
    return bool(html_block(state, start_line, end_line, silent))


_CONTAINER_ALT: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}


def site_rules(md: MarkdownIt) -> None:
    """Install the rules: the 4-space containers, and only comments as HTML blocks."""
    for name, start in _STARTS.items():
        md.block.ruler.before("fence", name, _container(name, start), _CONTAINER_ALT)
    md.block.ruler.at("html_block", _comment, {"alt": ["paragraph", "reference", "blockquote"]})
