"""Plot pages show readable audit-action labels and the geo engine's import messages in the page language.

The stored audit events and receipts keep the raw action names and the engine's English texts (display only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from jingtu.core.models import AuditEvent
from jingtu.engines.geo import detect, validate
from jingtu.plots.templatetags.plots_format import action_label, geo_text
from tests.plots.helpers import make_plot, walk


def _client(user: Any, lang: str) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


def test_history_shows_labels_with_the_raw_action_as_tooltip(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "preliminary_investigation")
    zh = _client(personas.bob, "zh-hans").get(f"/plots/{plot.code}/").content.decode()
    assert 'data-action="create_plot" title="create_plot">登记地块</td>' in zh
    assert 'title="transition">状态变更</td>' in zh
    en = _client(personas.bob, "en").get(f"/plots/{plot.code}/").content.decode()
    assert 'title="create_plot">Plot registered</td>' in en
    assert 'title="transition">Lifecycle transition</td>' in en
    # stored as recorded
    assert AuditEvent.objects.filter(action="create_plot", object_id=str(plot.pk)).exists()
    with translation.override("zh-hans"):
        assert action_label("remediation_list_enter") == "列入风险管控和修复名录"
        assert action_label("some_future_action") == "some_future_action"


def _engine_messages() -> list[str]:
    """Real messages of the geo engine (not re-typed), one per kind the import page shows."""
    out = [
        detect.detect_crs((116.3, 39.8, 116.5, 40.0)).message,  # inferred lon/lat, GCJ-02 warning
        detect.detect_crs((116.3, 39.8, 116.5, 40.0), stated="EPSG:4326").message,  # stated + WGS84 note
        detect.detect_crs((39500000.0, 4400000.0, 39510000.0, 4410000.0)).message,  # zone prefix inferred
    ]
    with pytest.raises(detect.CrsError) as exc:
        detect.detect_crs((440000.0, 4400000.0, 450000.0, 4410000.0))  # GK metres without zone prefix
    out.append(str(exc.value))
    bowtie = Polygon([(116.40, 39.90), (116.41, 39.91), (116.41, 39.90), (116.40, 39.91)])
    out.append(validate.check_polygon(bowtie).reason)  # repaired with make_valid
    out.append(validate.check_polygon(Point(116.4, 39.9)).reason)  # not a polygon
    out.append(validate.check_polygon(Polygon([(10, 10), (10.1, 10), (10.1, 10.1)])).reason)  # outside China
    return out


def test_engine_messages_translated_for_display_numbers_kept() -> None:
    messages = _engine_messages()
    with translation.override("en"):
        assert [geo_text(m) for m in messages] == messages
    with translation.override("zh-hans"):
        shown = [geo_text(m) for m in messages]
    expected = ["未声明坐标系", "WGS84 不经偏移按 CGCS2000 存储", "东坐标带有高斯–克吕格带号 39", "CM117", "已用 make_valid 修复", "不是面：Point", "位于中国境外"]  # fmt: skip
    for text, original, fragment in zip(shown, messages, expected, strict=True):
        assert text != original and fragment in text, (original, text)
    assert "请指定中央经线" in shown[3] and "440000.000" in shown[3]  # bounds kept as the engine wrote them
    with translation.override("zh-hans"):
        assert geo_text("something the engine may say one day") == "something the engine may say one day"
        # the adapter's "status: reason" of a rejected feature (not the "rejected" of a proposal or lab report)
        assert geo_text(f"rejected: {messages[5]}") == "已拒收: 不是面：Point"


def test_import_page_shows_engine_messages_in_chinese_receipt_stays_english(
    personas: Any, tmp_path: Path
) -> None:
    t = Transformer.from_crs(4490, 4548, always_xy=True)
    ring = [list(t.transform(x, y)) for x, y in ((116.41, 39.91), (116.412, 39.91), (116.412, 39.9115), (116.41, 39.91))]  # fmt: skip
    make_plot(personas.bob, personas.dongcheng, "DISP-01")
    body = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {"code": "DISP-01"}}]})  # fmt: skip
    c = _client(personas.bob, "zh-hans")

    def post(crs: str) -> str:
        f = SimpleUploadedFile("b.geojson", body.encode(), content_type="application/geo+json")
        return c.post("/plots/import/", {"file": f, "crs": crs}).content.decode()

    refused = post("")
    assert "未声明坐标系" in refused and "CM117" in refused and "b.geojson" in refused
    done = post("CM117")
    assert "EPSG:4548（用户指定）" in done and "由用户指定" in done
    receipt = AuditEvent.objects.filter(action="import_plots").latest("at").changes
    assert receipt["crs"].startswith(
        "EPSG:4548 (stated by user): EPSG:4548 "
    )  # stored as the engine wrote it
