"""Pod, node and service addresses: assigned anew on every run.

Only in address columns and in the fields the cluster assigns, known by
their path (``describe``'s ``IP``, ``IPs`` > ``IP``, ``Node``; YAML's
``status.podIP``, ``status.podIPs[].ip``, ``spec.clusterIP``...): an ``ip``
the page sets (``spec.hostAliases[].ip``, a ConfigMap's data) stays literal,
and so does any address the page itself writes (``--external-ip=...``,
``externalIPs``, a ``clusterIP`` in its manifest), on either side: the cluster
did not assign it.
Either family is accepted for
either (a dual-stack cluster may list the other first), but loopback and
unspecified addresses stay literal on both sides: ``127.0.0.1`` and
``0.0.0.0`` are chosen by the program, not assigned by the cluster, so a
change there is real.  A dotted version number (``1.2.3.4``) is not in any of
these places and stays literal.
"""

from __future__ import annotations

import ipaddress
import re

from .base import Rule, constant
from .context import Column, Field, paths

_V4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_V6 = r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"


def is_assigned(text: str) -> bool:
    """A valid address a cluster could assign: not loopback, not unspecified."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified)


COLUMNS = frozenset(
    {
        "IP",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "INTERNAL-IP",
        "ENDPOINTS",
        "ADDRESS",
        "ADDRESSES",
        "HOST-IP",
    }
)
FIELDS = paths(
    "IP", "IPs", "IPs > IP", "Pod IP", "Pod IPs", "Host IP", "Host IPs", "Node", "Endpoints",
    "LoadBalancer Ingress", "Addresses > InternalIP", "Addresses > ExternalIP",
    "Subsets > Addresses", "Subsets > NotReadyAddresses",
    "status > podIP", "status > podIPs > [] > ip", "status > hostIP",
    "status > hostIPs > [] > ip", "spec > clusterIP", "spec > clusterIPs > []",
    "status > loadBalancer > ingress > [] > ip", "subsets > [] > addresses > [] > ip",
    "subsets > [] > notReadyAddresses > [] > ip", "endpoints > [] > addresses > []",
    "status > addresses > [] > address",
)  # fmt: skip
"""``describe``'s (Title Case, at the top or under ``IPs``, ``Addresses``, ``Subsets``)
and an object's (YAML, JSON)."""

RULE = Rule(
    name="ip",
    find=re.compile(rf"(?<![\w.:]){_V6}(?![\w:])|(?<![\w.]){_V4}(?![\w.])"),
    accept=constant(f"(?:{_V4}|{_V6})"),
    contexts=(Column(COLUMNS), Field(FIELDS)),
    valid=is_assigned,
    published=is_assigned,
    page_sets=True,
    sample=("10.244.0.5", "10.244.1.17"),
    same=(
        ("IP:           10.244.0.5", "IP:           10.244.1.17"),
        ("IPs:\n  IP:  10.244.0.5", "IPs:\n  IP:  fd00:10:244::5"),
        ("Node:         node-1/172.18.0.2", "Node:         node-1/10.0.2.15"),
        ("status:\n  podIP: 10.244.0.5", "status:\n  podIP: 10.244.0.9"),
        ("status:\n  podIPs:\n  - ip: 10.244.0.5", "status:\n  podIPs:\n  - ip: 10.244.0.9"),
        ("spec:\n  clusterIPs:\n  - 10.96.0.10", "spec:\n  clusterIPs:\n  - 10.96.12.7"),
        (
            '{\n    "status": {\n        "podIPs": [\n            {\n'
            '                "ip": "10.244.0.5"',
            '{\n    "status": {\n        "podIPs": [\n            {\n'
            '                "ip": "10.244.0.9"',
        ),
        (
            "Addresses:\n  InternalIP:  172.18.0.2\n  Hostname:    node-1",
            "Addresses:\n  InternalIP:  10.0.2.15\n  Hostname:    node-1",
        ),
        (
            "NAME   CLUSTER-IP   PORT(S)\nweb    10.96.0.10   80/TCP",
            "NAME   CLUSTER-IP    PORT(S)\nweb    10.96.12.7   80/TCP",
        ),
        ("Endpoints:  10.244.0.5:3306", "Endpoints:  10.244.0.8:3306"),
    ),
    different=(
        ("version 1.2.3.4", "version 1.2.3.5"),
        ("Forwarding from 127.0.0.1:8080 -> 80", "Forwarding from 10.0.0.1:8080 -> 80"),
        ("listening on 0.0.0.0:3306", "listening on 10.244.0.5:3306"),
        ("IP:  127.0.0.1", "IP:  10.244.0.5"),
        ("IP:  10.244.0.5", "IP:  127.0.0.1"),
        ("IP:  10.244.0.5", "IP:  0.0.0.0"),
        ("IP:  10.244.0.5", "IP:  <none>"),
        ("IP:  10.244.0.5", "IP:  999.1.2.3"),
        ("IP:  10.244.0.5", "IP:  10.244.0"),
        ("Endpoints:  10.244.0.5:3306", "Endpoints:  10.244.0.8:3307"),
        ("Node:         node-1/172.18.0.2", "Node:         node-2/172.18.0.2"),
        ("at 10.0.0.1", "at 10.0.0.7"),
        # Addresses the page sets itself, under keys that hold assigned ones elsewhere.
        (
            "spec:\n  hostAliases:\n  - ip: 10.1.2.3\n    hostnames:\n    - db",
            "spec:\n  hostAliases:\n  - ip: 10.1.2.4\n    hostnames:\n    - db",
        ),
        ("data:\n  ip: 10.1.2.3", "data:\n  ip: 10.1.2.4"),
        ("data:\n  podIP: 10.1.2.3", "data:\n  podIP: 10.1.2.4"),
        (
            "Containers:\n  app:\n    Environment:\n      IP:  10.1.2.3",
            "Containers:\n  app:\n    Environment:\n      IP:  10.1.2.4",
        ),
        ("[...]\n  podIP: 10.244.0.5", "[...]\n  podIP: 10.244.0.9"),
    ),
)
