"""The daily sweep on PostgreSQL, set-based (issue 9, point 8): per rule, one statement selects the items at
a threshold they were not notified at yet, joins their recipients, inserts the notices (ON CONFLICT DO NOTHING
against the constraints that make a notice exactly-once) and returns the notices it inserted, which are then
audited with one COPY of events already sealed (`audit.record_many`).

It computes in SQL what `sweep.due_rows` computes in Python (the SQLite fallback, the development default):
the days left and the threshold counted in the portal's time zone (AT TIME ZONE settings.TIME_ZONE), the
moment the next threshold begins, the parameters (as `claims.json_ready` writes them) and the recipients.
The two are kept equal by tests run on both databases (tests/notifications/test_sweep.py and
test_sweep_sql.py).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Exists, F, OuterRef

from partners.selectors import partner_admins

from .. import bell, schedule
from ..models import EmailStatus, Notification
from ..rules import ADMINS, EMAIL, Rule
from .claims import audit_created

WORK_MEM = "64MB"
USER_COLUMNS = {"owner": "{owner}_id", "owner_active": "{owner}__is_active", "owner_partner": "{owner}__partner_id",
                "owner_email": "{owner}__email", "partner": "{partner}_id"}


def due_notices_sql(rule: Rule, *, now: dt.datetime, created_at: dt.datetime) -> tuple[str, list]:
    """SELECT of the notices due for `rule` at `now`: one row per (item, recipient), with every column of
    notifications_notification but `id` and `code` (and the recipient's email address as `x_email`)."""
    source, source_params, kinds = _source(rule, now)
    zone = _literal(settings.TIME_ZONE)
    day_start = DayStarts(schedule.today(now), zone)
    local_day = f"((x_expires_at AT TIME ZONE '{zone}')::date)"
    moment = _moment("s_expires_at", kinds["expires_at"], day_start)
    items = f"SELECT src.*, {moment} AS x_expires_at FROM ({source}) AS src"
    days = f"SELECT items.*, {local_day} - %s::date AS x_days FROM ({items}) AS items"
    ascending = sorted(set(rule.offsets))
    threshold = "CASE " + " ".join(f"WHEN x_days <= {offset} THEN {offset}" for offset in ascending) + " END"
    with_threshold = f"SELECT days.*, {threshold} AS x_threshold FROM ({days}) AS days"
    next_due = "CASE x_threshold " + " ".join(  # schedule.next_due: the start of the next threshold's day
        f"WHEN {offset} THEN " + ("x_expires_at" if index == 0 else
                                  day_start(f"({local_day} - {ascending[index - 1]})"))
        for index, offset in enumerate(ascending)) + " END"
    name = "COALESCE(NULLIF(s_name, ''), " + ("s_subject" if "subject" in rule.columns else "''") + ", '')"
    pairs = [f"'{key}', {_json(f's_{key}', kinds[key])}" for key in rule.columns if key not in ("expires_at", "name")]
    json_params = "jsonb_build_object(" + ", ".join(
        [*pairs, f"'expires_at', {_json('x_expires_at', models.DateTimeField())}", f"'name', {name}",
         "'days', x_days"]) + ")"
    due = (f"SELECT t.*, {next_due} AS x_next_due_at, {json_params} AS x_params, "
           f"LEFT({name}, 255) AS x_name FROM ({with_threshold}) AS t")
    recipients, params = _recipients(rule, due, [schedule.today(now).isoformat(), *source_params])
    status = (f"CASE WHEN COALESCE(x_email, '') <> '' THEN '{EmailStatus.PENDING}' ELSE '{EmailStatus.NONE}' END"
              if EMAIL in rule.channels else f"'{EmailStatus.NONE}'")
    select = (f"SELECT x_recipient AS recipient_id, %s AS kind, s_code AS item_code, x_name AS item_name, "
              f"x_expires_at AS item_expires_at, x_threshold AS threshold, x_next_due_at AS next_due_at, "
              f"NULL::date AS week_of, x_params AS params, %s AS created_at, NULL::timestamptz AS read_at, "
              f"NULL::timestamptz AS dismissed_at, {status} AS email_status, 0 AS email_attempts, "
              f"%s AS email_due_at, NULL::timestamptz AS email_sent_at, '' AS email_error, x_email "
              f"FROM ({recipients}) AS recipients")
    return select, [rule.kind, created_at, created_at, *params]


def insert_due(rule: Rule, *, now: dt.datetime, created_at: dt.datetime) -> list[dict]:
    """Insert the notices due for `rule` in one statement and audit each one (already sealed, see
    `audit.record_many`); returns the notices inserted by this call (none of those another run inserted first)
    as `claims.insert_new` does, whose recipients' bells are forgotten. Caller's transaction."""
    select, params = due_notices_sql(rule, now=now, created_at=created_at)
    quote = connection.ops.quote_name
    columns = [f.column for f in Notification._meta.concrete_fields if not f.primary_key and f.column != "code"]
    returned = ["id", "code", "recipient_id", "kind", "item_code", "item_name", "threshold", "item_expires_at",
                "week_of", "email_status"]
    # Rows in (recipient, item) order: two runs at once lock the unique keys in the same order (no deadlock).
    sql = (f"WITH created AS (INSERT INTO {quote(Notification._meta.db_table)} "
           f"({quote('code')}, {', '.join(quote(c) for c in columns)}) "
           f"SELECT gen_random_uuid(), {', '.join(quote(c) for c in columns)} FROM ({select}) AS due "
           f"ORDER BY recipient_id, item_code ON CONFLICT DO NOTHING RETURNING {', '.join(returned)}) "
           f"SELECT * FROM created ORDER BY id")
    with connection.cursor() as cursor:
        # Its sort by recipient and item holds every due row: in memory, not spilled to disk as the default
        # 4 MB would have it (this transaction only).
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(sql, params)
        created = [dict(zip(returned, row, strict=True)) for row in cursor.fetchall()]
    audit_created(created)
    bell.forget(row["recipient_id"] for row in created)
    return created


def count_due(rule: Rule, *, now: dt.datetime, created_at: dt.datetime) -> tuple[int, int]:
    """(notices, emails) a run would create for `rule` (a dry run): the same selection, counted."""
    select, params = due_notices_sql(rule, now=now, created_at=created_at)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COUNT(*) FILTER (WHERE email_status = %s) FROM ({select}) AS due",
                       [EmailStatus.PENDING, *params])
        return cursor.fetchone()


