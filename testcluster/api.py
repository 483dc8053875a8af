"""A very small Kubernetes API and health-endpoint client on the standard library.

Why not the kubernetes package: `up`, `down`, `status` and `env` must run
with plain python3 before any virtualenv exists (CI calls them first). They
only need a few GETs and one create, so urllib with the admin client
certificate is enough.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


class Api:
    """GET/POST against the API server as the cluster admin."""

    def __init__(self, server: str, pki: Path) -> None:
        self.server = server.rstrip("/")
        ctx = ssl.create_default_context(cafile=str(pki / "ca.crt"))
        ctx.load_cert_chain(str(pki / "admin.crt"), str(pki / "admin.key"))
        self.ctx = ctx

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 5.0
    ) -> tuple[int, Any]:
        """Return (status, decoded JSON or text); connection errors give status 0."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.server + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=timeout) as resp:
                return resp.status, _decode(resp.read())
        except urllib.error.HTTPError as err:
            return err.code, _decode(err.read())
        except (OSError, ValueError) as err:
            return 0, str(err)

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, Any]:
        return self.request("GET", path, timeout=timeout)

    def create(self, path: str, body: dict[str, Any]) -> int:
        """POST; 409 (already exists) counts as success, so `up` is idempotent."""
        status, _ = self.request("POST", path, body)
        return 201 if status == 409 else status


def _decode(raw: bytes) -> Any:
    text = raw.decode(errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def probe(url: str, timeout: float = 2.0) -> tuple[bool, str]:
    """GET a health endpoint (TLS not verified: these listen on loopback only)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, context=ctx, timeout=timeout) as resp:
            body = resp.read().decode(errors="replace").strip()
            return resp.status == 200, body[:200]
    except urllib.error.HTTPError as err:
        return False, f"HTTP {err.code}: {err.read().decode(errors='replace')[:200]}"
    except (OSError, ValueError) as err:
        return False, str(err)
