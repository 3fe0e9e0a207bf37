"""The README: what it claims, in the order a user needs it."""

from __future__ import annotations

from pathlib import Path
import re

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What a user reads first, in this order; development comes after all of it.
USER_PATH = [
    "## Installation",
    "## Configuration",
    "## Entities",
    "### Lock behaviour",
    "## Actions",
    "## Arrival blueprint",
    "## Known limitations",
    "## Troubleshooting",
    "## Removal",
    "## Development",
]
HEADINGS = re.findall(r"^#+ .*$", README, re.M)


def test_user_path_first() -> None:
    """Installation to removal come in the user's order, development last."""
    positions = [HEADINGS.index(heading) for heading in USER_PATH]
    assert positions == sorted(positions)
    assert "scripts/develop" not in README[: README.index("## Development")]
