"""Background-value set pages: list (scoped), upload, detail with its values, activate / retire / delete. Reads go
through `jingtu.core.access.scope`, writes through `jingtu.labdata.actions`; the file is read by the standards
engine (`BackgroundValues.from_bytes`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jingtu.core import access
from jingtu.divisions.models import District
from jingtu.labdata import actions
from jingtu.labdata.forms import BackgroundSetForm
from jingtu.labdata.models import BackgroundSet

MUNICIPAL = "municipal"


def _scopes(user: Any) -> list[tuple[str, str]]:
    """The scopes the user may upload a set for (asked of `access.can` with an unsaved set per scope)."""
    out: list[tuple[str, str]] = []
    if access.can(user, "add", BackgroundSet(district=None)):
        out.append((MUNICIPAL, _("Municipal (all districts without a set of their own)")))
    for d in District.objects.order_by("code"):
        if access.can(user, "add", BackgroundSet(district=d)):
            out.append((str(d.pk), d.name))
    return out


@login_required
def background_list(request: HttpRequest) -> HttpResponse:
    sets = access.scope(
        request.user, BackgroundSet.objects.select_related("district", "uploaded_by")
    ).order_by("district__code", "-active", "name", "-created_at")
    return render(
        request, "labdata/background_list.html", {"sets": sets, "can_upload": bool(_scopes(request.user))}
    )


@login_required
def background_upload(request: HttpRequest) -> HttpResponse:
    scopes = _scopes(request.user)
    if not scopes:
        raise PermissionDenied(_("You may not upload background values."))
    form = BackgroundSetForm(request.POST or None, request.FILES or None, scopes=scopes)
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        district = None if d["scope"] == MUNICIPAL else District.objects.get(pk=int(d["scope"]))
        f = d["file"]
        try:
            bs = actions.upload_background_set(
                request.user,
                name=d["name"],
                version=d["version"],
                source=d["source"],
                district=district,
                issued_on=d.get("issued_on"),
                note=d.get("note") or "",
                activate=bool(d.get("activate")),
                file_name=f.name,
                data=f.read(),
            )
        except actions.BackgroundSetInvalid as exc:
            error = exc
        else:
            messages.success(request, _("Background values stored: %(n)d values.") % {"n": bs.n_values})
            return redirect("labdata:background-detail", pk=bs.pk)
    return render(request, "labdata/background_upload.html", {"form": form, "error": error})


def _visible(request: HttpRequest, pk: int) -> BackgroundSet:
    return get_object_or_404(
        access.scope(request.user, BackgroundSet.all_objects.select_related("district", "uploaded_by")), pk=pk
    )


@login_required
def background_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bs = _visible(request, pk)
    return render(
        request,
        "labdata/background_detail.html",
        {
            "set": bs,
            "values": access.scope(request.user, bs.values.all()).order_by("line_no"),
            "can_change": not bs.is_deleted and access.can(request.user, "change", bs),
        },
    )


@login_required
@require_POST
def background_state(request: HttpRequest, pk: int) -> HttpResponse:
    bs = _visible(request, pk)
    what = request.POST.get("do", "")
    reason = (request.POST.get("reason") or "").strip()
    if what in ("activate", "retire"):
        actions.set_background_active(request.user, bs, active=what == "activate", reason=reason)
        messages.success(request, _("Set activated.") if what == "activate" else _("Set retired."))
    elif what == "delete":
        if not reason:
            messages.error(request, _("A reason is required to delete a set."))
        else:
            actions.delete_background_set(request.user, bs, reason=reason)
            messages.success(request, _("Set deleted (kept in the history)."))
            return redirect("labdata:background-list")
    return redirect("labdata:background-detail", pk=bs.pk)
