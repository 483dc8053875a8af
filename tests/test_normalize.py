"""Each built-in normalizer tolerates its volatile field, and only that field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.match import match
from snippets_runner.model import ExpectedOutput, Location


def matches(expected: str, actual: str) -> bool:
    lines = tuple(expected.split("\n"))
    return match(ExpectedOutput(lines, Location(Path("p.md"), 1)), actual).matched


def normalizers(expected: str, actual: str) -> frozenset[str]:
    lines = tuple(expected.split("\n"))
    return match(ExpectedOutput(lines, Location(Path("p.md"), 1)), actual).normalizers


@pytest.mark.parametrize(
    ("expected", "actual", "name"),
    [
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rw-r--r-- 1 root root 0 Nov  2  2023 a.txt",
            "date",
        ),
        ("created: 2023-10-18T13:38:00Z", "created: 2026-11-28T12:00:01.123456Z", "timestamp"),
        (
            "Start Time: Mon, 18 Oct 2023 13:38:00 +0000",
            "Start Time: Sat, 28 Nov 2026 12:00:00 +0000",
            "timestamp",
        ),
        ("at 2023-10-18 13:38:00 +0000 UTC", "at 2026-11-28 09:00:00 +0000 UTC", "timestamp"),
        ("IP: 10.244.0.5", "IP: 10.244.1.17", "ip"),
        ("IP: 10.244.0.5", "IP: fd00:10:244::5", "ip"),
        (
            "uid: 0f8fad5b-d9cb-469f-a165-70867728950e",
            "uid: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "uid",
        ),
        ('resourceVersion: "1234"', 'resourceVersion: "98765"', "resourceVersion"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-66b8f5d7c9-k8p2q created", "name-suffix"),
        ("job pod pi-x7k2p done", "job pod pi-b9zq4 done", "name-suffix"),
        ("restarted (29s ago)", "restarted (2m1s ago)", "duration"),
        ("up for 5d3h", "up for 29s", "duration"),
        ("Last probe: 3h now", "Last probe: 5d now", "duration"),
        ("a [...] z", "a anything at all z", "wildcard"),
    ],
)
def test_volatile_field_is_normalized(expected: str, actual: str, name: str) -> None:
    assert matches(expected, actual)
    assert name in normalizers(expected, actual)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        # A different file name next to a normalized date.
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rw-r--r-- 1 root root 0 Nov  2  2023 b.txt",
        ),
        # Permissions or size next to a normalized date.
        (
            "-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt",
            "-rwxr-xr-x 1 root root 0 Oct 18 13:38 a.txt",
        ),
        ("created: 2023-10-18T13:38:00Z by web", "created: 2026-11-28T12:00:01Z by db"),
        ("IP: 10.244.0.5", "IP: <none>"),
        ("IP: 10.244.0.5", "IP: 999.1.2.3"),
        ("IP: 10.244.0.5", "IP: 10.244.0"),
        ("Forwarding from 127.0.0.1:8080", "Forwarding from 10.0.0.1:8080"),
        ("uid: 0f8fad5b-d9cb-469f-a165-70867728950e", "uid: not-a-uid"),
        ('resourceVersion: "1234"', 'resourceVersion: "12a"'),
        # The base of a generated name is not volatile.
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/db-66b8f5d7c9-k8p2q created"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-7d4b9c8f5-x2x9z deleted"),
        # StatefulSet ordinals are stable identities, not suffixes.
        ("pod/web-0 created", "pod/web-1 created"),
        ("restarted (29s ago)", "restarted (29s later)"),
        # A lone `100m` outside an AGE column is a CPU quantity, not a duration.
        ("cpu: 100m", "cpu: 200m"),
        ("a [...] z", "a anything at all y"),
        ("Status: Running", "Status: Pending"),
        ("Ready: 1/1", "Ready: 0/1"),
    ],
)
def test_a_real_difference_in_the_same_field_still_fails(expected: str, actual: str) -> None:
    assert not matches(expected, actual)


def test_runs_of_spaces_and_trailing_whitespace_do_not_matter_but_indentation_does() -> None:
    assert matches(
        "Name:         web-0\nNamespace:    default", "Name:      web-0   \nNamespace: default"
    )
    assert not matches("Name:         web-0", "Name:web-0")
    assert not matches("  Ready: True", "Ready: True")
    assert not matches("  Ready:  True", "  Ready:  False")


def test_wildcard_matches_empty_text_and_stays_within_the_line() -> None:
    assert matches("ab[...]cd", "abcd")
    assert not matches("a [...] z", "a b\nc z")


def test_elision_line_matches_zero_or_more_lines() -> None:
    assert matches("first\n[...]\nlast", "first\nlast")
    assert matches("first\n[...]\nlast", "first\n1\n2\n3\nlast")
    assert not matches("first\n[...]\nlast", "first\n1\n2\n3\nother")
    assert matches("[...]", "")


_alphabet = "bcdfghjklmnpqrstvwxz2456789"


@given(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["s", "m", "h", "d", "y"]),
    st.text(_alphabet, min_size=10, max_size=10),
    st.text(_alphabet, min_size=5, max_size=5),
)
def test_any_generated_suffix_and_age_match_in_a_table(
    number: int, unit: str, hash_: str, suffix: str
) -> None:
    expected = "NAME                  READY   AGE\nweb-7d4b9c8f5-x2x9z   1/1     29s"
    actual = f"NAME   READY   AGE\nweb-{hash_}-{suffix}   1/1   {number}{unit}"
    assert matches(expected, actual)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60))
def test_any_text_matches_itself(text: str) -> None:
    assert matches(text, text)
