"""Choose the cluster for a run, isolate it in a private kubeconfig, check it once.

The commands of a page call ``kubectl`` themselves, so the runner cannot pass
a context to each call.  Instead it writes a private kubeconfig holding only
the chosen context (plus its cluster and user, relative file paths made
absolute) as the current one, and gives it to the shell as KUBECONFIG: every
kubectl in the page hits the same, allowed cluster, even one that says
``--context other``, and the user's own kubeconfig is never modified.

Reachability is checked once, with a short timeout, so an unreachable
cluster is one clear message instead of one diff per command.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ClusterError, yaml_problem
from ..files import write_private
from ..secrets import data_values, kubeconfig_values
from .safety import check_allowed

_FILE_KEYS = ("certificate-authority", "client-certificate", "client-key", "tokenFile")


@dataclass(frozen=True)
class ClusterTarget:
    context: str
    kubeconfig: Path
    """The private copy to export as KUBECONFIG."""
    server: str
    namespace: str


def source_files(kubeconfig: Path | None, environ: dict[str, str] | None = None) -> list[Path]:
    """What kubectl would read: --kubeconfig, else $KUBECONFIG's list, else ~/.kube/config."""
    if kubeconfig is not None:
        return [kubeconfig]
    environ = dict(os.environ) if environ is None else environ
    listed = [Path(p) for p in environ.get("KUBECONFIG", "").split(os.pathsep) if p]
    return listed or [Path.home() / ".kube" / "config"]


def _load(path: Path) -> dict[str, Any]:
    import yaml  # only a run that uses a cluster reads a kubeconfig

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ClusterError(f"cannot read kubeconfig {path}: {exc}") from None
    except yaml.YAMLError as exc:  # its text quotes the file: a token, a password
        line, problem = yaml_problem(exc)
        where = f"{path}:{line}" if line else str(path)
        raise ClusterError(f"cannot read kubeconfig {where}: invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ClusterError(f"kubeconfig {path} is not a mapping")
    for section, key in (("clusters", "cluster"), ("users", "user")):
        for entry in data.get(section) or []:
            body = entry.get(key) or {}
            for name in _FILE_KEYS:
                if isinstance(body.get(name), str) and not os.path.isabs(body[name]):
                    body[name] = str((path.parent / body[name]).resolve())
    return data


def _merge(files: list[Path]) -> dict[str, Any]:
    """kubectl's rule: the first file that names an entry (or current-context) wins."""
    merged: dict[str, Any] = {"clusters": {}, "users": {}, "contexts": {}}
    current = ""
    existing = [f for f in files if f.is_file()]
    if not existing:
        raise ClusterError(f"no kubeconfig found (looked at {', '.join(map(str, files))})")
    for path in existing:
        data = _load(path)
        current = current or data.get("current-context") or ""
        for section in ("clusters", "users", "contexts"):
            for entry in data.get(section) or []:
                merged[section].setdefault(entry.get("name"), entry)
    merged["current-context"] = current
    return merged


def prepare(
    context: str | None,
    kubeconfig: Path | None,
    allowed: set[str],
    workdir: Path,
    environ: dict[str, str] | None = None,
) -> ClusterTarget:
    """Pick the context, refuse it unless allowed, write the private kubeconfig."""
    merged = _merge(source_files(kubeconfig, environ))
    name = context or merged["current-context"]
    if not name:
        raise ClusterError("the kubeconfig has no current context; choose one with --context")
    if name not in merged["contexts"]:
        known = ", ".join(sorted(merged["contexts"])) or "none"
        raise ClusterError(f"context {name!r} is not in the kubeconfig (contexts: {known})")
    check_allowed(name, allowed)
    ctx = merged["contexts"][name]
    body = ctx.get("context") or {}
    cluster = merged["clusters"].get(body.get("cluster"))
    user = merged["users"].get(body.get("user"))
    if cluster is None:
        raise ClusterError(f"context {name!r} names cluster {body.get('cluster')!r}, not defined")
    private = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [cluster],
        "users": [user] if user else [],
        "contexts": [ctx],
        "current-context": name,
    }
    import yaml

    path = workdir / "kubeconfig"
    write_private(path, yaml.safe_dump(private))
    server = str((cluster.get("cluster") or {}).get("server", "?"))
    return ClusterTarget(name, path, server, str(body.get("namespace") or "default"))


def api_client(target: ClusterTarget, retries: bool = False) -> Any:
    """A kubernetes ApiClient on the private kubeconfig (no retries: fail fast)."""
    from kubernetes import client, config

    configuration = client.Configuration()
    config.load_kube_config(  # type: ignore[no-untyped-call,unused-ignore]
        config_file=str(target.kubeconfig),
        context=target.context,
        client_configuration=configuration,
        persist_config=False,
    )
    configuration.retries = retries
    return client.ApiClient(configuration)


def server_version(target: ClusterTarget, timeout: float = 5.0) -> str:
    """The API server's git version (``v1.33.13``): which Kubernetes a report vouches for."""
    from kubernetes import client

    version = client.VersionApi(api_client(target)).get_code(_request_timeout=timeout)
    return str(version.git_version)


def check_reachable(target: ClusterTarget, timeout: float = 5.0) -> str:
    """The server's git version, or one ClusterError saying which cluster is unreachable."""
    try:
        return server_version(target, timeout)
    except Exception as exc:  # the client raises urllib3, ssl, config and API errors alike
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(
            f"cluster {target.server} (context {target.context!r}) is unreachable: {reason}"
        ) from None


def kubeconfig_secrets(path: Path) -> set[str]:
    """The credentials in a kubeconfig a page is given, to mask in reports.

    A page can print its kubeconfig (``cat $KUBECONFIG``, ``kubectl config
    view --raw``): its users' tokens and passwords, client keys and
    certificates (inline, base64 as written and decoded, or the files they
    name), and the secrets of auth-provider configs and exec plugins'
    environments are masked like a Secret's values (`secrets.kubeconfig_values`).
    """
    return kubeconfig_values(_load(path))


_NOT_FOUND = 404


def secret_values(target: ClusterTarget, namespaces: Iterable[str]) -> set[str]:
    """Decoded (and encoded) values of the Secrets in ``namespaces``, to mask in reports.

    A namespace that does not exist (yet) has no Secrets. Any other failure
    (403, a timeout, a broken connection) raises ClusterError naming each
    namespace: Secrets we could not read are Secrets we cannot mask, so the
    run must not pass silently with reports that may show them.
    """
    from kubernetes import client

    api = client.CoreV1Api(api_client(target, retries=True))
    values: set[str] = set()
    failures: list[str] = []
    for namespace in sorted(set(namespaces)):
        try:
            secrets = api.list_namespaced_secret(namespace, _request_timeout=10).items
        except client.ApiException as exc:
            if exc.status == _NOT_FOUND:
                continue
            failures.append(f"{namespace}: {exc.status} {exc.reason}")
            continue
        except Exception as exc:  # urllib3 timeouts and connection errors alike
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            failures.append(f"{namespace}: {reason}")
            continue
        for secret in secrets:
            values |= data_values(secret.data or {})
    if failures:
        raise ClusterError(
            "cannot read the Secrets to mask in reports (namespace: error): " + "; ".join(failures)
        )
    return values
