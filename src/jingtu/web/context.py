from typing import Any

from django.conf import settings
from django.http import HttpRequest

import jingtu


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "JINGTU_VERSION": jingtu.__version__,
        "JINGTU_TILE_URL": settings.JINGTU_TILE_URL,
        "JINGTU_TILE_ATTRIBUTION": settings.JINGTU_TILE_ATTRIBUTION,
    }
