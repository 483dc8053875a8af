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
from report_samples import failed_report
from report_samples import parse as parse_sample

from snippets_runner.cli import main
from snippets_runner.errors import ReportError
from snippets_runner.report import document, job_summary
from snippets_runner.report.document import MAX_SHARD_RUNS, Report, ReportFormatError, load
from snippets_runner.report.merge import merge, missing_shards, shard_list

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
    assert "### Trend" in job_summary.render(r2, [r1])


def test_markdown_fence_survives_backticks_and_long_diffs() -> None:
    diff = [{"sign": "+", "text": f"```{i}"} for i in range(40)]
    command = {
        "file": "p.md", "line": 3, "command": "echo", "result": "failed",
        "note": "output differs", "diff": diff,
    }  # fmt: skip
    page = {"file": "p.md", "lesson": "p", "locale": "", "duration": 1.0, "commands": [command]}
    document = parsed_report(verify_report([page]))
    assert document is not None
    text = job_summary.render(document)
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


# --- reports from other jobs: merging costs in proportion to them -------------------------


def _shard_run(index: int, total: int, version: str) -> dict[str, Any]:
    return {
        "index": index, "total": total, "started": None, "finished": None,
        "cluster": {"context": "", "server": "", "kubernetes_version": version},
    }  # fmt: skip


