"""Certificates and keys for the cluster, made with the openssl CLI.

Why openssl and ECDSA P-256: openssl is on every Debian machine (no Python
crypto package needed before a venv exists) and P-256 keys are generated in
milliseconds, so even a cold `up` spends almost nothing here. The PKI is kept
in the run directory across `down`/`up`, which makes a warm `up` skip it.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import settings


@dataclass(frozen=True)
class CertSpec:
    """One leaf certificate: subject, usages and subject alternative names."""

    name: str
    common_name: str
    organization: str = ""
    server: bool = False
    client: bool = False
    dns: list[str] = field(default_factory=list)
    ips: list[str] = field(default_factory=list)


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def _subject(cn: str, org: str) -> str:
    return (f"/O={org}" if org else "") + f"/CN={cn}"


def _new_key(path: Path) -> None:
    _openssl(
        "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path)
    )
    path.chmod(0o600)


def cert_specs(node_ip: str) -> list[CertSpec]:
    """Every certificate the components need, named for their role."""
    node = settings.NODE_NAME
    return [
        CertSpec(
            "apiserver",
            "kube-apiserver",
            server=True,
            dns=[
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local",
                "localhost",
                node,
            ],
            ips=["127.0.0.1", settings.KUBERNETES_SERVICE_IP, node_ip],
        ),
        CertSpec(
            "apiserver-kubelet-client",
            "kube-apiserver-kubelet-client",
            "system:masters",
            client=True,
        ),
        CertSpec("admin", "kubernetes-admin", "system:masters", client=True),
        CertSpec("controller-manager", "system:kube-controller-manager", client=True),
        CertSpec("scheduler", "system:kube-scheduler", client=True),
        CertSpec("kube-proxy", "system:kube-proxy", client=True),
        CertSpec("kubelet-client", f"system:node:{node}", "system:nodes", client=True),
        CertSpec("kubelet", node, server=True, dns=[node, "localhost"], ips=["127.0.0.1", node_ip]),
    ]


def _issue(pki: Path, spec: CertSpec) -> None:
    key, crt = pki / f"{spec.name}.key", pki / f"{spec.name}.crt"
    _new_key(key)
    usages = (["serverAuth"] if spec.server else []) + (["clientAuth"] if spec.client else [])
    ext = [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        f"extendedKeyUsage={','.join(usages)}",
    ]
    sans = [f"DNS:{d}" for d in spec.dns] + [f"IP:{i}" for i in spec.ips]
    if sans:
        ext.append(f"subjectAltName={','.join(sans)}")
    with tempfile.NamedTemporaryFile("w", suffix=".ext", delete=False) as fh:
        fh.write("\n".join(ext) + "\n")
        extfile = fh.name
    csr = pki / f"{spec.name}.csr"
    try:
        _openssl(
            "req",
            "-new",
            "-key",
            str(key),
            "-subj",
            _subject(spec.common_name, spec.organization),
            "-out",
            str(csr),
        )
        _openssl(
            "x509",
            "-req",
            "-in",
            str(csr),
            "-CA",
            str(pki / "ca.crt"),
            "-CAkey",
            str(pki / "ca.key"),
            "-CAcreateserial",
            "-days",
            "3650",
            "-sha256",
            "-extfile",
            extfile,
            "-out",
            str(crt),
        )
    finally:
        Path(extfile).unlink()
        csr.unlink(missing_ok=True)


def ensure_pki(pki: Path, node_ip: str) -> None:
    """Create the CA, the service-account key pair and any missing leaf certificate.

    A marker records the node IP the serving certificates were made for; if
    the machine's address changed, the whole PKI is made anew.
    """
    marker = pki / "node-ip"
    if marker.is_file() and marker.read_text().strip() != node_ip:
        for item in pki.iterdir():
            item.unlink()
    pki.mkdir(parents=True, exist_ok=True)
    if not (pki / "ca.crt").is_file():
        _new_key(pki / "ca.key")
        _openssl(
            "req",
            "-x509",
            "-new",
            "-key",
            str(pki / "ca.key"),
            "-subj",
            "/CN=snippets-testcluster-ca",
            "-days",
            "3650",
            "-sha256",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
            "-out",
            str(pki / "ca.crt"),
        )
    if not (pki / "sa.pub").is_file():
        _new_key(pki / "sa.key")
        _openssl("pkey", "-in", str(pki / "sa.key"), "-pubout", "-out", str(pki / "sa.pub"))
    for spec in cert_specs(node_ip):
        if not (pki / f"{spec.name}.crt").is_file():
            _issue(pki, spec)
    marker.write_text(node_ip + "\n")
