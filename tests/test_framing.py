"""Framing cuts the terminal's bytes at ends with good tokens and types ahead only what is safe.

Everything here is fed synthetic bytes: no bash, no terminal, a fake clock.
An end is what the session's prompt hook prints: a mark with the next token
the session issued (:meth:`Framer.issue`), the status and the prompt's flags.
"""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.run.framing import (
    HOOK,
    HOOK_CALL,
    MAX_TYPED_AHEAD,
    TOKENS_AHEAD,
    Framer,
    Typed,
)

START = b"\x1b]697;S\x07"
PS1 = b""
"""The session's PS1 shows nothing."""
PS2 = b"\x1b]697;C\x07"
OWN = "012t"
"""The hook's flags while the prompt is the session's own, on the terminal."""
_tokens = itertools.count(0x1000)


def token() -> str:
    return f"{next(_tokens):016x}"


def mark(tok: str, status: int = 0, flags: str = OWN) -> bytes:
    return f"\x1b]697;E;{tok};{status};{flags}\x07".encode()


def end(framer: Framer, status: int, flags: str = OWN) -> bytes:
    """An end as bash's hook prints it, with a token issued for it."""
    tok = token()
    framer.issue([tok.encode()])
    return mark(tok, status, flags)


def ready(framer: Framer, flags: str = OWN) -> Framer:
    """Past bash's first prompt (an end, then PS1), as the session starts every framer."""
    assert framer.first_prompt(end(framer, 0, flags) + PS1)
    return framer


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def command(data: bytes = b"echo hi\n", lines: int = 1, safe: bool = True) -> Typed:
    return Typed(data, lines, timeout=5.0, safe=safe)


def test_a_two_line_command_ends_at_the_end_after_its_ps2() -> None:
    clock = Clock()
    framer = ready(Framer(clock))
    cmd = command(b"echo 'a\nb'\n", lines=2)
    framer.submit(cmd)
    assert framer.outbox == b"echo 'a\nb'\n"
    framer.feed(PS2)  # bash read the first line and waits for the second
    assert cmd.status is None and not framer.done
    clock.now = 101.5
    framer.feed(START + b"a\r\nb\r\n" + end(framer, 3) + PS1)
    assert list(framer.done) == [cmd]
    assert cmd.output == b"a\r\nb\r\n" and not cmd.interrupted
    assert framer.done[0].status == 3
    assert cmd.end - cmd.start == 1.5


def test_two_commands_on_two_lines_end_at_the_second_end() -> None:
    framer = ready(Framer())
    cmd = command(b"echo first\necho second\n", lines=2)
    framer.submit(cmd)
    framer.feed(START + b"first\r\n" + end(framer, 1) + PS1)
    assert cmd.status is None
    framer.feed(START + b"second\r\n" + end(framer, 0) + PS1)
    assert cmd.status == 0 and cmd.output == b"first\r\nsecond\r\n"


def test_a_ps2_at_the_last_line_is_interrupted_and_ends_at_the_next_end() -> None:
    framer = ready(Framer())
    cmd = command(b'echo "unbalanced\n')
    framer.submit(cmd)
    framer.outbox.clear()  # as the session does once written
    framer.feed(PS2)
    assert framer.outbox == b"\x03" and cmd.interrupted and cmd.status is None
    framer.feed(PS2)  # more continuation prompts neither count nor send another ^C
    assert framer.outbox == b"\x03" and cmd.status is None
    framer.feed(end(framer, 130) + PS1)
    assert cmd.status == 130 and list(framer.done) == [cmd]


def test_output_while_nothing_runs_goes_to_the_next_command() -> None:
    framer = ready(Framer())
    framer.feed(b"[1]+  Done\r\n")
    cmd = command()
    framer.submit(cmd)
    framer.feed(START + b"hi\r\n" + end(framer, 0))
    assert cmd.output == b"[1]+  Done\r\nhi\r\n"


def test_an_end_nobody_typed_for_is_dropped() -> None:
    framer = ready(Framer())
    framer.feed(end(framer, 0) + PS1)
    cmd = command()
    framer.submit(cmd)
    assert cmd.status is None
    framer.feed(START + end(framer, 0))
    assert cmd.status == 0 and cmd.output == b""


def test_a_half_received_mark_waits_for_the_rest() -> None:
    framer = ready(Framer())
    cmd = command()
    framer.submit(cmd)
    framer.feed(START)
    marker = end(framer, 7)
    framer.feed(b"hi\r\n" + marker[:9])
    assert cmd.output == b"hi\r\n" and cmd.status is None
    framer.feed(marker[9:])
    assert cmd.status == 7 and cmd.output == b"hi\r\n"


