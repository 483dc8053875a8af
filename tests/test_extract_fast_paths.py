"""The extraction hot path's shortcuts give exactly what the long way gives.

Reading a page costs per command, so the lexer, the parser, the bash line
reader, the prompt finder and the superfences scan each take a shortcut for
the common line (a one-line command, a plain output line, a fence line
indented like its fence). Each shortcut is claimed to change no answer; here
the long way is kept as it was before the shortcuts (a `ConsoleLine` and a
`Location` per line, `prompt_at` per line, a full `LineReader.read` per line,
`_evaluate` on every line of a fence) and both are run on generated blocks
made of the lines that are hard to read: prompts as patterns, comments,
elisions, heredocs, continuation lines, CRLF, tabs and unicode.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

from conftest import REPO, missing
from corpus import CORPUS
from hypothesis import example, given, settings
from hypothesis import strategies as st

from snippets_runner.bash import LineReader, prompts
from snippets_runner.errors import PageError
from snippets_runner.extract import fences, markdown
from snippets_runner.extract.console import ConsoleLine, LineKind, lex_console
from snippets_runner.extract.fences import End, Fence, expanded, superfences
from snippets_runner.extract.markdown import Region
from snippets_runner.extract.parser import parse_region
from snippets_runner.extract.patterns import found_in, prompt_at, prompt_finder
from snippets_runner.model import (
    DEFAULT_SYNTAX,
    ELISION,
    Block,
    Command,
    ExpectedOutput,
    Includes,
    Location,
    OutputPolicy,
    Sessions,
    Syntax,
)

P = Path("fast.md")


class _SlowReader(LineReader):
    """`LineReader` without its shortcut: every line the long way."""

    def read(self, line: str) -> None:
        self.prompted = not self._escaped
        self._read(line)
        self.idle = not self.continuing and not self.bodies.waiting


def _slow_lex(
    lines: Sequence[str], path: Path, first_line: int, syntax: Syntax
) -> tuple[ConsoleLine, ...]:
    """The console lexer as it was before `split_console`, one ConsoleLine per line."""
    prompts_ = syntax.prompts
    shown = " or ".join(repr(p) for p in prompts_)
    prompt: str | None = None
    result: list[ConsoleLine] = []
    reader = _SlowReader()
    opened_at: Location | None = None
    dangling: Location | None = None
    for offset, raw in enumerate(lines):
        loc = Location(path, first_line + offset)
        if raw.strip() and not reader.continuing:
            dangling = None
        if reader.continuing:
            kind, text = LineKind.CONTINUATION, raw
        elif reader.in_body:
            reader.read(raw.rstrip("\r"))
            result.append(ConsoleLine(LineKind.HEREDOC, raw, raw, loc))
            continue
        elif (prompt := prompt_at(raw, prompts_)) is not None:
            text = raw[len(prompt) :]
            text = text[1:] if text.startswith(" ") else text
            kind = LineKind.COMMAND
            opened_at = loc
            if not text.strip():
                raise PageError(loc, f"prompt {prompt!r} without a command")
        else:
            if opened_at is None:
                if syntax.comment_lines and (raw.startswith("#") or not raw.strip()):
                    result.append(ConsoleLine(LineKind.COMMENT, raw, raw, loc))
                    continue
                raise PageError(
                    loc, f"output before the first command (commands start with {shown})"
                )
            result.append(ConsoleLine(LineKind.OUTPUT, raw, raw, loc))
            continue
        said = prompt or "" if kind is LineKind.COMMAND else ""
        result.append(ConsoleLine(kind, raw, text, loc, said))
        reader.read(text.rstrip("\r"))
        if reader.continuing:
            dangling = loc
        elif raw.strip():
            dangling = None
    if dangling is not None:
        raise PageError(dangling, "line ends with '\\' but the block ends: the command is cut off")
    if reader.bodies:
        assert opened_at is not None
        word = reader.bodies.waiting[0].word
        raise PageError(opened_at, f"heredoc is never closed: no line {word!r}")
    if opened_at is None:
        raise PageError(Location(path, max(first_line - 1, 1)), "console block has no command")
    return _slow_commentary(tuple(result)) if syntax.comment_lines else tuple(result)


def _slow_commentary(lines: tuple[ConsoleLine, ...]) -> tuple[ConsoleLine, ...]:
    out = list(lines)
    end = len(out)
    for k in range(len(out) - 1, -1, -1):
        if out[k].kind is LineKind.OUTPUT:
            continue
        j = end
        while j > k + 1 and (out[j - 1].raw.startswith("#") or not out[j - 1].raw.strip()):
            j -= 1
        while j < end and not out[j].raw.startswith("#"):
            j += 1
        for i in range(j, end):
            line = out[i]
            out[i] = ConsoleLine(LineKind.COMMENT, line.raw, line.text, line.location)
        end = k
    return tuple(out)


def _slow_command(
    group: list[ConsoleLine], index: int, syntax: Syntax, policy: OutputPolicy
) -> Command:
    """`parser._command` and `_expected` as they were: a filter of the group's lines."""
    head = [line for line in group if line.kind not in (LineKind.OUTPUT, LineKind.COMMENT)]
    output = [line for line in group if line.kind is LineKind.OUTPUT]
    after = head[-1].location
    out_at = output[0].location if output else Location(after.path, after.line + 1)
    text = "\n".join(line.text for line in head)
    markers = {marker.strip() for marker in syntax.elisions} - {ELISION}
    marker = next((line.raw for line in output if line.raw.strip() in markers), ELISION)
    lines = tuple(ELISION if line.raw.strip() in markers else line.raw for line in output)
    compared = any(line.strip() for line in lines) or policy is OutputPolicy.PRINTS_NOTHING
    return Command(
        text=text,
        source_lines=tuple(line.raw for line in head),
        location=head[0].location,
        expected=ExpectedOutput(lines, out_at, compared=compared, marker=marker),
        index=index,
        prompt=head[0].prompt,
        placeholders=found_in(text, syntax.placeholders),
    )


