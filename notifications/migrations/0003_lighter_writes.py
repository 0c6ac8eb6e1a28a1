"""Cheaper sweeps (issue 9): the B-tree on created_at, which every inserted notice paid for, becomes on PostgreSQL a
BRIN index (notices are inserted in creation order: a few pages find the retention purge's range)."""

import django.utils.timezone
from django.db import migrations, models

BRIN = "notification_created_brin"


def create_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {BRIN} ON notifications_notification USING brin (created_at)")


def drop_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {BRIN}")


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_current_notice_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="Created"),
        ),
        migrations.RunPython(create_brin, drop_brin),
    ]
