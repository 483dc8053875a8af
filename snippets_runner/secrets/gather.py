"""Which values are secret: the one place that decides, whatever they come from.

- a page's front matter (``snippets: {secrets: [...]}``, :func:`declared`);
- the Secrets of its lab's manifests (:func:`manifest_fields`, used by
  verification to mask and by lint to warn about values too short to mask:
  one reading, one error handling, so the two can never disagree on what a
  manifest's secret values are);
- the Secrets in the cluster (:func:`data_values` of each Secret's ``data``;
  `cluster.secret_values` lists them);
- the credentials of the kubeconfig a page is given (:func:`kubeconfig_values`);
- the variables a page is passed (``pass-env``) whose names say they are
  credentials, and a URL's password (:func:`named_secrets`); for a crash
  report, those of the runner's own environment (:func:`environment_secrets`).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PageError
from ..lab.manifests import LabObject, load_objects
from ..model import Location, Page

SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|KEY|SESSION|AUTH|COOKIE|PRIVATE", re.IGNORECASE
)
"""A variable (or kubeconfig field) whose name says its value is a credential."""
ENVIRONMENT_SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|AUTH|API_?KEY|PRIVATE", re.IGNORECASE
)
"""The same, for the runner's whole environment (crash reports): narrower, as that
environment holds many ``*KEY*`` names that are no credential (``KEYMAP``,
``GNOME_KEYRING_CONTROL``) and masking their values would garble a traceback."""
_NOT_SECRET = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})
"""Switches, not credentials (``AWS_EC2_METADATA_DISABLED=true``): masking ``true``
everywhere would garble every report and stop ``update`` for nothing."""
_URL_PASSWORD = re.compile(r"://[^/@:\s]*:([^/@\s]+)@")
"""The password of a URL with credentials (``https://user:pw@proxy:3128``)."""


def named_secrets(variables: Mapping[str, str], names: re.Pattern[str] = SECRET_NAME) -> set[str]:
    """Values of ``variables`` that are credentials: by their name, or a URL's password."""
    values = {
        value
        for name, value in variables.items()
        if names.search(name) and value.strip().lower() not in _NOT_SECRET
    }
    values.update(m for value in variables.values() for m in _URL_PASSWORD.findall(value))
    return values


def environment_secrets(environ: Mapping[str, str] | None = None) -> set[str]:
    """The credentials of the runner's environment (``os.environ`` unless given)."""
    return named_secrets(os.environ if environ is None else environ, ENVIRONMENT_SECRET_NAME)


def declared(pages: Iterable[Page]) -> set[str]:
    """The values the pages' front matter declares secret."""
    return {value for page in pages for value in page.lab.secrets}


@dataclass(frozen=True)
class SecretField:
    """One value of a manifest's Secret, and where a writer finds it."""

    value: str
    """As a command would print it: ``stringData`` as written, ``data`` decoded
    (or as written when it is not base64 of UTF-8 text)."""
    encoded: str | None
    """``data``'s base64 as written (None for ``stringData``)."""
    name: str
    """``Secret shop/creds data.password``"""
    location: Location


def decoded(encoded: str) -> str | None:
    """``encoded`` base64 decoded to UTF-8 text, or None when it is not that."""
    with suppress(binascii.Error, UnicodeDecodeError):
        return base64.b64decode(encoded).decode("utf-8")
    return None


def data_values(data: Mapping[str, Any]) -> set[str]:
    """A Secret's ``data`` values, base64 as stored and decoded, as the Masker needs them."""
    values: set[str] = set()
    for encoded in data.values():
        values.add(str(encoded))
        text = decoded(str(encoded))
        if text is not None:
            values.add(text)
    return values


def manifest_fields(objects: Iterable[LabObject]) -> Iterator[SecretField]:
    """Every value of the Secrets among ``objects``.

    A Secret whose ``data`` or ``stringData`` is not a mapping is a PageError
    at its manifest line: its values cannot be known, so they cannot be masked.
    """
    for obj in objects:
        if obj.kind != "Secret":
            continue
        for field in ("stringData", "data"):
            values = obj.body.get(field)
            if not values:
                continue
            if not isinstance(values, dict):
                raise PageError(obj.location, f"{obj}: data and stringData must be mappings")
            for key, raw in values.items():
                text = str(raw)
                plain = decoded(text) if field == "data" else text
                yield SecretField(
                    text if plain is None else plain,
                    text if field == "data" else None,
                    f"{obj} {field}.{key}",
                    obj.location,
                )


def manifest_secrets(page: Page) -> set[str]:
    """Values of the Secrets a page's lab manifests define: known before anything runs.

    Raises PageError for a manifest that cannot be read or a malformed Secret.
    """
    if not page.lab.manifests:
        return set()
    values: set[str] = set()
    for found in manifest_fields(load_objects(page.lab.manifests)):
        values.add(found.value)
        if found.encoded is not None:
            values.add(found.encoded)
    return values


_USER_SECRETS = ("token", "password")
_USER_DATA = ("client-key-data", "client-certificate-data")
_USER_FILES = ("tokenFile", "client-key", "client-certificate")


def _pem_lines(text: str) -> set[str]:
    """A key's or certificate's lines without the ``-----BEGIN ...-----`` armour."""
    lines = {line.strip() for line in text.splitlines()}
    return {line for line in lines if line and not line.startswith("-----")}


def _user_secrets(user: Mapping[str, Any]) -> set[str]:
    values = {str(user[key]) for key in _USER_SECRETS if user.get(key)}
    for key in _USER_DATA:
        if user.get(key):
            encoded = str(user[key])
            values.add(encoded)
            text = decoded(encoded)
            if text is not None:
                values |= _pem_lines(text)
    for key in _USER_FILES:
        if isinstance(user.get(key), str):
            with suppress(OSError, ValueError):
                values |= _pem_lines(Path(user[key]).read_text(encoding="utf-8"))
    provider = user.get("auth-provider") or {}
    config = provider.get("config") if isinstance(provider, dict) else None
    if isinstance(config, dict):
        values |= {str(v) for k, v in config.items() if v and SECRET_NAME.search(str(k))}
    plugin = user.get("exec") or {}
    for item in (plugin.get("env") if isinstance(plugin, dict) else None) or []:
        named = isinstance(item, dict) and SECRET_NAME.search(str(item.get("name")))
        if named and item.get("value"):
            values.add(str(item["value"]))
    return values


def kubeconfig_values(config: Mapping[str, Any]) -> set[str]:
    """The credentials of a parsed kubeconfig (file paths in it already absolute).

    A page can print its kubeconfig (``cat $KUBECONFIG``, ``kubectl config
    view --raw``): its users' tokens and passwords, client keys and
    certificates (inline, base64 as written and decoded, or the files they
    name), and the secrets of auth-provider configs and exec plugins'
    environments are masked like a Secret's values.
    """
    values: set[str] = set()
    for entry in config.get("users") or []:
        user = entry.get("user") if isinstance(entry, dict) else None
        if isinstance(user, dict):
            values |= _user_secrets(user)
    return values