def _slow_commands(region: Region, syntax: Syntax, policy: OutputPolicy) -> tuple[Command, ...]:
    lines = _slow_lex(region.lines, P, region.location.line + 1, syntax)
    groups: list[list[ConsoleLine]] = []
    for line in lines:
        if line.kind is LineKind.COMMAND:
            groups.append([])
        if groups:
            groups[-1].append(line)
    return tuple(_slow_command(group, i, syntax, policy) for i, group in enumerate(groups))


_LINES = [
    "~$ echo hi",
    "~$echo hi",
    "~$  two spaces",
    "~$ ",
    "~$",
    "$ ls",
    "% ls",
    "[c1]$ kubectl get pods",
    "[c1]$",
    "[]$ x",
    "user@host:~/dir$ pwd",
    "~$ cat <<EOF",
    "~$ cat <<'EOF'",
    "~$ cat <<-EOF",
    "~$ cat <<EOF | grep '<<'",
    "~$ cat <<\\",
    "EOF",
    "\tEOF",
    "EOF\r",
    "EO\\",
    "F",
    "~$ echo a \\",
    "~$ echo a \\\r",
    "~$ echo a\\\\",
    "  --flag \\",
    "\t--tab \\",
    "~$ echo hi # see \\",
    "~$ echo 'open",
    "close'",
    "~$ x=$(cat <<EOF",
    ")",
    "~$ echo $((1 << 2))",
    '~$ echo "<<EOF"',
    "~$ kubectl get <pod-name> -n YOUR_REGION.",
    "~$ echo héllo ✓ 日本",
    "# a comment",
    "#",
    "  # indented, output",
    "",
    "   ",
    "\t",
    "\r",
    "output line",
    "ünïcode ✓ output",
    "line with CRLF\r",
    "\ttabbed\toutput",
    "...",
    "  ...  ",
    "(snip)",
    "[...]",
]
_SYNTAXES = [
    Syntax(),
    Syntax(prompts=("$", "~$")),
    Syntax(prompts=("[*]$ ", "~$ ", "*@*:*$ ")),
    Syntax(prompts=("~$",), comment_lines=True, elisions=("...", "(snip)")),
    Syntax(prompts=("*$ ",), comment_lines=True, placeholders=("<*>", "YOUR_*")),
    Syntax(elisions=("  ...  ", "[...]"), output=OutputPolicy.NOT_PUBLISHED),
    Syntax(prompts=("% ", "$ "), elisions=("",), placeholders=("YOUR_*",)),
]
_syntax = st.sampled_from(range(len(_SYNTAXES)))


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[str], int]:
    """A block and the syntax it is read with: mostly a block that starts as the syntax
    wants (commentary, then a command it prompts), so that most blocks are read to the
    end; now and then any lines at all, for the errors."""
    which = draw(_syntax)
    if draw(st.integers(0, 7)) == 0:
        return draw(st.lists(st.sampled_from(_LINES), max_size=8)), which
    syntax = _SYNTAXES[which]
    commands = [
        line
        for line in _LINES
        if (prompt := prompt_at(line, syntax.prompts)) is not None and line[len(prompt) :].strip()
    ]
    before = draw(st.lists(st.sampled_from(["# first", ""]), max_size=2))
    command = draw(st.sampled_from(commands))
    rest = draw(st.lists(st.sampled_from(_LINES + commands * 3 + ["EOF", "F"] * 3), max_size=14))
    return [*(before if syntax.comment_lines else ()), command, *rest], which


