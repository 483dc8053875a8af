"""Build the cluster's images locally and import them into containerd.

Why: no container registry is reachable, so nothing can be pulled. The
pause image is a tiny static C program; the MySQL image the lessons name
(settings.MYSQL_IMAGE, the official MySQL 8.4 image) is a stand-in: Debian's
MariaDB in a debootstrap root file system, started by an entrypoint that
imitates the official image's step for step (assets/mysql-entrypoint.sh), and
tagged with the official name so the same manifest works here and on EKS. Both are
written as docker-archive tarballs (what `ctr images import` reads) and
cached under the version-keyed cache so only the first `up` pays.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import settings

ASSETS = Path(__file__).resolve().parent / "assets"

#: Paths removed from the MariaDB root file system: docs, caches, apt state.
TRIM_PATHS = [
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
    "usr/share/lintian",
    "usr/share/linda",
    "var/cache/apt",
    "var/lib/apt/lists",
    "var/cache/debconf/templates.dat-old",
    "var/log",
    "usr/share/mysql/mysql-test",
    "usr/share/zoneinfo",
]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_docker_archive(layer_tar: Path, out: Path, tag: str, config: dict[str, object]) -> None:
    """Wrap one uncompressed layer tar into a docker-archive `ctr import` accepts.

    The layer's sha256 is its diff_id; the image config references it and
    manifest.json ties the tag, config and layer together.
    """
    diff_id = _sha256_file(layer_tar)
    image_config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{diff_id}"]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "testcluster"}],
    }
    config_bytes = json.dumps(image_config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = f"{diff_id}/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": [layer_name]}]
    repo, _, version = tag.rpartition(":")
    repositories = {repo: {version: diff_id}}

    partial = out.with_suffix(".partial")
    with tarfile.open(partial, "w") as tar:

        def add_bytes(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))

        tar.add(layer_tar, arcname=layer_name)
        add_bytes(config_name, config_bytes)
        add_bytes("manifest.json", json.dumps(manifest).encode())
        add_bytes("repositories", json.dumps(repositories).encode())
    partial.replace(out)


def _tar_rootfs(rootfs: Path, layer: Path) -> None:
    """GNU tar keeps devices, hard links and owners exactly as debootstrap made them."""
    subprocess.run(
        ["tar", "--numeric-owner", "--xattrs", "-C", str(rootfs), "-cf", str(layer), "."],
        check=True,
    )


def build_pause(out: Path) -> None:
    """Compile the static pause binary and package it as the sandbox image."""
    with tempfile.TemporaryDirectory(prefix="tc-pause-") as tmp:
        root = Path(tmp) / "rootfs"
        root.mkdir()
        subprocess.run(
            ["gcc", "-static", "-Os", "-s", "-o", str(root / "pause"), str(ASSETS / "pause.c")],
            check=True,
        )
        layer = Path(tmp) / "layer.tar"
        _tar_rootfs(root, layer)
        write_docker_archive(
            layer,
            out,
            settings.PAUSE_IMAGE,
            {"Entrypoint": ["/pause"], "User": "65535:65535"},
        )


def build_mysql(out: Path) -> None:
    """debootstrap Debian's MariaDB, trim it, add the entrypoint imitating MySQL's.

    util-linux brings setpriv, with which the entrypoint drops to the mysql
    user where the official image uses gosu.
    """
    work = settings.IMAGE_DIR / "mysql-rootfs.partial"
    if work.exists():
        shutil.rmtree(work)
    work.parent.mkdir(parents=True, exist_ok=True)
    log = settings.IMAGE_DIR / "debootstrap.log"
    started = time.monotonic()
    print(
        f"testcluster: debootstrapping MariaDB (about 1-2 min); log: {log}",
        file=sys.stderr,
        flush=True,
    )
    with log.open("w") as fh:
        proc = subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                "--include=mariadb-server,procps,util-linux",
                "bookworm",
                str(work),
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"debootstrap failed (exit {proc.returncode}); log: {log}")
    for rel in TRIM_PATHS:
        target = work / rel
        if target.is_dir():
            shutil.rmtree(target)
            target.mkdir()
    # Whatever the package's postinst initialised must go: the entrypoint
    # initialises the data directory from the pod's environment.
    datadir = work / "var/lib/mysql"
    if datadir.exists():
        shutil.rmtree(datadir)
    datadir.mkdir()
    shutil.chown(datadir, "root", "root")
    entry = work / "usr/local/bin/docker-entrypoint.sh"
    shutil.copyfile(ASSETS / "mysql-entrypoint.sh", entry)
    entry.chmod(0o755)
    (work / "etc/resolv.conf").write_text("")
    with tempfile.TemporaryDirectory(prefix="tc-mysql-", dir=settings.IMAGE_DIR) as tmp:
        layer = Path(tmp) / "layer.tar"
        _tar_rootfs(work, layer)
        write_docker_archive(
            layer,
            out,
            settings.MYSQL_IMAGE,
            {
                "Entrypoint": ["/usr/local/bin/docker-entrypoint.sh"],
                "ExposedPorts": {"3306/tcp": {}},
                "Volumes": {"/var/lib/mysql": {}},
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                "Labels": {
                    "org.opencontainers.image.description": (
                        "Debian MariaDB standing in for mysql:8.4 on the local test cluster"
                    )
                },
            },
        )
    shutil.rmtree(work)
    print(
        f"testcluster: MariaDB image built in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )


#: image name -> (archive stem, builder, files the image is made from)
IMAGES: dict[str, tuple[str, Callable[[Path], None], list[Path]]] = {
    settings.PAUSE_IMAGE: ("pause", build_pause, [ASSETS / "pause.c"]),
    settings.MYSQL_IMAGE: ("mysql", build_mysql, [ASSETS / "mysql-entrypoint.sh"]),
}
RECIPE_LABEL = "snippets-testcluster.recipe"


def recipe(name: str) -> str:
    """A short hash of what an image is made from, so a changed recipe rebuilds it."""
    stem, builder, files = IMAGES[name]
    digest = hashlib.sha256(f"{name}\0{stem}\0{TRIM_PATHS}".encode())
    digest.update(inspect.getsource(builder).encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def ensure_built() -> dict[str, Path]:
    """Build the image archives that are not cached yet; return name -> archive."""
    settings.IMAGE_DIR.mkdir(parents=True, exist_ok=True)
    result: dict[str, Path] = {}
    for name, (stem, builder, _) in IMAGES.items():
        path = settings.IMAGE_DIR / f"{stem}-{recipe(name)}.tar"
        if not path.is_file():
            for old in settings.IMAGE_DIR.glob(f"{stem}-*.tar"):
                old.unlink()
            builder(path)
        result[name] = path
    return result


def ctr(address: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `ctr` against our containerd in the CRI's namespace."""
    return subprocess.run(
        ["ctr", "--address", str(address), "-n", "k8s.io", *args],
        capture_output=True,
        text=True,
        check=check,
    )


