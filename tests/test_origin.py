"""Rules only where Kubernetes generates the value (trust, round 3).

Column, field and name rules once applied to any text of the right shape: an
upper-case table printed by ``printf`` or ``column -t`` had its IP and AGE
columns loosened, a ConfigMap key or ``spec.hostAliases[].ip`` named ``ip``
or ``time`` took any value, and ``web-https`` passed for ``web-http2``
because both look like a generated suffix.  Now a rule counts only in
kubectl's own output (known from the command), only at the paths the
cluster fills in, and a name only where a controller the page shows would
have generated it.

The pages here are matched as verify matches them, without an origin: the
matcher finds the command in the page file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.extract.pages import extract_page, parse_page
from snippets_runner.match import match
from snippets_runner.match.origin import (
    KINDS,
    UNSTATED,
    Controllers,
    Producer,
    origin_for,
    origin_of,
    page_controllers,
    producer,
)
from snippets_runner.model import Command, ExpectedOutput, Location, Page


def page_matches(tmp_path: Path, command: str, published: str, real: str, before: str = "") -> bool:
    """Whether ``real`` passes for the output a page publishes under ``command``, matched
    the way verify matches it (no origin given: the page tells)."""
    page = tmp_path / "page.md"
    page.write_text(f"# Page\n\n```console\n{before}~$ {command}\n{published}\n```\n")
    last = extract_page(page).commands[-1]
    return match(last.expected, real).matched


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("kubectl get pods", Producer.KUBECTL),
        ("/usr/local/bin/kubectl get pods -n catalog", Producer.KUBECTL),
        ("KUBECONFIG=/tmp/k NO_COLOR=1 kubectl get pods", Producer.KUBECTL),
        ("kubectl -n catalog --context=lab get pods -o wide", Producer.KUBECTL),
        ("kubectl get pv | grep -i catalog", Producer.KUBECTL),
        ("kubectl get pods | grep -v Completed | head -n 3 | sort -k5", Producer.KUBECTL),
        ("kubectl get events | tail -n 5", Producer.KUBECTL),
        ("kubectl delete pod web-0 && kubectl get pods", Producer.KUBECTL),
        ("kubectl apply -f - <<EOF\nkind: ConfigMap\nEOF", Producer.KUBECTL),
        ("kubectl wait --for=condition=Ready pod \\\n-l app=web --timeout=30s", Producer.KUBECTL),
        ("kubectl run web --image=nginx", Producer.KUBECTL),
        ("kubectl describe pod $(kubectl get pods -o name | head -1)", Producer.KUBECTL),
        ('kubectl get pod "$(cat name)" -o wide', Producer.KUBECTL),
        ("kubectl get pod `cat name`", Producer.KUBECTL),
        ("$(echo kubectl) get pods", Producer.OTHER),
        ("kubectl get pod $(cat name", Producer.OTHER),
        ("printf 'NAME   IP\\nweb    10.0.0.1\\n'", Producer.OTHER),
        ("cat pods.txt", Producer.OTHER),
        ("kubectl get pods | column -t", Producer.OTHER),
        ("kubectl get pods -o wide | awk '{print $1, $6}'", Producer.OTHER),
        ("kubectl get pods | grep -c Running", Producer.OTHER),
        ("kubectl get pods | grep -on web", Producer.OTHER),
        ("kubectl get pods | head -c 100", Producer.OTHER),
        ("kubectl get pods | cat -A", Producer.OTHER),
        ("kubectl get pods; echo done", Producer.OTHER),
        ("kubectl exec web-0 -- cat /etc/hosts", Producer.OTHER),
        ("kubectl logs web-0", Producer.OTHER),
        ("kubectl run -it --rm tmp --image=busybox -- ip addr", Producer.OTHER),
        ("kubectl kustomize ./overlay", Producer.OTHER),
        ("kubectl myplugin list", Producer.OTHER),
        ("k get pods", Producer.OTHER),
        ("watch kubectl get pods", Producer.OTHER),
        ("bash -c 'kubectl get pods'", Producer.OTHER),
        ("(kubectl get pods)", Producer.OTHER),
        ("./kubectl get pods", Producer.OTHER),
        ("echo kubectl get pods", Producer.OTHER),
        ("kubectl get pods | column -t  # snippets: kubectl", Producer.KUBECTL),
        ("./list-pods.sh   #snippets: kubectl", Producer.KUBECTL),
        ("echo '# snippets: kubectl'", Producer.OTHER),
        ("kubectl get 'unclosed", Producer.OTHER),
    ],
)
def test_the_producer_is_read_from_the_command(command: str, expected: Producer) -> None:
    assert producer(command) is expected


# --- 4a: column rules in kubectl's tables only ------------------------------------

TABLE = "NAME   IP           AGE\nweb    10.244.0.5   29s"
MOVED = "NAME   IP           AGE\nweb    10.244.1.9   3m"


def test_a_kubectl_table_still_has_its_volatile_columns(tmp_path: Path) -> None:
    assert page_matches(tmp_path, "kubectl get pods -o custom-columns=...", TABLE, MOVED)


@pytest.mark.parametrize(
    "command",
    [
        "printf 'NAME   IP           AGE\\nweb    10.244.1.9   3m\\n'",
        "cat table.txt",
        "kubectl get pods | column -t",
        "kubectl get pods -o wide | awk '{print $1, $6, $5}'",
    ],
)
def test_the_same_table_printed_by_another_program_is_literal(tmp_path: Path, command: str) -> None:
    assert not page_matches(tmp_path, command, TABLE, MOVED)
    assert page_matches(tmp_path, command, TABLE, TABLE)


def test_a_writer_declares_kubectl_output_on_the_command_line(tmp_path: Path) -> None:
    command = "kubectl get pods | column -t  # snippets: kubectl"
    assert page_matches(tmp_path, command, TABLE, MOVED)


def test_a_container_prints_its_own_output_through_kubectl_exec(tmp_path: Path) -> None:
    hosts = "IP           HOSTNAME\n10.1.2.3     db"
    command = "kubectl exec web-0 -- printf 'IP   HOSTNAME\\n'"
    assert not page_matches(tmp_path, command, hosts, hosts.replace("10.1.2.3", "10.1.2.4"))


# --- 4b: fields at the paths the cluster fills in ----------------------------------

POD_YAML = """\
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2026-01-01T00:00:00Z"
  name: web
  uid: 0f8fad5b-d9cb-469f-a165-70867728950e
