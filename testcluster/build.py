"""Build the pinned upstream Kubernetes components and etcd with the Go toolchain.

Why a wrapper module: `k8s.io/kubernetes` is not meant to be consumed as a
module. Its go.mod requires its staging modules (`k8s.io/api`, ...) at
v0.0.0 and points them at ./staging with `replace`, which Go ignores for a
dependency. A wrapper module replaces each one with the published
`v0.<minor>.<patch>` tag, and the list is derived from the downloaded go.mod
so a version bump needs no hand-kept list.

etcd is built in its own wrapper module: its dependency graph (grpc, otel)
differs from Kubernetes' and mixing the two would change either's pins.
All binaries of one module are built in one `go build` so they share
compilation, and everything lands under the version-keyed cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import releases, settings

ASSETS = Path(__file__).resolve().parent / "assets"


def _go_env() -> dict[str, str]:
    """Environment for Go: caches outside the work tree, static, reproducible paths."""
    env = dict(os.environ)
    env.update(
        GOMODCACHE=str(settings.GO_MODCACHE),
        GOCACHE=str(settings.GO_BUILDCACHE),
        GOFLAGS="-trimpath -mod=mod",
        CGO_ENABLED="0",
        GOTOOLCHAIN="local",
        GOWORK="off",
        PATH=f"{settings.GO_BIN.parent}:{env.get('PATH', '')}",
    )
    return env


def _go(args: list[str], cwd: Path, log: Path) -> None:
    """Run one go command, appending its output to the build log."""
    with log.open("a") as fh:
        fh.write(f"\n$ go {' '.join(args)}\n")
        fh.flush()
        proc = subprocess.run(
            [str(settings.GO_BIN), *args],
            cwd=cwd,
            env=_go_env(),
            stdout=fh,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise RuntimeError(
            f"go {args[0]} failed (exit {proc.returncode}); log: {log}\n" + "\n".join(tail)
        )


def staging_modules(gomod_text: str) -> list[str]:
    """Names of the staging modules that k8s.io/kubernetes replaces with ./staging."""
    return sorted(set(re.findall(r"^\s*(k8s\.io/[\w.-]+)\s*=>\s*\./staging/", gomod_text, re.M)))


def staging_version(kube_version: str) -> str:
    """v1.33.13 -> v0.33.13: the tag the staging modules are published under."""
    major, minor, patch = kube_version.lstrip("v").split(".")[:3]
    del major
    return f"v0.{minor}.{patch}"


def _download_gomod(module: str, version: str, cwd: Path, log: Path) -> str:
    """Fetch only a module's go.mod through the proxy and return its text."""
    env = _go_env()
    out = subprocess.run(
        [str(settings.GO_BIN), "mod", "download", "-json", f"{module}@{version}"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    with log.open("a") as fh:
        fh.write(out.stdout + out.stderr)
    if out.returncode != 0:
        raise RuntimeError(f"go mod download {module}@{version} failed: {out.stderr}{out.stdout}")
    return Path(json.loads(out.stdout)["GoMod"]).read_text()


def _version_ldflags() -> str:
    """-X flags so `kubectl version` and /version report the real release."""
    version = settings.KUBERNETES_VERSION
    major, minor = version.lstrip("v").split(".")[:2]
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    values = {
        "gitVersion": version,
        "gitMajor": major,
        "gitMinor": minor,
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": date,
    }
    flags = ["-s", "-w"]
    for pkg in ("k8s.io/component-base/version", "k8s.io/client-go/pkg/version"):
        flags += [f"-X {pkg}.{key}={val}" for key, val in values.items()]
    return " ".join(flags)


def _write_kube_module(work: Path, log: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    (work / "go.mod").write_text("module snippets-testcluster/kube\n\ngo 1.24\n")
    text = _download_gomod("k8s.io/kubernetes", settings.KUBERNETES_VERSION, work, log)
    tag = staging_version(settings.KUBERNETES_VERSION)
    lines = [
        "module snippets-testcluster/kube",
        "",
        "go 1.24",
        "",
        f"require k8s.io/kubernetes {settings.KUBERNETES_VERSION}",
        "",
        "replace (",
        *(f"\t{name} => {name} {tag}" for name in staging_modules(text)),
        ")",
        "",
    ]
    (work / "go.mod").write_text("\n".join(lines))


def _write_etcd_module(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    (work / "go.mod").write_text(
        "module snippets-testcluster/etcd\n\ngo 1.24\n\n"
        f"require {settings.ETCD_PACKAGE} {settings.ETCD_VERSION}\n"
    )


def _build_kube(out: Path, log: Path) -> None:
    """All six Kubernetes commands in one `go build` so they share compilation."""
    work = settings.BUILD_WORK_DIR / "kube"
    _write_kube_module(work, log)
    pkgs = list(settings.KUBE_COMMANDS.values())
    # `go get` records the go.sum entries every package needs.
    _go(["get", *(f"{p}@{settings.KUBERNETES_VERSION}" for p in pkgs)], work, log)
    _go(["build", "-ldflags", _version_ldflags(), "-o", str(out) + "/", *pkgs], work, log)


def _build_etcd(out: Path, log: Path) -> None:
    work = settings.BUILD_WORK_DIR / "etcd"
    _write_etcd_module(work)
    _go(["get", f"{settings.ETCD_PACKAGE}@{settings.ETCD_VERSION}"], work, log)
    _go(["build", "-ldflags", "-s -w", "-o", str(out / "etcd"), settings.ETCD_PACKAGE], work, log)


def _build_tc_cri(out: Path, log: Path) -> None:
    """Our tiny CRI client, compiled inside the Kubernetes wrapper so it reuses its pins."""
    work = settings.BUILD_WORK_DIR / "kube"
    if not (work / "go.mod").is_file():
        _write_kube_module(work, log)
    src = work / "cmd" / "tc-cri"
    src.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / "tc-cri" / "main.go", src / "main.go")
    _go(["build", "-ldflags", "-s -w", "-o", str(out / "tc-cri"), "./cmd/tc-cri"], work, log)


#: step name -> (binaries it produces, builder)
STEPS: dict[str, tuple[list[str], Callable[[Path, Path], None]]] = {
    "kubernetes": (list(settings.KUBE_COMMANDS), _build_kube),
    "etcd": (["etcd"], _build_etcd),
    "tc-cri": (["tc-cri"], _build_tc_cri),
}


def go_version() -> str | None:
    """'1.26.8' for the toolchain at GO_BIN, or None if there is none."""
    if not settings.GO_BIN.is_file():
        return None
    out = subprocess.run(
        [str(settings.GO_BIN), "version"],
        env=_go_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"\bgo([0-9]+\.[0-9]+(?:\.[0-9]+)?)\b", out.stdout)
    return match.group(1) if match else None


def missing_binaries() -> list[str]:
    """Names of the expected binaries not yet in the cache."""
    names = [name for outputs, _ in STEPS.values() for name in outputs]
    return [n for n in names if not (settings.BIN_DIR / n).is_file()]


def build(force: bool = False) -> Path:
    """Build whatever is missing into BIN_DIR and return it; cached builds return at once."""
    missing = set(missing_binaries())
    if not force and not missing:
        return settings.BIN_DIR
    if not settings.GO_BIN.is_file():
        raise RuntimeError(f"Go toolchain not found at {settings.GO_BIN} (set TESTCLUSTER_GO)")
    have, need = go_version(), settings.RELEASE.go
    if have is not None and not releases.at_least(have, need):
        raise RuntimeError(
            f"Kubernetes {settings.RELEASE.minor} needs Go {need} or newer; "
            f"{settings.GO_BIN} is Go {have} (set TESTCLUSTER_GO)"
        )
    settings.VERSION_DIR.mkdir(parents=True, exist_ok=True)
    log = settings.VERSION_DIR / "build.log"
    started = time.monotonic()
    print(
        f"testcluster: building {sorted(missing)} (Kubernetes {settings.KUBERNETES_VERSION}, "
        f"etcd {settings.ETCD_VERSION}; a cold build takes 15-30 min); log: {log}",
        file=sys.stderr,
        flush=True,
    )
    for name, (outputs, builder) in STEPS.items():
        if not force and not missing.intersection(outputs):
            continue
        # Build into a side directory and move in at the end, so an interrupted
        # build never leaves a half-written binary that looks cached.
        partial = settings.VERSION_DIR / f"bin.partial-{name}"
        partial.mkdir(parents=True, exist_ok=True)
        builder(partial, log)
        settings.BIN_DIR.mkdir(parents=True, exist_ok=True)
        for item in partial.iterdir():
            item.replace(settings.BIN_DIR / item.name)
        partial.rmdir()
    elapsed = time.monotonic() - started
    with (settings.VERSION_DIR / "build-seconds.txt").open("a") as fh:
        fh.write(f"{sorted(missing)} {elapsed:.0f}\n")
    print(f"testcluster: build done in {elapsed / 60:.1f} min", file=sys.stderr, flush=True)
    return settings.BIN_DIR


if __name__ == "__main__":
    build(force="--force" in sys.argv)
