"""Shared fixtures: the bundled network, and the CLI built from this repository, whose
``--json`` output the bindings' answers must equal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, List

import pytest

import corridors

#: The repository root (python/tests/ → ../..).
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def net() -> corridors.Network:
    return corridors.Network.trans_afghan()


def _cli_path() -> Path:
    given = os.environ.get("CORRIDORS_CLI")
    if given:
        return Path(given)
    cargo = shutil.which("cargo")
    if cargo is None or not (ROOT / "Cargo.toml").exists():
        pytest.skip("no cargo (or no repository) to build the CLI with; set CORRIDORS_CLI")
    # The same feature set as `cargo test --all-features`, so CI reuses that build.
    subprocess.run([cargo, "build", "--quiet", "--all-features", "--bin", "corridors"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "debug" / "corridors"


@pytest.fixture(scope="session")
def cli_bin() -> Path:
    """The CLI binary, built once per session."""
    return _cli_path()


@pytest.fixture(scope="session")
def cli(cli_bin: Path) -> Callable[..., Any]:
    """``cli("route", "kabul", "karachi")`` runs ``corridors … --json`` and parses its output;
    with ``ok=False`` it returns (exit code, parsed stdout or None, stderr)."""
    path = cli_bin

    def run(*args: str, ok: bool = True) -> Any:
        p = subprocess.run([str(path), *args, "--json"], capture_output=True, text=True, cwd=ROOT)
        if ok:
            assert p.returncode == 0, p.stderr
            return json.loads(p.stdout)
        return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else None), p.stderr

    return run


def has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def bad_fixtures() -> List[Path]:
    return sorted((ROOT / "tests" / "fixtures" / "bad").glob("*.toml"))