def _source(rule: Rule, now: dt.datetime) -> tuple[str, list, dict]:
    """The rule's items expiring within the horizon with no current notice, as SQL with the columns s_<name>
    (the rule's columns, and the owner's for OWNER rules); and each column's field, for its JSON form."""
    current = Notification.objects.filter(kind=rule.kind, item_code=OuterRef("code"), next_due_at__gt=now)
    columns = {f"s_{key}": F(path) for key, path in rule.columns.items()}
    if rule.owner:
        columns |= {f"s_{key}": F(path.format(owner=rule.owner, partner=rule.partner))
                    for key, path in USER_COLUMNS.items()}
    query = rule.source(after=now, before=schedule.horizon(now)).order_by().filter(~Exists(current))
    query = query.values(**columns)
    sql, params = query.query.sql_with_params()
    kinds = {key: query.query.annotations[f"s_{key}"].output_field for key in rule.columns}
    return sql, list(params), kinds


def _recipients(rule: Rule, due: str, params: list) -> tuple[str, list]:
    """Every due row (`due`, with `params`) once per recipient, with x_recipient and x_email: every partner
    admin, or the item's owner (the partner's active users when the owner is inactive, gone, or not one of the
    partner's users)."""
    if rule.recipients == ADMINS:
        admins, admin_params = partner_admins().values(a_id=F("pk"), a_email=F("email")).query.sql_with_params()
        return (f"SELECT due.*, admins.a_id AS x_recipient, admins.a_email AS x_email FROM ({due}) AS due "
                f"CROSS JOIN ({admins}) AS admins"), [*params, *admin_params]
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    valid = "(s_owner IS NOT NULL AND COALESCE(s_owner_active AND s_owner_partner = s_partner, FALSE))"
    return (f"WITH due AS ({due}) "
            f"SELECT due.*, due.s_owner AS x_recipient, due.s_owner_email AS x_email FROM due WHERE {valid} "
            f"UNION ALL SELECT due.*, colleague.id, colleague.email FROM due "
            f"JOIN {users} AS colleague ON colleague.partner_id = due.s_partner AND colleague.is_active "
            f"WHERE NOT {valid}"), params


