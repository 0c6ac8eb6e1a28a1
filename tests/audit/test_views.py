import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit import services as audit
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def shown(page) -> list[AuditEvent]:
    """The events of a page of the list, in its order (a page reads only their keys: audit/rows.py)."""
    events = AuditEvent.objects.in_bulk([row.pk for row in page.object_list])
    return [events[row.pk] for row in page.object_list]


def csv_of(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_admin_sees_events_newest_first(dave_client):
    audit.record(event="older", module="tests")
    audit.record(event="newer", module="tests")
    events = shown(dave_client.get("/audit/").context["page"])
    assert [e.event for e in events[:2]] == ["newer", "older"]


UPLOADED, APPROVED = "ca_certificate_upload_refused", "policy_link_approved"


@pytest.mark.parametrize(("query", "expected"), [
    ("module=certificates", {UPLOADED}),
    (f"event={APPROVED}", {APPROVED}),
    ("outcome=failure", {UPLOADED}),
    ("actor=ali", {APPROVED}),
])
def test_admin_filters_events(dave_client, alice, query, expected):
    audit.record(event=UPLOADED, module="certificates", outcome="failure")
    audit.record(event=APPROVED, module="policies", actor=alice)
    page = dave_client.get(f"/audit/?{query}").context["page"]
    assert {e.event for e in shown(page)} == expected


def test_filter_choices_come_from_the_code_not_from_the_table(dave_client):
    audit.record(event="made_up_event", module="made_up_module")
    form = dave_client.get("/audit/").context["form"]
    events, modules = dict(form.fields["event"].choices), dict(form.fields["module"].choices)
    assert APPROVED in events and "api_key_generated" in events and "made_up_event" not in events
    assert {"accounts", "apikeys", "certificates", "partners", "policies"} <= set(modules)
    assert "made_up_module" not in modules


def test_admin_filters_events_by_date(dave_client):
    old = audit.record(event="policy_created", module="policies")
    AuditEvent.objects.filter(pk=old.pk).update(timestamp=old.timestamp - dt.timedelta(days=10))
    audit.record(event="policy_updated", module="policies")
    today = dt.date.today().isoformat()
    page = dave_client.get(f"/audit/?module=policies&date_from={today}&date_to={today}").context["page"]
    assert {e.event for e in shown(page)} == {"policy_updated"}


def test_a_date_filter_includes_the_whole_last_day(dave_client):
    late = audit.record(event="policy_created", module="policies")
    evening = dt.datetime(2026, 3, 4, 23, 59, 59, 999999, tzinfo=dt.UTC)
    AuditEvent.objects.filter(pk=late.pk).update(timestamp=evening)
    page = dave_client.get("/audit/?date_from=2026-03-04&date_to=2026-03-04").context["page"]
    assert [e.pk for e in page.object_list] == [late.pk]
    assert not dave_client.get("/audit/?date_from=2026-03-05&date_to=2026-03-05").context["page"].object_list


def test_inverted_date_range_is_reported(dave_client):
    response = dave_client.get("/audit/?date_from=2026-02-01&date_to=2026-01-01")
    assert "The end date must be on or after the start date." in response.content.decode()


def test_garbage_filters_do_not_break_the_page(dave_client):
    response = dave_client.get("/audit/?date_from=notadate&outcome=maybe&page=abc")
    assert response.status_code == 200


def _record_many(count: int) -> list[AuditEvent]:
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return AuditEvent.objects.bulk_create([  # several events in the same microsecond: ties broken by id
        AuditEvent(timestamp=moment + dt.timedelta(seconds=n // 3), event="policy_created", module="policies",
                   actor="system", outcome="success") for n in range(count)])


def test_events_are_paged_by_fifty_older_and_newer(dave_client):
    events = _record_many(120)
    newest_first = [e.pk for e in reversed(events)]
    first = dave_client.get("/audit/?module=policies").context["page"]
    assert [e.pk for e in first.object_list] == newest_first[:50] and first.is_newest and first.older
    second = dave_client.get(f"/audit/?module=policies&older={first.older}").context["page"]
    third = dave_client.get(f"/audit/?module=policies&older={second.older}").context["page"]
    assert [e.pk for e in second.object_list] == newest_first[50:100]
    assert [e.pk for e in third.object_list] == newest_first[100:] and not third.older
    back = dave_client.get(f"/audit/?module=policies&newer={third.newer}").context["page"]
    assert [e.pk for e in back.object_list] == newest_first[50:100] and back.newer and back.older


def test_going_newer_from_the_second_page_shows_the_newest_page(dave_client):
    events = _record_many(60)
    first = dave_client.get("/audit/?module=policies").context["page"]
    second = dave_client.get(f"/audit/?module=policies&older={first.older}").context["page"]
    back = dave_client.get(f"/audit/?module=policies&newer={second.newer}").context["page"]
    assert [e.pk for e in back.object_list] == [e.pk for e in reversed(events)][:50] and back.is_newest


def test_page_links_keep_the_filters(dave_client):
    _record_many(60)
    body = dave_client.get("/audit/?module=policies").content.decode()
    assert "module=policies&amp;older=" in body and "Older" in body


def test_a_malformed_cursor_shows_the_newest_page(dave_client):
    events = _record_many(3)
    page = dave_client.get("/audit/?module=policies&older=12x_ab&newer=9999999999999999999999").context["page"]
    assert [e.pk for e in page.object_list] == [e.pk for e in reversed(events)]


def test_unfiltered_list_shows_about_how_many_events_there_are(dave_client):
    _record_many(3)
    body = dave_client.get("/audit/").content.decode()
    assert f"About {AuditEvent.objects.count()} events in the trail." in body


def test_csv_export_follows_the_filters(dave_client):
    audit.record(event=UPLOADED, module="certificates", details={"code": "weak_key"})
    audit.record(event=APPROVED, module="policies")
    lines = csv_of(dave_client.get("/audit/export.csv?module=certificates")).strip().splitlines()
    assert lines[0].startswith("event_id,timestamp,event,module,actor")
    assert len(lines) == 2 and f",{UPLOADED},certificates," in lines[1] and "weak_key" in lines[1]


def test_csv_export_neutralizes_spreadsheet_formulas(dave_client):
    audit.record(event="login_failed", module="accounts", actor="=HYPERLINK(\"http://x\")")
    body = csv_of(dave_client.get("/audit/export.csv?event=login_failed"))
    assert "'=HYPERLINK" in body


def test_list_runs_the_same_number_of_queries_for_1_and_500_events(dave_client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert dave_client.get("/audit/?module=apikeys").status_code == 200
        return len(ctx.captured_queries)

    audit.record(event="api_key_generated", module="apikeys")
    one = count()
    AuditEvent.objects.bulk_create([
        AuditEvent(timestamp=dt.datetime.now(dt.UTC), event="api_key_generated", module="apikeys", actor="system",
                   outcome="success") for n in range(499)])
    assert count() == one


def test_export_command_writes_csv(tmp_path):
    from django.core.management import call_command

    audit.record(event=UPLOADED, module="certificates")
    target = tmp_path / "audit.csv"
    call_command("export_audit_log", "--output", str(target), "--module", "certificates")
    assert target.read_text().count("\n") == 2


def test_export_command_refuses_a_bad_date():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Invalid filter"):
        call_command("export_audit_log", "--date-from", "yesterday")


def test_rows_rendered_once_are_shown_again_in_each_language(dave_client):
    """The audit list keeps each event's row per language (audit/rows.py): French after English is French."""
    audit.record(event="api_key_expired", module="apikeys", details={"reason": "expired"})
    english = dave_client.get("/audit/").content.decode()
    dave_client.cookies["pms_language"] = "fr"

    french = dave_client.get("/audit/").content.decode()

    assert "API key expired" in english and "API key expired" not in french
    assert french.count("<tr>") == english.count("<tr>")


def test_a_page_shown_again_reads_only_its_events_keys(dave_client):
    """Rows already rendered come from the store (audit/rows.py): the events' details are not read again."""
    audit.record(event="api_key_expired", module="apikeys", details={"reason": "expired"})
    first = dave_client.get("/audit/").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = dave_client.get("/audit/").content.decode()
    def table(html: str) -> str:
        return html[html.index("<tbody>"):html.index("</tbody>")]

    assert table(again) == table(first) and "expired" in table(again)
    assert not [q for q in ctx.captured_queries if '"audit_auditevent"."details"' in q["sql"]]


def test_a_new_event_is_rendered_from_its_full_row(dave_client):
    dave_client.get("/audit/")
    audit.record(event="api_key_expired", module="apikeys", details={"reason": "Contract ended"})
    assert "Contract ended" in dave_client.get("/audit/").content.decode()


def test_the_newest_page_is_a_prepared_statement_on_postgresql(dave_client):
    from tests.conftest import require_postgresql

    require_postgresql()
    audit.record(event=APPROVED, module="policies")
    for _ in range(2):
        assert dave_client.get("/audit/?module=policies").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%audit_auditevent%LIMIT%'")
        assert cursor.fetchall()
