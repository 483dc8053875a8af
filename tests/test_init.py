"""`snippets-runner init`: a site's dialect found in its pages, written into its pyproject.toml.

Each convention has a small fixture site; the command is tested as a writer
runs it (CliRunner in the site's folder): what it writes, --check, an existing
file whose every other byte must stay, and a second run that changes nothing.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from snippets_runner.adopt import Findings, Status, detect, detected_options, plan_init, survey_site
from snippets_runner.adopt.shapes import elision_marker, placeholders_in, prints_nothing
from snippets_runner.cli import main
from snippets_runner.config.options import BY_KEY, OPTIONS
from snippets_runner.config.pyproject import RunnerConfig, parse_runner_config
from snippets_runner.config.site import load_site
from snippets_runner.model import OutputPolicy, Sessions

MKDOCS = "site_name: t\n"


def fence(language: str, *lines: str) -> str:
    return f"```{language}\n" + "".join(line + "\n" for line in lines) + "```\n\n"


def make_site(root: Path, pages: dict[str, str], mkdocs: str = MKDOCS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(mkdocs)
    for name, text in pages.items():
        page = root / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text)
    return root


def findings(root: Path, **given: object) -> Findings:
    return detect(survey_site(load_site(root / "mkdocs.yml")), given)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- the conventions -------------------------------------------------------------------------


def test_several_prompts_most_used_first_patterns_for_varying_ones(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": "# A\n\n"
            + fence("console", "$ kubectl get ns", "default")
            + fence("console", "$ kubectl get pods", "No resources found")
            + fence("console", "[cluster-1]$ rbd ls", "image")
            + fence("console", "$ echo hi", "hi"),
            "b.md": fence("console", "[cluster-2]$ rbd ls", "image")
            + fence("console", "me@box:~/src$ make", "done"),
        },
    )
    found = findings(tmp_path).prompt
    assert found.value == ("$ ", "[*]$ ", "*@*:*$ ")
    assert found.notes[0] == '"$ ": 3 command line(s) in 3 fence(s), e.g. docs/a.md:4'
    assert (
        '"[*]$ ": 2 command line(s) in 2 fence(s), as "[cluster-1]$ ", "[cluster-2]$ "'
        in (found.notes[1])
    )
    assert found.notes[1].endswith("e.g. docs/a.md:14")
    assert found.notes[2].endswith("e.g. docs/b.md:7")


def test_root_prompts_only_where_they_cannot_be_comments(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "root@web-0:/# cat /etc/hostname", "web-0")
            + fence("console", "# list the pods", "$ kubectl get pods", "No resources found")
            + fence("console", "$ sudo -i", "# kubectl version"),
        },
    )
    found = findings(tmp_path).prompt
    assert found.value == ("$ ", "*@*:*# ")
    assert any(note.startswith('not "# ": 2 line(s)') for note in found.notes)


def test_a_bare_hash_prompt_when_every_such_line_is_followed_by_output(tmp_path: Path) -> None:
    """Root shells in a container: ``# command`` and its output, in two fences at least."""
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "# cat /etc/hostname", "web-0")
            + fence("console", "# ls /data", "test.txt", "# cat /data/test.txt", "hello"),
        },
    )
    assert findings(tmp_path).prompt.value == ("# ",)


def test_a_prompt_is_proposed_only_if_its_fences_read_as_sessions(tmp_path: Path) -> None:
    """``/ # `` after a line without a prompt would only make a listing a lint error."""
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "$ kubectl get ns", "default")
            + fence("bash", "kubectl run -ti --image busybox sh", "/ # wget -O- web", "hello"),
        },
    )
    found = findings(tmp_path).prompt
    assert found.value == ("$ ",)
    assert any(note.startswith('not "/ # ": 1 line(s)') for note in found.notes)


def test_languages_that_hold_sessions_most_used_first(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": fence("bash", "$ kubectl get ns", "default")
            + fence("bash", "$ kubectl get pods", "No resources found")
            + fence("", "$ date", "today")
            + fence("console", "$ whoami", "me")
            + fence("console", "$ hostname", "box")
            + fence("console", "$ uname", "Linux")
            + fence("yaml", "$ not: a session")
            + fence("text", "no prompt here"),
        },
    )
    found = findings(tmp_path).fence_language
    assert found.value == ("console", "bash", "")
    assert found.notes[2] == '"" (untagged): 1 session(s) in its 1 fence(s), e.g. docs/a.md:11'


