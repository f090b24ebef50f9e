"""Geo engine (framework-free): CRS policy, CRS detection for imports, boundary-file reading and polygon checks,
areas (m², 亩) and distances, GCJ-02 conversion for reference data, and the reference division boundaries.

See docs/geo.md. Storage CRS is CGCS2000 (EPSG:4490); measurements use a CGCS2000 Gauss–Krüger zone (EPSG:4548 for
Beijing) or the ellipsoid.
"""
