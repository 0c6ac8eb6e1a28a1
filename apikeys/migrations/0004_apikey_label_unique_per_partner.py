# API key labels become unique among all the keys of a partner, deactivated ones included (PRODUCT.md §6.1,
# issue 13). Until now only active keys had unique labels, so a partner may have reused the label of a
# deactivated key: before the constraint is added, each older key of such a group gets a suffix (" (2)",
# " (3)"…, kept within 36 characters); the newest keeps its label, so the key in use does not change name.

import django.db.models.functions.text
from django.db import migrations, models

MAX_LABEL = 36


def rename_reused_labels(apps, schema_editor):
    ApiKey = apps.get_model("apikeys", "ApiKey")
    taken, renamed = set(), 0
    keys = ApiKey.objects.order_by("partner_id", "-created_at", "-id").only("id", "partner_id", "label")
    for key in keys.iterator():
        label = key.label
        number = 1
        while (key.partner_id, label.lower()) in taken:
            number += 1
            suffix = f" ({number})"
            label = key.label[:MAX_LABEL - len(suffix)] + suffix
        taken.add((key.partner_id, label.lower()))
        if label != key.label:
            ApiKey.objects.filter(pk=key.pk).update(label=label)
            renamed += 1
    if renamed:
        print(f"\n  Renamed {renamed} API key label(s) reused after a deactivation.")


class Migration(migrations.Migration):

    dependencies = [
        ('apikeys', '0003_legacy_keys_and_longer_client_ids'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='apikey',
            name='apikey_label_unique_among_active',
        ),
        migrations.RunPython(rename_reused_labels, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='apikey',
            constraint=models.UniqueConstraint(models.F('partner'), django.db.models.functions.text.Lower('label'),
                                               name='apikey_label_unique_per_partner'),
        ),
    ]