def test_every_fence_unless_the_languages_also_hold_scripts(tmp_path: Path) -> None:
    make_site(tmp_path / "pure", {"a.md": fence("console", "$ whoami", "me")})
    pure = findings(tmp_path / "pure").sessions
    assert pure.value is Sessions.EVERY_FENCE
    make_site(
        tmp_path / "mixed",
        {"a.md": fence("bash", "$ whoami", "me") + fence("bash", "kubectl apply -f x.yaml")},
    )
    mixed = findings(tmp_path / "mixed").sessions
    assert mixed.value is Sessions.PROMPTED
    assert mixed.notes[0].startswith('1 of the 2 fences of "bash" have no prompt line')
    assert "e.g. docs/a.md:6" in mixed.notes[0]


def test_comment_lines(tmp_path: Path) -> None:
    make_site(
        tmp_path / "yes",
        {
            "a.md": fence(
                "console", "# first, the pods", "$ kubectl get pods", "web-0", "# the pod is up"
            )
        },
    )
    found = findings(tmp_path / "yes").comment_lines
    assert found.value is True
    assert found.notes == (
        "1 `#` line(s) end a command's output in 1 session(s), e.g. docs/a.md:5",
        "1 `#` line(s) come before the first command in 1 session(s), e.g. docs/a.md:2",
    )
    make_site(tmp_path / "no", {"a.md": fence("console", "$ whoami", "me")})
    assert findings(tmp_path / "no").comment_lines.value is False


def test_elision_markers_besides_the_built_in_one(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "$ kubectl get pods", "NAME", "...", "web-9")
            + fence("console", "$ dmesg", "[0.0] boot", "...", "(snip)", "[...]")
            + fence("console", "$ kubectl wait pod/web-0", "Waiting..."),
        },
    )
    found = findings(tmp_path).elisions
    assert found.value == ("...", "(snip)")
    assert found.notes[0] == '"...": 2 output line(s) in 2 session(s), e.g. docs/a.md:4'


def test_elision_shapes() -> None:
    assert [elision_marker(t) for t in ("...", " … ", "<snip>", "[snip]", "-- snip --")] == [
        "...",
        "…",
        "<snip>",
        "[snip]",
        "-- snip --",
    ]
    assert [elision_marker(t) for t in ("[...]", "Waiting...", "", "snip")] == [None] * 4


def test_output_not_published_when_many_printing_commands_show_none(tmp_path: Path) -> None:
    make_site(
        tmp_path / "quiet",
        {
            "a.md": fence(
                "console",
                "$ kubectl apply -f web.yaml",
                "$ kubectl rollout status deploy/web",
                "$ helm install web ./chart",
                "$ kubectl get pods",
                "web-0",
            )
        },
    )
    found = findings(tmp_path / "quiet").no_output
    assert found.value is OutputPolicy.NOT_PUBLISHED
    assert found.notes[0].startswith(
        "3 of 4 commands show no output although they print something when they work, "
        "e.g. docs/a.md:2; 0 more print nothing anyway"
    )
    make_site(
        tmp_path / "silent",
        {
            "a.md": fence(
                "console",
                "$ cd /tmp",
                "$ export NS=web",
                "$ kubectl get ns > ns.txt",
                "$ cat ns.txt",
                "default",
            )
        },
    )
    assert findings(tmp_path / "silent").no_output.value is OutputPolicy.PRINTS_NOTHING


def test_commands_that_print_nothing_anyway() -> None:
    silent = ["cd x", "export A=1", "A=1 B=2", "mkdir -p d", "echo hi > f", "sudo rm f", "x &> y"]
    loud = ["kubectl get pods", "echo hi", "ls 2>/dev/null", "git log --format=x=>y", "A=1 make"]
    assert [prints_nothing(c) for c in silent] == [True] * len(silent)
    assert [prints_nothing(c) for c in loud] == [False] * len(loud)


def test_placeholders(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "$ kubectl logs <pod-name> -n <namespace>", "ok")
            + fence("console", "$ aws eks describe-cluster --region ${YOUR_REGION}", "{}")
            + fence("console", "$ export YOUR_NS=web", "$ kubectl get ns $YOUR_NS", "web")
            + fence("console", "$ cat <<EOF > f", "x", "EOF"),
        },
    )
    found = findings(tmp_path).placeholders
    assert found.value == ("<*>", "YOUR_*")
    assert found.notes[0] == (
        '"<*>": 2 in 1 session(s), as <namespace>, <pod-name>, e.g. docs/a.md:2'
    )


def test_placeholder_shapes() -> None:
    assert placeholders_in("get <pod> $YOUR_X ${YOUR_Y} your-cluster") == [
        ("<*>", "<pod>"),
        ("YOUR_*", "YOUR_X"),
        ("YOUR_*", "YOUR_Y"),
        ("your-*", "your-cluster"),
    ]
    assert placeholders_in("YOUR_X=1 cat <<EOF>x $YOUR_X", {"YOUR_X"}) == []


