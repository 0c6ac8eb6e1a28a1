"""JSON API for the authentication service: is this API key valid, and under which policy? (§6.1)"""

import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pms.middleware import client_ip
from pms.ratelimit import is_limited

from .services import verify_api_key

INVALID = {"valid": False}


@csrf_exempt  # a JSON API called by a server, authenticated by what it sends; no cookie is involved
@login_not_required
@require_POST
def verify(request):
    """POST {"apiKey": "...", "partnerId": "..." (optional)} → the key's partner and policy, or {"valid": false}.

    Every failure of the key itself gets the same answer; only malformed requests (400), a missing
    service token (401) and rate limiting (429) are told apart.
    """
    if not _service_authorized(request):
        return JsonResponse(INVALID, status=401)
    if is_limited("apikey-verify", client_ip(request) or "unknown", settings.PMS_VERIFY_RATE_LIMIT):
        response = JsonResponse({**INVALID, "error": "rate_limited"}, status=429)
        response["Retry-After"] = "60"
        return response
    body = _json_body(request)
    if body is None:
        return JsonResponse({**INVALID, "error": "invalid_request"}, status=400)
    result = verify_api_key(plaintext=body["apiKey"], partner_id=body.get("partnerId", ""))
    if not result.valid:
        return JsonResponse(INVALID)
    key = result.key
    policy = key.link.policy
    return JsonResponse({
        "valid": True, "partnerId": key.partner.partner_id, "label": key.label, "policyId": str(policy.code),
        "policyName": policy.name, "policy": policy.document, "expiresAt": key.expires_at.isoformat(),
    })


def _json_body(request) -> dict | None:
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or not isinstance(body.get("apiKey"), str):
        return None
    if not isinstance(body.get("partnerId", ""), str) or len(body["apiKey"]) > 200:
        return None
    return body


def _service_authorized(request) -> bool:
    token = settings.PMS_VERIFY_API_TOKEN
    if not token:
        return True
    sent = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(sent.encode(), token.encode())
