"""Just enough bash quoting: heredocs and the programs a command line runs.

Where the scanner decides which lines bash reads as one command (is `<<` a
heredoc, what is its delimiter, which line ends its body), every expected
answer below is also put to a real bash: the lines the console lexer groups
as one command are run, followed by a marker command, and bash must read them
exactly so -- the marker runs, nothing else complains.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import missing
from hypothesis import example, given, settings
from hypothesis import strategies as st

from snippets_runner.bash.heredoc import Heredoc
from snippets_runner.bash.scan import _scan, _scan_all
from snippets_runner.bash.state import ScanState
from snippets_runner.bash.words import command_words, heredocs, prompts
from snippets_runner.extract.console import LineKind, lex_console


@pytest.mark.parametrize(
    "text,words",
    [
        ('echo "kubectl is great"', ["echo"]),
        ("kubectl get pods", ["kubectl"]),
        ("x=$(kubectl get x) && echo", ["kubectl", "echo"]),
        ('echo "a $(kubectl version) b" c', ["echo", "kubectl"]),
        ("echo `kubectl x`", ["echo", "kubectl"]),
        ("watch -n 1 kubectl get pods", ["watch", "kubectl"]),
        ("timeout 5s kubectl get x", ["timeout", "kubectl"]),
        ("FOO=1 /usr/bin/kubectl x", ["kubectl"]),
        ("ls | xargs -n1 kubectl delete", ["ls", "xargs", "kubectl"]),
        ("echo a; kubectl b || kubectl c", ["echo", "kubectl", "kubectl"]),
        ("echo ${kubectl}", ["echo"]),
        ("echo kubectl # kubectl", ["echo"]),
        ("echo 2>&1 kubectl", ["echo"]),
        ("if kubectl get x; then echo; fi", ["kubectl", "echo", "fi"]),
        ("echo 'it''s' kubectl", ["echo"]),
        ("(kubectl x)", ["kubectl"]),
        ("(kubectl x) && echo", ["kubectl", "echo"]),
        ("a \\\n  kubectl", ["a"]),
        ("a\nkubectl x", ["a", "kubectl"]),
        # Arithmetic is an expression, not a command; substitutions in it are.
        ("(( n = 1 << 2 )) && kubectl get x", ["kubectl"]),
        ("echo $(( $(kubectl get pods | wc -l) << 1 ))", ["echo", "kubectl", "wc"]),
        ("echo $[ 1 << 2 ] ${x:-kubectl}", ["echo"]),
        # `((`...`) )` and `$((`...`) )` are subshells after all, as bash decides.
        ("((kubectl get pods) | wc -l)", ["kubectl", "wc"]),
        ("n=$((kubectl get pods) | wc -l)", ["kubectl", "wc"]),
        ("diff <(kubectl get a) <(kubectl get b)", ["diff", "kubectl", "kubectl"]),
        ("pods=($(kubectl get pods -o name)) a[1]=2 kubectl x", ["kubectl", "kubectl"]),
        ("echo $'it\\'s' && kubectl x", ["echo", "kubectl"]),
        # A heredoc body is data, even when it looks like code or opens a quote.
        ("cat <<EOF\nkubectl delete all\nEOF\necho", ["cat", "echo"]),
        ("cat <<'EOF' | kubectl apply -f -\nit's\nEOF\necho", ["cat", "kubectl", "echo"]),
    ],
)
def test_command_words(text: str, words: list[str]) -> None:
    assert list(command_words(text)) == words


def _docs(*specs: str) -> list[Heredoc]:
    """Heredocs from short specs: the word, then flags `-` (`<<-`) and `q` (quoted)."""
    out = []
    for spec in specs:
        word, _, flags = spec.rpartition("/")
        out.append(Heredoc(word, "-" in flags, "q" in flags))
    return out


# One command line, the heredocs bash opens on it (`word/flags`, see _docs),
# in the order it reads their bodies, and what bash says on stderr if anything.
HEREDOC_LINES: list[tuple[str, list[Heredoc], str]] = [
    ("cat <<EOF", _docs("EOF/"), ""),
    ("cat<<'EOF'; cat <<-\"B\"", _docs("EOF/q", "B/-q"), ""),
    ('echo "$(cat <<EOF)"', _docs("EOF/"), ""),
    ('echo "<<EOF"', [], ""),
    ("echo '<<EOF'", [], ""),
    ("echo \\<<EOF", [], "EOF: No such file"),  # `\<` is an argument, `<EOF` a redirection
    ("echo a # <<EOF", [], ""),
    ("cat <<< EOF", [], ""),
    # Arithmetic: `<<` is a left shift.
    ("n=3; echo $(( 1 << n ))", [], ""),
    ("echo $((1<<2))", [], ""),
    ('echo "$(( 1 << 2 ))"', [], ""),
    ("(( a = 2 << 1 )); echo $a", [], ""),
    ("(( a <<= 1 ))", [], ""),
    ("for ((i = 0; i < 1 << 1; i++)); do echo $i; done", [], ""),
    ("echo $(( (1 + 1) << 2 )) $(( $(echo 1) << 2 ))", [], ""),
    ("echo $[ 1 << 2 ] $[ $[1] << 2 ]", [], ""),
    ("echo $((1<<2)) <<EOF", _docs("EOF/"), ""),
    ("echo $(( $(cat <<EOF >/dev/null) + 1 ))", _docs("EOF/"), ""),
    # ... but not where bash does not read arithmetic.
    ("let x=1<<2", _docs("2/"), ""),
    ("let x<<=1", _docs("=1/"), ""),
    ('let "x = 1 << 2"', [], ""),
    ("((cat <<EOF) )", _docs("EOF/"), ""),
    ("echo $( (cat <<EOF) )", _docs("EOF/"), ""),
    ("cat <( (cat <<EOF) )", _docs("EOF/"), ""),
    # Array subscripts in assignments are expressions too; elsewhere a word.
    ("a[1<<2]=3", [], ""),
    ("a[1]=2 b[1<<2]=3", [], ""),
    ("true && a[1<<2]=3", [], ""),
    (": a[1<<2]=3", _docs("2]=3/"), ""),
    ("echo a[1<<2]", _docs("2]/"), ""),
    ("arr=(a $((1<<2)))", [], ""),
    ("arr=(a <<EOF)", [], "syntax error"),
    # Parameter expansions, backquotes and `$((...) )` are read as text first.
    ("echo ${x:- <<EOF}", [], ""),
    ('echo "${x:-<<EOF}"', [], ""),
    # (bash warns, parsing the `$( )` in `${ }` twice, but reads the body all the same)
    ("echo ${x:-$(cat <<EOF)}", _docs("EOF/"), "here-document at line 2 delimited"),
    ("echo ${#x} <<EOF", _docs("EOF/"), ""),
    ("{ echo `cat <<EOF`; } 2>/dev/null", [], ""),
    ("{ echo `echo $(cat <<EOF)`; } 2>/dev/null", [], ""),
    ("{ echo $((cat <<EOF) ); } 2>/dev/null", [], ""),
    ("{ cat <((cat <<EOF) ); } 2>/dev/null", [], ""),
    ("echo $((echo $(cat <<EOF >/dev/null)) )", _docs("EOF/"), ""),
    ("echo `echo a # b` <<EOF", _docs("EOF/"), ""),
    # Other quoting before the heredoc.
    ("echo $'it\\'s' && cat <<EOF", _docs("EOF/"), ""),
    ('echo "$\'" <<EOF', _docs("EOF/"), ""),
    ("cat <<'EOF' # it's", _docs("EOF/q"), ""),
    # The delimiter word: quote removal, no expansion; any quoting makes it quoted.
    ("cat <<\\EOF", _docs("EOF/q"), ""),
    ("cat <<-\\EOF", _docs("EOF/-q"), ""),
    ("cat <<'E O'", _docs("E O/q"), ""),
    ("cat <<E\\ O", _docs("E O/q"), ""),
    ('cat <<E"O"F', _docs("EOF/q"), ""),
    ("cat <<E'O'\"F\"x", _docs("EOFx/q"), ""),
    ("cat <<E\\OF", _docs("EOF/q"), ""),
    ('cat <<"a\\"b"', _docs('a"b/q'), ""),
    ('cat <<"a\\b"', _docs("a\\b/q"), ""),
    ("cat <<a\\\\b", _docs("a\\b/q"), ""),
    ("cat <<$'E\\tF' <<$'\\x45O\\106'", _docs("E\tF/q", "EOF/q"), ""),
    ('cat <<$"EOF"', _docs("EOF/q"), ""),
    ("cat <<''", _docs("/q"), ""),
    ("cat << -EOF", _docs("-EOF/"), ""),
    ("cat <<--EOF", _docs("-EOF/-"), ""),
    ("cat <<- EOF", _docs("EOF/-"), ""),
    ("cat <<1", _docs("1/"), ""),
    ("cat <<EOF#", _docs("EOF#/"), ""),
    ("cat <<#EOF", [], "syntax error"),
    ("cat <<$x", _docs("$x/"), ""),
    ("cat <<${x}", _docs("${x}/"), ""),
    ("cat <<$(echo a b)", _docs("$(echo a b)/"), ""),
    ("cat <<EOF;echo x", _docs("EOF/"), ""),
    ("cat<<EOF>/dev/null", _docs("EOF/"), ""),
    ("cat 0<<EOF", _docs("EOF/"), ""),
    ("<<EOF", _docs("EOF/"), ""),
    ("cat <<EOF <<EOF", _docs("EOF/", "EOF/"), ""),
    ("paste <<A /dev/fd/3 3<<-B", _docs("A/", "B/-"), ""),
    ("f() { cat <<EOF; }", _docs("EOF/"), ""),
    # Bash 5.2 reads the bodies of heredocs opened in a one-line `$( )` first.
    ("cat <<A; echo $(cat <<K) $(cat <<L)", _docs("K/", "L/", "A/"), ""),
    ("cat <<A $(cat <<K >/dev/null) <<B", _docs("K/", "A/", "B/"), ""),
    ('echo "$(echo <<L $(cat <<K))"', _docs("K/", "L/"), ""),
    ("echo $( (cat <<K) ) <<A", _docs("K/", "A/"), ""),
]


def _body_lines(docs: list[Heredoc]) -> list[str]:
    """Bodies for `docs` in which only each heredoc's own terminator can end it.

    Decoys a slightly wrong reader would stop at: the word with a blank before
    or after, with a tab before (`<<` strips none). A line ending in a
    backslash joins the next in an unquoted heredoc only, so its terminator
    comes twice.
    """
    lines = []
    for doc in docs:
        end = "\t" * doc.strip_tabs + doc.word
        lines += [" " + doc.word, doc.word + " ", *(["\t" + doc.word] * (not doc.strip_tabs))]
        lines += ["x\\", end, *([end] * (not doc.quoted))]
    return lines


_MARKER = 'echo __af""ter__'
"""Prints `__after__`, which its source line does not contain (a `cat` may echo unread lines)."""


_NOISE = re.compile(
    r"cannot set terminal process group|no job control in this shell|^exit$|tcsetattr"
    r"|warning: command substitution: \d+ unterminated here-document"
)
"""What an interactive bash on a pipe says anyway; and bash 5.2's warning for a heredoc
opened in a one-line `$( )`, whose body it then reads after the line all the same."""


def _bash_reads_as_one_command(lines: list[str], stderr: str = "") -> None:
    """Bash runs `lines` as they stand, then the marker line as a command of its own.

    The bash is interactive without line editing, as the runner's session is:
    it reads line by line and goes on after a syntax error.
    """
    bash = shutil.which("bash")
    if bash is None:
        missing("bash")
    path = os.environ.get("PATH", "/usr/bin:/bin")
    env = {"PATH": path, "LC_ALL": "C.UTF-8", "HOME": "/", "PS1": "", "PS2": ""}
    script = "\n".join([*lines, _MARKER]) + "\n"
    with tempfile.TemporaryDirectory() as cwd:  # whatever a misread line writes lands there
        run = subprocess.run(
            [bash, "--norc", "--noprofile", "--noediting", "-i", "+m"],
            input=script,
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=30,
            check=False,
        )
    errors = [line for line in run.stderr.splitlines() if not _NOISE.search(line)]
    assert run.stdout.endswith("__after__\n"), (script, run.stdout, errors)
    if stderr:  # and maybe bash quoting the line it refuses
        assert errors and all(stderr in e or e.startswith("bash: `") for e in errors), errors
    else:
        assert errors == [], (script, errors)


def _kinds(lines: list[str]) -> str:
    """The console lexer's line kinds, one letter each: C, + (continuation), H, O."""
    letters = {
        LineKind.COMMAND: "C",
        LineKind.CONTINUATION: "+",
        LineKind.HEREDOC: "H",
        LineKind.OUTPUT: "O",
    }
    return "".join(letters[line.kind] for line in lex_console(lines, Path("p.md"), 1))


