"""Points in time: when an object was created, a container started, a condition changed.

Only in fields the cluster sets to such a time, known by their path
(``describe``'s ``Start Time``, a container's ``State`` > ``Started``; YAML's
``metadata.creationTimestamp``, ``status.conditions[].lastTransitionTime``...),
and in creation-time columns.  A ``time`` or ``created`` key elsewhere (a
ConfigMap's data, an annotation the page sets) is the page's own.  The real
value must be a timestamp of one of the same formats, never arbitrary text.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Column, Field, paths

_MON = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_TIMESTAMP = (
    rf"{_DAY}, \d{{2}} {_MON} \d{{4}} \d{{2}}:\d{{2}}:\d{{2}} [+-]\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"
    r"|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}(?: [A-Z]{3,5})?"
)

CONTAINERS = ("Containers", "Init Containers", "Ephemeral Containers")
"""``describe``'s container sections; each container is a key under them."""
STATUSES = ("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")
"""The container status lists of a pod's ``status``."""

FIELDS = (
    *paths(
        "Start Time", "Created", "CreationTimestamp", "Completed At", "Last Schedule Time",
        "Lease > AcquireTime", "Lease > RenewTime",
        "Metadata > Creation Timestamp", "Metadata > Deletion Timestamp",
    ),
    *(
        (c, "*", s, t)
        for c in CONTAINERS for s in ("State", "Last State") for t in ("Started", "Finished")
    ),
    *(
        ("Status", "Conditions", t)
        for t in (
            "Last Transition Time", "Last Update Time", "Last Probe Time", "Last Heartbeat Time"
        )
    ),
    *paths(
        "metadata > creationTimestamp", "metadata > deletionTimestamp",
        "metadata > managedFields > [] > time",
        "status > startTime", "status > completionTime", "status > lastScheduleTime",
        "status > lastSuccessfulTime", "spec > acquireTime", "spec > renewTime",
        "spec > template > metadata > annotations > kubectl.kubernetes.io/restartedAt",
        "firstTimestamp", "lastTimestamp", "eventTime", "series > lastObservedTime",
    ),
    *(
        ("status", "conditions", "[]", t)
        for t in ("lastTransitionTime", "lastProbeTime", "lastUpdateTime", "lastHeartbeatTime")
    ),
    *(
        ("status", lst, "[]", s, "*", t)
        for lst in STATUSES for s in ("state", "lastState") for t in ("startedAt", "finishedAt")
    ),
)  # fmt: skip
"""Top-level keys are ``describe``'s (Title Case) or an object's (YAML, JSON: also each
item of a list); ``*`` is a container's name or its state (running, terminated...)."""
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
            'metadata:\n  creationTimestamp: "2023-10-18T13:38:00Z"',
            'metadata:\n  creationTimestamp: "2026-11-28T12:00:01.123456Z"',
        ),
        (
            "items:\n- metadata:\n    creationTimestamp: 2023-10-18T13:38:00Z",
            "items:\n- metadata:\n    creationTimestamp: 2026-11-28T12:00:01Z",
        ),
        (
            '{\n    "metadata": {\n        "creationTimestamp": "2023-10-18T13:38:00Z",',
            '{\n    "metadata": {\n        "creationTimestamp": "2026-11-28T12:00:01Z",',
        ),
        (
            "status:\n  containerStatuses:\n  - name: mysql\n    state:\n      running:\n"
            "        startedAt: 2023-10-18T13:38:00Z",
            "status:\n  containerStatuses:\n  - name: mysql\n    state:\n      running:\n"
            "        startedAt: 2026-11-28T12:00:01Z",
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
            "Containers:\n  mysql:\n    State:          Running\n"
            "      Started:      Mon, 18 Oct 2023 13:38:00 +0000",
            "Containers:\n  mysql:\n    State:          Running\n"
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
        (
            'metadata:\n  creationTimestamp: "2023-10-18T13:38:00Z"',
            "metadata:\n  creationTimestamp: null",
        ),
        # The page's own times, under keys that are times elsewhere.
        (
            "data:\n  time: 2023-10-18T13:38:00Z",
            "data:\n  time: 2026-11-28T12:00:01Z",
        ),
        (
            "metadata:\n  annotations:\n    startTime: 2023-10-18T13:38:00Z",
            "metadata:\n  annotations:\n    startTime: 2026-11-28T12:00:01Z",
        ),
        (
            "spec:\n  template:\n    metadata:\n      creationTimestamp: 2023-10-18T13:38:00Z",
            "spec:\n  template:\n    metadata:\n      creationTimestamp: 2026-11-28T12:00:01Z",
        ),
        (
            "Containers:\n  app:\n    Environment:\n"
            "      Started:  Mon, 18 Oct 2023 13:38:00 +0000",
            "Containers:\n  app:\n    Environment:\n"
            "      Started:  Tue, 19 Oct 2023 01:02:03 +0000",
        ),
        (
            "[...]\n      Started:      Mon, 18 Oct 2023 13:38:00 +0000",
            "[...]\n      Started:      Tue, 19 Oct 2023 01:02:03 +0000",
        ),
        ("built 2023-10-18T13:38:00Z", "built 2026-11-28T12:00:01Z"),
        (
            "Start Time:   Mon, 18 Oct 2023 13:38:00 +0000 by web",
            "Start Time:   Sat, 28 Nov 2026 12:00:00 +0000 by db",
        ),
    ),
)
