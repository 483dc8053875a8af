"""Dynamically provisioned PersistentVolumes: ``pvc-`` followed by the claim's UID.

Kubernetes' PV controller names every volume it provisions ``"pvc-" +
claim.UID`` (``pkg/controller/volume/persistentvolume``), so the name is new
on every run, like a generated pod name. The shape is the context, as for
the other generated names: only ``pvc-`` plus a complete UUID is loosened,
and the real name must have that same shape. It shows up in ``get pvc``'s
VOLUME column, in ``get pv`` (also after ``grep``, without a header) and in
``describe``.
"""

from __future__ import annotations

import re

from .base import Rule, constant
from .context import Anywhere

_UID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

RULE = Rule(
    name="provisioned-volume",
    find=re.compile(rf"(?<![\w.-])pvc-{_UID}(?![\w.-])"),
    accept=constant(f"pvc-{_UID}"),
    contexts=(Anywhere(),),
    sample=(
        "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365",
        "pvc-59fea253-a7e7-4299-83c8-529ee92da099",
    ),
    same=(
        (
            "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365   30Gi   RWO   Delete   Bound",
            "pvc-59fea253-a7e7-4299-83c8-529ee92da099   30Gi   RWO   Delete   Bound",
        ),
        (
            "Volume:        pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365",
            "Volume:        pvc-59fea253-a7e7-4299-83c8-529ee92da099",
        ),
    ),
    different=(
        (
            "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365   30Gi",
            "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365   31Gi",
        ),
        ("pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365", "pv-59fea253-a7e7-4299-83c8-529ee92da099"),
        ("pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365", "pvc-59fea253"),
        ("my-pvc-data", "my-pvc-logs"),
    ),
)
