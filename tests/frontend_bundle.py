"""Check that the committed Front desk bundle matches its sources, without a build.

``frontend/build.mjs`` writes ``build-info.json`` beside the bundle: the SHA-256
of every source file, of all of them together and of the bundle. This module
recomputes them the same way from the checkout and says what differs, so that a
source edited without ``scripts/build-frontend``, or a bundle edited by hand,
fails ``scripts/test`` (``python -m tests.frontend_bundle``) and the test suite.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
import sys
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
BUNDLE_DIR: Final = ROOT / "custom_components" / "hotel_lock" / "frontend"
BUILD_INFO: Final = BUNDLE_DIR / "build-info.json"
# Must list what EXTRA_SOURCES lists in frontend/build.mjs.
EXTRA_SOURCES: Final = (
    "frontend/build.mjs",
    "frontend/package.json",
    "frontend/package-lock.json",
    "frontend/tsconfig.json",
    "scripts/build-frontend",
)
GZIP_BUDGET: Final = 100 * 1024
REBUILD: Final = "run scripts/build-frontend and commit the bundle with its sources"


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def source_hashes() -> dict[str, str]:
    """Return the SHA-256 of every source file, by repository-relative path."""
    paths = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "frontend" / "src").rglob("*")
        if path.is_file()
    ]
    paths.extend(EXTRA_SOURCES)
    return {path: sha256((ROOT / path).read_bytes()) for path in sorted(paths)}


def combined_hash(sources: dict[str, str]) -> str:
    """Return the SHA-256 over all sources, as build.mjs computes it."""
    lines = "".join(f"{path} {digest}\n" for path, digest in sources.items())
    return sha256(lines.encode())


def build_info() -> dict[str, Any]:
    """Return the committed build-info.json."""
    info: dict[str, Any] = json.loads(BUILD_INFO.read_text(encoding="utf-8"))
    return info


def problems() -> list[str]:
    """Return what does not match between sources, bundle and build-info."""
    if not BUILD_INFO.exists():
        return [f"{BUILD_INFO.relative_to(ROOT)} is missing: {REBUILD}"]
    info = build_info()
    found: list[str] = []
    sources = source_hashes()
    if combined_hash(sources) != info.get("source_sha256"):
        recorded: dict[str, str] = info.get("sources", {})
        changed = sorted(
            path
            for path in sources.keys() | recorded.keys()
            if sources.get(path) != recorded.get(path)
        )
        found.append(
            "the frontend sources changed since the bundle was built "
            f"({', '.join(changed) or 'build-info.json edited'}): {REBUILD}"
        )
    bundle = (BUNDLE_DIR / str(info.get("bundle", "frontdesk.js"))).read_bytes()
    if sha256(bundle) != info.get("bundle_sha256"):
        found.append(
            "the bundle is not the one scripts/build-frontend built "
            f"(edited by hand, or built from other sources): {REBUILD}"
        )
    if (size := len(gzip.compress(bundle, compresslevel=9))) > GZIP_BUDGET:
        found.append(f"the bundle is {size} bytes gzipped, over {GZIP_BUDGET}")
    return found


def main() -> int:
    """Print what does not match; exit 1 when anything does not."""
    if found := problems():
        for problem in found:
            print(f"Front desk bundle: {problem}", file=sys.stderr)
        return 1
    print("Front desk bundle matches its sources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
