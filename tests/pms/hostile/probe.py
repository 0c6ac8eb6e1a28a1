"""One request as an attacker sends it, and what went wrong with the answer.

Every request runs inside a savepoint that is rolled back afterwards, and the client's cookies are put back,
so that each request meets the same portal (an accepted hostile POST or a logout leaves nothing behind).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .corpus import MARK
from .dbstate import NOT_DOMAIN, Fingerprint, written_tables

ERROR_MARKERS = (b"errorlist", b"is-invalid", b"alert-danger", b"invalid-feedback")
LANGUAGES = ("en", "fr", "ar")


@dataclass
class Answer:
    method: str
    path: str
    status: int
    content: bytes
    content_type: str
    refused: bool
    problems: list[str] = field(default_factory=list)


class Prober:
    def __init__(self, role: str, user, fingerprint: Fingerprint):
        self.role, self.user, self.fingerprint = role, user, fingerprint
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.baseline = fingerprint.take()
        self.count = 0

    def get(self, path: str, query: str = "", *, what: str = "", **headers) -> Answer:
        return self._send("GET", path, what, QUERY_STRING=query, **headers)

    def post(self, path: str, data=None, *, what: str = "", must_refuse_mark: bool = False, **extra) -> Answer:
        return self._send("POST", path, what, data=data, must_refuse_mark=must_refuse_mark, **extra)

    def _send(self, method: str, path: str, what: str, *, data=None, must_refuse_mark=False, **extra) -> Answer:
        cache.clear()  # rate limits must not turn later hostile requests into 429s
        cookies = self.client.cookies
        self.client.cookies = type(cookies)(cookies)
        self.client.cookies["pms_language"] = LANGUAGES[self.count % 3]
        self.count += 1
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    response = self._call(method, path, data, extra)
                answer = self._judge(method, path, what, response, queries, must_refuse_mark)
                transaction.set_rollback(True)
        finally:
            self.client.cookies = cookies
        return answer

    def _call(self, method, path, data, extra):
        if method == "GET":
            return self.client.get(path, **extra)
        if "content_type" in extra:
            return self.client.generic("POST", path, data, **extra)
        return self.client.post(path, data or {}, **extra)

    def _judge(self, method, path, what, response, queries, must_refuse_mark) -> Answer:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        answer = Answer(method, path, response.status_code, content, response.get("Content-Type", ""),
                        refused=_is_refusal(method, response, content))
        label = f"{self.role} {method} {path} [{what}]"
        if response.status_code >= 500 or response.exc_info:
            error = response.exc_info[1] if response.exc_info else ""
            answer.problems.append(f"{label}: {response.status_code} {type(error).__name__}: {str(error)[:200]}")
            return answer
        if b"Traceback" in content or b"technical_500" in content:
            answer.problems.append(f"{label}: the answer shows a traceback")
        if response.status_code in (301, 302, 303, 307, 308):
            location = urlsplit(response["Location"])
            if location.netloc not in ("", "testserver") or location.scheme not in ("", "http", "https"):
                answer.problems.append(f"{label}: redirects off-site to {response['Location'][:100]}")
        if method == "GET":
            writes = written_tables(queries.captured_queries) - NOT_DOMAIN
            if writes:
                answer.problems.append(f"{label}: GET wrote to {sorted(writes)}")
        elif answer.refused or must_refuse_mark:
            self._check_unchanged(answer, label, must_refuse_mark)
        return answer

    def _check_unchanged(self, answer: Answer, label: str, must_refuse_mark: bool) -> None:
        changed = Fingerprint.changed(self.baseline, self.fingerprint.take())
        if answer.refused and changed:
            answer.problems.append(f"{label}: refused ({answer.status}) but changed {changed}")
        elif must_refuse_mark and changed and _stored_mark(changed):
            answer.problems.append(f"{label}: stored a value that must be refused, in {_stored_mark(changed)}")


def _is_refusal(method: str, response, content: bytes) -> bool:
    if response.status_code >= 400:
        return True
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    if any(message.level >= messages.ERROR for message in queued):
        return True
    return method == "POST" and response.status_code == 200 and any(m in content for m in ERROR_MARKERS)


def _stored_mark(tables: list[str]) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f'SELECT 1 FROM "{table}" AS t WHERE t::text LIKE %s LIMIT 1', [f"%{MARK}%"])
                if cursor.fetchone():
                    found.append(table)
    return found
