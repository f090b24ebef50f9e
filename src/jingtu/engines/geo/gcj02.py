"""GCJ-02 ("Mars coordinates") ↔ WGS84, used ONLY to convert reference boundaries taken from Amap-derived data.

GCJ-02 is the obfuscated datum that Chinese web maps (Amap/高德, Tencent) must publish (GB 20263-2006, 导航电子地图
安全处理技术基本要求; the algorithm itself is not published by the state). The forward formula used here is the one
published in open-source implementations and used by every independent converter, e.g. ``eviltransform``
(googollee, BSD-2-Clause, github.com/googollee/eviltransform) and ``coordtransform`` (wandergis, MIT,
github.com/wandergis/coordtransform): Krasovsky-1940 constants a = 6 378 245.0 m, e² = 0.006 693 421 622 965 943 23,
the two trigonometric series ``_dlat``/``_dlon`` below, applied to points inside China's rough bounding box.

The inverse is not closed-form. We solve ``F(w) = g`` for the WGS84 point ``w`` by fixed-point iteration::

    w₀ = g;   w_{k+1} = w_k − (F(w_k) − g)

``F(w) = w + δ(w)`` where the shift δ (≈ 500–700 m near Beijing) varies slowly (|∂δ/∂w| ≈ 1e-3 per degree-scale),
so the map is a contraction: each step shrinks the error about a thousand-fold and 3–4 steps reach < 1e-9° (< 0.1 mm).
The common "one-step" inverse ``w = g − δ(g)`` (cnmaps, coordtransform's gcj02towgs84) stops after the first
step and leaves errors of up to a few metres. We iterate until max |F(w) − g| < 1e-10° or 20 steps.

Never apply these functions to survey data: CGCS2000/WGS84 files are not GCJ-02.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

_A = 6378245.0  # Krasovsky 1940 semi-major axis (m), as in the published GCJ-02 forward formula
_EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared

TOLERANCE_DEG = 1e-10
MAX_ITERATIONS = 20

FloatArray = NDArray[np.float64]


def _dlat(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * math.pi) + 320.0 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _dlon(x: FloatArray, y: FloatArray) -> FloatArray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def in_gcj_area(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """True where the published formula applies (the rough China box 72.004–137.8347°E, 0.8293–55.8271°N).

    Outside it GCJ-02 equals WGS84 by definition of the published algorithm.
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    return (x >= 72.004) & (x <= 137.8347) & (y >= 0.8293) & (y <= 55.8271)


def _shift(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 offset δ (degrees) at WGS84 (lon, lat); zero outside the China box."""
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * math.pi)
    inside = in_gcj_area(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Forward GCJ-02 obfuscation of WGS84 degrees (vectorised). Returns (lon, lat) in GCJ-02 degrees."""
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    dx, dy = _shift(x, y)
    return x + dx, y + dy


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Iterative inverse of :func:`wgs84_to_gcj02` (see module docstring). Returns WGS84 (lon, lat) degrees.

    Residual |F(result) − input| < 1e-10° (≈ 0.01 mm) after convergence; raises ``ArithmeticError`` if 20
    iterations do not converge (cannot happen inside China, the map is a strong contraction).
    """
    gx = np.asarray(lon, dtype=np.float64)
    gy = np.asarray(lat, dtype=np.float64)
    wx, wy = gx.copy(), gy.copy()
    for _ in range(MAX_ITERATIONS):
        fx, fy = wgs84_to_gcj02(wx, wy)
        ex, ey = fx - gx, fy - gy
        if wx.size == 0 or max(float(np.max(np.abs(ex))), float(np.max(np.abs(ey)))) < TOLERANCE_DEG:
            return wx, wy
        wx, wy = wx - ex, wy - ey
    raise ArithmeticError("GCJ-02 inverse did not converge")
