"""One search column per partner (organization, partner ID, users' emails) with one trigram index (issue 12).

The admin's search was a union of three trigram matches joined back to every partner: at 100,000
partners its count and its page read the whole table. On `search_text` PostgreSQL either walks the
list's order index filtered by the match (a frequent term: it stops after a page of matches) or reads
the trigram index (a rare term). The index exists on PostgreSQL only (not in the model state, so
`makemigrations --check` stays clean); other databases match the column with a plain `icontains`.
"""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models

INDEX = "partner_search_trgm"
# As partners.search.REFRESH_SQL at the time of writing (a migration does not import the app's code).
FILL_SQL = """
    UPDATE partners_partner AS p SET search_text = LEFT(p.organization_name || E'\\n' || p.partner_id || COALESCE(
        (SELECT string_agg(E'\\n' || u.email, '' ORDER BY u.email) FROM partners_user AS u
         WHERE u.partner_id = p.id AND u.email <> ''), ''), 4000)
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_SQL)
        # UPPER(…) as Django writes `icontains` on PostgreSQL, so that the planner can match it.
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON partners_partner "
                              'USING gin ((UPPER("search_text"::text)) gin_trgm_ops)')
        # Statistics of the new column and expression now, not at autovacuum's next pass: until then the
        # planner guesses the match's selectivity and a search at 100,000 partners takes 3x longer.
        schema_editor.execute("ANALYZE partners_partner")
        return
    Partner, User = apps.get_model("partners", "Partner"), apps.get_model("partners", "User")
    emails: dict[int, list[str]] = {}
    for partner_id, email in User.objects.exclude(partner=None).values_list("partner_id", "email"):
        emails.setdefault(partner_id, []).append(email)
    rows = list(Partner.objects.only("pk", "organization_name", "partner_id"))
    for partner in rows:
        partner.search_text = "\n".join([partner.organization_name, partner.partner_id,
                                         *sorted(e for e in emails.get(partner.pk, []) if e)])[:4000]
    Partner.objects.bulk_update(rows, ["search_text"], batch_size=500)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_deactivated_partners_index")]
    operations = [
        migrations.AddField(model_name="partner", name="search_text",
                            field=models.TextField(default="", db_default="", editable=False, max_length=4000)),
        migrations.RunPython(fill, drop_index),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("search_text"), 4000),
                name="partner_search_text_max_length")),
    ]
