"""`report merge` and `report trend` on real reports of a plain-shell site (no cluster needed).

The same run split in two shards and merged must say exactly what the
unsharded run says, command by command; merging what does not belong
together is refused with the file that does not fit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import i18n_config, parsed_report, verify_report

from snippets_runner.cli import main
from snippets_runner.errors import ReportError
from snippets_runner.report import markdown
from snippets_runner.report.document import Report, load
from snippets_runner.report.merge import merge

MKDOCS = i18n_config("ja", "en")


OFFLINE = "---\nsnippets: {cluster: false}\n---\n"
"""The lessons run plain shell commands: they say they need no cluster (three lines)."""


def make_site(root: Path, lessons: int = 6, wrong: int = 3) -> Path:
    """``lessons`` two-language lessons; lesson ``wrong`` publishes stale output."""
    (root / "mkdocs.yml").write_text(MKDOCS)
    for i in range(lessons):
        published = "stale" if i == wrong else f"lesson {i}"
        for locale in ("ja", "en"):
            page = root / "docs" / f"l{i}" / f"index.{locale}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(
                f"{OFFLINE}# {i}\n\n```console\n~$ echo lesson {i}\n{published}\n~$ true\n```\n"
            )
    return root


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def results(document: dict[str, Any]) -> dict[tuple[str, int], tuple[Any, ...]]:
    """What a report says, command by command, without timings."""
    return {
        (c["file"], c["line"]): (
            c["locale"], c["lesson"], c["command"], c["result"], c["exit_status"],
            c["note"], c["expected"], c["output"], c["diff"],
        )
        for page in document["pages"]
        for c in page["commands"]
    }  # fmt: skip


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(make_site(tmp_path))
    return tmp_path


def test_two_shards_merged_equal_the_unsharded_run(site: Path) -> None:
    assert cli("verify", "--json", "full.json")[0] == 1
    assert cli("verify", "--shard", "1/2", "--json", "s1.json")[0] in (0, 1)
    assert cli("verify", "--shard", "2/2", "--json", "s2.json")[0] in (0, 1)
    full, s1, s2 = (json.loads((site / n).read_text()) for n in ("full.json", "s1.json", "s2.json"))
    lessons = [{p["lesson"] for p in d["pages"]} for d in (s1, s2)]
    assert lessons[0] and lessons[1] and not lessons[0] & lessons[1]
    assert lessons[0] | lessons[1] == {p["lesson"] for p in full["pages"]}
    assert s1["run"]["shard"] == {"index": 1, "total": 2} and full["run"]["shard"] is None
    assert full["run"]["cluster"] is None, "plain shell pages need no cluster"
    for name, shard in (("s1.json", s1), ("s2.json", s2)):
        for page in shard["pages"]:  # fixed durations: the slowest table must not hang on timing
            page["duration"] = 10.0 * int(page["lesson"][1]) + (page["locale"] == "en")
        (site / name).write_text(json.dumps(shard))

    code, out = cli(
        "report", "merge", "s2.json", "s1.json",
        "--json", "m.json", "--junit", "m.xml", "--markdown", "m.md",
    )  # fmt: skip
    assert code == 0, out
    merged = json.loads((site / "m.json").read_text())
    assert results(merged) == results(full)
    assert merged["summary"] == full["summary"] == {
        "passed": 22, "ran": 0, "failed": 2, "skipped": 0, "not_run": 0,
    }  # fmt: skip
    assert [p["file"] for p in merged["pages"]] == [p["file"] for p in full["pages"]]
    assert [p["content_hash"] for p in merged["pages"]] == [
        p["content_hash"] for p in full["pages"]
    ]
    run = merged["run"]
    assert [(s["index"], s["total"]) for s in run["shards"]] == [(1, 2), (2, 2)]
    assert run["started"] == min(s1["run"]["started"], s2["run"]["started"])
    assert run["finished"] == max(s1["run"]["finished"], s2["run"]["finished"])
    assert run["shard"] is None and run["tool_version"] == full["run"]["tool_version"]

    summary = (site / "m.md").read_text()
    assert "❌ snippets-runner verify: FAILED" in summary
    assert "| 22 | 0 | 2 | 0 | 0 | 12 | 6 |" in summary
    assert "**`docs/l3/index.ja.md:7`** [ja] output differs" in summary
    assert "- stale\n+ lesson 3" in summary
    # Across the shards, slowest first; a lesson's time is its slowest page's (here `en`).
    slowest = summary.split("### Slowest lessons")[1].splitlines()
    assert slowest[0] == " (of 6, 2m 36s in all)"
    assert slowest[4:10] == [
        "| `l5/index.md` | ✅ | 51.0s |",
        "| `l4/index.md` | ✅ | 41.0s |",
        "| `l3/index.md` | ❌ | 31.0s |",
        "| `l2/index.md` | ✅ | 21.0s |",
        "| `l1/index.md` | ✅ | 11.0s |",
        "| `l0/index.md` | ✅ | 1.0s |",
    ]
    junit_text = (site / "m.xml").read_text()
    assert junit_text.count("<testcase ") == 24 and junit_text.count("<failure ") == 2


def test_durations_balance_the_shards(site: Path) -> None:
    assert cli("verify", "--json", "full.json")[0] == 1
    report = json.loads((site / "full.json").read_text())
    for page in report["pages"]:  # fixed durations: the balance must not hang on timing noise
        page["duration"] = 10.0 * int(page["lesson"][1])
    (site / "full.json").write_text(json.dumps(report))
    pages: list[set[str]] = []
    for k in (1, 2):
        code, out = cli("list", "--shard", f"{k}/2", "--durations", "full.json", "--json")
        assert code == 0, out
        pages.append({c["lesson"] for c in json.loads(out)["commands"]})
    # longest first onto the lighter shard: l5 (50s) 1, l4 2, l3 2, l2 1, l1 tie → 1, l0 2
    assert pages == [
        {"l5/index.md", "l2/index.md", "l1/index.md"},
        {"l4/index.md", "l3/index.md", "l0/index.md"},
    ]


def test_bad_shard_and_durations_are_usage_errors(site: Path) -> None:
    code, out = cli("list", "--shard", "3/2")
    assert code == 2 and "need 1 <= K <= N" in out
    (site / "bad.json").write_text("{\n  nope")
    code, out = cli("list", "--shard", "1/2", "--durations", "bad.json")
    assert code == 2 and "bad.json:2: not a JSON report" in out
    # A valid report whose pages lack what durations need: a usage error, not a KeyError.
    (site / "odd.json").write_text(json.dumps(verify_report([{"commands": None}], {})))
    code, out = cli("list", "--shard", "1/2", "--durations", "odd.json")
    assert code == 2 and "odd.json: pages[0].commands: Input should be a valid array" in out


def test_merge_refuses_overlaps_versions_and_mixed_splits(site: Path) -> None:
    assert cli("verify", "--shard", "1/2", "--json", "s1.json")[0] in (0, 1)
    code, out = cli("report", "merge", "s1.json", "s1.json", "--json", "m.json")
    assert code == 2 and "shards must not overlap" in out and "s1.json" in out
    assert not (site / "m.json").exists()

    old = json.loads((site / "s1.json").read_text())
    old["version"] = 1
    (site / "v1.json").write_text(json.dumps(old))
    assert cli("verify", "--shard", "2/2", "--json", "s2.json")[0] in (0, 1)
    code, out = cli("report", "merge", "s2.json", "v1.json")
    assert code == 2 and "v1.json: report version 1 was written by an older" in out

    other = json.loads((site / "s2.json").read_text())
    other["run"]["shard"] = {"index": 2, "total": 3}
    first = parsed_report(json.loads((site / "s1.json").read_text()))
    second = parsed_report(other)
    assert first is not None and second is not None
    with pytest.raises(ReportError, match="shard 2/3 is from another split"):
        merge([(Path("s1.json"), first), (Path("x"), second)])


def test_missing_shard_is_merged_but_flagged(site: Path) -> None:
    assert cli("verify", "--shard", "1/3", "--json", "s1.json")[0] in (0, 1)
    code, out = cli("report", "merge", "s1.json", "--markdown", "m.md")
    assert code == 0 and "warning: no report from shard(s) 2, 3" in out
    assert "**Incomplete:** no report from shard(s) 2, 3." in (site / "m.md").read_text()


def test_trend_shows_flaky_lessons(site: Path) -> None:
    assert cli("verify", "--json", "r1.json")[0] == 1
    first = json.loads((site / "r1.json").read_text())
    first["run"]["started"] = "2026-11-01T00:00:00Z"  # the earlier night, whatever the clock
    (site / "r1.json").write_text(json.dumps(first))
    page = site / "docs/l3/index.ja.md"
    for p in (page, site / "docs/l3/index.en.md"):
        p.write_text(p.read_text().replace("stale", "lesson 3"))
    assert cli("verify", "--json", "r2.json")[0] == 0
    code, out = cli("report", "trend", "r2.json", "r1.json")  # oldest first by run.started
    assert code == 0
    l3 = next(line for line in out.splitlines() if line.startswith("| `l3/index.md`"))
    cells = [c.strip() for c in l3.strip("|").split("|")]
    assert cells[1].startswith("❌") and cells[2].startswith("✅") and cells[3] == "flaky"
    l0 = next(line for line in out.splitlines() if line.startswith("| `l0/index.md`"))
    assert l0.count("✅") == 2 and l0.rstrip().endswith("|  |")
    r1, r2 = (load(site / n) for n in ("r1.json", "r2.json"))
    assert "### Trend" in markdown.render(r2, [r1])


def test_markdown_fence_survives_backticks_and_long_diffs() -> None:
    diff = [{"sign": "+", "text": f"```{i}"} for i in range(40)]
    command = {
        "file": "p.md", "line": 3, "command": "echo", "result": "failed",
        "note": "output differs", "diff": diff,
    }  # fmt: skip
    page = {"file": "p.md", "lesson": "p", "locale": "", "duration": 1.0, "commands": [command]}
    document = parsed_report(verify_report([page]))
    assert document is not None
    text = markdown.render(document)
    assert "````diff\n--- published" in text
    assert "+ ```8\n… 23 line(s) not shown: 23 changed (23 extra) (see the JSON report)\n" in text
    assert "\n+ ```39\n````" in text  # a long change shows its head and its tail


def test_trend_names_a_slowing_lesson_but_not_noise() -> None:
    from snippets_runner.report.trend import render_trend

    def night(day: int, seconds: float) -> Report:
        command = {"result": "passed"}
        page = {"lesson": "a.md", "duration": seconds, "commands": [command]}
        document = verify_report([page])
        document["run"]["started"] = f"2026-11-{day:02d}T03:17:00Z"
        report = parsed_report(document)
        assert report is not None
        return report

    slowing = render_trend([night(4, 20.0), night(1, 10.0), night(2, 11.0), night(3, 10.0)])
    assert slowing.splitlines()[0].startswith("| lesson | 2026-11-01 03:17 |"), "oldest first"
    assert slowing.splitlines()[-1].endswith("| slower (10.0s → 20.0s) |")
    noise = render_trend([night(1, 10.0), night(2, 11.0), night(3, 14.0)])
    assert noise.splitlines()[-1].endswith("|  |")
    assert render_trend([night(d, 1.0) for d in range(1, 6)], last=2).count("03:17") == 2
