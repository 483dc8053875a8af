"""verification.py: one workflow for every integration, tested without a cluster.

What needs the cluster (labs, Secrets read from the API) is tested against
the real local cluster in test_lab.py, test_masker.py and the lesson tests;
here are the decisions made before and around that: which lessons need a
cluster, which secrets a lab's manifests define, what a lab failure becomes,
how lessons merge, and the isolation of pages that need no cluster.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clocks import JumpingTime

from snippets_runner import verification
from snippets_runner.config.pyproject import RunnerConfig
from snippets_runner.errors import ClusterError, LabError, PageError
from snippets_runner.extract.discover import extract
from snippets_runner.kube.safety import ENV_VAR
from snippets_runner.model import Lesson, Location, Page
from snippets_runner.run.results import CommandResult, Reason, Result
from snippets_runner.run.runner import RunOptions
from snippets_runner.secrets import MASK, manifest_secrets
from snippets_runner.verification import Verifier, needs_cluster, run_lessons, verifier

SECRET_MANIFEST = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: not-a-secret-value}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: String-Data-Pw1}
data: {token: %s}
"""


OFFLINE = "---\nsnippets: {cluster: false}\n---\n"


def _lesson(folder: Path, name: str, body: str, front: str = "") -> Lesson:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.md"
    page.write_text(f"{front}# {name}\n\n```console\n{body}```\n")
    [lesson] = extract([page]).lessons
    return lesson


