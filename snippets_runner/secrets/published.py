"""The secrets a page may show: the values it publishes itself.

A value the page itself publishes (in its prose, a command or its published
output) is no secret to that page's readers: masking it there only makes
the report unreadable (``kubectl describe -n ****** ******-mysql``) and
would stop ``update`` from repairing the page. Its encoded forms follow it:
a page that publishes a value may show it base64-encoded too. The page's
front matter (where ``secrets`` are declared) is not published
(`extract.frontmatter.read_published` leaves it out).

A value counts as published only as a whole word: ``abcd`` in ``abcdef``
does not tell the readers that ``abcd`` is a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = "A-Za-z0-9_"


def published_in(value: str, text: str) -> bool:
    """Whether ``text`` shows ``value`` as a whole word (``catalog`` in ``-n catalog``)."""
    word = f"(?<![{_WORD}]){re.escape(value)}(?![{_WORD}])"
    return re.search(word, text) is not None


def public_values(values: Iterable[str], text: str) -> frozenset[str]:
    """The ``values`` a page whose published text is ``text`` shows its readers."""
    return frozenset(v for v in values if published_in(v.strip(), text))
