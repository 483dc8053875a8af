"""Shards: every lesson in exactly one shard, languages together, stable and balanced."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.errors import ConfigError
from snippets_runner.model import Lesson, Page
from snippets_runner.shard import Shard, assign, select, stable_bucket

pytest_plugins = ["pytester"]
KEYS = st.lists(st.text(min_size=1, max_size=30), max_size=60, unique=True)
DURATIONS = st.floats(min_value=0, max_value=1e5, allow_nan=False)


def lesson(key: str, locales: tuple[str, ...] = ("ja", "en")) -> Lesson:
    return Lesson(key, tuple(Page(Path(f"{key}.{loc}.md"), loc, key, ()) for loc in locales))


@given(keys=KEYS, total=st.integers(1, 40))
def test_hash_split_is_a_partition(keys: list[str], total: int) -> None:
    lessons = [lesson(k) for k in keys]
    shards = [select(lessons, Shard(i, total)) for i in range(1, total + 1)]
    seen = [les.key for shard in shards for les in shard]
    assert sorted(seen) == sorted(keys), "every lesson in exactly one shard"


@given(data=st.data(), keys=KEYS, total=st.integers(1, 40))
def test_duration_split_is_a_partition(data: st.DataObject, keys: list[str], total: int) -> None:
    known = data.draw(st.lists(st.sampled_from(keys), unique=True) if keys else st.just([]))
    durations = {k: data.draw(DURATIONS) for k in known}
    placed = assign(keys, total, durations)
    assert set(placed) == set(keys)
    assert all(1 <= shard <= total for shard in placed.values())
    lessons = [lesson(k) for k in keys]
    chosen = [
        les.key for i in range(1, total + 1) for les in select(lessons, Shard(i, total), durations)
    ]
    assert sorted(chosen) == sorted(keys)


@given(keys=KEYS, total=st.integers(1, 12), durations=st.lists(DURATIONS, min_size=60, max_size=60))
def test_greedy_is_within_one_lesson_of_the_ideal(
    keys: list[str], total: int, durations: list[float]
) -> None:
    """Longest-first greedy: no shard exceeds total/N by more than its longest lesson."""
    cost = dict(zip(keys, durations, strict=False))
    placed = assign(keys, total, cost)
    loads = [sum(cost[k] for k in keys if placed[k] == i) for i in range(1, total + 1)]
    if keys:
        assert max(loads) <= sum(cost.values()) / total + max(cost.values()) + 1e-6


@given(keys=KEYS, total=st.integers(1, 10))
def test_order_of_input_does_not_matter(keys: list[str], total: int) -> None:
    durations = {k: float(len(k) % 3) for k in keys}
    assert assign(keys, total, durations) == assign(list(reversed(keys)), total, durations)
    assert assign(keys, total) == assign(list(reversed(keys)), total)


def test_every_language_of_a_lesson_lands_in_the_same_shard() -> None:
    lessons = [lesson(f"l{i}", ("ja", "en", "fr")) for i in range(20)]
    for index in (1, 2, 3):
        for chosen in select(lessons, Shard(index, 3)):
            assert [p.locale for p in chosen.pages] == ["ja", "en", "fr"]


def test_ties_and_balance_are_deterministic() -> None:
    durations = {"a": 10.0, "b": 7.0, "c": 5.0, "d": 3.0, "e": 3.0}
    # loads after each step: a→1 (10,0), b→2 (10,7), c→2 (10,12), d→1 (13,12), e→2 (13,15)
    assert assign(durations, 2, durations) == {"a": 1, "b": 2, "c": 2, "d": 1, "e": 2}
    # equal loads go to the lowest shard index, equal durations in key order
    assert assign(["x", "y"], 2, {"x": 1.0, "y": 1.0}) == {"x": 1, "y": 2}


def test_unknown_lessons_get_the_median_duration() -> None:
    placed = assign(["a", "b", "new"], 2, {"a": 10.0, "b": 1.0})
    # median 5.5: a→1, new→2 (5.5), b→2
    assert placed == {"a": 1, "new": 2, "b": 2}


def test_hash_is_stable_across_processes() -> None:
    """Python's hash() is salted per process; the split must not be."""
    code = "from snippets_runner.shard import stable_bucket; print(stable_bucket('ab/c.md', 7))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parents[1])},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {str(stable_bucket("ab/c.md", 7))}


@pytest.mark.parametrize("text", ["1", "0/2", "3/2", "a/b", "1/0", ""])
def test_bad_shard_specs_are_clear_errors(text: str) -> None:
    with pytest.raises(ConfigError, match="shard"):
        Shard.parse(text)


def test_shard_spec_round_trips() -> None:
    assert Shard.parse(" 2/5 ") == Shard(2, 5) and str(Shard(2, 5)) == "2/5"


def test_pytest_plugin_collects_only_its_shard(pytester: pytest.Pytester) -> None:
    """`pytest docs/ --snippets-shard K/N` runs the lessons `verify --shard K/N` would."""
    from test_merge import make_site

    make_site(pytester.path)
    lessons: list[set[str]] = []
    for k in (1, 2):
        result = pytester.runpytest("docs", "--snippets-shard", f"{k}/2", "--collect-only", "-q")
        ids = [line for line in result.outlines if "::line" in line]
        lessons.append({line.split("/")[1] for line in ids})
        assert all(line.split("::")[0].rsplit(".", 2)[1] in ("ja", "en") for line in ids)
    expected = [{les.key.split("/")[0] for les in select(
        [lesson(f"l{i}/index.md") for i in range(6)], Shard(k, 2))} for k in (1, 2)]  # fmt: skip
    assert lessons == expected and lessons[0] and lessons[1]
    bad = pytester.runpytest("docs", "--snippets-shard", "2/1")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    assert "need 1 <= K <= N" in bad.stderr.str()
