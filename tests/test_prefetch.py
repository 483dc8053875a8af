"""Only commands that provably cannot read the terminal are typed past."""

from __future__ import annotations

import pytest

from snippets_runner.run.prefetch import cannot_read_terminal, changes_the_shell


@pytest.mark.parametrize(
    "command",
    [
        "echo line 1",
        'echo "two words" $HOME ${X:-y}',
        "printf '%s-' a b",
        "cd /tmp",
        "export NAME=web",
        "NAME=web",
        "true",
        ":",
    ],
)
def test_simple_builtins_may_be_typed_past(command: str) -> None:
    assert cannot_read_terminal(command)


@pytest.mark.parametrize(
    "command",
    [
        "cat",
        "read line",
        "kubectl exec -it pod -- bash",
        "echo $(cat)",
        "echo `cat`",
        "echo hi | cat",
        "echo hi; cat",
        "echo hi && read x",
        "echo hi > file",
        "echo <(cat)",
        'echo "unbalanced',
        "echo 'unbalanced",
        "echo continued \\",
        "echo a\necho b",
        "NAME=web cat",
        "echo hi &",
    ],
)
def test_anything_that_could_read_is_not(command: str) -> None:
    assert not cannot_read_terminal(command)


@pytest.mark.parametrize(
    "command",
    [
        "alias echo=cat",
        "echo() { cat; }",
        "function echo { cat; }",
        "source ./env.sh",
        ". ./env.sh",
        "trap 'read x' DEBUG",
        "PS1='$(read x)'",
        'eval "$X"',
        "set -e",
    ],
)
def test_commands_that_can_shadow_builtins_stop_typing_ahead(command: str) -> None:
    assert changes_the_shell(command)


def test_plain_commands_do_not_stop_typing_ahead() -> None:
    assert not changes_the_shell("kubectl get pods -n catalog")
    assert not changes_the_shell("echo settings")
