"""Plot pages and API: scoped reads, writes through actions, the public page shows only what is public."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jingtu.divisions.api import DistrictSerializer
from jingtu.plots import actions
from jingtu.plots.models import Document, Plot
from tests.plots.helpers import PDF, doc, make_plot, walk


def _client(user: Any = None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_public_page_shows_only_the_list_and_only_public_fields(personas: Any) -> None:
    listed = walk(
        personas.bob,
        make_plot(
            personas.bob,
            personas.dongcheng,
            "PUB-LISTED",
            address="秘密路 1 号",
            former_enterprises="隐秘化工厂",
        ),
        "listed",
    )
    actions.add_contact(personas.bob, listed, name="联系人王某", phone="13800000000")
    left = walk(personas.bob, make_plot(personas.bob, personas.dongcheng, "PUB-LEFT"), "post_management")
    hidden = walk(personas.bob, make_plot(personas.bob, personas.dongcheng, "HIDDEN-RA"), "risk_assessment")
    published = make_plot(personas.bob, personas.dongcheng, "HIDDEN-SUSPECT", is_public=False)
    for client in (_client(), _client(personas.paul), _client(personas.alice)):  # same page whoever looks
        html = client.get("/public/").content.decode()
        assert "PUB-LISTED" in html and "PUB-LEFT" in html
        assert hidden.code not in html and published.code not in html
        for secret in ("秘密路", "隐秘化工厂", "联系人王某", "13800000000", "张三"):
            assert secret not in html
        fc = json.loads(client.get("/public/list.geojson").content)
        assert {f["properties"]["code"] for f in fc["features"]} == {"PUB-LISTED", "PUB-LEFT"}
        for f in fc["features"]:
            assert set(f["properties"]) <= {
                "code",
                "name",
                "district",
                "status",
                "on_list",
                "since",
                "left_on",
            }
        # the district outlines under the map: public reference data, nothing of any plot
        m = re.search(r'id="public-map"[^>]*data-districts="([^"]+)"', html)
        assert m is not None
        resp = client.get(m.group(1), HTTP_ACCEPT="application/json")
        assert resp.status_code == 200
        outlines = json.loads(resp.content)
        assert outlines["type"] == "FeatureCollection"
        assert any(f["geometry"] for f in outlines["features"] if f["properties"]["code"] == "110101")
        for f in outlines["features"]:
            assert set(f["properties"]) <= set(DistrictSerializer.Meta.fields)
        raw = resp.content.decode()
        for plot in (listed, left, hidden, published):
            assert plot.code not in raw and plot.name not in raw
        for secret in ("秘密路", "隐秘化工厂", "联系人王某", "13800000000"):
            assert secret not in raw
    assert left.state == "post_management"
    # the public cannot open the plot pages, documents or the scoped list API beyond public rows
    assert _client(personas.paul).get(f"/plots/{listed.code}/").status_code == 404
    d = Document.objects.filter(plot=listed).first()
    assert d is not None
    assert _client(personas.paul).get(f"/plots/{listed.code}/documents/{d.pk}/").status_code == 404
    assert _client().get("/plots/").status_code == 302  # login required
    api = json.loads(_client().get("/api/plots/").content)
    assert api["count"] == 0 if "count" in api else api["features"] == []
    remediation = json.loads(_client().get("/api/lists/remediation/").content)
    assert {f["properties"]["code"] for f in remediation["features"]} == {"PUB-LISTED", "PUB-LEFT"}
    dormant = json.loads(_client().get("/api/lists/dormant/").content)
    assert dormant["features"] == []


def test_detail_page_scoped_and_shows_history(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "detailed_investigation")
    html = _client(personas.bob).get(f"/plots/{plot.code}/").content.decode()
    assert "transition-form" in html and "risk_assessment" in html
    assert html.count("<tr><td>") >= 5  # audit history rows
    assert _client(personas.carol).get(f"/plots/{plot.code}/").status_code == 404
    # municipal planning department reads (no forms), Dongcheng planning reads its district
    html = _client(personas.dave).get(f"/plots/{plot.code}/").content.decode()
    assert "transition-form" not in html
    assert _client(personas.dan).get(f"/plots/{plot.code}/").status_code == 200


def test_web_upload_review_transition_and_refusal(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "preliminary_investigation")
    c = _client(personas.bob)
    r = c.post(
        f"/plots/{plot.code}/documents/",
        {
            "doc_type": "preliminary_investigation_report",
            "title": "初步调查报告",
            "date": "2024-05-01",
            "author_org": "Geo 咨询",
            "file": SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert r.status_code == 302
    d = Document.objects.get(plot=plot, title="初步调查报告")
    # a non-PDF is refused by the form
    c.post(
        f"/plots/{plot.code}/documents/",
        {
            "doc_type": "other",
            "title": "x",
            "date": "2024-05-01",
            "file": SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf"),
        },
    )
    assert not Document.objects.filter(title="x").exists()
    # consuming the stream closes the file the way the test client expects (r.close() would fire
    # request_finished and close the database connection inside the test transaction)
    assert c.get(f"/plots/{plot.code}/documents/{d.pk}/").getvalue().startswith(b"%PDF-")
    c.post(
        f"/plots/{plot.code}/reviews/",
        {
            "subject": "preliminary_investigation_report",
            "date": "2024-05-10",
            "experts": "甲、乙、丙",
            "conclusion": "below_screening",
            "document": d.pk,
        },
    )
    review = plot.reviews.get()
    # refused: wrong target for the conclusion -> message with the rule, state unchanged
    r = c.post(
        f"/plots/{plot.code}/transition/",
        {"to_state": "detailed_investigation", "date": "2024-05-11", "review": review.pk},
        follow=True,
    )
    assert "LC-X04" in r.content.decode()
    assert Plot.objects.get(pk=plot.pk).state == "preliminary_investigation"
    r = c.post(
        f"/plots/{plot.code}/transition/",
        {"to_state": "investigation_closed", "date": "2024-05-11", "review": review.pk},
        follow=True,
    )
    assert Plot.objects.get(pk=plot.pk).state == "investigation_closed"
    alerts = _client(personas.bob).get("/alerts/").content.decode()
    assert "LC-X04" in alerts
    assert "LC-X04" not in _client(personas.carol).get("/alerts/").content.decode()


def test_lists_page_reconstructs_a_past_date(personas: Any) -> None:
    plot = walk(personas.bob, make_plot(personas.bob, personas.dongcheng), "post_management")
    entered = plot.list_events.get(change="enter").effective_on
    c = _client(personas.bob)
    on = c.get(f"/lists/remediation/?date={entered.isoformat()}").content.decode()
    before = c.get(
        f"/lists/remediation/?date={(entered - dt.timedelta(days=1)).isoformat()}"
    ).content.decode()
    assert plot.code in on.split('id="list-rows"')[1].split("</table>")[0]
    assert plot.code not in before.split('id="list-rows"')[1].split("</table>")[0]
    assert c.get("/lists/nonsense/").status_code == 404
    # every version is listed with what entered and left, each linking to the list as of that day
    exited = plot.list_events.get(change="exit").effective_on
    versions = on.split('id="list-versions"')[1].split("</table>")[0]
    assert (
        f'href="?date={exited.isoformat()}"' in versions and f'href="?date={entered.isoformat()}"' in versions
    )
    assert versions.index(exited.isoformat()) < versions.index(entered.isoformat())  # newest first
    left = c.get("/lists/remediation/").content.decode().split('id="left-rows"')[1].split("</table>")[0]
    assert f'href="/plots/{plot.code}/"' in left and exited.isoformat() in left
    # carol (Chaoyang) sees no version of Dongcheng's list
    other = _client(personas.carol).get("/lists/remediation/").content.decode()
    assert plot.code not in other.split('id="list-versions"')[1].split("</table>")[0]


def test_alerts_name_district_and_department_and_link_the_subject(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng, "AL-1", exceeds_screening_since=dt.date(2023, 3, 15))
    html = _client(personas.bob).get("/alerts/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "东城区 · 生态环境部门" in html and "ecology_environment" not in html
    assert f'<a href="/plots/{plot.code}/">{plot.code}</a> <strong>LEDGER-01</strong>' in html
    assert '<a href="/lists/priority/">优先监管地块清单</a> <strong>LIST-01</strong>' in html


def test_document_of_other_district_is_not_served(personas: Any) -> None:
    plot = make_plot(personas.bob, personas.dongcheng)
    d = doc(personas.bob, plot, "other", dt.date(2024, 1, 1))
    assert _client(personas.carol).get(f"/plots/{plot.code}/documents/{d.pk}/").status_code == 404
    r = _client(personas.bob).get(f"/plots/{plot.code}/documents/{d.pk}/")
    assert r.status_code == 200
    assert r.getvalue() == PDF


def test_register_a_plot_edit_it_and_add_a_contact_on_the_web(personas: Any) -> None:
    c = _client(personas.bob)
    assert c.get("/plots/new/").status_code == 200
    form = {
        "code": "WEB-1", "name": "网页登记地块", "district": personas.dongcheng.pk, "street": "东直门街道",
        "land_use_current": "M1", "land_use_planned": "R2", "industry": "chemical", "production_years": "25",
        "entry_source": "change_of_use",
    }  # fmt: skip
    r = c.post("/plots/new/", form)
    assert r.status_code == 302 and r["Location"] == "/plots/WEB-1/"
    p = Plot.objects.get(code="WEB-1")
    assert (p.land_class, p.sensitive, p.street, p.production_years) == ("1", True, "东直门街道", 25)
    # a code that is not GB 50137 is refused naming the field; nothing stored
    bad = c.post("/plots/new/", {**form, "code": "WEB-2", "land_use_planned": "0701"})
    assert bad.status_code == 200 and not Plot.objects.filter(code="WEB-2").exists()
    assert "land_use_planned" in bad.context["form"].errors
    # bob may not register a plot in Chaoyang
    other = c.post("/plots/new/", {**form, "code": "WEB-3", "district": personas.chaoyang.pk})
    assert other.status_code == 200 and not Plot.objects.filter(code="WEB-3").exists()
    # edit: the derived class follows, the code is not editable, the change is audited with history
    r = c.post(
        "/plots/WEB-1/edit/", {**form, "code": "CHANGED", "land_use_planned": "M1", "address": "某路 2 号"}
    )
    assert r.status_code == 302
    p = Plot.objects.get(pk=p.pk)
    assert (p.code, p.land_use_planned, p.sensitive, p.address) == ("WEB-1", "M1", False, "某路 2 号")
    assert p.history.count() == 2
    assert _client(personas.carol).get("/plots/WEB-1/edit/").status_code == 404
    assert _client(personas.paul).get("/plots/new/").status_code == 403
    # contacts
    r = c.post(
        "/plots/WEB-1/contacts/", {"name": "联系人李某", "role": "土地使用权人代表", "phone": "010-1234"}
    )
    assert r.status_code == 302 and p.contacts.get().phone == "010-1234"
    html = c.get("/plots/WEB-1/").content.decode()
    assert "联系人李某" in html and 'id="edit-plot"' in html


def test_web_import_names_the_crs_and_reports_errors_with_nothing_stored(
    personas: Any, tmp_path: Any
) -> None:
    from tests.plots.test_import_export import _write

    c = _client(personas.bob)
    path = _write(tmp_path, 4548, "WEBIMP-1", "gpkg")
    r = c.post("/plots/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    html = r.content.decode()
    assert r.status_code == 200 and "EPSG:4548 (declared)" in html and 'href="/plots/WEBIMP-1/"' in html
    assert Plot.objects.filter(code="WEBIMP-1").exists()
    # the import's audit event (one per file, with the receipt) shows in the plot's history
    history = c.get("/plots/WEBIMP-1/").content.decode().split('id="history"')[1]
    assert "import_plots" in history and "WEBIMP-1.gpkg" in history
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Polygon", "coordinates": [[[449551, 4419701], [449706, 4419701],
                                                                          [449706, 4419824], [449551, 4419701]]]},
                        "properties": {"code": "WEBIMP-2", "name": "x", "district": "110101"},
                    }
                ],
            }
        )
    )  # fmt: skip
    html = c.post(
        "/plots/import/", {"file": SimpleUploadedFile("bad.geojson", bad.read_bytes())}
    ).content.decode()
    assert (
        'id="import-errors"' in html
        and "bad.geojson: no coordinate system declared" in html
        and "CM117" in html
    )
    assert not Plot.objects.filter(code="WEBIMP-2").exists()
    assert _client(personas.paul).get("/plots/import/").status_code == 403
