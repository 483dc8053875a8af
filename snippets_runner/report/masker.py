"""Moved: masking lives in `snippets_runner.secrets`; import it from there.

Kept so that code written against this path keeps working.
"""

from ..secrets import MASK, MIN_LENGTH, SECRET_NAME, Masker, expand, named_secrets, published_in

__all__ = ["MASK", "MIN_LENGTH", "SECRET_NAME", "Masker", "expand", "named_secrets", "published_in"]
