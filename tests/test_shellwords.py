"""Just enough bash quoting: heredocs and the programs a command line runs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.extract.shellwords import (
    Heredoc,
    ScanState,
    _scan,
    _scan_all,
    command_words,
    heredocs,
)


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
        ("a \\\n  kubectl", ["a"]),
        ("a\nkubectl x", ["a", "kubectl"]),
    ],
)
def test_command_words(text: str, words: list[str]) -> None:
    assert list(command_words(text)) == words


@pytest.mark.parametrize(
    "line,found",
    [
        ("cat <<EOF", [Heredoc("EOF", False)]),
        ("cat<<'EOF' | x <<-\"B\"", [Heredoc("EOF", False), Heredoc("B", True)]),
        ('echo "$(cat <<EOF)"', [Heredoc("EOF", False)]),
        ('echo "<<EOF"', []),
        ("echo '<<EOF'", []),
        ("echo \\<<EOF", []),
        ("echo a # <<EOF", []),
        ("cat <<< EOF", []),
    ],
)
def test_heredocs(line: str, found: list[Heredoc]) -> None:
    assert heredocs(line, ScanState()) == found


def test_quotes_carry_over_to_the_next_line() -> None:
    state = ScanState()
    assert heredocs('echo "one \\', state) == []
    assert state.stack == ['"']
    assert heredocs('<<EOF" && cat <<END', state) == [Heredoc("END", False)]
    assert state.stack == []


@given(st.text(alphabet=st.sampled_from("ab-_./=:@% \t\r*!\x00é")))
def test_the_plain_words_shortcut_scans_as_the_full_scanner(text: str) -> None:
    """The one-regex path for plain lines must yield exactly what the character scanner does."""
    assert list(_scan(text, ScanState())) == list(_scan_all(text, ScanState()))


def test_the_shortcut_is_not_taken_for_text_the_scanner_must_read() -> None:
    for text in ("echo 'a b'", "a;b", "x=$(kubectl get)", "a # c", "cat <<EOF", "a\\ b"):
        assert list(_scan(text, ScanState())) == list(_scan_all(text, ScanState()))
    assert list(command_words("echo hi; kubectl get pods")) == ["echo", "kubectl"]
