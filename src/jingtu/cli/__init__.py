"""The `jingtu` command line. Engine commands run without Django; database commands call `setup_django()`."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure and start Django for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingtu.project.settings")
    import django

    django.setup()
