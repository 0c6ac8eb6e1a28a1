"""pg_trgm on PostgreSQL, and a trigram index for the audit trail's "actor contains" filter (issue 12).

Nothing happens on other databases: the filter stays a plain `icontains` there. The index is not
part of the model state (it exists only on PostgreSQL), so `makemigrations --check` stays clean.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "audit_actor_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # UPPER(…) as Django writes `icontains` on PostgreSQL, so that the planner can match it.
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON audit_auditevent '
                              'USING gin ((UPPER("actor"::text)) gin_trgm_ops)')


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_sealed_after_commit_and_list_indexes")]
    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
