"""Plot pages and API: scoped reads, writes through actions, the public page shows only what is public."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

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
