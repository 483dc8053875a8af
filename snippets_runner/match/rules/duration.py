"""kubectl's HumanDuration (``29s``, ``2m1s``, ``5d3h``): ages and how long ago.

Only where kubectl prints an age: the duration columns of tables, the ``Age``
of ``describe``'s event table, ``(29s ago)`` in the RESTARTS column, and the
``Age``/``Duration`` fields.  A duration anywhere else (``timeout=1s``,
``for 300s``, ``expires in 364d``, a retry interval in prose) is
configuration and stays literal.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Column, Field, paths

_UNITS = "ydhms"
_TOKEN = r"(?:\d+[smhdy]){1,3}|<invalid>|<unknown>"


def is_duration(text: str) -> bool:
    """Units in kubectl's order, each once: ``2m1s`` yes, ``1s2m`` no."""
    if text in ("<invalid>", "<unknown>"):
        return True
    units = re.findall(r"\d+([smhdy])", text)
    order = [_UNITS.index(u) for u in units]
    return bool(units) and order == sorted(set(order))


COLUMNS = frozenset(
    {"AGE", "LAST SEEN", "FIRST SEEN", "DURATION", "LAST SCHEDULE", "SINCE", "RESTARTS"}
)
"""RESTARTS: ``1 (29s ago)``; the count itself is a plain number, never loosened."""

RULE = Rule(
    name="duration",
    find=re.compile(rf"(?<![\w.:/=<-])(?:{_TOKEN})(?![\w:/=>-])"),
    accept=constant(f"(?:{_TOKEN})"),
    contexts=(Column(COLUMNS), Field(paths("Age", "Duration"))),
    valid=is_duration,
    published=is_duration,
    sample=("29s", "3m1s"),
    same=(
        ("NAME   AGE\nweb    29s", "NAME   AGE\nweb    2m1s"),
        ("NAME   AGE\nweb    45m", "NAME   AGE\nweb    <invalid>"),
        ("NAME   AGE\nweb    <unknown>", "NAME   AGE\nweb    45m"),
        (
            "NAME   RESTARTS      AGE\nweb    1 (29s ago)   5d",
            "NAME   RESTARTS     AGE\nweb    1 (3h ago)   6d",
        ),
        (
            "  Type    Reason   Age   From     Message\n  ----    ------   ----  ----     -------\n"
            "  Normal  Pulled   29s   kubelet  Pulled",
            "  Type    Reason   Age    From     Message\n"
            "  ----    ------   ----   ----     -------\n"
            "  Normal  Pulled   3m1s   kubelet  Pulled",
        ),
        ("Duration:  7s", "Duration:  12s"),
        (
            "LAST SEEN         TYPE     REASON   OBJECT      MESSAGE\n"
            "3m (x2 over 5m)   Normal   Pulled   pod/web-0   Pulled",
            "LAST SEEN           TYPE     REASON   OBJECT      MESSAGE\n"
            "7s (x2 over 2m1s)   Normal   Pulled   pod/web-0   Pulled",
        ),
    ),
    different=(
        ("retry interval: 10s", "retry interval: 5h"),
        ("restarted (29s ago)", "restarted (2m1s ago)"),
        (
            "    Liveness:  tcp-socket :3306 delay=10s timeout=1s period=10s #success=1",
            "    Liveness:  tcp-socket :3306 delay=30s timeout=5s period=10s #success=1",
        ),
        (
            "Tolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
            "Tolerations:  node.kubernetes.io/not-ready:NoExecute op=Exists for 60s",
        ),
        ("certificate expires in 364d", "certificate expires in <invalid>"),
        (
            "LAST SEEN         TYPE     REASON   OBJECT      MESSAGE\n"
            "3m (x2 over 5m)   Normal   Pulled   pod/web-0   Pulled",
            "LAST SEEN         TYPE     REASON   OBJECT      MESSAGE\n"
            "3m (x3 over 5m)   Normal   Pulled   pod/web-0   Pulled",
        ),
        ("NAME   AGE\nweb    29s", "NAME   AGE\nweb    1s2m"),
        ("NAME   AGE\nweb    29s", "NAME   AGE\nweb    soon"),
        (
            "NAME   RESTARTS      AGE\nweb    1 (29s ago)   5d",
            "NAME   RESTARTS      AGE\nweb    2 (29s ago)   5d",
        ),
        (
            "NAME   CPU(cores)   AGE\nweb    100m         45m",
            "NAME   CPU(cores)   AGE\nweb    250m         45m",
        ),
    ),
)