_blocks = st.lists(st.sampled_from(_LINES), max_size=14)


def _outcome(call: object) -> object:
    assert callable(call)
    try:
        return call()
    except PageError as exc:
        return ("error", exc.location, exc.message)


@settings(max_examples=1500, deadline=None)
@given(_cases(), st.sampled_from([None, *OutputPolicy]))
@example((["~$ cat <<EOF", "a\\", "EOF", "EOF", "out", "# gone", "", "~$ ls"], 3), None)
@example((["# first", "", "~$ echo a \\", "  b", "...", "(snip)", "# note", "~$ x"], 3), None)
@example((["[c1]$ ls", "[...]", "", "user@host:~/dir$ pwd", "\r"], 2), None)
@example((["~$ echo a \\", ""], 0), None)
@example((["~$ echo a \\", "", "out"], 0), None)
def test_the_parser_reads_every_block_as_the_long_way_does(
    case: tuple[list[str], int], policy: OutputPolicy | None
) -> None:
    lines, which = case
    syntax = _SYNTAXES[which]
    info = "console" if policy is None else f'console output="{policy.value}"'
    region = Region(Location(P, 7), 8 + len(lines), info, tuple(lines), "")
    chosen = policy or syntax.output
    fast = _outcome(lambda: parse_region(region, P, syntax))
    slow = _outcome(lambda: _slow_commands(region, syntax, chosen))
    assert (fast.commands if isinstance(fast, Block) else fast) == slow
    assert _outcome(lambda: lex_console(lines, P, 3, syntax)) == _outcome(
        lambda: _slow_lex(lines, P, 3, syntax)
    )


def _state(reader: LineReader) -> object:
    return (
        reader.continuing,
        reader.in_body,
        reader.idle,
        reader.prompted,
        list(reader.bodies.waiting),
        reader.bodies.joined,
    )


@settings(max_examples=1000, deadline=None)
@given(_blocks)
@example(["echo a \\", "b", "cat <<EOF", "x\\", "EOF", "EOF", "echo 'a", "b'"])
# No caller reads a line with a newline in it, but read() does not count on that.
@example(["cat <\\\n<EOF", "x", "EOF"])
def test_the_line_reader_shortcut_changes_no_state(lines: list[str]) -> None:
    fast, slow = LineReader(), _SlowReader()
    for line in lines:
        fast.read(line)
        slow.read(line)
        assert _state(fast) == _state(slow)
    command = "\n".join(lines)
    slow_count = 0
    reader = _SlowReader()
    for line in command.split("\n"):
        reader.read(line)
        slow_count += reader.prompted
    assert prompts(command) == slow_count


_PROMPT_SETS = [
    ("~$",),
    ("~$ ",),
    ("$", "~$"),
    ("[*]$ ", "~$ ", "*@*:*$ "),
    ("*$ ",),
    ("*",),
    ("% ", "$ ", "%"),
    ("",),
    (),
]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_LINES) | st.text(max_size=12), st.sampled_from(_PROMPT_SETS))
def test_the_prompt_finder_finds_what_prompt_at_finds(line: str, prompts_: tuple[str, ...]) -> None:
    assert prompt_finder(prompts_)(line) == prompt_at(line, prompts_)


