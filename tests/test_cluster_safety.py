"""Choosing the cluster: explicit allow-list, private kubeconfig, one reachability check.

The unreachable cluster is real: a kubeconfig pointing at a local port
nobody listens on.  Tests that need a running cluster use the project's
real local cluster and skip, saying why, when it is not up.
"""

from __future__ import annotations

import hashlib
import stat
import time
from pathlib import Path
from typing import Any

import pytest
import urllib3
import yaml
from cluster_fixture import Cluster

from snippets_runner.config.pyproject import load_runner_config
from snippets_runner.errors import ClusterError, ConfigError
from snippets_runner.extract.pages import parse_page
from snippets_runner.kube.access import (
    ClusterTarget,
    check_reachable,
    prepare,
    secret_values,
    source_files,
)
from snippets_runner.kube.safety import allowed_contexts, check_allowed
from snippets_runner.lab.namespaces import page_namespaces


def write_kubeconfig(path: Path, port: int, current: str = "lab") -> Path:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "local",
                "cluster": {
                    "server": f"https://127.0.0.1:{port}",
                    "insecure-skip-tls-verify": True,
                },
            },
            {
                "name": "prod",
                "cluster": {
                    "server": "https://prod.invalid:6443",
                    "certificate-authority": "certs/ca.crt",
                },
            },
        ],
        "users": [{"name": "me", "user": {"token": "t0ken-value"}}],
        "contexts": [
            {"name": "lab", "context": {"cluster": "local", "user": "me", "namespace": "docs"}},
            {"name": "production", "context": {"cluster": "prod", "user": "me"}},
        ],
        "current-context": current,
    }
    path.write_text(yaml.safe_dump(config))
    return path


def test_allow_list_comes_from_flags_pyproject_and_environment(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.snippets-runner]\nallowed-contexts = ["from-toml"]\n')
    config = load_runner_config(tmp_path).override({"allowed_contexts": ("from-flag",)})
    allowed = allowed_contexts(config.allowed_contexts, {"SNIPPETS_ALLOWED_CONTEXTS": "a, b"})
    assert allowed == {"from-flag", "from-toml", "a", "b"}
    assert allowed_contexts((), {}) == set()
    pyproject.write_text('[tool.snippets-runner]\nallowed-contexts = "oops"\n')
    with pytest.raises(ConfigError, match="allowed-contexts has the wrong type"):
        load_runner_config(tmp_path)


def test_refusal_says_why_and_how_to_allow(closed_port: int, tmp_path: Path) -> None:
    kubeconfig = write_kubeconfig(tmp_path / "config", closed_port, current="production")
    with pytest.raises(ClusterError) as refused:
        prepare(None, kubeconfig, {"lab"}, tmp_path)
    message = str(refused.value)
    assert "'production'" in message and "pages delete pods" in message
    assert "--allow-context production" in message
    assert "SNIPPETS_ALLOWED_CONTEXTS" in message and "allowed-contexts" in message
    assert not (tmp_path / "kubeconfig").exists()  # nothing written for a refused context
    with pytest.raises(ClusterError, match="not in the kubeconfig"):
        prepare("nope", kubeconfig, {"nope"}, tmp_path)
    check_allowed("lab", {"lab"})


def test_private_kubeconfig_holds_only_the_chosen_context(closed_port: int, tmp_path: Path) -> None:
    user_file = write_kubeconfig(tmp_path / "config", closed_port, current="lab")
    before = hashlib.sha256(user_file.read_bytes()).hexdigest()
    private_dir = tmp_path / "private"
    private_dir.mkdir()
    target = prepare("production", user_file, {"production"}, private_dir)
    assert hashlib.sha256(user_file.read_bytes()).hexdigest() == before
    assert stat.S_IMODE(target.kubeconfig.stat().st_mode) == 0o600
    private = yaml.safe_load(target.kubeconfig.read_text())
    assert private["current-context"] == "production"
    assert [c["name"] for c in private["contexts"]] == ["production"]
    assert [c["name"] for c in private["clusters"]] == ["prod"]
    ca = private["clusters"][0]["cluster"]["certificate-authority"]
    assert ca == str((tmp_path / "certs" / "ca.crt").resolve())
    assert target.namespace == "default" and target.server == "https://prod.invalid:6443"