def test_escape_sequences_that_are_not_this_sessions_ends_are_output() -> None:
    framer = ready(Framer())
    cmd = command()
    framer.submit(cmd)
    shown = b"\x1b]697;00;P;0\x07\x1b]0;title\x07after\r\n\x1b[1m"
    framer.feed(START + shown + end(framer, 0))
    assert cmd.status == 0 and cmd.output == shown


def test_an_end_the_channel_did_not_announce_is_output_and_ends_nothing() -> None:
    """``${PS1@P}``, a child ``bash -i`` or a page's ``printf`` can print a mark, never the
    token of an end that has not happened: the channel never announced it."""
    framer = ready(Framer())
    cmd = command()
    framer.submit(cmd)
    forged = mark("00000000deadbeef") + b"\x1b]697;P\x07" + PS2 + START + b"\r\n"
    framer.feed(START + forged)
    assert cmd.status is None and cmd.output == forged
    framer.feed(end(framer, 4))
    assert cmd.status == 4 and cmd.output == forged


def test_a_token_ends_once_a_replayed_mark_is_output() -> None:
    framer = ready(Framer())
    first, second = command(), command()
    framer.submit(first)
    framer.submit(second)
    real = end(framer, 0)
    framer.feed(START + real + PS1 + START + real + b"x")
    assert first.status == 0 and second.status is None
    assert second.output == real + b"x"


def test_a_prompt_the_page_made_its_own_is_dropped_up_to_the_start() -> None:
    framer = ready(Framer())
    first, second = command(), command()
    framer.submit(first)
    framer.submit(second)
    framer.feed(START + b"one\r\n" + end(framer, 0, "02t"))  # PS1 is the page's
    framer.feed(b"x$ " + PS2 + START + b"two\r\n" + end(framer, 0, "02t") + b"x$ ")
    assert first.output == b"one\r\n" and second.output == b"two\r\n"
    third = command()
    framer.submit(third)
    framer.feed(b"bg\r\n" + START + end(framer, 0))
    assert third.output == b"", "in a prompt the page owns, a background job's bytes are lost"


def test_with_line_editing_the_prompt_is_dropped_and_every_line_counts() -> None:
    framer = ready(Framer(), "012et")
    cmd = command(b"cat <<EOF\na\\\nb\nEOF\n", lines=3)  # without editing: 3 prompts
    framer.submit(cmd)
    framer.outbox.clear()
    framer.feed(b"\x1b[?2004h" + PS1 + b"cat <<EOF\r\n" + PS2 + b"a\\\r\n" + PS2 + b"b\r\n")
    assert not framer.outbox, "readline prompts after each of the 4 lines"
    framer.feed(PS2 + b"EOF\r\n\x1b[?2004l\r" + START + b"ab\r\n" + end(framer, 0, "012et"))
    assert cmd.status == 0 and cmd.output == b"ab\r\n" and not cmd.interrupted


def test_an_echoing_terminal_types_one_command_at_its_prompt_and_drops_the_echo() -> None:
    framer = ready(Framer())
    framer.echoes = lambda: True
    first, second = command(b"echo a\n"), command(b"echo b\n")
    framer.submit(first)
    framer.submit(second)
    assert framer.outbox == b"echo a\n" and list(framer.queue) == [second]
    framer.feed(b"echo a\r\n" + START + b"a\r\n" + end(framer, 0))
    assert first.output == b"a\r\n"
    assert framer.outbox == b"echo a\necho b\n"  # typed once the first one ended
    framer.feed(PS1 + b"echo b\r\n" + START + b"b\r\n" + end(framer, 0))
    assert second.output == b"b\r\n"


def test_without_a_start_mark_what_follows_an_end_is_output() -> None:
    """``exec 2>file`` sends the prompts, PS0 with them, to the file."""
    framer = ready(Framer(), "012")
    cmd = command()
    framer.submit(cmd)
    framer.feed(b"hi\r\n" + end(framer, 2, "012"))
    assert cmd.output == b"hi\r\n" and cmd.status == 2


