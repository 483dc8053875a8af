"""`snippets-runner update` end to end on shell pages in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import i18n_config

from snippets_runner.cli import main

CONFIG = i18n_config("ja", "en")
PAGE = """---
snippets:
  secrets: [hunter2-token]
  cluster: false
---
# {title}

```console
~$ echo hello
helo
~$ printf 'NAME  STATUS\\nweb  Running\\n'
NAME   STATUS
web    Pending
```
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "docs/p.ja.md").write_text(PAGE.format(title="ページ"))
    (tmp_path / "docs/p.en.md").write_text(PAGE.format(title="Page"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_dry_run_prints_the_diff_and_writes_nothing(site: Path) -> None:
    before = (site / "docs/p.ja.md").read_text()
    code, out = run("update", "--dry-run")
    assert code == 0
    assert "-helo\n+hello\n" in out and "-web    Pending\n+web    Running\n" in out
    assert out.count("+++ docs/p.") == 2
    assert (site / "docs/p.ja.md").read_text() == before


def test_update_fixes_every_language_then_verify_passes_and_nothing_churns(site: Path) -> None:
    code, out = run("update")
    assert (code, out.strip()) == (0, "updated 4 output block(s) in 2 file(s)")
    for name, title in (("p.ja.md", "ページ"), ("p.en.md", "Page")):
        text = (site / "docs" / name).read_text()
        assert f"# {title}\n" in text
        assert "~$ echo hello\nhello\n" in text and "NAME   STATUS\nweb    Running\n" in text
    assert run("verify")[0] == 0
    before = [(site / "docs" / n).read_bytes() for n in ("p.ja.md", "p.en.md")]
    assert run("update") == (0, "updated 0 output block(s) in 0 file(s)\n")
    assert [(site / "docs" / n).read_bytes() for n in ("p.ja.md", "p.en.md")] == before


def test_secret_in_real_output_is_never_written(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        # The page does not show the value (its own text would be public): bash joins it.
        path.write_text(path.read_text().replace("echo hello", 'echo hunter2-""token'))
    code, out = run("update")
    assert code == 1
    assert "docs/p.ja.md:9: not updated: the real output holds a secret" in out
    assert "\nhunter2-token\n" not in (site / "docs/p.ja.md").read_text()


def test_failures_update_cannot_fix_are_listed(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_text(path.read_text().replace("~$ echo hello\nhelo\n", "~$ false\n"))
    code, out = run("update")
    assert code == 1
    assert "docs/p.ja.md:9: not updatable: exit status 1, expected 0" in out


def test_lint_problems_stop_update(site: Path) -> None:
    path = site / "docs/p.en.md"
    path.write_text(path.read_text().replace("echo hello", "echo bye"))
    code, out = run("update")
    assert code == 1 and "fix the lint problems first" in out


def test_a_secret_the_page_publishes_itself_is_written(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_text(path.read_text().replace("echo hello", "echo hunter2-token"))
    code, out = run("update")
    assert (code, out.strip()) == (0, "updated 4 output block(s) in 2 file(s)")
    assert "~$ echo hunter2-token\nhunter2-token\n" in (site / "docs/p.ja.md").read_text()


def test_patch_is_accepted_by_git_apply_and_touches_no_page(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil
    import subprocess

    before = {n: (site / "docs" / n).read_bytes() for n in ("p.ja.md", "p.en.md")}
    code, out = run("update", "--patch", "drift.patch")
    assert code == 0 and "wrote 4 output block(s) in 2 file(s) to drift.patch" in out
    assert {n: (site / "docs" / n).read_bytes() for n in before} == before
    headers = [line for line in (site / "drift.patch").read_text().splitlines() if "--git" in line]
    assert headers == [f"diff --git a/docs/{n} b/docs/{n}" for n in ("p.ja.md", "p.en.md")]
    repo = tmp_path_factory.mktemp("patch") / "repo"
    shutil.copytree(site, repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    check = subprocess.run(
        [*git, "apply", "--check", str(site / "drift.patch")], cwd=repo, capture_output=True
    )
    assert check.returncode == 0, check.stderr
    subprocess.run([*git, "apply", str(site / "drift.patch")], cwd=repo, check=True)
    assert run("update")[0] == 0
    for name in before:
        assert (repo / "docs" / name).read_bytes() == (site / "docs" / name).read_bytes()


def test_patch_keeps_crlf_bom_and_a_missing_final_newline(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil
    import subprocess

    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        text = path.read_text().rstrip("\n").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    repo = tmp_path_factory.mktemp("patch") / "repo"
    shutil.copytree(site, repo)
    assert run("update", "--patch", "drift.patch")[0] == 0
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "apply", str(site / "drift.patch")], cwd=repo, check=True)
    assert run("update")[0] == 0
    page = (repo / "docs/p.ja.md").read_bytes()
    assert page == (site / "docs/p.ja.md").read_bytes()
    assert page.startswith(b"\xef\xbb\xbf---\r\n") and page.endswith(b"web    Running\r\n```")


def test_a_path_given_twice_is_updated_once(site: Path) -> None:
    code, out = run("update", "docs/p.ja.md", "docs/p.en.md", "docs/p.ja.md")
    assert (code, out.strip()) == (0, "updated 4 output block(s) in 2 file(s)")
    assert "~$ echo hello\nhello\n~$" in (site / "docs/p.ja.md").read_text()


def test_mixed_line_endings_are_one_message_and_exit_1(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_bytes(path.read_bytes().replace(b"# ", b"\r\n# ", 1))
    code, out = run("update")
    assert code == 1
    assert "Traceback" not in out
    assert out.count("mixed line endings") == 2, out
    assert "docs/p.ja.md:6: mixed line endings: this line ends in CRLF, line 1 in LF" in out
    assert "fix the lint problems first" in out


def test_dry_run_with_a_refused_block_says_why_and_exits_1(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_text(path.read_text().replace("echo hello", "printf '~$ hello\\n'"))
    code, out = run("update", "--dry-run")
    assert code == 1
    assert "docs/p.ja.md:9: not updated: real output line 1 starts with the prompt '~$'" in out
    assert "+~$ hello" not in out and out.count("+++ docs/p.") == 2


def test_a_patch_that_cannot_be_written_is_an_environment_error(site: Path) -> None:
    (site / "blocker").write_text("")
    code, out = run("update", "--patch", "blocker/drift.patch")
    assert code == 2 and "error: cannot write blocker/drift.patch" in out
    assert "Traceback" not in out


def test_a_site_with_its_own_prompt_and_fence_language_is_updated(site: Path) -> None:
    """The structure check reads the page back with the site's syntax: with the default one
    every page of such a site was refused ("output before the first command"), and a page
    whose blocks use another fence language was written without any check at all."""
    (site / "pyproject.toml").write_text(
        '[tool.snippets-runner]\nprompt = "$"\nfence-language = "shell-session"\n'
    )
    page = (
        "---\nsnippets: {cluster: false}\n---\n"
        "# P\n\n```shell-session\n$ echo hello\nhelo\n$ echo '$ next'\nwrong\n```\n"
    )
    for name in ("p.ja.md", "p.en.md"):
        (site / "docs" / name).write_text(page)
    code, out = run("update", "docs/p.ja.md", "docs/p.en.md")
    assert code == 1, out
    assert "real output line 1 starts with the prompt '$', so it would be read as a command" in out
    for name in ("p.ja.md", "p.en.md"):
        text = (site / "docs" / name).read_text()
        assert text == page.replace("$ echo hello\nhelo\n", "$ echo hello\nhello\n")
    assert run("lint")[0] == 0


def test_update_never_writes_the_runners_environment_into_a_page(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that prints its environment is rewritten with what a reader's shell has,
    never with the runner's CI token."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_Runner-Only-Token-77")
    page = "---\nsnippets: {cluster: false}\n---\n# E\n\n```console\n~$ env | sort\nnothing\n```\n"
    for name in ("p.ja.md", "p.en.md"):
        (site / "docs" / name).write_text(page)
    code, out = run("update")
    assert code == 0, out
    written = (site / "docs/p.ja.md").read_text()
    assert "LANG=C.UTF-8\n" in written and "TZ=UTC\n" in written
    assert "GITHUB_TOKEN" not in written and "ghp_Runner-Only-Token-77" not in written


def test_a_cluster_false_page_is_updated_with_what_it_sees_without_the_cluster(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """update runs like verify: a lesson that needs the cluster (an allowed context whose two
    server calls are stand-ins: this is about what each page's shell is given) does not hand
    it to the ``cluster: false`` page updated with it, so no cluster's answer is written
    into that page."""
    import snippets_runner.kube.access

    monkeypatch.setattr(snippets_runner.kube.access, "check_reachable", lambda t: "v1.37.0")
    monkeypatch.setattr(snippets_runner.kube.access, "secret_values", lambda t, ns: set())
    kubeconfig = site / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: lab\n"
        "contexts: [{name: lab, context: {cluster: c, user: u}}]\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: u, user: {token: t}}]\n"
    )
    sees = '~$ test -e "$KUBECONFIG" && echo sees-a-cluster || echo no-cluster\nunknown\n'
    (site / "docs/k.md").write_text(f"# K\n\n```console\n{sees}```\n")
    offline = "---\nsnippets: {cluster: false}\n---\n"
    (site / "docs/z.md").write_text(f"{offline}# Z\n\n```console\n{sees}```\n")
    code, out = run(
        "update", "docs/k.md", "docs/z.md", "--kubeconfig", str(kubeconfig),
        "--allow-context", "lab",
    )  # fmt: skip
    assert code == 0, out
    assert "\nsees-a-cluster\n" in (site / "docs/k.md").read_text()
    assert "\nno-cluster\n" in (site / "docs/z.md").read_text()


# --- one page that cannot be written --------------------------------------------------------


def _page(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\nsnippets: {{cluster: false}}\n---\n# {path.stem}\n\n```console\n{body}```\n"
    )
    return path


def _saved_by_its_writer_once(
    monkeypatch: pytest.MonkeyPatch, which: str | None = None
) -> list[Path]:
    """The page read for writing (the first one, or the one named ``which``) is saved by its
    writer right after update read it: `pagefile.write` rightly refuses to overwrite it."""
    from snippets_runner.files import pagefile

    read = pagefile.read
    edited: list[Path] = []

    def read_then_writer_saves(path: Path) -> pagefile.PageFile:
        page = read(path)
        if not edited and (which is None or path.name == which):
            edited.append(path)
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return page

    monkeypatch.setattr(pagefile, "read", read_then_writer_saves)
    return edited


def test_a_page_that_cannot_be_written_does_not_stop_the_other_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review round 3 (its assertions kept): the first page that could not be written (a
    writer saved it while update ran) aborted update, and every page after it kept its old
    output."""
    monkeypatch.chdir(tmp_path)
    first = _page(tmp_path / "a.md", "~$ echo new-a\nold-a\n")
    second = _page(tmp_path / "b.md", "~$ echo new-b\nold-b\n")
    edited = _saved_by_its_writer_once(monkeypatch)
    result = CliRunner().invoke(main, ["update", first.name, second.name])
    [saved] = edited
    other = second if saved.resolve() == first.resolve() else first
    assert f"\nnew-{other.stem}\n" in other.read_text(encoding="utf-8"), result.output
    assert f"{saved.name}:" in result.output + result.stderr
    # ...and exactly: file:line and why, the count of what was written, exit 1 (a page is
    # wrong: its writer has to run update again), the writer's save kept.
    assert f"error: {saved.name}:1: not updated: page changed since it was read" in result.stderr
    assert "updated 1 output block(s) in 1 file(s)" in result.stdout
    assert result.exit_code == 1
    assert f"\nold-{saved.stem}\n" in saved.read_text(encoding="utf-8")


def test_a_language_that_cannot_be_written_keeps_its_lesson_whole(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English page is saved by its writer while update runs: the Japanese page is not
    written either (the two would disagree), both are named, and another lesson is written."""
    _page(site / "docs/q.md", "~$ echo new-q\nold-q\n")
    edited = _saved_by_its_writer_once(monkeypatch, which="p.en.md")
    ja_before = (site / "docs/p.ja.md").read_text()
    code, out = run("update")
    assert [p.name for p in edited] == ["p.en.md"]
    assert code == 1, out
    assert "docs/p.en.md:1: not updated: page changed since it was read; run update again" in out
    assert (
        "docs/p.ja.md:1: not updated: docs/p.en.md of the same lesson could not be written, "
        "so neither was this page"
    ) in out
    assert (site / "docs/p.ja.md").read_text() == ja_before
    assert "\nnew-q\n" in (site / "docs/q.md").read_text()
    assert "updated 1 output block(s) in 1 file(s)" in out
