"""The pytest plugin, through pytest's own pytester: items per command, one run per lesson."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import verify_report

pytest_plugins = ["pytester"]

CONFIG = """site_name: x
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: ja, default: true}
        - {locale: en}
"""
OFFLINE = "---\nsnippets: {cluster: false}\n---\n"
"""Front matter of a page that needs no cluster (three lines)."""
PYPROJECT = '[tool.snippets-runner]\npass-env = ["COUNTER"]\n'
"""The pages append to $COUNTER, which the site passes them from the runner."""
PAGE = """---
snippets: {{cluster: false}}
---
# {title}

```console
~$ echo run >> "$COUNTER"; echo hello
hello
~$ echo wrong
right
```

```console skip
~$ echo never
```
"""
OTHER = """---
snippets: {cluster: false}
---
# other

```console
~$ echo other >> "$COUNTER"
```
"""


@pytest.fixture
def site(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = pytester.path
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "docs/p.ja.md").write_text(PAGE.format(title="ページ"))
    (root / "docs/p.en.md").write_text(PAGE.format(title="Page"))
    (root / "docs/q.md").write_text(OTHER)
    (root / "README.md").write_text(PAGE.format(title="not docs"))
    monkeypatch.setenv("COUNTER", str(root / "counter"))
    return root


def test_one_item_per_command_with_file_line_and_diff(
    pytester: pytest.Pytester, site: Path
) -> None:
    result = pytester.runpytest("docs", "-v")
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/p.en.md::line 9 FAILED*",
            "*docs/p.ja.md::line 9 FAILED*",
        ]
    )
    result.stdout.fnmatch_lines(
        ["docs/p.ja.md:9: output differs", "$ echo wrong", "*-*right", "*+*wrong"]
    )
    lines = (site / "counter").read_text().split()
    assert sorted(lines) == ["other", "run"], "each lesson ran once, for both languages"


def test_plain_pytest_never_runs_pages(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert not (site / "counter").exists()


def test_pages_outside_docs_dir_are_not_collected(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest("README.md")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # pytest: "not found"
    result.stderr.fnmatch_lines(["ERROR: not found: *README.md"])
    assert not (site / "counter").exists()


def test_xdist_keeps_a_lesson_on_one_worker(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest("docs", "-n", "2", "--dist", "loadgroup")
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    assert sorted((site / "counter").read_text().split()) == ["other", "run"]


def test_kubectl_page_without_an_allowed_context_fails_with_the_reason(
    pytester: pytest.Pytester, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = site / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: u, user: {}}]\n"
        "contexts: [{name: prod, context: {cluster: c, user: u}}]\n"
    )
    monkeypatch.delenv("SNIPPETS_ALLOWED_CONTEXTS", raising=False)
    (site / "docs/k.md").write_text("# k\n\n```console\n~$ kubectl get pods\nNo resources\n```\n")
    result = pytester.runpytest("docs/k.md", f"--snippets-kubeconfig={kubeconfig}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cluster refused*prod*"])


def test_folder_layout_runs_the_default_language_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = pytester.path
    (root / "mkdocs.yml").write_text(CONFIG.replace("suffix", "folder"))
    (root / "pyproject.toml").write_text(PYPROJECT)
    for locale in ("ja", "en"):
        (root / "docs" / locale / "x").mkdir(parents=True)
        (root / "docs" / locale / "x/index.md").write_text(
            OFFLINE + '# x\n\n```console\n~$ echo run >> "$COUNTER"; echo hi\nhi\n```\n'
        )
    monkeypatch.setenv("COUNTER", str(root / "counter"))
    result = pytester.runpytest("docs")
    result.assert_outcomes(passed=2)
    assert (root / "counter").read_text().split() == ["run"]


def test_a_kubectl_page_after_a_plain_one_still_gets_the_cluster_check(
    pytester: pytest.Pytester, site: Path
) -> None:
    (site / "docs/z.md").write_text("# z\n\n```console\n~$ kubectl get pods\nNo resources\n```\n")
    result = pytester.runpytest("docs", "--snippets-kubeconfig=/nonexistent")
    result.stdout.fnmatch_lines(["*cluster refused*"])
    assert "no-cluster" not in result.stdout.str()


SHELL = OFFLINE + "# shell\n\n```console\n~$ echo hello\nhello\n```\n"
KUBECTL = "# k\n\n```console\n~$ kubectl get pods\nNo resources\n```\n"
STACK_FRAMES = (
    "Traceback", "pluggy/_", "pytest_plugin.py:", "pytest_options.py:", "pytest_session.py:",
    "pytest_items.py:", "pytest_groups.py:", "During handling", "snippets_runner.errors.",
    "command_line.py:", "run_state.py:", "items.py:", "groups.py:",
)  # fmt: skip


def assert_no_stack(result: pytest.RunResult) -> None:
    """Writers fix pages, not the plugin: what they are shown must not be its stack."""
    shown = result.stdout.str() + result.stderr.str()
    for frame in STACK_FRAMES:
        assert frame not in shown, f"{frame!r} in:\n{shown}"


def test_plain_shell_pages_run_without_a_cluster_beside_kubectl_lessons(
    pytester: pytest.Pytester, site: Path
) -> None:
    """`pytest docs/shell` needs no cluster, as `snippets-runner verify docs/shell` does not:
    the kubectl lesson elsewhere in the docs folder is not collected, so it decides nothing."""
    (site / "docs/shell").mkdir()
    (site / "docs/shell/index.ja.md").write_text(SHELL)
    (site / "docs/shell/index.en.md").write_text(SHELL)
    (site / "docs/k.md").write_text(KUBECTL)
    result = pytester.runpytest("docs/shell", "--snippets-kubeconfig=/nonexistent")
    result.assert_outcomes(passed=2)
    assert "cluster refused" not in result.stdout.str()


def test_a_refused_cluster_fails_only_the_kubectl_items_once_each_and_plainly(
    pytester: pytest.Pytester, site: Path
) -> None:
    """A refused cluster is no reason to fail plain-shell items; the kubectl items say why
    once, without the "During handling of the above exception" chain."""
    (site / "docs/k.md").write_text(KUBECTL)
    (site / "docs/k2.md").write_text(KUBECTL.replace("pods", "nodes"))
    result = pytester.runpytest("docs", "--snippets-kubeconfig=/nonexistent")
    result.assert_outcomes(passed=3, failed=4, skipped=2)  # p line 9 twice, k, k2
    out = result.stdout.str()
    assert "During handling" not in out
    failures = out.split("= FAILURES =")[1].split("short test summary")[0]
    assert failures.count("cluster refused:") == 2, failures
    result.stdout.fnmatch_lines(["FAILED docs/k.md::line 4 - cluster refused:*"])


def test_broken_pages_are_collection_errors_with_file_line_and_no_stack(
    pytester: pytest.Pytester, site: Path
) -> None:
    (site / "docs/fence.md").write_text("# a\n\n```console\n~$ echo hi\nhi\n")
    (site / "docs/front.md").write_text(
        "---\nsnippets:\n  lab: 3\n---\n# b\n\n```console\n~$ echo hi\nhi\n```\n"
    )
    result = pytester.runpytest("docs")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting docs/fence.md*",
            "docs/fence.md:3: ```console fence is never closed*",
            "*ERROR collecting docs/front.md*",
            "docs/front.md:2: snippets.lab must be a list of non-empty strings",
        ]
    )
    assert_no_stack(result)
    assert not (site / "counter").exists(), "nothing runs while a page is broken"


def test_a_translation_is_not_verified_by_a_broken_page_of_its_lesson(
    pytester: pytest.Pytester, site: Path
) -> None:
    """`pytest docs/p.en.md` is judged by the run of p.ja.md: if that page does not
    extract (its lab is ignored), the English items must not pass on its partial run."""
    (site / "docs/p.ja.md").write_text("---\nsnippets:\n  lab: 3\n---\n" + PAGE.format(title="x"))
    result = pytester.runpytest("docs/p.en.md")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR collecting docs/p.en.md*", "*another page of this lesson*", "docs/p.ja.md:2: *"]
    )
    assert_no_stack(result)
    assert not (site / "counter").exists()


def test_a_lab_manifest_that_does_not_parse_is_a_collection_error(
    pytester: pytest.Pytester, site: Path
) -> None:
    """The xdist group reads the lab's manifests at collection; a broken one names its line."""
    (site / "docs/m").mkdir()
    (site / "docs/m/bad.yaml").write_text("kind: [\n")
    (site / "docs/k.md").write_text("---\nsnippets:\n  lab: [m/bad.yaml]\n---\n" + KUBECTL)
    result = pytester.runpytest("docs/k.md")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["docs/m/bad.yaml:2: invalid YAML*"])
    assert_no_stack(result)