def test_what_set_v_and_set_x_print_of_the_hook_is_not_output() -> None:
    framer = ready(Framer())
    echoed = HOOK_CALL.encode() + b"\r\n"
    traced = b"++ " + HOOK.encode() + b" 0\r\n"
    traced += b"++ __snippets_prompt_as_changed 0 himxBHs\r\n+++ case $2 in\r\n+++ local -\r\n"
    traced += b"+++ set +x\r\n"
    cases = [
        ("012vt", b"hi\r\n" + echoed, b"hi\r\n"),
        ("012xt", b"+ echo hi\r\nhi\r\n" + traced, b"+ echo hi\r\nhi\r\n"),
        ("012xvt", b"hi\r\n" + echoed + traced, b"hi\r\n"),
        ("012x", b"hi\r\n" + traced, b"hi\r\n" + traced),  # traced elsewhere: a command's
    ]
    for flags, shown, output in cases:
        cmd = command()
        framer.submit(cmd)
        framer.feed(START + shown + end(framer, 0, flags))
        assert cmd.output == output, flags
    again = command()
    framer.submit(again)
    framer.feed(START + echoed + traced + end(framer, 0))  # neither is on: a command printed it
    assert again.output == echoed + traced


def test_a_token_is_good_once_and_spends_those_issued_before_it() -> None:
    framer = ready(Framer())
    first, second, third = command(), command(), command()
    for cmd in (first, second, third):
        framer.submit(cmd)
    skipped, good, later = token(), token(), token()
    framer.issue([t.encode() for t in (skipped, good, later)])
    framer.feed(START + mark("0000000000999999", 1) + mark(good, 5))
    assert first.status == 5 and first.output == mark("0000000000999999", 1)
    framer.feed(START + mark(skipped, 6) + mark(good, 7) + mark(later, 8))
    assert second.status == 8, "a spent token and one seen before are output"
    assert second.output == mark(skipped, 6) + mark(good, 7)


def test_tokens_are_wanted_ahead_of_the_lines_typed() -> None:
    framer = ready(Framer())
    assert framer.tokens_wanted == TOKENS_AHEAD
    framer.issue([token().encode() for _ in range(TOKENS_AHEAD)])
    assert framer.tokens_wanted == 0
    framer.submit(command(b"a\nb\nc\n", lines=3, safe=False))
    assert framer.tokens_wanted == 3


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=6))
def test_how_the_bytes_are_split_into_reads_does_not_matter(cuts: list[int]) -> None:
    framer = ready(Framer())
    stream = (
        b"bg\r\n"
        + PS2
        + START
        + b"a\x1b[1mb\r\n"
        + end(framer, 0)
        + PS1
        + START
        + b"\x1b]0;t\x07x"
        + mark("0000000000424242")
        + end(framer, 1)
    )
    first, second = command(lines=2), command()
    framer.submit(first)
    framer.submit(second)
    start = 0
    for cut in [*sorted(cuts), len(stream)]:
        framer.feed(stream[start:cut])
        start = max(start, cut)
    assert first.status == 0 and first.output == b"bg\r\na\x1b[1mb\r\n"
    assert second.status == 1 and second.output == b"\x1b]0;t\x07x" + mark("0000000000424242")


def test_the_first_prompt_is_found_across_reads_and_what_follows_is_kept() -> None:
    framer = Framer()
    marker = end(framer, 0)
    forged = mark("0000000000000001")
    assert not framer.first_prompt(b"motd\r\n" + forged + marker[:4])
    assert framer.pending == b"motd\r\n" + forged + marker[:4]  # what a failed start reports
    assert framer.first_prompt(marker[4:] + b"late")
    cmd = command()
    framer.submit(cmd)
    framer.feed(end(framer, 0))
    assert cmd.output == b"late"


def test_typing_ahead_stops_after_a_command_that_may_read_the_terminal() -> None:
    framer = ready(Framer())
    safe, reader, after = command(b"a\n"), command(b"read\n", safe=False), command(b"b\n")
    for cmd in (safe, reader, after):
        framer.submit(cmd)
    assert framer.outbox == b"a\nread\n" and list(framer.queue) == [after]
    framer.feed(START + end(framer, 0))
    assert list(framer.queue) == [after]  # `read` still runs
    framer.feed(START + end(framer, 0))
    assert not framer.queue and framer.outbox.endswith(b"read\nb\n")


def test_typing_ahead_stops_at_the_byte_budget_and_the_command_count() -> None:
    framer = ready(Framer())
    big = [command(b"x" * 1000 + b"\n") for _ in range(4)]
    for cmd in big:
        framer.submit(cmd)
    assert len(framer.typed) == 3 and list(framer.queue) == [big[3]]
    framer.feed(START + end(framer, 0))
    assert len(framer.typed) == 2  # the rest waits until the session wants a result
    framer.type_more()
    assert len(framer.typed) == 3 and not framer.queue

    framer = ready(Framer())
    for _ in range(MAX_TYPED_AHEAD + 1):
        framer.submit(command(b":\n"))
    assert len(framer.typed) == MAX_TYPED_AHEAD and len(framer.queue) == 1