spec:
  hostAliases:
  - hostnames:
    - db.local
    ip: 10.1.2.3
status:
  podIP: 10.244.0.5
  podIPs:
  - ip: 10.244.0.5"""


def test_the_clusters_values_in_yaml_are_loosened(tmp_path: Path) -> None:
    real = (
        POD_YAML.replace("2026-01-01T00:00:00Z", "2026-11-28T09:10:11Z")
        .replace("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7")
        .replace("10.244.0.5", "10.244.3.7")
    )
    assert page_matches(tmp_path, "kubectl get pod web -o yaml", POD_YAML, real)


def test_an_ip_the_manifest_sets_is_literal(tmp_path: Path) -> None:
    real = POD_YAML.replace("ip: 10.1.2.3", "ip: 10.1.2.4")
    assert not page_matches(tmp_path, "kubectl get pod web -o yaml", POD_YAML, real)


@pytest.mark.parametrize(
    ("published", "real"),
    [
        ("data:\n  time: 2026-01-01T00:00:00Z", "data:\n  time: 2026-11-28T09:10:11Z"),
        ("data:\n  ip: 10.1.2.3", "data:\n  ip: 10.1.2.4"),
        ("data:\n  podIP: 10.1.2.3", "data:\n  podIP: 10.1.2.4"),
        (
            "data:\n  config.yaml: |\n    metadata:\n      creationTimestamp: 2026-01-01T00:00:00Z",
            "data:\n  config.yaml: |\n    metadata:\n      creationTimestamp: 2026-11-28T09:10:11Z",
        ),
    ],
)
def test_a_configmaps_keys_are_the_pages_own(tmp_path: Path, published: str, real: str) -> None:
    assert not page_matches(tmp_path, "kubectl get configmap demo -o yaml", published, real)


def test_an_environment_variable_named_ip_in_describe_is_literal(tmp_path: Path) -> None:
    published = (
        "IP:           10.244.0.5\nContainers:\n  app:\n    Environment:\n      IP:  10.1.2.3"
    )
    moved = published.replace("10.244.0.5", "10.244.0.9")
    assert page_matches(tmp_path, "kubectl describe pod web", published, moved)
    changed = moved.replace("10.1.2.3", "10.1.2.4")
    assert not page_matches(tmp_path, "kubectl describe pod web", published, changed)


# --- 4c: names generated by a controller the page shows ------------------------------

PODS = (
    "NAME                  READY   STATUS    RESTARTS   AGE\n"
    "web-7d4b9c8f5-x2x9z   1/1     Running   0          29s"
)
NEW_POD = PODS.replace("web-7d4b9c8f5-x2x9z", "web-66b8f5d7c9-k8p2q").replace("29s", "1m")


def test_a_deployments_pods_are_generated_where_the_page_shows_the_deployment(
    tmp_path: Path,
) -> None:
    shown = "~$ kubectl create deployment web --image=nginx\ndeployment.apps/web created\n"
    assert page_matches(tmp_path, "kubectl get pods", PODS, NEW_POD, before=shown)
    assert not page_matches(tmp_path, "kubectl get pods", PODS, NEW_POD)
    other = "~$ kubectl create deployment api --image=nginx\ndeployment.apps/api created\n"
    assert not page_matches(tmp_path, "kubectl get pods", PODS, NEW_POD, before=other)


def test_words_shaped_like_generated_names_are_literal(tmp_path: Path) -> None:
    shown = "~$ kubectl create deployment web --image=nginx\ndeployment.apps/web created\n"
    published = "NAME        TYPE        PORT(S)\nweb-https   ClusterIP   443/TCP"
    real = "NAME        TYPE        PORT(S)\nweb-http2   ClusterIP   443/TCP"
    assert not page_matches(tmp_path, "kubectl get services", published, real, before=shown)
    # A git short hash in a program's output: no controller, no kubectl.
    assert not page_matches(
        tmp_path, "git log --oneline -1", "v2-bc7d4f9 fix", "v2-dd59b4c fix", before=shown
    )


def test_the_controllers_a_page_shows(tmp_path: Path) -> None:
    lab = tmp_path / "lab.yaml"
    lab.write_text(
        "kind: StatefulSet\nmetadata:\n  name: db\n---\nkind: Service\nmetadata:\n  name: svc\n"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "---\nsnippets:\n  lab:\n    - lab.yaml\n---\n# P\n\n```console\n"
        "~$ kubectl create job pi --image=perl\njob.batch/pi created\n"
        "~$ kubectl rollout status deploy/web\n"
        'deployment "web" successfully rolled out\n'
        "~$ kubectl get daemonsets -n kube-system\nNAME         DESIRED\nkube-proxy   1\n"
        "~$ kubectl apply -f - <<EOF\nkind: Deployment\nmetadata:\n  name: api\nEOF\n"
        "deployment.apps/api created\n"
        "~$ kubectl describe pod cron-1\nControlled By:  ReplicaSet/front-5b6c9d4f8\n"
        "```\n"
    )
    names = page_controllers(extract_page(page)).names
    assert {
        ("job", "pi"),
        ("deployment", "web"),
        ("daemonset", "kube-proxy"),
        ("deployment", "api"),
        ("statefulset", "db"),
        ("replicaset", "front-5b6c9d4f8"),
    } <= names
    assert all(kind in KINDS for kind, _ in names)
    assert ("service", "svc") not in names


def test_an_explicit_origin_and_the_page_lookup_agree(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n```console\n~$ kubectl create deployment web --image=nginx\n"
        "deployment.apps/web created\n~$ kubectl get pods\n" + PODS + "\n```\n"
    )
    extracted = extract_page(page)
    command = extracted.commands[-1]
    origin = origin_for(extracted, command)
    assert origin.producer is Producer.KUBECTL and ("deployment", "web") in origin.controllers.names
    assert match(command.expected, NEW_POD, origin).matched
    assert match(command.expected, NEW_POD).matched
    # Elsewhere (another file, other lines) nothing is known of the page: kubectl is assumed.
    elsewhere = ExpectedOutput(command.expected.lines, Location(tmp_path / "gone.md", 9))
    assert match(elsewhere, NEW_POD).matched
    assert not match(elsewhere, NEW_POD, origin_of("kubectl get pods")).matched
    assert UNSTATED.generates("suffix", "anything")


def _svc_page(commands: str, published: str) -> tuple[Page, Command]:
    text = f"# S\n\n```console\n{commands}~$ kubectl get service web\n{published}```\n"
    page = parse_page(text, Path("svc.md"), "", "svc.md")
    return page, page.commands[-1]


HEAD = "NAME   TYPE        CLUSTER-IP     EXTERNAL-IP    PORT(S)   AGE\n"
EXPOSE = (
    "~$ kubectl expose deployment web --port=80 --external-ip=203.0.113.10\nservice/web exposed\n"
)


def test_an_address_the_page_assigns_is_compared_literally() -> None:
    """Review round 3, defect 4: the EXTERNAL-IP the page set itself is every reader's;
    a page publishing another address fails, whatever the rule for cluster-assigned ones."""
    page, get = _svc_page(
        EXPOSE, HEAD + "web    ClusterIP   10.96.45.120   198.51.100.7   80/TCP    5s\n"
    )
    real = HEAD + "web    ClusterIP   10.96.7.201    203.0.113.10   80/TCP    7s\n"
    assert not match(get.expected, real, origin_for(page, get)).matched
    # the right page passes, and the CLUSTER-IP the cluster assigns is still loosened
    page, get = _svc_page(
        EXPOSE, HEAD + "web    ClusterIP   10.96.45.120   203.0.113.10   80/TCP    5s\n"
    )
    assert match(get.expected, real, origin_for(page, get)).matched


def test_an_address_a_heredoc_manifest_assigns_is_the_pages_own() -> None:
    manifest = (
        "~$ kubectl apply -f - <<EOF\n"
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
        "spec:\n  clusterIP: 10.96.0.50\n  ports: [{port: 80}]\nEOF\n"
        "service/web created\n"
    )
    published = HEAD + "web    ClusterIP   10.96.0.50     <none>         80/TCP    5s\n"
    page, get = _svc_page(manifest, published)
    same = HEAD + "web    ClusterIP   10.96.0.50     <none>         80/TCP    9s\n"
    other = HEAD + "web    ClusterIP   10.96.0.51     <none>         80/TCP    9s\n"
    assert match(get.expected, same, origin_for(page, get)).matched
    assert not match(get.expected, other, origin_for(page, get)).matched


def test_a_written_value_must_stand_as_a_whole_word() -> None:
    shown = Controllers(written="curl http://10.96.0.50:8080/ && echo 10.96.0.5")
    assert shown.writes("10.96.0.50") and shown.writes("10.96.0.5")
    assert not shown.writes("10.96.0.")
    assert not shown.writes("0.50")
    assert not Controllers(written="v10.96.0.50x").writes("10.96.0.50")