def test_an_unreadable_mkdocs_yml_is_one_plain_error(pytester: pytest.Pytester, site: Path) -> None:
    """Said once, with file:line. In a subprocess: pytester's in-process runs drop the
    modules a run imported (PyYAML here) while site.py keeps its loader class cached."""
    (site / "mkdocs.yml").write_text("site_name: [x\n")
    result = pytester.runpytest_subprocess("docs")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mkdocs.yml:2: invalid YAML*"])
    assert_no_stack(result)


@pytest.mark.parametrize(
    ("report", "args", "message"),
    [
        (None, ["--snippets-shard", "1/2"], "*missing.json: cannot read report*"),
        ('{"schema": "snippets-runner/verify", "version": 5, "pages": []}',
         ["--snippets-shard", "1/2"], "*unsupported report version 5*"),
        ('{"schema": "snippets-runner/verify", "version": 3, "pages": [{"lesson": "x"}]}',
         ["--snippets-shard", "1/2"], "*report.json: run: Field required*"),
        ('{"schema": "snippets-runner/verify", "version": 2, "pages": []}',
         [], "*--snippets-durations only makes sense with --snippets-shard*"),
    ],
)  # fmt: skip
def test_durations_reports_that_cannot_be_used_are_usage_errors(
    pytester: pytest.Pytester, site: Path, report: str | None, args: list[str], message: str
) -> None:
    """As `verify --durations`: a usage error naming the report, before anything is collected."""
    path = site / ("missing.json" if report is None else "report.json")
    if report is not None:
        path.write_text(report)
    result = pytester.runpytest("docs", f"--snippets-durations={path}", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: {message}"])
    assert_no_stack(result)
    assert not (site / "counter").exists()


@pytest.mark.parametrize("value", ["0", "-1", "nan", "1e9", "soon"])
def test_bad_timeouts_are_usage_errors(pytester: pytest.Pytester, site: Path, value: str) -> None:
    """As `verify --timeout`: refused on the command line, not by every item at run time."""
    result = pytester.runpytest("docs", f"--snippets-timeout={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*argument --snippets-timeout:*"])
    assert not (site / "counter").exists()


