"""When is an applied object ready? One rule per kind, each saying what it waits for.

The rules mirror `kubectl rollout status` and `kubectl wait`: generation
observed, replicas updated and ready, claims bound (or, under a
WaitForFirstConsumer StorageClass, accepted and waiting for their first pod).
Kinds without a rule are ready as soon as the API server has them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Readiness = tuple[bool, str]
"""(ready, what is still awaited)."""


def _observed(obj: dict[str, Any]) -> bool:
    status = obj.get("status") or {}
    return int(status.get("observedGeneration") or 0) >= int(obj["metadata"].get("generation", 0))


def _statefulset(obj: dict[str, Any]) -> Readiness:
    want = int((obj.get("spec") or {}).get("replicas", 1))
    status = obj.get("status") or {}
    ready = int(status.get("readyReplicas") or 0)
    updated = status.get("updateRevision") in (None, status.get("currentRevision"))
    ok = _observed(obj) and ready == want and updated
    return ok, f"{ready}/{want} replicas ready, revision updated: {updated}"


def _deployment(obj: dict[str, Any]) -> Readiness:
    want = int((obj.get("spec") or {}).get("replicas", 1))
    status = obj.get("status") or {}
    updated = int(status.get("updatedReplicas") or 0)
    available = int(status.get("availableReplicas") or 0)
    ok = _observed(obj) and updated == want and available == want
    return ok, f"{updated}/{want} updated, {available}/{want} available"


def _pod(obj: dict[str, Any]) -> Readiness:
    conditions = (obj.get("status") or {}).get("conditions") or []
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
    return ready, f"condition Ready, phase {(obj.get('status') or {}).get('phase')}"


WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"
"""The volumeBindingMode under which a claim binds only once a pod uses it."""


def claim_readiness(obj: dict[str, Any], binding_mode: str | None) -> Readiness:
    """A claim is ready when Bound, or, under WaitForFirstConsumer, when merely Pending.

    Under that mode a claim no pod uses yet stays Pending by design: waiting
    for Bound would only end at the lab's deadline. The pods that use it are
    awaited on their own, and they cannot be Ready before it binds.
    """
    phase = (obj.get("status") or {}).get("phase")
    if phase == "Bound":
        return True, "phase Bound"
    if binding_mode == WAIT_FOR_FIRST_CONSUMER and phase == "Pending":
        return True, f"phase Pending until a pod uses it ({WAIT_FOR_FIRST_CONSUMER})"
    return False, f"phase Bound (now {phase})"


def _pvc(obj: dict[str, Any]) -> Readiness:
    return claim_readiness(obj, None)


def _namespace(obj: dict[str, Any]) -> Readiness:
    phase = (obj.get("status") or {}).get("phase")
    return phase == "Active", f"phase Active (now {phase})"


RULES: dict[str, Callable[[dict[str, Any]], Readiness]] = {
    "StatefulSet": _statefulset,
    "Deployment": _deployment,
    "DaemonSet": lambda obj: (
        _observed(obj)
        and (obj.get("status") or {}).get("numberReady")
        == (obj.get("status") or {}).get("desiredNumberScheduled"),
        "all scheduled pods ready",
    ),
    "Pod": _pod,
    "PersistentVolumeClaim": _pvc,
    "Namespace": _namespace,
}


def readiness(kind: str, obj: dict[str, Any]) -> Readiness:
    rule = RULES.get(kind)
    return rule(obj) if rule else (True, "exists")