def _moment(column: str, field, day_start: "DayStarts") -> str:
    """An expiry as a moment: a day (an SBI's last valid day) ends with that day in the portal's time zone."""
    if isinstance(field, models.DateTimeField):
        return column
    return f"({day_start(f'({column} + 1)')} - INTERVAL '1 microsecond')"


class DayStarts:
    """SQL for `schedule.start_of(day)`: read from an array of the days around `today` that Python computed with
    `schedule.start_of` itself (one subscript per row, and the same instants as the Python path by construction);
    computed in SQL (`start_of_day_sql`) for a day outside it."""

    BEFORE, DAYS = 60, 130  # the sweep's days lie within (today - 16 days, today + 32 days)

    def __init__(self, today: dt.date, zone: str):
        self.first, self.zone = today - dt.timedelta(days=self.BEFORE), zone
        starts = [schedule.start_of(self.first + dt.timedelta(days=n)).isoformat() for n in range(self.DAYS)]
        self.array = "'{" + ",".join(f'"{start}"' for start in starts) + "}'::timestamptz[]"

    def __call__(self, day: str) -> str:
        index = f"(({day}) - DATE '{self.first.isoformat()}' + 1)"
        return f"COALESCE(({self.array})[{index}], {start_of_day_sql(day, self.zone)})"


def start_of_day_sql(day: str, zone: str) -> str:
    """SQL for `schedule.start_of`: the first instant of the date `day` in `zone` (an escaped literal): midnight at
    the UTC offset of the day before or after, the earliest that falls on `day` (AT TIME ZONE alone puts some
    midnights next to a clock change an hour off)."""
    candidates = []
    for probe in (f"({day} - 1)", f"({day} + 1)"):
        offset = f"(({probe}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE '{zone}' - {probe}::timestamp)"
        candidate = f"(({day}::timestamp - {offset}) AT TIME ZONE 'UTC')"
        candidates.append(f"CASE WHEN ({candidate} AT TIME ZONE '{zone}')::date = {day} THEN {candidate} END")
    return f"COALESCE(LEAST({', '.join(candidates)}), {day}::timestamp AT TIME ZONE '{zone}')"


def _json(column: str, field) -> str:
    """A column as `claims.json_ready` writes it into the parameters: datetimes in UTC ISO 8601 (Python's
    isoformat: microseconds only when there are some), dates ISO, UUIDs as text, the rest as they are."""
    if isinstance(field, models.DateTimeField):
        utc = f"({column} AT TIME ZONE 'UTC')"
        return (f"to_jsonb(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN date_part('microseconds', "
                f"{utc})::bigint %% 1000000 <> 0 THEN to_char({utc}, '.US') ELSE '' END || '+00:00')")
    if isinstance(field, models.DateField):
        return f"to_jsonb(to_char({column}, 'YYYY-MM-DD'))"
    if isinstance(field, models.UUIDField):
        return f"to_jsonb({column}::text)"
    return f"to_jsonb({column})"


def _literal(value: str) -> str:
    return value.replace("'", "''")
