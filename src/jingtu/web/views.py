from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jingtu.core import access
from jingtu.divisions.models import District
from jingtu.orgs.models import Organisation
from jingtu.plots.models import Plot


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Dashboard: the district map and what the user may see, per district."""
    plots = access.scope(request.user, Plot.objects.all())
    visible_ids = list(plots.values_list("id", flat=True))
    districts = District.objects.exclude(kind=District.Kind.MUNICIPALITY).annotate(
        plot_count=Count("plot", filter=Q(plot__id__in=visible_ids, plot__deleted_at__isnull=True))
    )
    context = {
        "districts": districts,
        "district_count": districts.count(),
        "organisation_count": access.scope(request.user, Organisation.objects.all()).count(),
        "plot_count": len(visible_ids),
        "role": access.role_of(request.user),
    }
    return render(request, "jingtu/home.html", context)
