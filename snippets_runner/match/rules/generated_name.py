"""Names Kubernetes generates: a controller the page shows, and the generators' shapes.

Controllers name what they create with two generators, and only names of
exactly these shapes are loosened, and only where such a controller of the
page (``origin.Controllers``) would have made them:

* a template hash, ``rand.SafeEncodeString`` of a 32-bit FNV hash's decimal
  digits: 6 to 10 characters from ``4-9bcdf`` (a Deployment's ReplicaSets, a
  StatefulSet's or DaemonSet's ControllerRevisions: ``web-7d4b9c8f5``);
* a ``generateName`` suffix: exactly 5 characters from Kubernetes' alphabet
  ``bcdfghjklmnpqrstvwxz2456789`` (pods of a Deployment's ReplicaSet:
  ``web-7d4b9c8f5-x2x9z``; of a Job, DaemonSet or ReplicaSet: ``pi-x7k2p``).

Words that merely have the shape (``web-https`` and ``web-http2`` both look
like a suffix; a git short hash like a template hash) are not generated unless
their base is such a controller: a page with a Deployment ``web`` shows no Job
``web``, so ``web-https`` stays literal.

The base name stays literal, and the real name must have the same generated
parts as the published one (a pod name never matches a ReplicaSet name).  In
the published text each generated part must contain a letter: a digit-only
part is far more likely a number a writer typed (``web-24680``) than a
generated one, so it stays literal.  A StatefulSet's ``web-0`` is an ordinal,
a stable identity, and stays literal too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from ..structure import Span
from .base import Rule
from .context import Label, Piece

_SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}"
_HASH = "[4-9bcdf]{6,10}"
_SUFFIX_WITH_LETTER = rf"(?=[2-9]{{0,4}}[a-z]){_SUFFIX}"
_HASH_WITH_LETTER = rf"(?=[4-9]{{0,9}}[bcdf]){_HASH}"
_NAME = re.compile(
    r"(?<![\w.-])(?P<base>[a-z0-9](?:[a-z0-9.-]*?[a-z0-9])?)-"
    rf"(?:(?P<pod>{_HASH_WITH_LETTER}-{_SUFFIX_WITH_LETTER})"
    rf"|(?P<suffix>{_SUFFIX_WITH_LETTER})|(?P<hash>{_HASH_WITH_LETTER}))(?![\w-])"
)
_SHAPES = {"pod": f"{_HASH}-{_SUFFIX}", "suffix": _SUFFIX, "hash": _HASH}


@dataclass(frozen=True)
class Generated:
    """The names in kubectl's output whose base is a controller that generates their shape."""

    kubectl_only: ClassVar[bool] = True

    def spans(self, piece: Piece) -> Iterable[Span]:
        for found in _NAME.finditer(piece.text):
            shape = found.lastgroup
            if shape is not None and piece.origin.generates(shape, found.group("base")):
                yield found.span()


def _same_shape(published: str) -> str:
    found = _NAME.fullmatch(published)
    assert found is not None and found.lastgroup is not None  # `find` found it
    return f"{re.escape(found.group('base'))}-{_SHAPES[found.lastgroup]}"


RULE = Rule(
    name="name-suffix",
    find=_NAME,
    accept=_same_shape,
    contexts=(Generated(),),
    session=(("deployment", "web"), ("deployment", "my-app"), ("job", "pi")),
    same=(
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-66b8f5d7c9-k8p2q created"),
        ("job pod pi-x7k2p done", "job pod pi-b9zq4 done"),
        ('pod "pi-x7k2p" deleted', 'pod "pi-24567" deleted'),
        ("Controlled By:  ReplicaSet/web-7d4b9c8f5", "Controlled By:  ReplicaSet/web-5b6c9d4f8"),
        (
            "NAME                  READY\nweb-7d4b9c8f5-x2x9z   1/1",
            "NAME                   READY\nweb-5b6c9d4f8f-qqqqq   1/1",
        ),
        ("replicaset.apps/my-app-7d4b9c8f5", "replicaset.apps/my-app-695c4b9fdd"),
        (
            "Volumes:\n  kube-api-access-x2x9z:\n    Type:  Projected",
            "Volumes:\n  kube-api-access-b9zq4:\n    Type:  Projected",
        ),
    ),
    different=(
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/db-66b8f5d7c9-k8p2q created"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-7d4b9c8f5-x2x9z deleted"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-x2x9z created"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-7d4b9c8f5 created"),
        ("pod/web-7d4b9c8f5-x2x9z created", "pod/web-7d4b9c8f5-x2x9z-b9zq4 created"),
        ("pod/web-0 created", "pod/web-1 created"),
        ("port web-24680", "port web-24682"),
        ("build web-24567", "build web-24568"),
        ("pod/pi-x7k created", "pod/pi-b9z created"),
        ("pod/pi-x7k2p created", "pod/pi-b9zq4a created"),
        ("pod/pi-x7k2p created", "pod/pi-B9ZQ4 created"),
        ("pod/pi-x7k2p created", "pod/pi-b1zq4 created"),
        ("node web-7d4b9c8f5", "node web-7d4b9c8g5"),
        # The generators' shapes, but no controller of the page makes them.
        ("service/web-https created", "service/web-http2 created"),
        ("pod/db-7d4b9c8f5-x2x9z created", "pod/db-66b8f5d7c9-k8p2q created"),
        ("pod/web-x7k2p created", "pod/web-b9zq4 created"),
        ("replicaset.apps/pi-7d4b9c8f5", "replicaset.apps/pi-695c4b9fdd"),
        ("release v2-bc7d4f9", "release v2-dd59b4c"),
    ),
)

HASH_LABEL = Rule(
    name="name-suffix",
    find=re.compile(rf"(?<![\w-]){_HASH_WITH_LETTER}(?![\w-])"),
    accept=lambda published: _HASH,
    contexts=(Label(frozenset({"pod-template-hash"})),),
    sample=("7d4b9c8f5", "66b8f5d7c9"),
    same=(
        (
            "Labels:  app=web\n         pod-template-hash=7d4b9c8f5",
            "Labels:  app=web\n         pod-template-hash=66b8f5d7c9",
        ),
    ),
    different=(
        (
            "Labels:  app=web\n         pod-template-hash=7d4b9c8f5",
            "Labels:  app=db\n         pod-template-hash=7d4b9c8f5",
        ),
        ("Labels:  version=7d4b9c8f5", "Labels:  version=66b8f5d7c9"),
    ),
)
