from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    """Uploaded documents go to a scratch MEDIA_ROOT, never the user's data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
