"""Points in time: when an object was created, a container started, a condition changed.

Only in fields that hold such a time (``describe``'s ``Start Time``,
``CreationTimestamp``, ``Started``..., YAML's ``creationTimestamp``,
``startedAt``...) and in creation-time columns.  The real value must be a
timestamp of one of the same formats, never arbitrary text.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Column, Field

_MON = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_TIMESTAMP = (
    rf"{_DAY}, \d{{2}} {_MON} \d{{4}} \d{{2}}:\d{{2}}:\d{{2}} [+-]\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}(?: [A-Z]{3,5})?"
)

FIELDS = frozenset(
    {
        "Start Time", "Started", "Finished", "Created", "CreationTimestamp",
        "Creation Timestamp", "Last Transition Time", "Last Update Time", "Last Probe Time",
        "Last Heartbeat Time", "LastHeartbeatTime", "LastTransitionTime", "Completed At",
        "Last Schedule Time", "RenewTime", "AcquireTime", "Deletion Timestamp",
        "creationTimestamp", "deletionTimestamp", "startTime", "startedAt", "finishedAt",
        "lastTransitionTime", "lastProbeTime", "lastUpdateTime", "lastHeartbeatTime",
        "completionTime", "lastScheduleTime", "renewTime", "acquireTime", "time",
        "kubectl.kubernetes.io/restartedAt",
    }
)  # fmt: skip
COLUMNS = frozenset(
    {
        "CREATED", "CREATED AT", "CREATIONTIMESTAMP", "LAST TRANSITION TIME",
        "LASTHEARTBEATTIME", "LASTTRANSITIONTIME", "LASTPROBETIME",
    }
)  # fmt: skip
"""Also the condition tables of ``describe node`` (``LastHeartbeatTime``...)."""

RULE = Rule(
    name="timestamp",
    find=re.compile(f"(?<![\\w:.+-])(?:{_TIMESTAMP})(?![\\w:.+-])"),
    accept=constant(f"(?:{_TIMESTAMP})"),
    contexts=(Field(FIELDS), Column(COLUMNS)),
    sample=("Mon, 18 Oct 2023 13:38:00 +0000", "Sat, 28 Nov 2026 09:00:00 +0000"),
    same=(
        (
            "  Type    Status  LastHeartbeatTime                 Reason\n"
            "  ----    ------  -----------------                 ------\n"
            "  Ready   True    Sat, 28 Nov 2026 21:50:56 +0000   KubeletReady",
            "  Type    Status  LastHeartbeatTime                 Reason\n"
            "  ----    ------  -----------------                 ------\n"
            "  Ready   True    Sun, 29 Nov 2026 01:02:03 +0000   KubeletReady",
        ),
        (
            '  creationTimestamp: "2023-10-18T13:38:00Z"',
            '  creationTimestamp: "2026-11-28T12:00:01.123456Z"',
        ),
        (
            "Start Time:   Mon, 18 Oct 2023 13:38:00 +0000",
            "Start Time:   Sat, 28 Nov 2026 12:00:00 +0000",
        ),
        (
            "CreationTimestamp:  Mon, 18 Oct 2023 13:38:00 +0000",
            "CreationTimestamp:  Sat, 28 Nov 2026 09:00:00 +0000",
        ),
        (
            "      Started:      Mon, 18 Oct 2023 13:38:00 +0000",
            "      Started:      Tue, 19 Oct 2023 01:02:03 +0000",
        ),
        (
            "created 2023-10-18 13:38:00 +0000 UTC".replace("created", "Created:"),
            "Created: 2026-11-28 09:00:00 +0000 UTC",
        ),
    ),
    different=(
        (
            "  Type    Status  LastHeartbeatTime                 Reason\n"
            "  ----    ------  -----------------                 ------\n"
            "  Ready   True    Sat, 28 Nov 2026 21:50:56 +0000   KubeletReady",
            "  Type    Status  LastHeartbeatTime                 Reason\n"
            "  ----    ------  -----------------                 ------\n"
            "  Ready   False   Sat, 28 Nov 2026 21:52:00 +0000   KubeletReady",
        ),
        ("Start Time:   Mon, 18 Oct 2023 13:38:00 +0000", "Start Time:   not a time at all"),
        ("Start Time:   Mon, 18 Oct 2023 13:38:00 +0000", "Start Time:   <unknown>"),
        ('  creationTimestamp: "2023-10-18T13:38:00Z"', "  creationTimestamp: null"),
        ("built 2023-10-18T13:38:00Z", "built 2026-11-28T12:00:01Z"),
        (
            "Start Time:   Mon, 18 Oct 2023 13:38:00 +0000 by web",
            "Start Time:   Sat, 28 Nov 2026 12:00:00 +0000 by db",
        ),
    ),
)
