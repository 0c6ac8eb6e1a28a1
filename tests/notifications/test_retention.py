"""The retention purge's range is indexed without a B-tree that every sweep's insert would pay for (issue 9)."""

import pytest
from django.db import connection

from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db


def test_notices_are_found_by_age_through_a_brin_index_on_postgresql():
    require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'notifications_notification'")
        definitions = [row[0] for row in cursor.fetchall()]

    assert any("USING brin (created_at)" in d for d in definitions)
    assert not any("btree (created_at)" in d for d in definitions)