def _slow_superfences(lines: Sequence[str], first: int, languages: Sequence[str]) -> list[Fence]:
    """`superfences` as it was: `_evaluate` on every line of an open fence."""
    found: list[Fence] = []
    current: fences._Open | None = None
    for number in range(first, len(lines)):
        if current is None and "```" not in lines[number] and "~~~" not in lines[number]:
            continue
        line = expanded(lines[number])
        if current is None:
            prefix = len(line) - len(line.lstrip(" >"))
            m = fences.OPENING.match(line, prefix)
            if m is not None and fences.opens(m, languages):
                raw = lines[number]
                info = raw[len(raw) - len(raw.lstrip(" \t>")) + len(m["fence"]) :]
                current = fences._Open(
                    number,
                    line[:prefix],
                    m["fence"],
                    info,
                    line[:prefix].count(">"),
                    re.compile(re.escape(m["fence"]) + r"[ \t]*$"),
                )
            continue
        how = fences._evaluate(current, line)
        if how is not None:
            end = number + 1 if how is End.CLOSED else number
            found.append(Fence(current.start, end, current.ws, current.fence, current.info, how))
            current = None
    if current is not None:
        found.append(
            Fence(current.start, len(lines), current.ws, current.fence, current.info, End.UNCLOSED)
        )
    return found


_FENCE_LINES = [
    "```console",
    "  ```console",
    "\t```console",
    "> ```console",
    ">  ```console",
    "````console",
    "~~~console",
    "```",
    "  ```",
    "   ```",
    "\t```",
    " \t```",
    "  \t```",
    "> ```",
    ">```",
    "````",
    "``` ",
    "```\t",
    "~~~",
    "  ~~~",
    "```` x",
    "  `` `",
    "~$ echo ```",
    "  ~$ echo hi",
    "\t~$ echo hi",
    "  \tout",
    "> ~$ echo hi",
    ">",
    "",
    "  ",
    "\t",
    "text",
    "- item",
    "  ✓ ünïcode",
    "  line\r",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_FENCE_LINES), max_size=14))
@example(["  ```console", "  ~$ ls", "\t```", "  ```"])
@example(["```console", "~$ ls", " ```", "```"])
@example(["> ```console", "> ~$ ls", ">", "> ```"])
def test_superfences_reads_a_fences_lines_as_the_long_way_does(lines: list[str]) -> None:
    assert superfences(lines, 0, ("console",)) == _slow_superfences(lines, 0, ("console",))


_PAGE_LINES = [
    "```console",
    '```console title="a"',
    "```console `x`",
    "~~~console",
    "````console",
    "```yaml",
    "```",
    "````",
    "~~~",
    "``` ",
    " ```",
    "   ```",
    "  ~~~console",
    "  ~~~",
    "> ~~~console",
    "> ~~~",
    "  ```console",
    "  ```",
    "> ```",
    "   ```console",
    "    ```console",
    "\t```console",
    "> ```console",
    "- ```console",
    "1. ```console",
    "~$ echo hi",
    "~$ cat <<EOF",
    "EOF",
    "hi",
    "    indented",
    "\tindented",
    "  ~$ ls",
    "",
    "   ",
    "text",
    "text ```console",
    "# Heading",
    "#nospace",
    "Setext",
    "===",
    "---",
    "***",
    "___",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "2) item",
    "> quote",
    "<!-- comment -->",
    "<!--",
    "<!-- x",
    "-->",
    "x -->",
    '```console title="`a`"',
    "```{.console `x`}",
    "```console\0",
    "- ",
    ">",
    "<div>",
    "</div>",
    '!!! note "Title"',
    "??? note",
    '=== "Tab"',
    "[ref]: /url",
    "| a | b |",
    "`code`",
    "x\0y",
    "✓ ünïcode",
]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(_PAGE_LINES), max_size=16),
    st.booleans(),
    st.sampled_from([DEFAULT_SYNTAX, replace(DEFAULT_SYNTAX, sessions=Sessions.PROMPTED)]),
)
@example(["# Bench", "", "```console", "~$ echo hi", "hi", "```"], True, DEFAULT_SYNTAX)
@example(
    ["text", "```console", "~$ ls", "```", "    indented", "```console"], False, DEFAULT_SYNTAX
)
@example(["```console `x`", "~$ ls", "```"], False, DEFAULT_SYNTAX)
@example(["<!-- x", "```console", "~$ ls", "```", "x -->"], False, DEFAULT_SYNTAX)
@example(["- item", "```console", "~$ ls", "```"], False, DEFAULT_SYNTAX)
@example(["  ~~~console", "  ~$ ls", "  ~~~"], False, DEFAULT_SYNTAX)
@example(["- - - - - - - - - - a", "```console", "~$ ls", "```"], False, DEFAULT_SYNTAX)
@example(
    ["> > > > > > > > > > > > > > > > > > > > > > > a", "```console", "~$ ls", "```"],
    False,
    DEFAULT_SYNTAX,
)
@example(['```console title="a\0"', "~$ ls", "```"], False, DEFAULT_SYNTAX)
@example(["> quote", "```console", "~$ ls", "```"], False, DEFAULT_SYNTAX)
def test_a_plain_page_is_read_as_markdown_it_reads_it(
    lines: list[str], front_matter: bool, syntax: Syntax
) -> None:
    """`markdown._plain_structure` reads a page's blocks without markdown-it only where
    markdown-it would find the same: every scan agrees with the one that parses."""
    text = ("---\ntitle: T\n---\n" if front_matter else "") + "\n".join(lines) + "\n"
    fast = _outcome(lambda: _scan_outcome(markdown.scan(text, P, syntax)))
    with mock.patch.object(markdown, "_plain_structure", lambda *_: None):
        slow = _outcome(lambda: _scan_outcome(markdown.scan(text, P, syntax)))
    assert fast == slow


