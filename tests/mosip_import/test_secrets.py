"""MOSIP's API keys are in clear there; here they must appear nowhere: database, logs, output, report, audit."""

import logging
import re

from django.db import connection

from .deployment import KEYS


def _pattern() -> re.Pattern:
    # A key is a short number (or a seed string): matched as a whole word so that digits inside hashes,
    # UUIDs and base64 do not count.
    return re.compile("|".join(rf"(?<![0-9A-Za-z]){re.escape(key)}(?![0-9A-Za-z])" for key in KEYS.values()))


def _database_text() -> str:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        chunks = []
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{table}" t')
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks)


def test_no_clear_api_key_in_the_database_logs_output_or_report(run_import, caplog):
    caplog.set_level(logging.DEBUG)
    out, err, report = run_import()
    second = run_import()
    found = _pattern().findall("\n".join([_database_text(), caplog.text, out, err, report, *second]))
    assert found == []


def test_the_check_itself_finds_a_key_where_there_is_one():
    assert _pattern().findall(f"label {KEYS['active']}, x{KEYS['active']}") == [KEYS["active"]]
