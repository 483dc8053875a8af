"""`snippets-runner verify` as a writer or a CI job calls it: exit codes, messages, reports."""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from clocks import page_clock
from cluster_fixture import Cluster
from conftest import i18n_config

from snippets_runner.cli import main

FENCE = "```"
OFFLINE = "---\nsnippets: {cluster: false}\n---\n"
"""Front matter of a page that needs no cluster (three lines)."""


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SNIPPETS_ALLOWED_CONTEXTS", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("'''", FENCE))
    return path


def verify(*args: str) -> Result:
    return CliRunner().invoke(main, ["verify", *args])


def closing_line(result: Result) -> str:
    return result.stdout.rstrip().splitlines()[-1]


def unreachable_kubeconfig(path: Path, port: int) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "lab",
                "clusters": [{"name": "c", "cluster": {"server": f"https://127.0.0.1:{port}"}}],
                "users": [{"name": "u", "user": {"token": "x"}}],
                "contexts": [{"name": "lab", "context": {"cluster": "c", "user": "u"}}],
            }
        )
    )
    return path


def test_a_right_page_exits_0(workdir: Path) -> None:
    page = write(
        workdir / "ok.md",
        OFFLINE + "'''console\n~$ echo hi\nhi\n~$ touch f && ls -l\n"
        "total 0\n-rw-r--r-- 1 root root 0 Oct 18 13:38 f\n'''\n",
    )
    result = verify(page.name)
    assert result.exit_code == 0, result.output
    assert closing_line(result) == "2 passed, 0 failed, 0 not run"


def test_a_wrong_page_exits_1_with_file_line_command_and_diff(workdir: Path) -> None:
    page = write(
        workdir / "wrong.md", OFFLINE + "# T\n\n'''console\n~$ echo Pending\nRunning\n'''\n"
    )
    result = verify(page.name)
    assert result.exit_code == 1
    assert "FAILED wrong.md:7  output differs" in result.stdout
    assert "~$ echo Pending" in result.stdout
    assert "  - Running" in result.stdout and "  + Pending" in result.stdout
    assert closing_line(result) == "0 passed, 1 failed, 0 not run"


def test_a_page_that_does_not_extract_is_a_wrong_page_with_file_line(workdir: Path) -> None:
    page = write(workdir / "broken.md", "# T\n\n'''console bogus=\"1\"\n~$ echo hi\n'''\n")
    result = verify(page.name)
    assert result.exit_code == 1
    assert result.stderr.startswith("broken.md:3: ")


def test_kubectl_page_on_a_context_nobody_allowed_is_refused_before_running(
    closed_port: int,
    workdir: Path,
) -> None:
    marker = workdir / "ran"
    page = write(workdir / "k.md", f"'''console\n~$ touch {marker}; kubectl get pods\n'''\n")
    kubeconfig = unreachable_kubeconfig(workdir / "config", closed_port)
    result = verify(page.name, "--kubeconfig", str(kubeconfig))
    assert result.exit_code == 2
    assert "refusing to run pages against kubeconfig context 'lab'" in result.stderr
    assert "pages delete pods" in result.stderr
    assert not marker.exists()


def test_unreachable_cluster_is_one_message_not_one_diff_per_command(
    closed_port: int, workdir: Path
) -> None:
    page = write(workdir / "k.md", "'''console\n~$ kubectl get pods\n~$ kubectl get svc\n'''\n")
    kubeconfig = unreachable_kubeconfig(workdir / "config", closed_port)
    result = verify(page.name, "--kubeconfig", str(kubeconfig), "--allow-context", "lab")
    assert result.exit_code == 2
    assert result.stderr.count("unreachable") == 1 and "FAILED" not in result.output


def test_allow_list_from_pyproject_lets_the_run_reach_the_reachability_check(
    closed_port: int,
    workdir: Path,
) -> None:
    write(workdir / "pyproject.toml", '[tool.snippets-runner]\nallowed-contexts = ["lab"]\n')
    page = write(workdir / "k.md", "'''console\n~$ kubectl get pods\n'''\n")
    result = verify(
        page.name, "--kubeconfig", str(unreachable_kubeconfig(workdir / "c", closed_port))
    )
    assert result.exit_code == 2 and "unreachable" in result.stderr