@pytest.mark.parametrize(("line", "found", "stderr"), HEREDOC_LINES)
def test_heredocs(line: str, found: list[Heredoc], stderr: str) -> None:
    assert heredocs(line, ScanState()) == found


@pytest.mark.parametrize(("line", "found", "stderr"), HEREDOC_LINES)
def test_heredoc_bodies_end_where_bash_ends_them(
    line: str, found: list[Heredoc], stderr: str
) -> None:
    body = _body_lines(found)
    assert _kinds([f"~$ {line}", *body, f"~$ {_MARKER}"]) == "C" + "H" * len(body) + "C"
    _bash_reads_as_one_command([line, *body], stderr)


# Console lines of one command (prompt first) and their kinds (see _kinds);
# OUTPUT lines are what the page shows, never typed.
CONSOLE_CASES: list[tuple[list[str], str]] = [
    (["~$ n=3; echo $(( 1 << n ))", "8"], "CO"),
    (["~$ echo $(( 1 + \\", "2 << 1 ))", "6"], "C+O"),
    (["~$ let x=1<<2 && echo $x", "a", "2", "1"], "CHHO"),
    # A delimiter after a continuation: the backslash-newline is removed, unquoting it.
    (["~$ cat <<\\", "EOF", "$PATH", "EOF"], "C+HH"),
    (["~$ cat << \\", "  EOF", "x", "EOF"], "C+HH"),
    (["~$ cat <<E\\", "OF", "x", "EOF"], "C+HH"),
    (["~$ cat <<'EOF' \\", "&& echo x", "body", "EOF", "body", "x"], "C+HHOO"),
    # A comment does not continue: the next line is the body, here the terminator.
    (["~$ cat <<EOF # \\", "EOF"], "CH"),
    (["~$ echo hi # see \\", "hi"], "CO"),
    (["~$ echo '#' \\", "x", "# x"], "C+O"),  # a quoted '#' starts no comment
    # In an unquoted body, a trailing backslash joins a line with the next.
    (["~$ cat <<EOF", "a \\", "EOF", "EOF", "a EOF"], "CHHHO"),
    (["~$ cat <<EOF", "EO\\", "F", "EOF"], "CHHO"),
    (["~$ cat <<EOF", "a \\\\", "EOF"], "CHH"),
    (["~$ cat <<'EOF'", "a \\", "EOF"], "CHH"),
    (["~$ cat <<-EOF", "\tEO\\", "F", "EOF"], "CHHO"),
    (["~$ cat <<-EOF", "\tEO\\", "\tF", "\tEOF"], "CHHH"),
    # `<<-` compares the line before stripping its tabs too.
    (["~$ cat <<-$'\\tEOF'", "\tEOF", "x"], "CHO"),
    (["~$ cat <<''", "x", "", "x"], "CHHO"),
    # Bash drops a backslash-newline before it reads an operator or a word.
    (["~$ cat <\\", "<EOF", "x", "EOF"], "C+HH"),
    (["~$ cat <<\\", "-EOF", "x", "\tEOF"], "C+HH"),
    (["~$ cat <<$\\", "'EOF'", "$x", "EOF"], "C+HH"),
    (["~$ cat <<A; x=$(cat <<K \\", ") && echo $x", "k", "K", "a", "A", "a k"], "C+HHHHO"),
]