def test_kubeconfig_list_merges_first_file_wins(tmp_path: Path) -> None:
    first = write_kubeconfig(tmp_path / "a", 1111, current="lab")
    second = write_kubeconfig(tmp_path / "b", 2222, current="production")
    env = {"KUBECONFIG": f"{first}:{second}"}
    assert source_files(None, env) == [first, second]
    target = prepare(None, None, {"lab"}, tmp_path, env)
    assert target.server == "https://127.0.0.1:1111" and target.namespace == "docs"
    with pytest.raises(ClusterError, match="no kubeconfig found"):
        prepare(None, None, {"lab"}, tmp_path, {"KUBECONFIG": str(tmp_path / "missing")})


def test_unreachable_cluster_is_one_clear_error_quickly(
    closed_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quickly, counted rather than timed: one connection attempt (no retries, no backoff),
    bounded by the caller's timeout."""
    port = closed_port
    target = prepare(None, write_kubeconfig(tmp_path / "config", port), {"lab"}, tmp_path)
    attempts: list[tuple[object, object]] = []
    connect = urllib3.util.connection.create_connection

    def counted(address: tuple[str, int], timeout: object = None, *args: Any, **kw: Any) -> Any:
        attempts.append((address, timeout))
        return connect(address, timeout, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib3.util.connection, "create_connection", counted)
    with pytest.raises(ClusterError) as unreachable:
        check_reachable(target, timeout=2)
    assert attempts == [(("127.0.0.1", port), 2)]
    message = str(unreachable.value)
    assert f"https://127.0.0.1:{port}" in message and "'lab'" in message
    assert "unreachable" in message and "\n" not in message


KUBECONFIG_HEAD = (
    "apiVersion: v1\nkind: Config\ncurrent-context: lab\n"
    "clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
    "contexts:\n- name: lab\n  context: {cluster: c, user: u}\n"
)


@pytest.mark.parametrize(
    ("user", "line"),
    [
        ('    password: "hunter2-Kubeconfig-Pw\n', 14),  # review round 3: unclosed quote
        ("    token: *hunter2-Kubeconfig-Pw\n", 13),  # an alias
        ("    token: !hunter2-Kubeconfig-Pw\n", 13),  # a tag
        ("    token: hunter2: Kubeconfig-Pw\n", 13),
    ],
)
def test_a_malformed_kubeconfig_does_not_quote_its_credentials(
    tmp_path: Path, user: str, line: int
) -> None:
    """PyYAML's message quotes the line: a password printed on stderr (a CI log) by verify,
    update and pytest. Now the file, its line and the kind of problem."""
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(f"{KUBECONFIG_HEAD}users:\n- name: u\n  user:\n{user}")
    with pytest.raises(ClusterError) as raised:
        prepare(None, kubeconfig, {"lab"}, tmp_path)
    assert str(raised.value).startswith(f"cannot read kubeconfig {kubeconfig}:{line}: invalid YAML")
    assert "hunter2" not in str(raised.value) and "Kubeconfig-Pw" not in str(raised.value)


def test_a_kubeconfig_named_by_the_environment_is_told_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from snippets_runner.cli import main

    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        f'{KUBECONFIG_HEAD}users:\n- name: u\n  user: {{token: "Env-Tok3n-Value}}\n'
    )
    page = tmp_path / "p.md"
    page.write_text("# p\n\n```console\n~$ echo hi\nhi\n```\n")
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    result = CliRunner().invoke(main, ["verify", "--allow-context", "lab", str(page)])
    assert result.exit_code == 2 and "invalid YAML" in result.output
    assert "Tok3n" not in result.output


def test_page_namespaces() -> None:
    page = parse_page(
        "```console\n~$ kubectl create namespace shop\n~$ kubectl get pods -n shop\n"
        "~$ kubectl get svc --namespace=web\n~$ kubectl -n kube-system get pods\n```\n",
        Path("p.md"),
        "",
        "p.md",
    )
    assert page_namespaces(page, "docs") == {"docs", "shop", "web", "kube-system"}


# --- against the real local cluster --------------------------------------------------


@pytest.mark.cluster
def test_reachable_cluster_and_its_secret_values(running_cluster: Cluster, tmp_path: Path) -> None:
    kubeconfig = Path(running_cluster.kubeconfig)
    context = yaml.safe_load(kubeconfig.read_text())["current-context"]
    target: ClusterTarget = prepare(None, kubeconfig, {context}, tmp_path)
    assert check_reachable(target).startswith("v")
    namespace = f"snippets-safety-{int(time.time())}"
    kubectl = running_cluster.kubectl
    kubectl("create", "namespace", namespace)
    try:
        kubectl(
            "-n",
            namespace,
            "create",
            "secret",
            "generic",
            "s",
            "--from-literal=password=cluster-s3cret",
        )
        assert "cluster-s3cret" in secret_values(target, {namespace})
    finally:
        kubectl("delete", "namespace", namespace, "--wait=false")