def _counting_releases(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every release worked out from a version from now on (``document.release_of``)."""
    calls: list[str] = []
    release_of = document.release_of

    def counted(version: str) -> str:
        calls.append(version)
        return release_of(version)

    monkeypatch.setattr(document, "release_of", counted)
    return calls


def test_merging_shard_runs_costs_time_in_proportion_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review round 3: ``run.shards`` had no bound and merge checked every shard run against
    every other (and ``missing_shards`` scanned them once per release): a 2.7 MB report of
    20,000 shard runs on distinct releases did not merge in 10 minutes. Counted: how often
    a shard's release is worked out for 400 shard runs."""
    data = failed_report()
    data["run"]["shards"] = [_shard_run(1, 1, f"v1.{k}.0") for k in range(400)]
    calls = _counting_releases(monkeypatch)
    try:
        report = parse_sample(data)
        merged = merge([(Path("shard.json"), report)])
        job_summary.render(merged)
    except ReportError:
        return  # refused with a message: bounded too
    assert len(calls) <= 20 * 400, f"{len(calls)} release look-ups for 400 shard runs"


@pytest.mark.parametrize("runs", [100, 1000])
def test_merging_many_shard_reports_looks_each_up_a_few_times(
    monkeypatch: pytest.MonkeyPatch, runs: int
) -> None:
    """One report per shard (as the nightly job merges them), half of each split missing:
    the release look-ups grow with the shard runs, the same few per run at any size."""
    reports = []
    for k in range(runs):
        data = failed_report()
        data["pages"][0].update(file=f"docs/p{k}.md", lesson=f"p{k}.md")
        for command in data["pages"][0]["commands"]:
            command.update(file=f"docs/p{k}.md", lesson=f"p{k}.md")
        data["run"]["shard"] = {"index": 2 * (k % 10) + 1, "total": 20}
        data["run"]["cluster"] = _shard_run(1, 1, f"v1.{k // 10}.0")["cluster"]
        data["pages"][0]["kubernetes_version"] = f"v1.{k // 10}.0"
        reports.append((Path(f"s{k}.json"), parse_sample(data)))
    calls = _counting_releases(monkeypatch)
    merged = parse_sample(document.to_json(merge(reports)))
    summary = job_summary.render(merged)
    assert len(calls) <= 20 * runs, f"{len(calls)} release look-ups for {runs} shard runs"
    gaps = missing_shards(merged)
    assert len(gaps) == runs // 10
    assert shard_list(gaps["1.0"]) == "2, 4, 6, 8, 10, 12, 14, 16, 18, 20"
    assert "no report from shard(s) 2, 4, 6" in summary


def test_a_report_of_more_shard_runs_than_a_merge_makes_is_refused(tmp_path: Path) -> None:
    data = failed_report()
    data["run"]["shards"] = [_shard_run(1, 1, f"v1.{k}.0") for k in range(MAX_SHARD_RUNS + 1)]
    with pytest.raises(ReportFormatError, match=rf"^shard\.json: run\.shards: .*{MAX_SHARD_RUNS}"):
        parse_sample(data)
    (tmp_path / "big.json").write_text(json.dumps(data))
    code, out = cli("report", "merge", str(tmp_path / "big.json"))
    assert code == 2 and "big.json: run.shards:" in out and "Traceback" not in out


@pytest.mark.parametrize(
    ("shards", "message"),
    [
        ([(1, 2), (1, 2)], r"run\.shards\[1\]: 1/2 on Kubernetes 1\.37 is listed twice"),
        ([(1, 2), (2, 3)], r"run\.shards\[1\]: 2/3 on Kubernetes 1\.37 is another split"),
    ],
)
def test_a_merged_report_whose_shard_runs_merge_refuses_is_refused(
    shards: list[tuple[int, int]], message: str
) -> None:
    """What merge refuses to write is refused when read: no reader counts a shard twice."""
    data = failed_report()
    data["run"]["shards"] = [_shard_run(i, n, "v1.37.0") for i, n in shards]
    with pytest.raises(ReportFormatError, match=message):
        parse_sample(data)


def test_the_same_shard_on_two_releases_is_two_shard_runs() -> None:
    data = failed_report()
    data["run"]["shards"] = [_shard_run(1, 2, "v1.37.0"), _shard_run(1, 3, "v1.36.0")]
    assert missing_shards(parse_sample(data)) == {"1.36": [range(2, 4)], "1.37": [range(2, 3)]}


def test_missing_shards_of_a_large_split_are_named_by_their_ends() -> None:
    """A report of shard 1 of 1000 is two numbers of warning, not 999."""
    data = failed_report()
    data["run"]["shards"] = [_shard_run(i, 1000, "v1.37.0") for i in (1, 500)]
    gaps = missing_shards(parse_sample(data))
    assert gaps == {"1.37": [range(2, 500), range(501, 1001)]}
    assert shard_list(gaps["1.37"]) == "2-499, 501-1000"
    assert shard_list([range(3, 4), range(5, 7)]) == "3, 5, 6"


def test_a_merge_that_would_hold_more_than_a_report_may_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reports that each fit can together make a report no reader loads: merge says so."""
    from snippets_runner.report import merge as merging

    reports = []
    for k in range(3):
        data = failed_report()
        data["run"]["shard"] = {"index": k + 1, "total": 3}
        data["pages"][0]["kubernetes_version"] = f"v1.3{k}.0"
        reports.append((Path(f"s{k}.json"), parse_sample(data)))
    monkeypatch.setattr(merging, "MAX_RELEASES", 2)
    with pytest.raises(ReportError, match=r"report merge: the reports hold 3 releases together"):
        merge(reports)
    monkeypatch.setattr(merging, "MAX_SHARD_RUNS", 2)
    with pytest.raises(ReportError, match=r"report merge: the reports hold 3 shard runs"):
        merge(reports)


def test_tool_versions_that_disagree_are_named_within_a_name() -> None:
    reports = []
    for k in range(400):
        data = failed_report()
        data["pages"][0]["kubernetes_version"] = f"v1.{k % 90}.{k}"
        data["pages"][0].update(file=f"docs/p{k}.md", lesson=f"p{k}.md")
        for command in data["pages"][0]["commands"]:
            command.update(file=f"docs/p{k}.md", lesson=f"p{k}.md")
        data["run"]["tool_version"] = f"0.1.{k}" + "x" * 40
        reports.append((Path(f"s{k}.json"), parse_sample(data)))
    merged = merge(reports)
    assert merged.run is not None and len(merged.run.tool_version) <= document.MAX_NAME
    assert merged.run.tool_version.endswith(" more")
    assert parse_sample(document.to_json(merged)).run == merged.run


def test_a_trend_of_many_reports_shows_the_latest_side_by_side_and_says_so(
    tmp_path: Path,
) -> None:
    """Each report more widens every row (a row per lesson of any report): reports of
    lessons of their own would grow the table with the square of their number."""
    from snippets_runner.report.trend import MAX_REPORTS, render_trend

    reports = []
    for k in range(MAX_REPORTS + 20):
        page = {"lesson": f"l{k}.md", "commands": [{"result": "passed"}]}
        data = verify_report([page])
        data["run"]["started"] = f"2026-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}T03:17:00Z"
        report = parsed_report(data)
        assert report is not None
        reports.append(report)
    table = render_trend(reports)
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == MAX_REPORTS and all(row.count(" | ") == MAX_REPORTS + 1 for row in rows)
    assert table.endswith(f"20 older report(s) left out: at most {MAX_REPORTS} side by side.")
    assert "l0.md" not in table and f"l{MAX_REPORTS + 19}.md" in table
    assert "left out" not in render_trend(reports, last=5)
    summary = job_summary.render(reports[-1], reports[:-1])
    assert "20 older report(s) left out" in summary
    (tmp_path / "r.json").write_text(document.dump(reports[0]))
    code, out = cli("report", "trend", str(tmp_path / "r.json"), "--last", "1000")
    assert code == 2 and "--last" in out
