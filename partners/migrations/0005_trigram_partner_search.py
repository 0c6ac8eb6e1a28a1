"""Trigram indexes for the admin's partner search on PostgreSQL (issue 12): organization, partner ID
and users' emails, matched with `icontains` (UPPER(…) LIKE, as Django writes it on PostgreSQL).

Nothing happens on other databases, where the search stays a plain `icontains`. The indexes are not
part of the model state (they exist only on PostgreSQL), so `makemigrations --check` stays clean.
"""

from django.db import migrations

INDEXES = {
    "partner_organization_trgm": ("partners_partner", "organization_name"),
    "partner_partner_id_trgm": ("partners_partner", "partner_id"),
    "user_email_trgm": ("partners_user", "email"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) '
                              "gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_partner_list_index"),
        ("audit", "0004_trigram_actor_search"),  # enables pg_trgm
    ]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