def test_pages_that_need_no_cluster_never_see_the_users_kubeconfig(
    closed_port: int, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(unreachable_kubeconfig(workdir / "config", closed_port)))
    page = write(
        workdir / "p.md",
        OFFLINE + "'''console\n~$ test -e \"$KUBECONFIG\" || echo none\nnone\n'''\n",
    )
    result = verify(page.name)
    assert result.exit_code == 0, result.output


SEES = '~$ test -e "$KUBECONFIG" && echo sees-a-cluster || echo no-cluster\n'
"""Prints whether the page's shell was given a kubeconfig that exists."""


@pytest.fixture
def stand_in_cluster(closed_port: int, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kubeconfig of an allowed context, read and copied as for a real run; the only
    stand-ins are the two calls that would contact its server. Tests with it are about what
    each page's shell is given, never about a cluster."""
    import snippets_runner.kube.access

    monkeypatch.setattr(snippets_runner.kube.access, "check_reachable", lambda t: "v1.37.0")
    monkeypatch.setattr(snippets_runner.kube.access, "secret_values", lambda t, ns: set())
    return unreachable_kubeconfig(workdir / "config", closed_port)


def test_a_cluster_false_page_run_with_a_cluster_lesson_gets_no_cluster(
    workdir: Path, stand_in_cluster: Path
) -> None:
    """One lesson that needs the cluster opens it for that lesson only: the ``cluster:
    false`` pages named with it, before and after, still run without one."""
    write(workdir / "a.md", OFFLINE + f"'''console\n{SEES}no-cluster\n'''\n")
    write(workdir / "b.md", f"'''console\n{SEES}sees-a-cluster\n'''\n")
    write(workdir / "c.md", OFFLINE + f"'''console\n{SEES}no-cluster\n'''\n")
    result = verify(
        "a.md", "b.md", "c.md", "--kubeconfig", str(stand_in_cluster), "--allow-context", "lab",
        "--json", "r.json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert closing_line(result) == "3 passed, 0 failed, 0 not run"
    assert json.loads((workdir / "r.json").read_text())["run"]["cluster"]["context"] == "lab"


def test_reports_are_written_and_secrets_masked(workdir: Path) -> None:
    page = write(
        workdir / "s.md",
        "---\nsnippets:\n  secrets: [t0p-s3cret]\n  cluster: false\n---\n"
        "'''console\n~$ echo t0p-s3\"\"cret\nwrong\n~$ echo fine\nfine\n'''\n",
    )
    result = verify(page.name, "--junit", "out/junit.xml", "--json", "out/report.json")
    assert result.exit_code == 1
    junit_text = (workdir / "out" / "junit.xml").read_text()
    json_text = (workdir / "out" / "report.json").read_text()
    for text in (result.output, junit_text, json_text):
        assert "t0p-s3cret" not in text
    assert len(ET.fromstring(junit_text).findall("testsuite/testcase")) == 2
    commands = json.loads(json_text)["pages"][0]["commands"]
    assert [c["result"] for c in commands] == ["failed", "passed"]
    assert commands[0]["output"] == "******\n"


def test_a_page_printing_its_environment_reports_no_ci_token(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner's GITHUB_TOKEN never reaches a page or a report; --pass-env passes AWS_*
    and the credentials among them are masked in every report."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_Runner-Only-Token-77")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "Aws-Session-Value-99")
    page = write(workdir / "env.md", OFFLINE + "'''console\n~$ env | sort\nnothing\n'''\n")
    result = verify(page.name, "--pass-env", "AWS_*", "--json", "r.json", "--junit", "r.xml")
    assert result.exit_code == 1, result.output
    reports = (result.output, (workdir / "r.json").read_text(), (workdir / "r.xml").read_text())
    for text in reports:
        assert "ghp_Runner-Only-Token-77" not in text and "GITHUB_TOKEN" not in text
        assert "Aws-Session-Value-99" not in text
    [command] = json.loads(reports[1])["pages"][0]["commands"]
    assert "AWS_DEFAULT_REGION=eu-west-1\n" in command["output"]
    assert "AWS_SESSION_TOKEN=******\n" in command["output"]


def test_a_bad_pass_env_flag_is_a_usage_error(workdir: Path) -> None:
    page = write(workdir / "p.md", OFFLINE + "'''console\n~$ echo hi\nhi\n'''\n")
    result = verify(page.name, "--pass-env", "*")
    assert result.exit_code == 2
    assert "option pass-env: '*' would pass every variable" in result.stderr


def test_timeout_option_and_not_run_commands(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner and its shell read a clock that moves only by the second the test adds once
    the command has started: 0.3 s (the flag) are then up, the default 60 s would never be,
    whatever the machine's speed."""
    page_clock(monkeypatch).jump_when_printed("started", 1.0)
    page = write(
        workdir / "t.md",
        OFFLINE + "'''console\n~$ echo started; sleep 100000\n~$ echo after\nafter\n'''\n",
    )
    result = verify(page.name, "--timeout", "0.3")
    assert result.exit_code == 1
    assert "timed out after 1.0s" in result.stdout, result.stdout
    assert closing_line(result) == "0 passed, 1 failed, 1 not run"


def test_translations_are_judged_against_the_same_run(workdir: Path) -> None:
    write(
        workdir / "mkdocs.yml",
        i18n_config("en", "ja"),
    )
    counter = workdir / "count"
    body = OFFLINE + f"'''console\n~$ echo x >> {counter}; echo hello\n%s\n'''\n"
    write(workdir / "docs" / "l.en.md", body % "hello")
    write(workdir / "docs" / "l.ja.md", body % "こんにちは")
    result = verify("docs")
    assert result.exit_code == 1, result.output
    assert "FAILED docs/l.ja.md:5" in result.stdout and "l.en.md" not in result.stdout
    assert closing_line(result) == "1 passed, 1 failed, 0 not run"
    assert counter.read_text() == "x\n"  # the commands ran once for both languages


# --- against the real local cluster --------------------------------------------------

CLUSTER_PAGE = """# Cluster

'''console
~$ kubectl create namespace {ns}
namespace/{ns} created
~$ kubectl -n {ns} create secret generic creds --from-literal=password="Zebra-Horse-""42"
secret/creds created
~$ kubectl -n {ns} get secret creds -o jsonpath='{{.data.password}}' | base64 -d; echo
[...]
~$ kubectl -n {ns} create deployment web --image=registry.k8s.io/pause:3.10
deployment.apps/web created
'''

'''console retry="90"
~$ kubectl -n {ns} get pods
NAME                  READY   STATUS    RESTARTS   AGE
web-7d4b9c8f5-x2x9z   1/1     Running   0          29s
'''

'''console
~$ kubectl delete namespace {ns} --wait=false
namespace "{ns}" deleted
'''
"""


@pytest.mark.cluster
def test_a_kubectl_page_passes_on_the_real_cluster_with_cluster_secrets_masked(
    running_cluster: Cluster, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    env = running_cluster.env
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.setenv("KUBECONFIG", env["KUBECONFIG"])
    context = yaml.safe_load(Path(env["KUBECONFIG"]).read_text())["current-context"]
    ns = f"snippets-verify-{int(time.time())}"
    page = write(workdir / "cluster.md", CLUSTER_PAGE.format(ns=ns))
    try:
        result = verify(page.name, "--allow-context", context, "--json", "r.json")
        assert result.exit_code == 0, result.output
        report = (workdir / "r.json").read_text()
        assert "Zebra-Horse-42" not in report and "Zebra-Horse-42" not in result.output
        commands = json.loads(report)["pages"][0]["commands"]
        assert commands[2]["output"] == "******\n"  # a value only the cluster knew was secret
        assert set(commands[4]["normalizers"]) >= {"name-suffix", "duration"}
    finally:
        running_cluster.kubectl(
            "delete",
            "namespace",
            ns,
            "--wait=false",
            "--ignore-not-found",
        )


def i18n_site(workdir: Path) -> None:
    write(
        workdir / "mkdocs.yml",
        i18n_config("en", "ja"),
    )


@pytest.mark.parametrize(
    "option", ['exit="1"', "skip", 'retry="5"', 'timeout="9"'], ids=lambda o: o.split("=")[0]
)
def test_a_translation_with_other_block_options_fails_with_the_parity_message(
    workdir: Path, option: str
) -> None:
    i18n_site(workdir)
    write(workdir / "docs" / "l.en.md", OFFLINE + "'''console\n~$ echo hello\nhello\n'''\n")
    write(
        workdir / "docs" / "l.ja.md", OFFLINE + f"'''console {option}\n~$ echo hello\nhello\n'''\n"
    )
    result = verify("docs", "--json", "r.json")
    assert result.exit_code == 1, result.output
    assert "docs/l.ja.md:4: block options" in result.stderr  # said up front, as lint says it
    assert "not run: block options" in result.stdout
    report = json.loads((workdir / "r.json").read_text())
    assert report["summary"] == {"passed": 1, "ran": 0, "failed": 0, "skipped": 0, "not_run": 1}
    (ja,) = [c for p in report["pages"] for c in p["commands"] if p["locale"] == "ja"]
    assert ja["result"] == "not-run" and ja["note"].startswith("not run: block options")


def test_a_translation_with_other_commands_is_not_run(workdir: Path) -> None:
    i18n_site(workdir)
    write(workdir / "docs" / "l.en.md", OFFLINE + "'''console\n~$ echo hello\nhello\n'''\n")
    write(workdir / "docs" / "l.ja.md", OFFLINE + "'''console\n~$ echo bye\nhello\n'''\n")
    result = verify("docs")
    assert result.exit_code == 1, result.output
    assert "command differs from the en page" in result.stderr


@pytest.mark.timeout(300)
def test_a_lab_that_cannot_start_exits_2_and_runs_nothing(
    k8s_cluster: Cluster, workdir: Path
) -> None:
    ns = f"sr-badlab-{uuid.uuid4().hex[:8]}"
    marker = workdir / "ran"
    write(
        workdir / "lab.yaml",
        f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n---\n"
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web, namespace: {ns}}}\n"
        "spec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n"
        "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
        "        - {name: web, image: 'snippets.invalid/none:1', imagePullPolicy: Never}\n",
    )
    page = write(
        workdir / "p.md",
        "---\nsnippets:\n  lab: [lab.yaml]\n---\n"
        f"'''console\n~$ touch {marker}; kubectl get ns\n'''\n",
    )
    result = CliRunner(env={"KUBECONFIG": str(k8s_cluster.kubeconfig)}).invoke(
        main, ["verify", page.name, "--allow-context", "testcluster", "--lab-timeout", "15"]
    )
    assert result.exit_code == 2, result.output
    assert "lab setup failed" in result.stderr and f"{ns}/web not ready" in result.stderr
    assert "not run: " in result.stdout
    assert not marker.exists(), "no command may run when the lab did not start"
    gone = k8s_cluster.kubectl("get", "namespace", ns, check=False)
    assert gone.returncode != 0 or "Terminating" in gone.stdout


def test_a_site_whose_pages_publish_no_output_and_hold_placeholders(workdir: Path) -> None:
    """A real documentation site's settings: commands without published output run and are
    counted apart; a block with a placeholder runs filled, or is skipped where it has no value."""
    write(workdir / "mkdocs.yml", "site_name: t\n")
    write(
        workdir / "pyproject.toml",
        '[tool.snippets-runner]\nno-output = "not-published"\nplaceholders = ["<*>"]\n',
    )
    write(
        workdir / "docs" / "p.md",
        '---\nsnippets: {cluster: false, placeholders: {"<dir>": build}}\n---\n'
        "'''console\n~$ mkdir <dir> && echo made\n~$ ls\nbuild\n'''\n\n"
        "'''console\n~$ rm -r <other>\n'''\n",
    )
    result = verify("docs", "--json", "r.json", "--junit", "r.xml")
    assert result.exit_code == 0, result.output
    assert closing_line(result) == (
        "1 passed, 0 failed, 0 not run, 1 ran (output not compared), 1 skipped"
    )
    report = json.loads((workdir / "r.json").read_text())
    assert report["version"] == 4
    assert report["summary"] == {"passed": 1, "ran": 1, "failed": 0, "skipped": 1, "not_run": 0}
    made, listed, removed = report["pages"][0]["commands"]
    assert (made["result"], made["command"], made["output"]) == (
        "ran",
        "mkdir <dir> && echo made",
        "made\n",
    )
    assert listed["result"] == "passed"
    assert (removed["result"], removed["reason"]) == ("skipped", "placeholder")
    names = [c.get("name") for c in ET.parse(workdir / "r.xml").iter("testcase")]
    assert names[0] == "docs/p.md:5 mkdir <dir> && echo made (output not compared)"