def test_which_lessons_need_a_cluster(tmp_path: Path) -> None:
    """Said by the page, never guessed from its commands' text."""
    plain = _lesson(tmp_path, "plain", "~$ echo hi\nhi\n", OFFLINE)
    undeclared = _lesson(tmp_path, "undeclared", "~$ echo hi\nhi\n")
    skipped = tmp_path / "skipped.md"
    skipped.write_text("```console skip\n~$ kubectl delete ns prod\n```\n")
    [skip] = extract([skipped]).lessons
    (tmp_path / "lab.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    lab = _lesson(tmp_path, "lab", "~$ echo hi\nhi\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    assert not needs_cluster((plain, skip)), "declared offline, or nothing to run"
    assert needs_cluster((plain, undeclared)), "a page that says nothing gets the cluster"
    assert needs_cluster((lab,))  # a lab is created on the cluster even for echo commands


def test_manifest_secrets_are_the_secret_values_and_nothing_else(tmp_path: Path) -> None:
    token = base64.b64encode(b"Base64-Token-77").decode()
    (tmp_path / "lab.yaml").write_text(SECRET_MANIFEST % token)
    lab = _lesson(tmp_path, "lab", "~$ echo hi\nhi\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    found = manifest_secrets(lab.primary)
    assert {"String-Data-Pw1", "Base64-Token-77"} <= found
    assert "not-a-secret-value" not in found
    assert manifest_secrets(_lesson(tmp_path, "none", "~$ echo hi\nhi\n").primary) == set()


def test_a_lab_that_cannot_be_read_leaves_its_commands_not_run_with_the_reason(
    tmp_path: Path,
) -> None:
    (tmp_path / "lab.yaml").write_text("kind: Secret\nstringData: [not, a, mapping]\n")
    lab = _lesson(tmp_path, "lab", "~$ echo ran\nran\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n")
    outcome = Verifier(None, RunOptions()).run_lesson(lab)
    assert isinstance(outcome.lab_error, PageError)
    assert outcome.lab_error.location is not None
    assert outcome.lab_error.location.path == tmp_path / "lab.yaml"
    [result] = outcome.results[0].commands
    assert result.verdict is Result.NOT_RUN
    assert result.failure is not None and result.failure.reason is Reason.LAB_FAILED
    assert result.output == "", "nothing ran"


def test_lessons_merge_in_order_with_one_mask_and_every_lab_error(tmp_path: Path) -> None:
    first = _lesson(
        tmp_path / "a",
        "first",
        "~$ echo First-Secret-1\nFirst-Secret-1\n",
        "---\nsnippets:\n  secrets: [First-Secret-1]\n---\n",
    )
    (tmp_path / "b" / "lab.yaml").parent.mkdir(parents=True)
    (tmp_path / "b" / "lab.yaml").write_text("kind: Secret\ndata: 12\n")
    second = _lesson(
        tmp_path / "b", "second", "~$ echo two\ntwo\n", "---\nsnippets:\n  lab: [lab.yaml]\n---\n"
    )
    batch = run_lessons(Verifier(None, RunOptions()), (first, second))
    assert [r.page.path for r in batch.results] == [first.primary.path, second.primary.path]
    assert [c.verdict for r in batch.results for c in r.commands] == [
        Result.PASSED,
        Result.NOT_RUN,
    ]
    assert len(batch.lab_errors) == 1
    # The first page publishes its value, so its own report shows it; any other text masks it.
    assert batch.mask.for_page(first.primary.path)("First-Secret-1") == "First-Secret-1"
    assert batch.mask.for_page(second.primary.path)("First-Secret-1") == MASK
    assert batch.mask("First-Secret-1") == MASK


def test_a_page_that_needs_no_cluster_can_never_reach_the_users_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = tmp_path / "real-kubeconfig"
    kubeconfig.write_text("apiVersion: v1\nkind: Config\n")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    lesson = _lesson(tmp_path, "plain", "~$ echo ${KUBECONFIG}\n[...]\n", OFFLINE)
    with verifier((lesson,), RunnerConfig()) as run:
        assert run.target is None and run.server_version is None
        env = dict(run.options.shell.env)
        private = Path(env["KUBECONFIG"])
        assert private != kubeconfig and not private.exists()
        [result] = run.run_lesson(lesson).results[0].commands
        assert result.output.strip() == str(private)
    assert not private.parent.exists(), "the private folder goes with the run"


def test_a_context_not_allowed_is_refused_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
        "contexts: [{name: prod, context: {cluster: prod, user: admin}}]\n"
        "clusters: [{name: prod, cluster: {server: 'https://prod.example:6443'}}]\n"
        "users: [{name: admin, user: {token: Prod-Token-123}}]\n"
    )
    monkeypatch.delenv(ENV_VAR, raising=False)
    lesson = _lesson(tmp_path, "kube", "~$ kubectl delete pod web-0\npod deleted\n")
    with (
        pytest.raises(
            ClusterError, match="refusing to run pages against kubeconfig context 'prod'"
        ),
        verifier((lesson,), RunnerConfig(), kubeconfig=kubeconfig),
    ):
        pytest.fail("a refused cluster must not yield a verifier")


LAB_SECONDS = 600.0


@pytest.mark.parametrize("lab_fails", [False, True])
def test_a_lessons_duration_counts_its_lab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lab_fails: bool
) -> None:
    """Shard balancing and the slowest-lessons table read the primary page's duration: it is
    the lesson's wall time, the lab's set-up and clean-up (here ten minutes the verifier's
    clock jumps by, around the real run: no lab's time is waited out) included, and a lab
    that failed took time too."""
    lesson = _lesson(tmp_path, "p", "~$ echo hi\nhi\n")
    real = Verifier._run_primary
    clock = JumpingTime()
    monkeypatch.setattr(verification, "time", clock)

    def with_lab(self: Verifier, page: Page, progress: object) -> object:
        clock.jump(LAB_SECONDS)
        if lab_fails:
            raise LabError(Location(page.path, 1), "lab failed: timed out")
        return real(self, page, None)

    monkeypatch.setattr(Verifier, "_run_primary", with_lab)
    [ran] = Verifier(None, RunOptions()).run_lesson(lesson).results
    # The commands ran inside the lesson's span, on the same real clock: no margin to race.
    assert ran.duration >= LAB_SECONDS + sum(c.duration for c in ran.commands)
    assert [c.verdict for c in ran.commands] == [Result.NOT_RUN if lab_fails else Result.PASSED]


# --- what a page's shell is given, and what its reports mask ------------------------------

