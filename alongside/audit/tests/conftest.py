from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def anchor_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A fresh anchor directory for this test, so other tests' chains are not in it."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchor"
    return settings.AUDIT_ANCHOR_DIR  # type: ignore[no-any-return]
