"""Which values are secret: the one place that decides, whatever they come from.

- a page's front matter (``snippets: {secrets: [...]}``, :func:`declared`);
- the Secrets of its lab's manifests (:func:`manifest_fields`, used by
  verification to mask and by lint to warn about values too short to mask:
  one reading, one error handling, so the two can never disagree on what a
  manifest's secret values are);
- the Secrets in the cluster (:func:`data_values` of each Secret's ``data``;
  `cluster.secret_values` lists them);
- the credentials of the kubeconfig a page is given (:func:`kubeconfig_values`);
- the variables a page is passed (``pass-env``) and those of the runner's own
  environment (:func:`environment_secrets`) whose names say they are
  credentials, and credentials known by their form: a URL's password, a
  known token's shape (:func:`named_secrets`).

Whether a name says "credential" is one rule (:func:`credential_name`) for
every variable and every kubeconfig field or exec plugin argument.
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
from typing import TYPE_CHECKING, Any

from ..errors import PageError
from ..model import Location, Page

if TYPE_CHECKING:
    from ..lab.manifests import LabObject

_CREDENTIAL_PART = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|APIKEY|ACCESSKEY|PRIVATEKEY|JWT|WEBHOOK",
    re.IGNORECASE,
)
"""Inside any word of a name: ``GITHUB_TOKEN``, ``SYSTEM_ACCESSTOKEN``, ``DB_PASSWORD``,
``CI_JOB_JWT_V2``, ``client-secret``, ``SLACK_WEBHOOK_URL``."""
_CREDENTIAL_WORDS = frozenset({"KEY", "AUTH", "PASS", "PAT", "PWD", "DSN"})
"""A whole word of a name: ``AWS_ACCESS_KEY_ID``, ``apiKey``, ``NPM_CONFIG__AUTH``,
``DB_PASS``, ``GITHUB_PAT``, ``SENTRY_DSN``; not ``KEYMAP``, ``GNOME_KEYRING_CONTROL``,
``GIT_AUTHOR_NAME``, ``GIT_ASKPASS`` nor ``PATH``."""
_LAST_WORDS = frozenset({"COOKIE"})
"""A credential only as the last word: ``SESSION_COOKIE``, not ``COOKIE_DOMAIN``."""
_NOT_CREDENTIAL_NAME = re.compile(r"(?:^|_)SOCK(?:ET)?$|^PWD$|^OLDPWD$", re.IGNORECASE)
"""An agent's socket path (``SSH_AUTH_SOCK``) and the shell's working folders."""
_WORD = re.compile(r"[A-Z]+[a-z0-9]*|[a-z0-9]+")
"""The words of a name, split at ``_ - .`` and at a camelCase hump (``clientSecret``)."""


def credential_name(name: str) -> bool:
    """Whether a variable, kubeconfig field or command-line flag ``name`` says its value is
    a credential: the one rule for the runner's own environment, the variables passed to
    pages (``pass-env``) and a kubeconfig's users (auth-provider config, exec plugin
    environment and arguments).

    Words, not substrings, where a substring would catch names that are no credential
    and whose values (``wayland``, a user's name) would garble every report if masked;
    ``SESSION`` and ``PRIVATE`` alone say nothing (``XDG_SESSION_TYPE``,
    ``PRIVATE_REGISTRY``): a session's credential is named a token or a cookie.
    """
    if _NOT_CREDENTIAL_NAME.search(name):
        return False
    words = [word.upper() for word in _WORD.findall(name)]
    if not words:
        return False
    return (
        _CREDENTIAL_PART.search(name) is not None
        or not _CREDENTIAL_WORDS.isdisjoint(words)
        or words[-1] in _LAST_WORDS
    )


_NOT_SECRET = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null"})
"""Switches, not credentials (``AWS_EC2_METADATA_DISABLED=true``): masking ``true``
everywhere would garble every report and stop ``update`` for nothing."""
_URL_PASSWORD = re.compile(r"://[^/@:\s]*:([^/@\s]+)@")
"""The password of a URL with credentials (``https://user:pw@proxy:3128``)."""
_TOKEN_SHAPES = re.compile(
    r"(?<![A-Za-z0-9_])(?:"
    r"gh[opusr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}"
    r"|xox[abeoprs]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16}"
    r")(?![A-Za-z0-9_])"
)
"""Tokens known by their shape whatever a variable is called: GitHub's, GitLab's,
Slack's, and AWS access key ids."""
_AUTHORIZATION = re.compile(
    r"\bAuthorization\s*[:=]\s*(?:Bearer|Basic|token)\s+([^\s\"',;]+)", re.IGNORECASE
)
"""The credential of an HTTP ``Authorization`` header held in a value
(``AUTHORIZATION: basic eC1h...``, a ``--header`` argument)."""


def value_secrets(value: str) -> set[str]:
    """Credentials a value shows by their form, whatever it is named: a URL's password,
    a known token's shape, an ``Authorization`` header's credential."""
    found = set(_URL_PASSWORD.findall(value))
    found.update(m.group() for m in _TOKEN_SHAPES.finditer(value))
    found.update(_AUTHORIZATION.findall(value))
    return found


def _credential_value(value: str) -> bool:
    """Whether a value named a credential can be one: not a switch (``true``), nor the
    path of a file that exists (``GOOGLE_APPLICATION_CREDENTIALS``, ``--client-key``
    name where the credential is; masking the path would only garble reports)."""
    text = value.strip()
    if not text or text.lower() in _NOT_SECRET:
        return False
    return not (text.startswith("/") and os.path.exists(text))


def named_secrets(variables: Mapping[str, str]) -> set[str]:
    """Values of ``variables`` that are credentials: by their name (:func:`credential_name`),
    or by their form (:func:`value_secrets`)."""
    values = {
        value
        for name, value in variables.items()
        if credential_name(name) and _credential_value(value)
    }
    for value in variables.values():
        values |= value_secrets(value)
    return values


def environment_secrets(environ: Mapping[str, str] | None = None) -> set[str]:
    """The credentials of the runner's environment (``os.environ`` unless given).

    The same rule as for the variables a page is passed (:func:`named_secrets`): a
    page's shell starts without them, yet the runner is its parent, and reading
    ``/proc/$PPID/environ`` is framing's documented limit; so every report masks
    them as it masks any secret.
    """
    return named_secrets(os.environ if environ is None else environ)


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
    from ..lab.manifests import load_objects  # pages without a lab read no manifests

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
        values |= named_secrets({str(k): str(v) for k, v in config.items() if v})
    plugin = user.get("exec")
    if isinstance(plugin, dict):
        values |= _plugin_secrets(plugin)
    return values


def _plugin_secrets(plugin: Mapping[str, Any]) -> set[str]:
    """The credentials of an exec plugin: in its environment (``AWS_SECRET_ACCESS_KEY``)
    and its arguments (kubelogin's ``--oidc-client-secret=...``, or ``--token`` and the
    value as the next argument), by the rule of :func:`credential_name`."""
    env = plugin.get("env")
    values: set[str] = set()
    for item in env if isinstance(env, list) else []:
        if isinstance(item, dict) and item.get("value") is not None:
            values |= named_secrets({str(item.get("name")): str(item["value"])})
    args = plugin.get("args")
    words = [str(arg) for arg in args] if isinstance(args, list) else []
    for at, word in enumerate(words):
        values |= value_secrets(word)
        if not word.startswith("-"):
            continue
        flag, equals, value = word.lstrip("-").partition("=")
        if not credential_name(flag):
            continue
        if not equals:  # ``--token VALUE``: the next word, unless it is another flag
            following = words[at + 1] if at + 1 < len(words) else ""
            value = "" if following.startswith("--") else following
        if _credential_value(value):
            values.add(value)
    return values


def kubeconfig_values(config: Mapping[str, Any]) -> set[str]:
    """The credentials of a parsed kubeconfig (file paths in it already absolute).

    A page can print its kubeconfig (``cat $KUBECONFIG``, ``kubectl config
    view --raw``): its users' tokens and passwords, client keys and
    certificates (inline, base64 as written and decoded, or the files they
    name), the secrets of auth-provider configs, and exec plugins'
    credentials (in their environment or their arguments) are masked like a
    Secret's values.
    """
    values: set[str] = set()
    for entry in config.get("users") or []:
        user = entry.get("user") if isinstance(entry, dict) else None
        if isinstance(user, dict):
            values |= _user_secrets(user)
    return values