CERT = "-----BEGIN CERTIFICATE-----\nMIIBfakeClientCertBody0123456789\n-----END CERTIFICATE-----\n"
KEY = (
    "-----BEGIN EC PRIVATE KEY-----\nMHcfakeClientKeyBody9876543210\n-----END EC PRIVATE KEY-----\n"
)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def fake_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An allowed context whose kubeconfig holds credentials, and no cluster behind it.

    The reachability check and the reading of the cluster's Secrets are replaced, so a page
    that does not call the API runs exactly as it would against a real cluster.
    """
    import snippets_runner.kube.access

    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: lab\n"
        "contexts: [{name: lab, context: {cluster: c, user: u}}]\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: u, user: {token: Fake-Bearer-Token-0123, "
        f"client-certificate-data: {_b64(CERT)}, client-key-data: {_b64(KEY)}}}}}]\n"
    )
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(snippets_runner.kube.access, "check_reachable", lambda target: "v1.33.0")
    monkeypatch.setattr(snippets_runner.kube.access, "secret_values", lambda target, ns: set())
    return kubeconfig


def test_the_runners_environment_never_reaches_a_page_and_passed_credentials_are_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_Runner-Only-Token-77")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "Aws-Secret-Value-456")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    page = tmp_path / "env.md"
    page.write_text(
        f'{OFFLINE}# env\n\n```console exit="1"\n~$ printenv GITHUB_TOKEN\n```\n\n'
        "```console\n~$ env | sort\nnothing\n```\n"
    )
    [lesson] = extract([page]).lessons
    with verifier((lesson,), RunnerConfig(pass_env=("AWS_*",))) as run:
        outcome = run.run_lesson(lesson)
    printed, env = outcome.results[0].commands
    assert printed.passed and printed.output == ""
    assert "ghp_Runner-Only-Token-77" not in env.output and "GITHUB_TOKEN" not in env.output
    assert "AWS_REGION=eu-west-1\n" in env.output, "a variable the site allows is passed"
    assert "AWS_SECRET_ACCESS_KEY=Aws-Secret-Value-456\n" in env.output
    report = outcome.mask.for_page(page)(env.output)
    assert f"AWS_SECRET_ACCESS_KEY={MASK}\n" in report, "a credential is masked like a secret"
    assert "AWS_REGION=eu-west-1\n" in report and "AWS_EC2_METADATA_DISABLED=true\n" in report


# --- which lessons get the cluster: decided per lesson, never per run ----------------------
#
# Unit tests of that decision: the cluster is `fake_cluster` (a real kubeconfig of an allowed
# context that `prepare` reads and copies as for a real run; only the reachability check and
# the reading of Secrets, the two calls that would contact it, are stand-ins), and every page
# runs for real in its shell. No test here claims anything about a real cluster.

SHOWS_KUBECONFIG = (
    '~$ echo "$KUBECONFIG"; test -e "$KUBECONFIG" && echo exists || echo none\n[...]\n'
)


def _kubeconfig_given(result: CommandResult) -> tuple[str, str]:
    """(the KUBECONFIG a page's shell had, whether that file existed) from SHOWS_KUBECONFIG."""
    path, exists = result.output.splitlines()
    return path, exists


def test_a_cluster_false_page_never_gets_the_cluster_when_other_lessons_need_it(
    tmp_path: Path, fake_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review round 3: `verify` and `update` opened one verifier for the whole run, and as
    soon as one lesson needed the cluster every ``cluster: false`` page got its kubeconfig
    too. (The reviewer's assertion, kept: the offline page is not given the cluster's
    kubeconfig; the stand-ins are `fake_cluster`'s, nothing is contacted.)"""
    import snippets_runner.kube.access

    read: list[frozenset[str]] = []

    def secret_values(target: object, namespaces: frozenset[str]) -> set[str]:
        read.append(frozenset(namespaces))
        return set()

    monkeypatch.setattr(snippets_runner.kube.access, "secret_values", secret_values)
    cluster = _lesson(tmp_path / "a", "cluster", SHOWS_KUBECONFIG)
    offline = _lesson(tmp_path / "b", "offline", SHOWS_KUBECONFIG, OFFLINE)
    config = RunnerConfig(allowed_contexts=("lab",))
    with verifier((cluster, offline), config, kubeconfig=fake_cluster) as run:
        assert run.target is not None, "the cluster lesson opened the cluster"
        cluster_config = run.target.kubeconfig
        [result] = run.run_lesson(offline).results[0].commands
        assert read == [], "no Secret of the cluster is read for a page that needs none"
        [own] = run.run_lesson(cluster).results[0].commands
    given = result.output.strip().splitlines()[0]
    assert given != str(cluster_config), "the offline page got the cluster's kubeconfig"
    assert _kubeconfig_given(result)[1] == "none", "a KUBECONFIG that does not exist"
    # ...while the lesson that needs the cluster, in the same run, does get it.
    assert _kubeconfig_given(own) == (str(cluster_config), "exists")
    assert read, "the cluster lesson's Secrets are read, to be masked"


@pytest.mark.parametrize("offline_first", [True, False], ids=["offline-first", "cluster-first"])
def test_every_lesson_of_a_run_gets_the_cluster_as_it_needs_whatever_the_order(
    tmp_path: Path, fake_cluster: Path, offline_first: bool
) -> None:
    """`run_lessons`, as verify and update call it: lessons of both kinds, in either order."""
    cluster = _lesson(tmp_path / "a", "cluster", SHOWS_KUBECONFIG)
    offline = _lesson(tmp_path / "b", "offline", SHOWS_KUBECONFIG, OFFLINE)
    again = _lesson(tmp_path / "c", "again", SHOWS_KUBECONFIG, OFFLINE)
    lessons = (offline, cluster, again) if offline_first else (cluster, offline, again)
    config = RunnerConfig(allowed_contexts=("lab",))
    with verifier(lessons, config, kubeconfig=fake_cluster) as run:
        assert run.target is not None
        batch = run_lessons(run, lessons)
        given = {r.page.path: _kubeconfig_given(r.commands[0]) for r in batch.results}
        cluster_config = str(run.target.kubeconfig)
    assert given[cluster.primary.path] == (cluster_config, "exists")
    for lesson in (offline, again):
        path, exists = given[lesson.primary.path]
        assert (path != cluster_config, exists) == (True, "none"), lesson.key


def test_a_page_without_the_cluster_keeps_its_options_and_one_with_it_gets_the_kubeconfig(
    tmp_path: Path, fake_cluster: Path
) -> None:
    """`Verifier.options_for`: only KUBECONFIG differs, and it is given once."""
    cluster = _lesson(tmp_path / "a", "cluster", "~$ true\n")
    offline = _lesson(tmp_path / "b", "offline", "~$ true\n", OFFLINE)
    config = RunnerConfig(allowed_contexts=("lab",), pass_env=("AWS_*",))
    with verifier((cluster, offline), config, kubeconfig=fake_cluster) as run:
        assert run.target is not None
        assert run.options_for(offline.primary) == run.options
        mine = run.options_for(cluster.primary)
        names = [name for name, _ in mine.shell.env]
        assert names.count("KUBECONFIG") == 1
        assert dict(mine.shell.env)["KUBECONFIG"] == str(run.target.kubeconfig)
        assert mine.shell.pass_env == run.options.shell.pass_env == ("AWS_*",)
        assert mine.release == run.options.release
    # A Verifier without a cluster never hands one out, whatever the page says.
    bare = Verifier(None, RunOptions())
    assert bare.options_for(cluster.primary) == bare.options


def test_cat_kubeconfig_shows_no_token_key_or_certificate_in_reports(
    tmp_path: Path, fake_cluster: Path
) -> None:
    page = tmp_path / "kube.md"
    page.write_text('# k\n\n```console\n~$ cat "$KUBECONFIG"\n[...]\n```\n')
    [lesson] = extract([page]).lessons
    config = RunnerConfig(allowed_contexts=("lab",))
    with verifier((lesson,), config, kubeconfig=fake_cluster) as run:
        outcome = run.run_lesson(lesson)
    [shown] = outcome.results[0].commands
    assert "Fake-Bearer-Token-0123" in shown.output, "the page printed its kubeconfig"
    report = outcome.mask.for_page(page)(shown.output)
    for secret in ("Fake-Bearer-Token-0123", _b64(CERT), _b64(KEY)):
        assert secret not in report
    assert f"token: {MASK}" in report and "server: https://127.0.0.1:9" in report
    assert outcome.mask("MHcfakeClientKeyBody9876543210") == MASK, "decoded too"
    assert outcome.mask("-----BEGIN CERTIFICATE-----") == "-----BEGIN CERTIFICATE-----"


def test_kubeconfig_secrets_cover_files_auth_providers_and_exec_plugins(tmp_path: Path) -> None:
    from snippets_runner.kube.access import kubeconfig_secrets

    (tmp_path / "token").write_text("File-Token-Value-1\n")
    (tmp_path / "client.key").write_text(KEY)
    (tmp_path / "kubeconfig").write_text(
        "apiVersion: v1\nkind: Config\nusers:\n"
        "- {name: files, user: {tokenFile: token, client-key: client.key, username: admin, "
        "password: Basic-Password-2}}\n"
        "- {name: oidc, user: {auth-provider: {name: oidc, config: {client-id: docs-portal, "
        "client-secret: Oidc-Client-Secret-3, id-token: Oidc-Id-Token-4, "
        "refresh-token: Oidc-Refresh-5}}}}\n"
        "- {name: eks, user: {exec: {command: aws, args: [eks, get-token], env: ["
        "{name: AWS_PROFILE, value: docs}, {name: AWS_SESSION_TOKEN, value: Exec-Session-6}]}}}\n"
    )
    found = kubeconfig_secrets(tmp_path / "kubeconfig")
    assert found == {
        "File-Token-Value-1",
        "MHcfakeClientKeyBody9876543210",
        "Basic-Password-2",
        "Oidc-Client-Secret-3",
        "Oidc-Id-Token-4",
        "Oidc-Refresh-5",
        "Exec-Session-6",
    }


# --- a page reaches the cluster however it calls it -------------------------------------

CLIENT = '#!/bin/sh\ngrep -q "current-context: lab" "$KUBECONFIG" && echo reached || echo lost\n'


@pytest.mark.parametrize(
    "commands",
    [
        ("alias k=kubectl", "k get pods"),
        ('bash -c "kubectl get pods"',),
        ("\\kubectl get pods",),
        ("helm list",),
    ],
    ids=["alias", "bash-c", "backslash", "helm"],
)
def test_a_page_gets_the_cluster_through_an_alias_bash_c_backslash_or_helm(
    tmp_path: Path, fake_cluster: Path, monkeypatch: pytest.MonkeyPatch, commands: tuple[str, ...]
) -> None:
    """The old guess (the word kubectl among the programs a command runs) gave these pages
    a kubeconfig that does not exist; a page now gets the cluster unless it says otherwise."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for client in ("kubectl", "helm"):
        (bin_dir / client).write_text(CLIENT)
        (bin_dir / client).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    page = tmp_path / "p.md"
    body = "".join(f"~$ {c}\n" for c in commands[:-1]) + f"~$ {commands[-1]}\nreached\n"
    page.write_text(f"# p\n\n```console\n{body}```\n")
    [lesson] = extract([page]).lessons
    config = RunnerConfig(allowed_contexts=("lab",))
    with verifier((lesson,), config, kubeconfig=fake_cluster) as run:
        assert run.target is not None and run.target.context == "lab"
        results = run.run_lesson(lesson).results[0].commands
    assert [r.output for r in results][-1] == "reached\n"
    assert all(r.passed for r in results)


def test_a_missing_cluster_names_the_pages_that_need_it_and_how_to_say_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    lesson = _lesson(tmp_path, "plain", "~$ echo hi\nhi\n")
    with (
        pytest.raises(ClusterError, match=r"needed by .*plain\.md.*\{cluster: false\}"),
        verifier((lesson,), RunnerConfig()),
    ):
        pytest.fail("no kubeconfig, no verifier")


# --- the runner's own credentials ---------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
RUNNER_TOKEN = "ghp_R3viewT0kenValue0123456789abcdef"
READ_PARENT = "~$ tr '\\0' '\\n' < /proc/$PPID/environ | grep '^GITHUB_TOKEN='\n"


def _runner(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a CI job starts it: a process whose environment holds a token."""
    environ = {**os.environ, "GITHUB_TOKEN": RUNNER_TOKEN, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "snippets_runner", *args],
        cwd=cwd, env=environ, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_runners_ci_token_never_reaches_a_report_or_a_written_page(tmp_path: Path) -> None:
    """Review round 3: the page's shell starts clean, but its parent is the runner, so
    ``/proc/$PPID/environ`` hands it the runner's environment (as root, or where the
    runner cannot make itself non-dumpable). Every report masks the runner's credentials
    and update refuses to write them."""
    page = tmp_path / "env.md"
    page.write_text(f"{OFFLINE}# env\n\n```console\n{READ_PARENT}nothing\n```\n")
    verified = _runner(tmp_path, "verify", "--json", "r.json", "--junit", "r.xml", page.name)
    assert verified.returncode == 1, verified.stderr  # the page runs and prints something
    assert RUNNER_TOKEN not in (tmp_path / "r.json").read_text(encoding="utf-8"), "JSON report"
    assert RUNNER_TOKEN not in (tmp_path / "r.xml").read_text(encoding="utf-8"), "JUnit report"
    assert RUNNER_TOKEN not in verified.stdout + verified.stderr, "terminal report"
    merged = _runner(tmp_path, "report", "merge", "--markdown", "summary.md", "r.json")
    assert merged.returncode == 0, merged.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "env.md" in summary and RUNNER_TOKEN not in summary, "Markdown job summary"
    for dry in (["--dry-run"], ["--patch", "drift.patch"], []):
        updated = _runner(tmp_path, "update", *dry, page.name)
        assert RUNNER_TOKEN not in updated.stdout + updated.stderr
    assert RUNNER_TOKEN not in page.read_text(encoding="utf-8"), "update wrote the token"
    patch = tmp_path / "drift.patch"
    assert not patch.exists() or RUNNER_TOKEN not in patch.read_text(encoding="utf-8")
    if os.geteuid() == 0:  # root reads a non-dumpable process: masking is what protects
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        [command] = report["pages"][0]["commands"]
        assert command["output"] == f"GITHUB_TOKEN={MASK}\n"
        assert f"{page.name}:7: not updated: the real output holds a secret" in updated.stdout


@pytest.mark.parametrize(
    "encode",
    ["base64 -w0", "base64 -w 20", "od -An -tx1 | tr -d ' \\n'", "python3 -c 'import sys,"
     "urllib.parse as u; print(u.quote(sys.stdin.read()))'", "rev | rev | tr a-z A-Z"],
    ids=["base64", "wrapped", "hex", "url", "upper"],
)  # fmt: skip
def test_the_runners_token_is_masked_in_every_form_the_masker_knows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encode: str
) -> None:
    """In-process, as the pytest plugin runs: the token encoded by the page is masked
    (base64, wrapped, hex, URL-escaped); a form no encoder writes (upper case) is not a
    form of the token and is shown, so the test shows masking is not blanket. The page
    spells the token in two halves: a value the page publishes whole is no secret to it."""
    monkeypatch.setenv("GITHUB_TOKEN", RUNNER_TOKEN)
    halves = f'"{RUNNER_TOKEN[:12]}""{RUNNER_TOKEN[12:]}"'
    body = f"~$ printf %s {halves} | {encode}\nnothing\n"
    lesson = _lesson(tmp_path, "enc", body, OFFLINE)
    with verifier((lesson,), RunnerConfig()) as run:
        outcome = run.run_lesson(lesson)
    assert RUNNER_TOKEN in run.known.mask.values, "a crash report masks it too"
    [command] = outcome.results[0].commands
    shown = outcome.mask.for_page(lesson.primary.path)(command.output)
    if encode.startswith("rev"):
        assert shown.strip() == RUNNER_TOKEN.upper()
    else:
        assert command.output.strip() and MASK in shown and shown.strip(f"{MASK}\n") == ""


def test_a_refused_cluster_is_told_without_the_runners_credentials(
    tmp_path: Path, fake_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client's or an exec plugin's message can quote a credential: masked."""
    import snippets_runner.kube.access

    def unreachable(target: object) -> str:
        raise ClusterError(f"exec: process returned 1. token {RUNNER_TOKEN} Fake-Bearer-Token-0123")

    monkeypatch.setenv("GITHUB_TOKEN", RUNNER_TOKEN)
    monkeypatch.setattr(snippets_runner.kube.access, "check_reachable", unreachable)
    lesson = _lesson(tmp_path, "plain", "~$ echo hi\nhi\n")
    with (
        pytest.raises(ClusterError) as raised,
        verifier((lesson,), RunnerConfig(allowed_contexts=("lab",)), kubeconfig=fake_cluster),
    ):
        pytest.fail("unreachable")
    assert f"token {MASK} {MASK}" in str(raised.value) and "plain.md" in str(raised.value)
