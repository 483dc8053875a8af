"""Replace secret values with ``******`` before any text reaches a report.

Every report (terminal, JUnit, JSON, update's messages, lab errors and
crash tracebacks) passes its text through one Masker, so adding a reporter
cannot forget a secret. Values shorter than ``MIN_LENGTH`` are not masked:
masking ``1`` or ``no`` would shred every report while protecting nothing a
guess would not find; lint warns about them instead.

A value the page itself publishes (in its prose, a command or its published
output) is no secret to that page's readers: masking it there only makes the
report unreadable (``kubectl describe -n ****** ******-mysql``) and would
stop ``update`` from repairing the page. So a Masker knows each page's
published text, and :meth:`Masker.for_page` gives the masker for that
page's report: the same values, minus those the page publishes as a whole
word. Text that belongs to no page (a traceback, a lab error of several
pages) is masked with everything.

Besides the values the caller gathers (a page's ``secrets``, its lab's and
the cluster's Secrets), the runner masks what it hands a page that a page
could print: the values of the variables ``pass-env`` passes whose names say
they are credentials (:func:`named_secrets`), and the credentials of the
kubeconfig the page gets (``cluster.kubeconfig_secrets``), so
``printenv AWS_SECRET_ACCESS_KEY`` or ``cat $KUBECONFIG`` shows ``******``.

A value is also masked in base64, the form ``kubectl get secret -o yaml``
prints it in (and ``echo value | base64`` would): a report that shows
``cGFzc3dvcmQ=`` has leaked ``password``. The encoded forms follow their value:
a page that publishes a value may show it encoded too.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

MASK = "******"
MIN_LENGTH = 4
"""Values shorter than this are not masked (see `lint.short_secrets`)."""

_WORD = "A-Za-z0-9_"

SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|KEY|SESSION|AUTH|COOKIE|PRIVATE", re.IGNORECASE
)
"""A variable (or kubeconfig field) whose name says its value is a credential."""
_NOT_SECRET = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})
"""Switches, not credentials (``AWS_EC2_METADATA_DISABLED=true``): masking ``true``
everywhere would garble every report and stop ``update`` for nothing."""
_URL_PASSWORD = re.compile(r"://[^/@:\s]*:([^/@\s]+)@")
"""The password of a URL with credentials (``https://user:pw@proxy:3128``)."""


def expand(values: Iterable[str]) -> frozenset[str]:
    """Every form a report can show a value in, long enough to mask.

    Reports mask line by line, so a value ``pw\\n`` or a multi-line one must
    also be known by its stripped form and by each of its lines.
    """
    expanded = {part for v in values for part in (v, v.strip(), *v.splitlines())}
    return frozenset(v for v in expanded if len(v.strip()) >= MIN_LENGTH)


def encodings(value: str) -> frozenset[str]:
    """The base64 forms of ``value`` a report can show, padded and not.

    The value with a final newline is what ``echo value | base64`` encodes.
    """
    plain = value.strip()
    padded = {base64.b64encode(f.encode()).decode() for f in {value, plain, plain + "\n"}}
    return frozenset(padded | {e.rstrip("=") for e in padded})  # 6+ characters: values have 4+


def named_secrets(variables: Mapping[str, str]) -> set[str]:
    """Values of ``variables`` that are credentials: by their name, or a URL's password."""
    values = {
        value
        for name, value in variables.items()
        if SECRET_NAME.search(name) and value.strip().lower() not in _NOT_SECRET
    }
    values.update(m for value in variables.values() for m in _URL_PASSWORD.findall(value))
    return values


def published_in(value: str, text: str) -> bool:
    """Whether ``text`` shows ``value`` as a whole word (``catalog`` in ``-n catalog``).

    A value that is only part of a longer word (``abcd`` in ``abcdef``) is not
    published: the page does not tell its readers that ``abcd`` is a value.
    """
    word = f"(?<![{_WORD}]){re.escape(value)}(?![{_WORD}])"
    return re.search(word, text) is not None


class Masker:
    def __init__(
        self,
        values: Iterable[str] = (),
        published: Mapping[Path, str] | None = None,
        *,
        expanded: bool = False,
    ) -> None:
        self.values = frozenset(values) if expanded else expand(values)
        self.published: Mapping[Path, str] = dict(published or {})
        """Each page's published text (front matter excluded), by page path."""
        self._pages: dict[Path, Masker] = {}

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        forms = self.values.union(*(encodings(v) for v in self.values))
        ordered = sorted(forms, key=len, reverse=True)  # longest first: no partial leaks
        return re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text) if self._pattern else text

    def __or__(self, other: Masker) -> Masker:
        published = {**self.published, **other.published}
        return Masker(self.values | other.values, published, expanded=True)

    def public(self, path: Path) -> frozenset[str]:
        """The values page ``path`` publishes itself, so its report shows them."""
        text = self.published.get(path)
        if text is None:
            return frozenset()
        return frozenset(v for v in self.values if published_in(v.strip(), text))

    def for_page(self, path: Path) -> Masker:
        """The masker for page ``path``'s report: every value it does not publish itself."""
        if path not in self._pages:
            public = self.public(path)
            self._pages[path] = Masker(self.values - public, expanded=True) if public else self
        return self._pages[path]
