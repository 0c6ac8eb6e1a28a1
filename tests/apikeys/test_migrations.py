"""The migration that makes API key labels unique per partner renames labels reused after a deactivation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.apikeys.factories import approved_link

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEFORE = ("apikeys", "0003_legacy_keys_and_longer_client_ids")
AFTER = ("apikeys", "0004_apikey_label_unique_per_partner")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def test_older_keys_with_a_reused_label_get_a_suffix_and_the_newest_keeps_it(alice, bob):
    link, other = approved_link(alice.partner), approved_link(bob.partner)
    apps = migrate(BEFORE)
    try:
        ApiKey = apps.get_model("apikeys", "ApiKey")
        common = {"expires_at": "2126-01-01T00:00:00Z", "key_hash": "0" * 64}
        oldest = ApiKey.objects.create(partner_id=alice.partner.pk, link_id=link.pk, label="prod", public_id="a" * 10,
                                       status="deactivated", created_at="2026-01-01T00:00:00Z", **common)
        older = ApiKey.objects.create(partner_id=alice.partner.pk, link_id=link.pk, label="PROD", public_id="b" * 10,
                                      status="deactivated", created_at="2026-02-01T00:00:00Z", **common)
        newest = ApiKey.objects.create(partner_id=alice.partner.pk, link_id=link.pk, label="prod", public_id="c" * 10,
                                       created_at="2026-03-01T00:00:00Z", **common)
        bobs = ApiKey.objects.create(partner_id=bob.partner.pk, link_id=other.pk, label="prod", public_id="d" * 10,
                                     created_at="2026-01-01T00:00:00Z", **common)
    finally:
        apps = migrate(AFTER)
    ApiKey = apps.get_model("apikeys", "ApiKey")
    labels = dict(ApiKey.objects.values_list("public_id", "label"))
    assert labels == {newest.public_id: "prod", older.public_id: "PROD (2)", oldest.public_id: "prod (3)",
                      bobs.public_id: "prod"}