def image_labels(address: Path) -> dict[str, str]:
    """Image name -> its labels column, from `ctr images ls`."""
    labels = {}
    for line in ctr(address, "images", "ls").stdout.splitlines()[1:]:
        fields = line.split()
        if fields:
            labels[fields[0]] = fields[-1]
    return labels


def import_missing(address: Path) -> None:
    """Import each image containerd lacks (or has from an older recipe); pin the sandbox."""
    archives = ensure_built()
    present = image_labels(address)
    for name, archive in archives.items():
        wanted = f"{RECIPE_LABEL}={recipe(name)}"
        if wanted not in present.get(name, "").split(","):
            print(f"testcluster: importing {name}", file=sys.stderr, flush=True)
            ctr(address, "images", "import", str(archive))
            ctr(address, "images", "label", name, wanted)
    # Newer containerd honours this label; 1.6 does not, so the kubelet's
    # image GC threshold is set to 100% as well (see config.py).
    if "io.cri-containerd.pinned=pinned" not in present.get(settings.PAUSE_IMAGE, ""):
        ctr(
            address,
            "images",
            "label",
            settings.PAUSE_IMAGE,
            "io.cri-containerd.pinned=pinned",
            check=False,
        )


if __name__ == "__main__":
    for image, archive in ensure_built().items():
        print(image, archive)
