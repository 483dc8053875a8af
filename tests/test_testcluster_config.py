"""testcluster's pure parts: generated configuration and certificates, no cluster needed.

These catch a broken configuration before a 10-second `up` fails with a
component's log, and they run offline on any machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import missing

from testcluster import config, pki, settings


@pytest.fixture
def layout(tmp_path: Path) -> config.Layout:
    return config.Layout(tmp_path / "run")


def test_layout_keeps_cluster_state_under_its_run_directory(layout: config.Layout) -> None:
    for path in (
        layout.pki,
        layout.logs,
        layout.pids,
        layout.etcd_data,
        layout.kubelet_root,
        layout.pod_logs,
        layout.containerd_root,
        layout.cni_conf_dir,
        layout.kubeconfig("admin"),
        layout.conf("x"),
    ):
        assert layout.run in path.parents, path
    assert layout.kubeconfig("admin").name == "admin.kubeconfig"


def test_containerd_config_is_valid_toml_with_the_restrictions_this_host_needs(
    layout: config.Layout,
) -> None:
    text = config.containerd_toml(layout)
    doc = tomllib.loads(text)
    cri = doc["plugins"]["io.containerd.grpc.v1.cri"]
    assert cri["restrict_oom_score_adj"] is True  # root lacks CAP_SYS_RESOURCE here
    assert cri["cni"]["conf_dir"] == str(layout.cni_conf_dir)
    assert str(layout.containerd_socket) in text


def test_cni_conflist_is_a_bridge_on_the_pod_cidr(layout: config.Layout) -> None:
    doc = json.loads(config.cni_conflist(layout))
    bridge, portmap = doc["plugins"]
    assert bridge["type"] == "bridge" and bridge["bridge"] == settings.BRIDGE_NAME
    assert bridge["ipam"]["ranges"] == [[{"subnet": settings.POD_CIDR}]]
    assert bridge["ipam"]["dataDir"] == str(layout.cni_ipam_dir)
    assert portmap["type"] == "portmap"


def test_kubelet_config_points_at_our_pki_and_socket(layout: config.Layout) -> None:
    doc = json.loads(config.kubelet_config(layout))
    assert doc["kind"] == "KubeletConfiguration"
    assert doc["authentication"]["x509"]["clientCAFile"] == str(layout.pki / "ca.crt")
    assert doc["containerRuntimeEndpoint"] == f"unix://{layout.containerd_socket}"
    assert doc["authentication"]["anonymous"]["enabled"] is False
    assert doc["readOnlyPort"] == 0


def test_every_component_gets_a_certificate_for_its_role() -> None:
    specs = {s.name: s for s in pki.cert_specs("10.1.2.3")}
    assert specs["apiserver"].server and "10.1.2.3" in specs["apiserver"].ips
    assert settings.KUBERNETES_SERVICE_IP in specs["apiserver"].ips
    assert "kubernetes.default.svc.cluster.local" in specs["apiserver"].dns
    assert specs["admin"].organization == "system:masters" and specs["admin"].client
    assert specs["kubelet-client"].common_name == f"system:node:{settings.NODE_NAME}"
    assert specs["kubelet-client"].organization == "system:nodes"
    assert all(s.server or s.client for s in specs.values())


def test_ensure_pki_issues_certificates_openssl_verifies(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        missing("openssl")
    pki.ensure_pki(tmp_path, "10.1.2.3")
    for spec in pki.cert_specs("10.1.2.3"):
        crt = tmp_path / f"{spec.name}.crt"
        check = subprocess.run(
            ["openssl", "verify", "-CAfile", str(tmp_path / "ca.crt"), str(crt)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert (tmp_path / f"{spec.name}.key").stat().st_mode & 0o077 == 0
