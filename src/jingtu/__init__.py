"""Jingtu (净土): soil-pollution prevention and control platform."""

__version__ = "0.1.0"