def test_pages_the_site_does_not_publish_are_not_read(tmp_path: Path) -> None:
    make_site(
        tmp_path,
        {
            "a.md": fence("console", "$ whoami", "me"),
            "drafts/b.md": fence("console", "% whoami", "me"),
        },
        mkdocs=MKDOCS + "exclude_docs: |\n  drafts/\n",
    )
    found = findings(tmp_path)
    assert (found.pages, found.prompt.value) == (1, ("$ ",))


# --- the settings written --------------------------------------------------------------------


def test_init_writes_exactly_the_declared_options() -> None:
    """One declaration: every setting init finds is an Option, by its RunnerConfig field."""
    attributes = {option.attribute for option in OPTIONS}
    found = {f.name for f in fields(Findings) if f.name in attributes}
    assert [option.attribute for option in detected_options()] == [
        option.attribute for option in OPTIONS if option.attribute in found
    ]
    assert {option.key for option in detected_options()} == {
        "prompt",
        "fence-language",
        "sessions",
        "comment-lines",
        "elisions",
        "no-output",
        "placeholders",
    }
    assert set(found) <= {f.name for f in fields(RunnerConfig)}


DIALECT_PAGE = (
    "# Pods\n\n"
    + fence("bash", "# the pods of the lab", "$ kubectl get pods -n <ns>", "NAME", "...")
    + fence("bash", "$ kubectl apply -f web.yaml", "[cluster-1]$ kubectl get ns", "default")
    + fence("bash", "kubectl apply -f only-a-listing.yaml")
    + fence("", "$ helm list", "NAME")
    + fence("bash", "$ kubectl apply -f db.yaml", "$ kubectl rollout status deploy/db")
)


def test_init_creates_pyproject_with_a_comment_per_setting(in_site: Path) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    code, out, err = run("init")
    assert (code, out) == (0, "")
    assert "pyproject.toml: created" in err
    text = (in_site / "pyproject.toml").read_text()
    data = tomllib.loads(text)
    table = data["tool"]["snippets-runner"]
    assert set(table) <= set(BY_KEY)
    config = parse_runner_config(data, in_site / "pyproject.toml")
    assert config.prompt == ("$ ", "[*]$ ")
    assert config.fence_language == ("bash", "")
    assert config.sessions is Sessions.PROMPTED
    assert config.comment_lines is True
    assert config.elisions == ("...",)
    assert config.no_output is OutputPolicy.NOT_PUBLISHED
    assert config.placeholders == ("<*>",)
    assert text.startswith("[tool.snippets-runner]\n# How this site writes its shell sessions")
    lines = text.splitlines()
    for option in detected_options():
        at = next(k for k, line in enumerate(lines) if line.startswith(f"{option.key} = "))
        assert lines[at - 1].startswith("#"), f"{option.key} has no comment"
    assert (
        '# "[*]$ ": 1 command line(s) in 1 fence(s), as "[cluster-1]$ ", e.g. docs/pods.md:12'
        in (text)
    )
    listed = CliRunner().invoke(main, ["list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["commands"]
    assert [(row["line"], row["prompt"]) for row in rows] == [
        (5, "$ "),
        (11, "$ "),
        (12, "[cluster-1]$ "),
        (21, "$ "),
        (26, "$ "),
        (27, "$ "),
    ]
    assert CliRunner().invoke(main, ["lint"]).exit_code == 0


def test_check_prints_the_diff_and_writes_nothing_then_init_is_idempotent(in_site: Path) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    code, out, _ = run("init", "--check")
    assert code == 1
    assert out.startswith("--- /dev/null\n+++ b/pyproject.toml\n@@ ")
    assert '+prompt = ["$ ", "[*]$ "]\n' in out
    assert not (in_site / "pyproject.toml").exists()
    assert run("init")[0] == 0
    written = (in_site / "pyproject.toml").read_bytes()
    assert run("init", "--check")[:2] == (0, "")
    code, out, err = run("init")
    assert (code, out) == (0, "")
    assert "nothing to change" in err
    assert (in_site / "pyproject.toml").read_bytes() == written


EXISTING = """\
# The project's own settings.
[project]
name = "docs"   # a comment after a value

[tool.snippets-runner]
prompt = "$ "          # the writers' choice
environment = "kind"

# What the cluster prints instead of the published value.
[tool.snippets-runner.values.STORAGE_CLASS]
published = "gp3"
kind = "standard"

[tool.ruff]
line-length = 100
"""


def test_an_existing_file_keeps_every_byte_and_the_writers_settings(in_site: Path) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    (in_site / "pyproject.toml").write_text(EXISTING)
    code, _, err = run("init")
    assert code == 0, err
    text = (in_site / "pyproject.toml").read_text()
    lines = text.splitlines(keepends=True)
    added = [line for line in lines if line not in EXISTING.splitlines(keepends=True)]
    assert "".join(line for line in lines if line not in added) == EXISTING
    first = lines.index(added[0])
    assert lines[first - 1] == 'environment = "kind"\n', "added after the table's last key"
    assert lines[first + len(added)] == "\n", "and before the sub-table's comment"
    assert not any(line.startswith("prompt =") for line in added)
    assert 'prompt = "$ " (kept: the file sets it; the pages suggest ["$ ", "[*]$ "])' in err
    data = tomllib.loads(text)
    assert data["tool"]["snippets-runner"]["values"]["STORAGE_CLASS"]["kind"] == "standard"
    config = parse_runner_config(data, in_site / "pyproject.toml")
    assert config.prompt == ("$ ",)
    assert config.fence_language == ("bash", ""), "read with the writer's prompt"
    assert run("init", "--check")[:2] == (0, "")


def test_kept_settings_shape_the_rest(tmp_path: Path) -> None:
    make_site(tmp_path, {"pods.md": DIALECT_PAGE})
    (tmp_path / "pyproject.toml").write_text('[tool.snippets-runner]\nfence-language = "bash"\n')
    plan = plan_init(load_site(tmp_path / "mkdocs.yml"))
    status = {setting.option.key: setting.status for setting in plan.settings}
    assert status["fence-language"] is Status.KEPT
    assert status["prompt"] is Status.ADDED
    assert plan.findings.syntax.languages == ("bash",)
    assert plan.findings.trial.sessions == 3


def test_a_table_written_with_dotted_keys_is_refused(in_site: Path) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    text = '[tool]\nsnippets-runner.environment = "kind"\n'
    (in_site / "pyproject.toml").write_text(text)
    code, _, err = run("init")
    assert code == 2
    assert "add them by hand" in err
    assert (in_site / "pyproject.toml").read_text() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.snippets-runner\n", "invalid TOML"),
        ('[tool.snippets-runner]\nsessions = "some"\n', "sessions must be one of"),
    ],
)
def test_a_broken_file_is_refused_and_left_alone(in_site: Path, text: str, message: str) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    (in_site / "pyproject.toml").write_text(text)
    code, _, err = run("init")
    assert code == 2
    assert message in err
    assert (in_site / "pyproject.toml").read_text() == text