@pytest.mark.parametrize(("lines", "kinds"), CONSOLE_CASES)
def test_commands_span_the_lines_bash_reads(lines: list[str], kinds: str) -> None:
    assert _kinds([*lines, f"~$ {_MARKER}"]) == kinds + "C"
    typed = [line for line, kind in zip(lines, kinds, strict=True) if kind != "O"]
    _bash_reads_as_one_command([typed[0].removeprefix("~$ "), *typed[1:]])


def test_quotes_carry_over_to_the_next_line() -> None:
    state = ScanState()
    assert heredocs('echo "one \\', state) == []
    assert state.stack == ['"']
    assert heredocs('<<EOF" && cat <<END', state) == [Heredoc("END", False)]
    assert state.stack == []


def test_arithmetic_carries_over_to_the_next_line() -> None:
    state = ScanState()
    assert heredocs("(( a = 1 +", state) == []
    assert heredocs("b << c ))", state) == []
    assert heredocs("cat <<c", state) == [Heredoc("c", False)]


# Fragments of `echo` arguments, each harmless to run, most with a `<<` in them.
_FRAGMENTS = [
    "a",
    "$((1<<2))",
    "$(( (1)<<2 ))",
    "$[1<<2]",
    "'<<A'",
    '"<<A"',
    '"$((1<<2))"',
    "\\<\\<A",
    "<<EOF",
    "<<'B C'",
    "<<\\D",
    "<<-E",
    '<<F"G"H',
    "<<<I",
    "${v:-<<J}",
    "$(echo <<K)",
    "$'\\'<<L'",
    "a[1<<2]",
    "x<<1",
    ";",
    "&&",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=6),
    st.sampled_from(["", " # <<M"]),
)
@example(["$((1<<2))", "<<EOF"], "")
def test_generated_lines_open_the_heredocs_bash_opens(fragments: list[str], comment: str) -> None:
    line = "echo " + " ".join(f"{f} echo" if f in (";", "&&") else f for f in fragments) + comment
    body = _body_lines(heredocs(line))
    assert _kinds([f"~$ {line}", *body, f"~$ {_MARKER}"]) == "C" + "H" * len(body) + "C"
    _bash_reads_as_one_command([line, *body])


