"""Secrets: which values are secret, how reports hide them, which a page may show.

One job per module:

- `gather`: which values are secret (a page's declarations, its lab's
  Secrets, the cluster's, the kubeconfig's credentials, passed variables,
  the runner's own credentials);
- `forms` and `mask`: every form a value can take in a report (text,
  JSON- and URL-escaped, base64 at any offset and wrapped, hex) and the
  Masker that replaces them all by ``******``;
- `published`: the values a page publishes itself, which its report shows;
- `crash`: a crash's traceback, masked with what the command has learnt;
- `exposure`: the runner's own environment kept from its pages' reach
  (non-dumpable on Linux; root still reads it, reports still mask it).

Everything else imports from here, not from the modules.
"""

from .crash import KnownSecrets, describe
from .exposure import hide_environment
from .gather import (
    SecretField,
    credential_name,
    data_values,
    declared,
    environment_secrets,
    kubeconfig_values,
    manifest_fields,
    manifest_secrets,
    named_secrets,
)
from .mask import HIDDEN_DIFFERENCE, MASK, MIN_LENGTH, Masker, expand
from .published import public_values, published_in

__all__ = [
    "HIDDEN_DIFFERENCE",
    "MASK",
    "MIN_LENGTH",
    "KnownSecrets",
    "Masker",
    "SecretField",
    "credential_name",
    "data_values",
    "declared",
    "describe",
    "environment_secrets",
    "expand",
    "hide_environment",
    "kubeconfig_values",
    "manifest_fields",
    "manifest_secrets",
    "named_secrets",
    "public_values",
    "published_in",
]
