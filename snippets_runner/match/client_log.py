"""Lines kubectl's client library logs about its own watch, which are no part of a result.

`kubectl wait` (and every kubectl command that watches until something
happens) ends by cancelling its watch. Now and then client-go's reflector is
still reading the stream at that moment, and it logs the fact to stderr, in
klog's format, before or after the command's own line::

    I1207 05:40:06.270477   24301 reflector.go:664] "Warning: watch ended with error" \
reflector="k8s.io/client-go@v0.37.2/tools/cache/reflector.go:343" \
type="*unstructured.Unstructured" err="an error on the server (\\"unable to decode an \
event from the watch stream: context canceled\\") has prevented the request from succeeding"

(older client-go: ``W0905 13:47:17.252950 1 reflector.go:470] ...: watch of
*v1.Secret ended with: an error on the server ("unable to decode an event from
the watch stream: context canceled") ...``). A reader's terminal shows it as
often as the race goes that way; no page can publish it, and `update` must
not write it. So in kubectl's output, and only where the page publishes no
such line itself, a line that is exactly this record (the watch ended because
kubectl cancelled it) is left out of the comparison. Everything else is
compared as before: the record says nothing about the command's result, and
a watch that ended for any other reason (a refused connection, a server
error) is a different record and still fails the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["is_watch_end", "split"]

_CANCELLED = (
    "an error on the server ({q}unable to decode an event from the watch stream: "
    "context canceled{q}) has prevented the request from succeeding"
)
_RECORD = re.compile(
    r"[IWE]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ reflector\.go:\d+\] (?:"
    r'"Warning: watch ended with error" reflector="[^"\s]+" type="[^"\s]+" err="'
    + re.escape(_CANCELLED.format(q='\\"'))
    + r'"|\S+: watch of \S+ ended with: '
    + re.escape(_CANCELLED.format(q='"'))
    + ")"
)
"""klog's header (severity, date, time, thread, ``reflector.go:LINE]``), the reflector's
message about a watch that ended (structured, or the older sentence), and the
cancellation as its whole error: nothing before it, nothing after it."""


def is_watch_end(line: str) -> bool:
    """Whether ``line`` is client-go's record of a watch its own caller cancelled."""
    return "reflector.go:" in line and _RECORD.fullmatch(line) is not None


def split(real: Sequence[str], published: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``real`` without the watch-end records, and the records; none is left out when the
    page publishes one (then it is compared like any line)."""
    if any(is_watch_end(line) for line in published):
        return tuple(real), ()
    kept: list[str] = []
    records: list[str] = []
    for line in real:
        (records if is_watch_end(line) else kept).append(line)
    return tuple(kept), tuple(records)