@given(st.text(alphabet=st.sampled_from("ab-_./=:@% \t\r*!\x00é[]")))
def test_the_plain_words_shortcut_scans_as_the_full_scanner(text: str) -> None:
    """The one-regex path for plain lines must yield exactly what the character scanner does."""
    assert list(_scan(text, ScanState())) == list(_scan_all(text, ScanState()))


@given(st.text(alphabet=st.sampled_from("a $()[]{}<-'\"`\\#;\n=")))
@example("echo <\\\n<EOF")
@example("$(<<a)")
def test_the_no_heredoc_shortcut_agrees_with_the_full_scanner(text: str) -> None:
    """`heredocs` skips lines with no `<<` and nothing left open; the scan must agree."""
    fast, full = ScanState(), ScanState()
    found = heredocs(text, fast)
    for _ in _scan_all(text, full):
        pass
    assert (found, fast.stack) == (full.take_heredocs(), full.stack)


@given(st.text(max_size=200))
def test_any_text_scans_to_an_end(text: str) -> None:
    heredocs(text)
    list(command_words(text))


def test_the_shortcut_is_not_taken_for_text_the_scanner_must_read() -> None:
    texts = ("echo 'a b'", "a;b", "x=$(kubectl get)", "a # c", "cat <<EOF", "a\\ b", "a[1 2]=3")
    for text in texts:
        assert list(_scan(text, ScanState())) == list(_scan_all(text, ScanState()))
    assert list(command_words("echo hi; kubectl get pods")) == ["echo", "kubectl"]


@pytest.mark.parametrize(
    ("command", "count"),
    [
        ("echo hi", 1),
        ("echo a \\\nb", 2),
        ("cat <<EOF\na\nEOF", 3),
        ("cat <<EOF\na\\\nb\nEOF", 3),  # `b` is read without a prompt
        ("cat <<'EOF'\na\\\nb\nEOF", 4),  # quoted: the backslash is text
        ("cat <<EOF\na\\\\\nb\nEOF", 4),
        ("echo $(( 1 << 2 ))", 1),
    ],
)
def test_prompts_counts_what_bash_without_line_editing_prints(command: str, count: int) -> None:
    """The counts test_shell's session test holds to a real bash, as a table."""
    assert prompts(command) == count