@pytest.mark.parametrize("value", ["*", "AWS-*", "HOME"])
def test_bad_pass_env_values_are_usage_errors(
    pytester: pytest.Pytester, site: Path, value: str
) -> None:
    result = pytester.runpytest("docs", f"--snippets-pass-env={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*argument --snippets-pass-env:*"])
    assert not (site / "counter").exists()


def test_pages_get_only_the_variables_the_site_or_the_option_passes(
    pytester: pytest.Pytester, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_Runner-Only-Token-77")
    monkeypatch.setenv("DOCS_REGION", "eu-west-1")
    (site / "docs/e.md").write_text(
        OFFLINE + '# e\n\n```console\n~$ echo "[$GITHUB_TOKEN] [$DOCS_REGION]"\n'
        "[] [eu-west-1]\n```\n"
    )
    result = pytester.runpytest("docs/e.md")
    result.assert_outcomes(failed=1)  # DOCS_REGION is not passed by the site
    assert "ghp_Runner-Only-Token-77" not in result.stdout.str()
    result = pytester.runpytest("docs/e.md", "--snippets-pass-env=DOCS_*")
    result.assert_outcomes(passed=1)


MODULE = "snippets_runner.integrations.pytest_plugin"


def test_the_plugin_can_be_named_by_its_module(
    pytester: pytest.Pytester, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-p <module>` (pytest's documented way to load a plugin by module name) and
    `pytest_plugins` must not clash with the entry point that loads the same module."""
    help_ = pytester.runpytest("-p", MODULE, "--help")
    assert help_.ret == pytest.ExitCode.OK
    help_.stdout.fnmatch_lines(["*--snippets-shard=K/N*"])
    pytester.makeconftest(f"pytest_plugins = [{MODULE!r}]")
    result = pytester.runpytest("docs")
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    (site / "counter").unlink()
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # CI jobs that load plugins by -p
    result = pytester.runpytest("-p", MODULE, "-p", "no:cacheprovider", "docs/q.md")
    result.assert_outcomes(passed=1)


def test_an_option_value_is_not_a_path_to_collect(pytester: pytest.Pytester, site: Path) -> None:
    """`pytest --rootdir .` names no path: pages must not run as if `pytest .` was typed."""
    result = pytester.runpytest("--rootdir", str(site))
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert not (site / "counter").exists()


def test_two_sites_with_the_same_lesson_key_each_run_their_own(
    pytester: pytest.Pytester,
) -> None:
    """Runs are kept per site: both sites have an `index.md` lesson."""
    for name in ("a", "b"):
        (pytester.path / name / "docs").mkdir(parents=True)
        (pytester.path / name / "mkdocs.yml").write_text("site_name: x\n")
        (pytester.path / name / "docs/index.md").write_text(
            f"{OFFLINE}# {name}\n\n```console\n~$ echo {name}\n{name}\n```\n"
        )
    result = pytester.runpytest("a/docs", "b/docs")
    result.assert_outcomes(passed=2)


def test_items_carry_the_shared_group(pytester: pytest.Pytester, site: Path) -> None:
    (site / "docs/a.md").write_text(KUBECTL.replace("pods", "pods -n a"))
    (site / "docs/b.md").write_text(KUBECTL.replace("pods", "pods -n b"))
    items, _ = pytester.inline_genitems("docs")
    groups = {}
    for item in items:
        marker = item.get_closest_marker("xdist_group")
        assert marker is not None, item.nodeid
        groups[item.nodeid.split("::")[0]] = marker.args[0]
    assert groups["docs/a.md"] == groups["docs/b.md"] == "snippets:a,b,default"
    assert groups["docs/p.ja.md"] == groups["docs/p.en.md"] == "snippets:p.md"
    assert groups["docs/q.md"] == "snippets:q.md"


def test_xdist_without_loadgroup_is_refused(pytester: pytest.Pytester, site: Path) -> None:
    """Under `--dist load` the ja and en items of a lesson may land on two workers, which
    would run the lesson twice at once; pages say what they need instead."""
    result = pytester.runpytest("docs", "-n", "2", "--dist", "load")
    result.stdout.fnmatch_lines(["*pages need `--dist loadgroup` under pytest-xdist*"])
    assert result.ret != pytest.ExitCode.OK
    assert not (site / "counter").exists()


def test_a_balanced_shard_splits_the_lessons_of_the_typed_paths_as_verify_does(
    pytester: pytest.Pytester,
) -> None:
    """`verify docs/l1 docs/l2 --shard K/2 --durations R` balances l1 and l2 only; the plugin
    must not balance the whole docs folder instead (l0 would push l1 to the other shard)."""
    from test_merge import make_site

    make_site(pytester.path, lessons=3)
    pages = [
        {"file": f"docs/l{i}/index.md", "lesson": f"l{i}/index.md", "duration": d}
        for i, d in enumerate((10.0, 9.0, 1.0))
    ]
    report = pytester.path / "r.json"
    report.write_text(json.dumps(verify_report(pages)))
    seen = []
    for k in (1, 2):
        result = pytester.runpytest(
            "docs/l1", "docs/l2", f"--snippets-shard={k}/2", f"--snippets-durations={report}",
            "--collect-only", "-q",
        )  # fmt: skip
        seen.append({line.split("/")[1] for line in result.outlines if "::line" in line})
    assert seen == [{"l1"}, {"l2"}]


INTERRUPTER = """
import importlib
import os
import signal
from pathlib import Path

# By its full name: after earlier in-process runs, `from snippets_runner.run import deadline`
# can hand back the module an earlier run imported, not the one the runner is about to use.
deadline = importlib.import_module("snippets_runner.run.deadline")
real_exit = deadline.Alarm.__exit__


def exit_(self, *exc):
    # While a page runs, the runner's Alarm holds pytest-timeout's timer; it hands a timer
    # that came due meanwhile back to pytest-timeout's own handler, at a judgement that
    # needs the matcher or when the page is done. Here the timer has come due once the page
    # has written $COUNTER, never after an amount of this machine's time.
    real_exit(self, *exc)
    counter = Path(os.environ["COUNTER"])
    begun = counter.exists() and counter.read_text()
    if begun and exc[0] is None and callable(self._outer_handler):
        self._outer_handler(signal.SIGALRM, None)


def pytest_configure(config):
    deadline.Alarm.__exit__ = exit_


def pytest_unconfigure(config):
    deadline.Alarm.__exit__ = real_exit
"""
"""A conftest.py: pytest-timeout's time is up once the page has begun, not after a second."""


def test_a_lesson_whose_run_was_interrupted_is_not_run_again(
    pytester: pytest.Pytester, site: Path
) -> None:
    """pytest-timeout fails the item that runs the lesson; the lesson's other items report
    that instead of running the lesson (and its lab) once more each.

    The failure is pytest-timeout's own handler's. Its time is up when the page has written
    $COUNTER (the conftest), never after a second of wall clock in which bash had to start
    and run the first command."""
    pytester.makeconftest(INTERRUPTER)
    (site / "docs/t.md").write_text(
        OFFLINE + '# t\n\n```console\n~$ echo run >> "$COUNTER"\n~$ echo hi\nhi\n```\n'
    )
    result = pytester.runpytest("docs/t.md", "--timeout=250")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*Timeout*250*"])
    result.stdout.fnmatch_lines(["*the lesson's run failed on an earlier item*Timeout*"])
    assert (site / "counter").read_text().split() == ["run"]


UNPUBLISHED = """---
snippets: {cluster: false}
---
# build

```console output="not-published"
~$ echo a log nobody publishes
~$ echo checked
checked
```
"""


def test_a_command_whose_output_is_not_compared_passes_and_says_so(
    pytester: pytest.Pytester, site: Path
) -> None:
    (site / "docs/build.md").write_text(UNPUBLISHED)
    result = pytester.runpytest("docs/build.md", "-v", "--junitxml=junit.xml", "-rA")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*ran, output not compared*"])
    import xml.etree.ElementTree as ET

    cases = list(ET.parse(site / "junit.xml").iter("testcase"))
    properties = [{p.get("name"): p.get("value") for p in c.iter("property")} for c in cases]
    assert properties == [{"snippets.output": "not-compared"}, {}]


def test_a_block_with_a_placeholder_without_a_value_is_a_skipped_item_that_says_why(
    pytester: pytest.Pytester, site: Path
) -> None:
    (site / "pyproject.toml").write_text(PYPROJECT + 'placeholders = ["<*>"]\n')
    page = "```console\n~$ echo ok\nok\n```\n\n```console\n~$ kubectl logs <pod>\n```\n"
    (site / "docs/ph.md").write_text(OFFLINE + page)
    result = pytester.runpytest("docs/ph.md", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*skipped: placeholder <pod> at *ph.md:10 has no value*"])
