from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .dashboard import cards_html, checklist_html
from .permissions import is_partner
from .portal import features_for_request, onboarding_for, render_partner_sections


def dashboard(request):
    """Cards for the features this user can use, with pending counts; partners also get their checklist."""
    cards = [(feature, feature.pending(request.user) if feature.pending else None)
             for feature in features_for_request(request) if feature.card]
    partner = request.user.partner if is_partner(request.user) else None
    steps = onboarding_for(partner) if partner else []
    return render(request, "pms/dashboard.html", {
        "cards": cards, "steps": steps, "cards_html": cards_html(cards), "checklist_html": checklist_html(steps),
        "sections": render_partner_sections("dashboard", partner, request) if partner else [],
    })


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 only when the database and, where one is configured, the broker answer."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def _database_ok() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001  (any failure means "unavailable"; details go to the log)
        return "unavailable"


def _broker_ok() -> str:
    from django.conf import settings

    from .celery import app

    if not settings.CELERY_BROKER_URL.startswith(("redis", "amqp")):
        return "not configured"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001
        return "unavailable"
