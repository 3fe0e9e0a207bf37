"""The committed Front desk bundle matches its sources (nothing is built here)."""

from __future__ import annotations

from pathlib import Path
import shutil

import pytest

from . import frontend_bundle
from .frontend_bundle import problems


def test_bundle_matches_sources() -> None:
    """The bundle and build-info.json are what scripts/build-frontend makes."""
    assert problems() == []


@pytest.fixture
def checkout_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the check at a copy of the sources, bundle and build-info."""
    root = frontend_bundle.ROOT
    shutil.copytree(root / "frontend" / "src", tmp_path / "frontend" / "src")
    for path in frontend_bundle.EXTRA_SOURCES:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / path, tmp_path / path)
    bundle_dir = tmp_path / frontend_bundle.BUNDLE_DIR.relative_to(root)
    shutil.copytree(frontend_bundle.BUNDLE_DIR, bundle_dir)
    monkeypatch.setattr(frontend_bundle, "ROOT", tmp_path)
    monkeypatch.setattr(frontend_bundle, "BUNDLE_DIR", bundle_dir)
    monkeypatch.setattr(frontend_bundle, "BUILD_INFO", bundle_dir / "build-info.json")
    return tmp_path


def test_edited_source_without_rebuild_fails(checkout_copy: Path) -> None:
    """A source edited after the build is named, with what to do."""
    source = checkout_copy / "frontend" / "src" / "main.ts"
    source.write_text(source.read_text() + "\n// edited\n")
    [problem] = problems()
    assert "frontend/src/main.ts" in problem
    assert "scripts/build-frontend" in problem


def test_new_source_without_rebuild_fails(checkout_copy: Path) -> None:
    """A source file added after the build counts too."""
    (checkout_copy / "frontend" / "src" / "extra.ts").write_text("export {};\n")
    [problem] = problems()
    assert "frontend/src/extra.ts" in problem


def test_hand_edited_bundle_fails(checkout_copy: Path) -> None:
    """A bundle that is not the built one is caught."""
    bundle = frontend_bundle.BUNDLE_DIR / "frontdesk.js"
    bundle.write_bytes(bundle.read_bytes().replace(b"hotel-lock", b"hotel_lock"))
    [problem] = problems()
    assert "edited by hand" in problem


def test_missing_build_info_fails(checkout_copy: Path) -> None:
    """Without build-info.json the bundle cannot be trusted."""
    frontend_bundle.BUILD_INFO.unlink()
    [problem] = problems()
    assert "build-info.json is missing" in problem