def test_crlf_file_gets_crlf_lines(in_site: Path) -> None:
    make_site(in_site, {"pods.md": DIALECT_PAGE})
    (in_site / "pyproject.toml").write_bytes(b'[project]\r\nname = "docs"\r\n')
    assert run("init")[0] == 0
    data = (in_site / "pyproject.toml").read_bytes()
    assert data.startswith(b'[project]\r\nname = "docs"\r\n\r\n[tool.snippets-runner]\r\n')
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_site_without_sessions_gets_no_settings(in_site: Path) -> None:
    make_site(in_site, {"a.md": "# Prose\n\n" + fence("yaml", "a: 1")})
    code, out, _ = run("init")
    assert (code, out) == (0, "")
    assert not (in_site / "pyproject.toml").exists()


def test_config_in_a_sub_folder(in_site: Path) -> None:
    """Like eksctl: userdocs/mkdocs.yml; the file and its evidence are the config folder's."""
    make_site(in_site / "userdocs", {"pods.md": DIALECT_PAGE})
    code, _, err = run("init", "--config", "userdocs/mkdocs.yml")
    assert code == 0, err
    text = (in_site / "userdocs" / "pyproject.toml").read_text()
    assert "e.g. docs/pods.md:" in text
    assert not (in_site / "pyproject.toml").exists()


def test_no_site_is_a_usage_error(in_site: Path) -> None:
    code, _, err = run("init")
    assert code == 2
    assert "no mkdocs.yml" in err


def test_a_page_that_is_a_link_is_named_as_the_site_names_it(tmp_path: Path) -> None:
    make_site(tmp_path, {"real/a.md": fence("console", "% whoami", "me")})
    (tmp_path / "docs" / "b.md").symlink_to(tmp_path / "docs" / "real" / "a.md")
    found = findings(tmp_path).prompt
    assert found.notes == ('"% ": 2 command line(s) in 2 fence(s), e.g. docs/b.md:2',)