def test_once_at_its_bound_typing_ahead_goes_on_in_runs() -> None:
    """Half the typed commands end before more are typed, then as many as fit, in one go."""
    framer = ready(Framer())
    for _ in range(2 * MAX_TYPED_AHEAD):
        framer.submit(command(b":\n"))
    assert len(framer.typed) == MAX_TYPED_AHEAD
    framer.outbox.clear()
    half = MAX_TYPED_AHEAD // 2
    framer.feed(b"".join(START + end(framer, 0) for _ in range(half - 1)))
    framer.type_more()
    assert len(framer.typed) == half + 1 and not framer.outbox
    framer.feed(START + end(framer, 0))
    framer.type_more()
    assert len(framer.typed) == MAX_TYPED_AHEAD and framer.outbox == b":\n" * half
    assert len(framer.done) == half and len(framer.queue) == half


def test_a_command_always_types_alone_and_nothing_types_once_the_shell_ends() -> None:
    framer = ready(Framer())
    huge = command(b"x" * 4000 + b"\n", safe=False)
    framer.submit(huge)
    assert list(framer.typed) == [huge]
    framer.typing = False
    framer.submit(command())
    framer.feed(START + end(framer, 0))
    assert not framer.typed and len(framer.queue) == 1


def test_a_commands_clock_starts_at_the_previous_end() -> None:
    clock = Clock()
    framer = ready(Framer(clock))
    first, second = command(), command()
    framer.submit(first)
    clock.now = 101.0
    framer.submit(second)
    assert first.start == 100.0 and second.start == 0.0  # typed ahead, not running yet
    clock.now = 102.0
    framer.feed(START + end(framer, 0))
    assert first.end == 102.0 and second.start == 102.0


def test_without_a_continuation_mark_the_session_is_asked_to_look_in_bash() -> None:
    """The page's PS2 (flags without 2) gives no mark to count: until a start mark says bash
    read the whole command, it may still be reading it, and only the session can tell."""
    framer = ready(Framer(), "01t")
    cmd = command(b'echo "abc\n')
    framer.submit(cmd)
    assert not framer.may_wait_for_input, "typed, not yet written"
    framer.outbox.clear()
    assert framer.may_wait_for_input
    framer.interrupt(cmd)
    framer.interrupt(cmd)
    assert framer.outbox == b"\x03" and not framer.may_wait_for_input
    framer.feed(end(framer, 130, "01t"))
    assert cmd.status == 130 and cmd.interrupted

    running = command(b"sleep 1\n")
    framer.submit(running)
    framer.outbox.clear()
    framer.feed(START)
    assert not framer.may_wait_for_input, "bash read it whole: it runs"

    for flags, why in (("1t", "no start mark either"), ("012", "prompts in a file")):
        framer = ready(Framer(), flags)
        framer.submit(command(b"sleep 1\n"))
        framer.outbox.clear()
        framer.feed(START + b"x\r\n")  # a start mark only a command printed
        assert framer.may_wait_for_input, why
    for flags in (OWN, "01et"):  # the session's PS2 counts; line editing is never interrupted
        framer = ready(Framer(), flags)
        framer.submit(command(b'echo "abc\n'))
        framer.outbox.clear()
        assert not framer.may_wait_for_input, flags


def test_a_lost_mark_ends_the_running_command_and_all_typing() -> None:
    """The hook prints ``L`` instead of an end once it has no token left: that command ends,
    marked lost, and nothing more is typed.  A command that prints one fails the same way
    (never passes): the mark says only that nothing after it can be trusted."""
    framer = ready(Framer())
    first, second, third = command(), command(), command()
    for cmd in (first, second, third):
        framer.submit(cmd)
    framer.feed(START + b"one\r\n" + end(framer, 0) + START + b"two\r\n\x1b]697;L\x07late")
    assert first.status == 0 and not first.lost
    assert second.lost and second.status is None and second.output == b"two\r\n"
    assert list(framer.done) == [first, second] and framer.lost and not framer.typing
    framer.outbox.clear()
    framer.submit(command())
    assert not framer.outbox

    starting = Framer()
    assert starting.first_prompt(b"\x1b]697;L\x07") and starting.lost