def _scan_outcome(found: markdown.Scan) -> object:
    """A scan as data: its problems and warnings are exceptions, which compare by identity."""
    errors = [(e.location, e.message) for e in (*found.problems, *found.warnings)]
    return (found.front_matter, found.front_matter_line, found.regions, errors)


def _scanned(text: str, path: Path, syntax: Syntax = DEFAULT_SYNTAX) -> object:
    return _outcome(lambda: _scan_outcome(markdown.scan(text, path, syntax)))


def test_a_nul_a_page_includes_is_read_as_markdown_it_reads_it(tmp_path: Path) -> None:
    """markdown-it reads a NUL as U+FFFD; one that arrives through ``--8<--`` too."""
    (tmp_path / "nul.md").write_text("```console {.a\0}\n~$ a\n```\n", encoding="utf-8")
    syntax = replace(DEFAULT_SYNTAX, includes=Includes(base_paths=(tmp_path,)))
    text = '--8<-- "nul.md"\n'
    fast = _scanned(text, P, syntax)
    with mock.patch.object(markdown, "_plain_structure", lambda *_: None):
        assert fast == _scanned(text, P, syntax)
    assert "\ufffd" in repr(fast)


def test_a_plain_page_never_loads_markdown_it() -> None:
    """The claim the shortcut exists for: extracting a page of headings, paragraphs and
    fences at column 0 imports no markdown-it (a fifth of a short run's start-up), and a
    page with an admonition's indented content does."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from snippets_runner.extract.markdown import scan\n"
        "page = '---\\ntitle: T\\n---\\n# T\\n\\nSay:\\n```console\\n~$ echo a\\na\\n```\\n'\n"
        "assert len(scan(page, Path('p.md')).regions) == 1\n"
        "print('markdown_it' in sys.modules)\n"
        "assert len(scan('!!! note\\n    Aside.\\n\\n' + page[17:], Path('p.md')).regions) == 1\n"
        "print('markdown_it' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.split() == ["False", "True"]


def test_real_sites_pages_are_read_as_markdown_it_reads_them() -> None:
    """The same claim on every page of the adoption corpus' five real sites and of this
    site: a third of them are plain, and no scan differs from markdown-it's."""
    if not (CORPUS / "sites").is_dir():
        missing(f"the adoption corpus ({CORPUS})")
    pages = sorted((CORPUS / "sites").rglob("*.md")) + sorted((REPO / "docs").rglob("*.md"))
    plain = 0
    real = markdown._plain_structure
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        read: list[bool] = []

        def spy(*args: Any, read: list[bool] = read) -> Any:
            found = real(*args)
            read.append(found is not None)
            return found

        with mock.patch.object(markdown, "_plain_structure", spy):
            fast = _scanned(text, page)
        with mock.patch.object(markdown, "_plain_structure", lambda *_: None):
            slow = _scanned(text, page)
        assert fast == slow, page
        plain += any(read)
    assert len(pages) > 600 and plain > len(pages) // 4, (len(pages), plain)
