"""Fields are known by their path, read from indentation, in describe, YAML and JSON alike.

Realistic outputs of ``kubectl describe pod``, ``get pod -o yaml`` and ``-o
json`` pass with every value the cluster assigns anew (times, addresses,
IDs) and fail when a value the page set changes, even under the same key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.match import match
from snippets_runner.match.origin import Controllers, Origin, Producer
from snippets_runner.match.structure import fields, matches
from snippets_runner.model import ExpectedOutput, Location

KUBECTL = Origin(Producer.KUBECTL, Controllers(frozenset({("statefulset", "web")})))
A64, B64 = "a" * 64, "0b" * 32


def matched(published: str, real: str) -> bool:
    at = Location(Path("p.md"), 1)
    return match(ExpectedOutput(tuple(published.split("\n")), at), real, KUBECTL).matched


DESCRIBE = f"""\
Name:             web-0
Namespace:        default
Node:             testcluster-node/10.0.2.15
Start Time:       Sat, 28 Nov 2026 21:50:56 +0000
Labels:           app=web
                  controller-revision-hash=web-7d4b9c8f5
Status:           Running
IP:               10.244.0.5
IPs:
  IP:           10.244.0.5
Controlled By:  StatefulSet/web
Containers:
  nginx:
    Container ID:   containerd://{A64}
    Image ID:       docker.io/library/nginx@sha256:{A64}
    State:          Running
      Started:      Sat, 28 Nov 2026 21:50:58 +0000
    Environment:
      POD_IP:      10.1.2.3
      Started:     Sat, 28 Nov 2026 21:50:58 +0000
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x2x9z (ro)
Volumes:
  kube-api-access-x2x9z:
    Type:                    Projected (a volume that contains injected data)
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  29s   default-scheduler  Successfully assigned default/web-0"""


def test_a_later_describe_pod_passes_with_the_clusters_new_values() -> None:
    real = (
        DESCRIBE.replace("10.0.2.15", "10.0.2.16")
        .replace("Sat, 28 Nov 2026 21:50:56", "Sun, 29 Nov 2026 01:02:03")
        .replace(
            "Started:      Sat, 28 Nov 2026 21:50:58", "Started:      Sun, 29 Nov 2026 01:02:04"
        )
        .replace("10.244.0.5", "10.244.1.9")
        .replace(A64, B64)
        .replace("web-7d4b9c8f5", "web-66b8f5d7c9")
        .replace("x2x9z", "b9zq4")
        .replace("  29s  ", "  3m   ")
    )
    assert matched(DESCRIBE, real)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("POD_IP:      10.1.2.3", "POD_IP:      10.1.2.4"),
        ("Started:     Sat, 28 Nov 2026 21:50:58", "Started:     Sun, 29 Nov 2026 01:02:04"),
        ("for 300s", "for 30s"),
        ("Status:           Running", "Status:           Pending"),
        ("Controlled By:  StatefulSet/web", "Controlled By:  StatefulSet/db"),
    ],
)
def test_a_value_the_page_set_fails_in_describe(old: str, new: str) -> None:
    assert old in DESCRIBE
    assert not matched(DESCRIBE, DESCRIBE.replace(old, new))


YAML = """\
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "2026-11-28T21:50:56Z"
    name: web-0
    resourceVersion: "1234"
    uid: 0f8fad5b-d9cb-469f-a165-70867728950e
    annotations:
      note: |
        creationTimestamp: 2026-11-28T21:50:56Z
  spec:
    hostAliases:
    - ip: 10.1.2.3
      hostnames:
      - db
  status:
    containerStatuses:
    - containerID: containerd://AAA
      state:
        running:
          startedAt: "2026-11-28T21:50:58Z"
    hostIP: 10.0.2.15
    podIP: 10.244.0.5
    podIPs:
    - ip: 10.244.0.5
    startTime: "2026-11-28T21:50:56Z"
kind: List
metadata:
  resourceVersion: \"\"""".replace("AAA", A64)


def test_a_later_get_pods_yaml_passes_with_the_clusters_new_values() -> None:
    real = (
        YAML.replace("2026-11-28T21:50:56Z", "2026-11-29T01:02:03Z")
        .replace('startedAt: "2026-11-28T21:50:58Z"', 'startedAt: "2026-11-29T01:02:04Z"')
        .replace('"1234"', '"98765"')
        .replace("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7")
        .replace(A64, B64)
        .replace("10.0.2.15", "10.0.2.16")
        .replace("10.244.0.5", "10.244.1.9")
    )
    # The annotation's text is the page's: keep it as published.
    real = real.replace(
        "creationTimestamp: 2026-11-29T01:02:03Z\n  spec",
        "creationTimestamp: 2026-11-28T21:50:56Z\n  spec",
    )
    assert matched(YAML, real)
    assert not matched(YAML, real.replace("ip: 10.1.2.3", "ip: 10.1.2.4"))
    assert not matched(
        YAML,
        real.replace(
            "creationTimestamp: 2026-11-28T21:50:56Z\n  spec",
            "creationTimestamp: 2026-11-29T01:02:03Z\n  spec",
        ),
    )


JSON = """\
{
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {
        "creationTimestamp": "2026-11-28T21:50:56Z",
        "name": "web"
    },
    "spec": {
        "clusterIP": "10.96.0.10",
        "clusterIPs": [
            "10.96.0.10"
        ],
        "externalIPs": [
            "192.0.2.7"
        ]
    }
}"""


def test_a_later_get_service_json_passes_and_the_pages_addresses_stay() -> None:
    real = JSON.replace("10.96.0.10", "10.96.44.1").replace("21:50:56", "22:00:00")
    assert matched(JSON, real)
    assert not matched(JSON, real.replace("192.0.2.7", "192.0.2.8"))


def test_paths_of_yaml_list_items_json_arrays_block_scalars_and_elisions() -> None:
    lines = (
        "status:",
        "  podIPs:",
        "  - ip: 10.0.0.1",
        "  qosClass: BestEffort",
        "data:",
        "  script: |",
        "    ip: 10.0.0.2",
        "  other: x",
        "[...]",
        "    startedAt: now",
        "top: y",
    )
    found = [f[0] if f else None for f in fields(lines)]
    assert found == [
        ("status",),
        ("status", "podIPs"),
        ("status", "podIPs", "[]", "ip"),
        ("status", "qosClass"),
        ("data",),
        ("data", "script"),
        None,
        ("data", "other"),
        None,
        ("?", "startedAt"),
        ("top",),
    ]
    assert matches(
        ("status", "podIPs", "[]", "ip"), ("items", "[]", "status", "podIPs", "[]", "ip")
    )
    assert not matches(("status", "startedAt"), ("?", "startedAt"))
    assert matches(("**", "State", "Started"), ("?", "State", "Started"))
    assert not matches(("Containers", "*", "Image ID"), ("Containers", "[]", "Image ID"))
