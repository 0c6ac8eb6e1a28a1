"""JSON API for the authentication service: is this API key valid, and under which policy? (§6.1)"""

import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pms import jsonsafe
from pms.errors import Refused
from pms.middleware import client_ip
from pms.ratelimit import is_limited

from . import selectors
from .services import verify_api_key

INVALID = {"valid": False}
MAX_BODY_BYTES = 4096  # a well-formed request is under 200 bytes


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
    try:
        body = _json_body(request)
    except Refused as refusal:
        return JsonResponse({**INVALID, "error": "invalid_request", "reason": refusal.code,
                             "message": str(refusal.message)}, status=400)
    result = verify_api_key(plaintext=body["apiKey"], partner_id=body.get("partnerId", ""))
    if not result.valid:
        return JsonResponse(INVALID)
    key = result.key
    head = json.dumps({"valid": True, "partnerId": key.partner_id, "label": key.label,
                       "expiresAt": key.expires_at.isoformat()})
    # The policy's part is serialised once per policy version (selectors.policy_answer), not per call.
    body = b"".join((head[:-1].encode(), b", ", selectors.policy_answer(key.policy_pk, key.policy_updated_at), b"}"))
    return HttpResponse(body, content_type="application/json")


def _json_body(request) -> dict:
    """{"apiKey": str, "partnerId": str (optional)}, parsed by the portal's one JSON parser; Refused otherwise."""
    if _declared_length(request) > MAX_BODY_BYTES:
        raise jsonsafe.JsonRefused("json_too_large", _("The request body is too long: at most %(max)s bytes.")
                                   % {"max": MAX_BODY_BYTES})
    body = jsonsafe.loads(request.body, max_size=MAX_BODY_BYTES)
    if not isinstance(body, dict) or not isinstance(body.get("apiKey"), str) or len(body["apiKey"]) > 200:
        raise Refused("invalid_api_key_field", _("Send a JSON object whose \"apiKey\" is a text of at most 200 "
                                                 "characters."))
    if not isinstance(body.get("partnerId", ""), str) or len(body.get("partnerId", "")) > 64:
        raise Refused("invalid_partner_id_field", _("\"partnerId\", when sent, must be a text of at most 64 "
                                                    "characters."))
    return body


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _service_authorized(request) -> bool:
    token = settings.PMS_VERIFY_API_TOKEN
    if not token:
        return True
    sent = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(sent.encode(), token.encode())
