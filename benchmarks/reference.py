"""The bare Django views every page is measured against (issue 12).

Same server, same middleware, same database, no login: one indexed query and a small template
(`page`), or one indexed lookup answered as JSON from a JSON POST body (`json_lookup`, the verify
API's reference). What a page costs beyond these is the portal's own work.

`frame` is the portal's frame alone: the same query under the portal's layout (top bar, language switcher,
bell, navigation, messages) for a logged-in user; what it costs beyond `page` is what every portal page pays
before its own content.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apikeys.models import ApiKey
from partners.models import Partner

_FRAME = engines["django"].from_string(
    '{% extends "layouts/portal.html" %}{% block head_title %}{{ partner.organization_name }}{% endblock %}'
    "{% block content %}<h1>{{ partner.organization_name }}</h1><p>{{ partner.partner_id }} · "
    "{{ partner.created_at }}</p>{% endblock %}")
_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang=\"en\"><head><title>{{ partner.organization_name }}</title></head>"
    "<body><h1>{{ partner.organization_name }}</h1><p>{{ partner.partner_id }} · {{ partner.created_at }}</p>"
    "</body></html>")


@login_not_required
def page(request):
    """One indexed lookup (primary key) and a small template."""
    partner = Partner.objects.filter(pk=request.GET.get("id", 1)).first()
    return TemplateResponse(request, _TEMPLATE, {"partner": partner})


def frame(request):
    """The reference's query and content inside the portal's layout, for a logged-in user."""
    partner = Partner.objects.filter(pk=request.GET.get("id", 1)).first()
    return TemplateResponse(request, _FRAME, {"partner": partner})


@csrf_exempt
@login_not_required
@require_POST
def json_lookup(request):
    """The verify API's reference: parse a JSON body, one indexed lookup, answer JSON."""
    body = json.loads(request.body)
    key = ApiKey.objects.filter(public_id=str(body.get("apiKey", ""))[4:14]).values("public_id", "status").first()
    return JsonResponse({"valid": key is not None, **(key or {})})
