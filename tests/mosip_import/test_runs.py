"""How a run behaves: dry run, the audit event, failures that stop a run, options, and the read-only source."""

import psycopg
import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apikeys.models import ApiKey
from audit.models import AuditEvent
from mosip_import.models import ImportedRecord
from mosip_import.source import Source, SourceError, Table
from partners.models import Partner, User
from policies.models import Policy

from . import mosip_schema
from .deployment import AUTH_PARTNER


def test_dry_run_prints_the_report_and_saves_nothing(run_import):
    out, err, report = run_import("--dry-run", "--invite")
    assert "Dry run: nothing was saved" in out and "Partners" in out and "mpolicy-bad" in out
    assert "partners,mpartner-tech5-auth-0001,imported" in report
    assert not Partner.objects.exists() and not Policy.objects.exists() and not ApiKey.objects.exists()
    assert not ImportedRecord.objects.exists() and not mail.outbox


def test_dry_run_is_recorded_once_in_the_audit_trail(run_import):
    run_import("--dry-run")
    event = AuditEvent.objects.get(module="mosip_import")
    assert event.event == "mosip_import_dry_run" and event.outcome == "success"


def test_each_run_is_one_audit_event_with_the_counts(run_import):
    run_import()
    run_import()
    events = AuditEvent.objects.filter(module="mosip_import").order_by("pk")
    assert [e.event for e in events] == ["mosip_import_run", "mosip_import_run"]
    counts = {row["kind"]: row for row in events[0].details["counts"]}
    assert counts["partners"]["imported"] == 8 and counts["api_keys"]["imported"] == 4
    assert {row["kind"]: row for row in events[1].details["counts"]}["partners"]["imported"] == 0
    assert "password" not in str(events[0].details) and events[0].details["source_pms"].endswith("(postgres)")


@pytest.fixture
def broken_oidc_table(mosip):
    with mosip.write() as source:
        source.execute("ALTER TABLE pms.oidc_client RENAME COLUMN redirect_uris TO redirect_uris_gone")
    yield
    with mosip.write() as source:
        source.execute("ALTER TABLE pms.oidc_client RENAME COLUMN redirect_uris_gone TO redirect_uris")


def test_a_failing_kind_is_rolled_back_alone_and_the_run_says_where_it_stopped(run_import, broken_oidc_table):
    with pytest.raises(CommandError, match="stopped at oidc_clients"):
        run_import()
    assert Partner.objects.filter(partner_id=AUTH_PARTNER).exists() and ApiKey.objects.count() == 4
    event = AuditEvent.objects.get(module="mosip_import")
    assert event.outcome == "failure" and event.details["stopped_at"] == "oidc_clients"
    assert "redirect_uris" in event.details["error"]


def test_without_the_key_manager_certificates_are_said_not_read(mosip, settings):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_mosip_pms", "--pms-dsn", mosip.pms_dsn, stdout=out, stderr=err)
    assert "no --keymgr-dsn" in out.getvalue() and Partner.objects.exists()


def test_unreachable_source_is_a_clear_error_without_the_password(db):
    dsn = "postgres://reader:s3cret-pass@127.0.0.1:1/mosip_pms"
    with pytest.raises(CommandError) as error:
        call_command("import_mosip_pms", "--pms-dsn", dsn)
    assert "Cannot read the MOSIP database" in str(error.value) and "s3cret-pass" not in str(error.value)
    assert not AuditEvent.objects.filter(module="mosip_import").exists()


@pytest.mark.parametrize("days", ["0", "-5", "4000"])
def test_expiry_days_out_of_range_are_refused(db, days):
    with pytest.raises(CommandError, match="between 1 and 3650"):
        call_command("import_mosip_pms", "--pms-dsn", "postgres://x@127.0.0.1/x", "--legacy-key-expiry-days", days)


def test_invite_needs_the_portal_address(db, settings):
    settings.PMS_PORTAL_URL = ""
    with pytest.raises(CommandError, match="PMS_PORTAL_URL"):
        call_command("import_mosip_pms", "--pms-dsn", "postgres://x@127.0.0.1/x", "--invite")


def test_unwritable_report_path_is_a_clear_error(mosip, tmp_path):
    with pytest.raises(CommandError, match="Cannot write the report"):
        call_command("import_mosip_pms", "--pms-dsn", mosip.pms_dsn, "--report", str(tmp_path / "no" / "r.csv"))


def test_the_source_connection_refuses_writes(mosip):
    source = Source(mosip.pms_dsn, label="mosip_pms")
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            source.connection.execute("DELETE FROM pms.partner")
    finally:
        source.close()


def _snapshot(dsn: str, schema: str, tables: list[str]) -> dict:
    with psycopg.connect(dsn) as connection:
        return {t: connection.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {schema}.{t} t")
                .fetchone()[0] for t in tables}


def test_the_import_changes_nothing_in_mosip(run_import, mosip):
    before = (_snapshot(mosip.pms_dsn, "pms", mosip_schema.PMS_TABLES),
              _snapshot(mosip.keymgr_dsn, "keymgr", mosip_schema.KEYMGR_TABLES))
    run_import("--invite")
    assert (_snapshot(mosip.pms_dsn, "pms", mosip_schema.PMS_TABLES),
            _snapshot(mosip.keymgr_dsn, "keymgr", mosip_schema.KEYMGR_TABLES)) == before


def test_columns_of_newer_mosip_versions_read_as_null_on_older_ones(mosip):
    source = Source(mosip.pms_dsn, label="mosip_pms")
    try:
        rows = list(source.rows(Table("pms", "partner", ("id",), optional=("column_of_the_future",))))
        assert rows and all(row["column_of_the_future"] is None for row in rows)
        with pytest.raises(SourceError, match="no column"):
            list(source.rows(Table("pms", "partner", ("id", "column_of_the_future"))))
    finally:
        source.close()


def test_imported_users_cannot_log_in_before_setting_a_password(run_import, client):
    run_import()
    user = User.objects.get(username="tech5auth")
    assert user.is_active and not user.has_usable_password()
    response = client.post("/accounts/login/", {"login": "tech5auth", "password": ""})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_each_kind_reports_progress_with_its_total_and_ends_with_counts_and_rate(mosip):
    from mosip_import import services

    progress, done = {}, []

    def recorder(label, total):
        from contextlib import contextmanager

        @contextmanager
        def bar():
            progress[label] = [total, 0]
            yield lambda: progress[label].__setitem__(1, progress[label][1] + 1)

        return bar()

    services.import_mosip_pms(options=services.Options(pms_dsn=mosip.pms_dsn, keymgr_dsn=mosip.keymgr_dsn),
                              progress=recorder, on_kind_done=done.append)
    assert progress["Partners"] == [10, 10] and progress["API keys"] == [4, 4]
    assert all(total == advanced for total, advanced in progress.values())
    assert [s.kind for s in done][:3] == ["partner_types", "policy_groups", "policies"] and done[0].rate > 0


def test_the_command_prints_one_line_per_kind_with_counts_and_rate(run_import):
    out, err, report = run_import()
    assert "Partners: 10 rows in" in err and "/s): 8 imported, 0 updated, 2 skipped, 0 refused" in err
