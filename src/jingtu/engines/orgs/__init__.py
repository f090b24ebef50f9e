"""Organisation registry engine: Beijing government units, their names through time, and a resolver.

Framework-free (no Django). Public API::

    resolve(name, *, district=None, year=None) -> Resolution
    load_registry() -> Registry          # cached; .units, .get(code), .districts
    split_units(text) -> list[str]       # a department cell → cleaned unit names
"""

from __future__ import annotations

from .model import Collective, District, Kind, Resolution, Unit
from .normalize import clean_name, split_units
from .registry import Registry, RegistryError, load_registry
from .resolver import resolve

__all__ = [
    "Collective",
    "District",
    "Kind",
    "Registry",
    "RegistryError",
    "Resolution",
    "Unit",
    "clean_name",
    "load_registry",
    "resolve",
    "split_units",
]
