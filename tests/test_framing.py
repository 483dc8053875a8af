"""Framing cuts the terminal's bytes at the prompts and types ahead only what is safe.

Everything here is fed synthetic bytes: no bash, no terminal, a fake clock.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.run.framing import MAX_TYPED_AHEAD, Framer, Typed

NONCE = "0123abcd"


def ps1(status: int) -> bytes:
    return f"\x1b]697;{NONCE};P;{status}\x07".encode()


PS2 = f"\x1b]697;{NONCE};C\x07".encode()


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def command(data: bytes = b"echo hi\n", lines: int = 1, safe: bool = True) -> Typed:
    return Typed(data, lines, timeout=5.0, safe=safe)


def test_a_two_line_command_ends_at_the_ps1_after_its_ps2() -> None:
    clock = Clock()
    framer = Framer(NONCE, clock)
    cmd = command(b"echo 'a\nb'\n", lines=2)
    framer.submit(cmd)
    assert framer.outbox == b"echo 'a\nb'\n"
    framer.feed(PS2)  # bash read the first line and waits for the second
    assert cmd.status is None and not framer.done
    clock.now = 101.5
    framer.feed(b"a\r\nb\r\n" + ps1(3))
    assert list(framer.done) == [cmd]
    assert cmd.output == b"a\r\nb\r\n" and not cmd.interrupted
    assert framer.done[0].status == 3
    assert cmd.end - cmd.start == 1.5


def test_a_ps2_at_the_last_line_is_interrupted_and_ends_at_the_next_ps1() -> None:
    framer = Framer(NONCE)
    cmd = command(b'echo "unbalanced\n')
    framer.submit(cmd)
    framer.outbox.clear()  # as the session does once written
    framer.feed(PS2)
    assert framer.outbox == b"\x03" and cmd.interrupted and cmd.status is None
    framer.feed(PS2)  # more continuation prompts neither count nor send another ^C
    assert framer.outbox == b"\x03" and cmd.status is None
    framer.feed(ps1(130))
    assert cmd.status == 130 and list(framer.done) == [cmd]


def test_output_while_nothing_runs_goes_to_the_next_command() -> None:
    framer = Framer(NONCE)
    framer.feed(b"[1]+  Done\r\n")
    cmd = command()
    framer.submit(cmd)
    framer.feed(b"hi\r\n" + ps1(0))
    assert cmd.output == b"[1]+  Done\r\nhi\r\n"


def test_a_prompt_nobody_typed_for_is_dropped() -> None:
    framer = Framer(NONCE)
    framer.feed(ps1(0))
    cmd = command()
    framer.submit(cmd)
    assert cmd.status is None
    framer.feed(ps1(0))
    assert cmd.status == 0 and cmd.output == b""


def test_a_half_received_marker_waits_for_the_rest() -> None:
    framer = Framer(NONCE)
    cmd = command()
    framer.submit(cmd)
    marker = ps1(7)
    framer.feed(b"hi\r\n" + marker[:9])
    assert cmd.output == b"hi\r\n" and cmd.status is None
    framer.feed(marker[9:])
    assert cmd.status == 7 and cmd.output == b"hi\r\n"


def test_escape_sequences_that_are_not_this_sessions_markers_are_output() -> None:
    framer = Framer(NONCE)
    cmd = command()
    framer.submit(cmd)
    shown = b"\x1b]697;00;P;0\x07\x1b]0;title\x07after\r\n"
    framer.feed(shown + ps1(0))
    assert cmd.status == 0 and cmd.output == shown


@given(st.lists(st.integers(min_value=0, max_value=80), max_size=6))
def test_how_the_bytes_are_split_into_reads_does_not_matter(cuts: list[int]) -> None:
    stream = b"bg\r\n" + PS2 + b"a\x1b[1mb\r\n" + ps1(0) + b"\x1b]0;t\x07x" + ps1(1)
    framer = Framer(NONCE)
    first, second = command(lines=2), command()
    framer.submit(first)
    framer.submit(second)
    start = 0
    for cut in [*sorted(cuts), len(stream)]:
        framer.feed(stream[start:cut])
        start = max(start, cut)
    assert first.status == 0 and first.output == b"bg\r\na\x1b[1mb\r\n"
    assert second.status == 1 and second.output == b"\x1b]0;t\x07x"


def test_the_first_prompt_is_found_across_reads_and_what_follows_is_kept() -> None:
    framer = Framer(NONCE)
    marker = ps1(0)
    assert not framer.first_prompt(b"motd\r\n" + marker[:4])
    assert framer.pending == b"motd\r\n" + marker[:4]  # what a failed start reports
    assert framer.first_prompt(marker[4:] + b"late")
    cmd = command()
    framer.submit(cmd)
    framer.feed(ps1(0))
    assert cmd.output == b"late"


def test_typing_ahead_stops_after_a_command_that_may_read_the_terminal() -> None:
    framer = Framer(NONCE)
    safe, reader, after = command(b"a\n"), command(b"read\n", safe=False), command(b"b\n")
    for cmd in (safe, reader, after):
        framer.submit(cmd)
    assert framer.outbox == b"a\nread\n" and list(framer.queue) == [after]
    framer.feed(ps1(0))
    assert list(framer.queue) == [after]  # `read` still runs
    framer.feed(ps1(0))
    assert not framer.queue and framer.outbox.endswith(b"read\nb\n")


def test_typing_ahead_stops_at_the_byte_budget_and_the_command_count() -> None:
    framer = Framer(NONCE)
    big = [command(b"x" * 1000 + b"\n") for _ in range(4)]
    for cmd in big:
        framer.submit(cmd)
    assert len(framer.typed) == 3 and list(framer.queue) == [big[3]]
    framer.feed(ps1(0))
    assert len(framer.typed) == 2  # the rest waits until the session wants a result
    framer.type_more()
    assert len(framer.typed) == 3 and not framer.queue

    framer = Framer(NONCE)
    for _ in range(MAX_TYPED_AHEAD + 1):
        framer.submit(command(b":\n"))
    assert len(framer.typed) == MAX_TYPED_AHEAD and len(framer.queue) == 1


def test_a_command_always_types_alone_and_nothing_types_once_the_shell_ends() -> None:
    framer = Framer(NONCE)
    huge = command(b"x" * 4000 + b"\n", safe=False)
    framer.submit(huge)
    assert list(framer.typed) == [huge]
    framer.typing = False
    framer.submit(command())
    framer.feed(ps1(0))
    assert not framer.typed and len(framer.queue) == 1


def test_a_commands_clock_starts_at_the_previous_prompt() -> None:
    clock = Clock()
    framer = Framer(NONCE, clock)
    first, second = command(), command()
    framer.submit(first)
    clock.now = 101.0
    framer.submit(second)
    assert first.start == 100.0 and second.start == 0.0  # typed ahead, not running yet
    clock.now = 102.0
    framer.feed(ps1(0))
    assert first.end == 102.0 and second.start == 102.0
