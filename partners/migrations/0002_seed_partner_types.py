from django.db import migrations

from partners.partner_types import SEEDED_TYPES


def seed(apps, schema_editor):
    PartnerType = apps.get_model("partners", "PartnerType")
    for spec in SEEDED_TYPES:
        PartnerType.objects.update_or_create(code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"})


def unseed(apps, schema_editor):
    PartnerType = apps.get_model("partners", "PartnerType")
    PartnerType.objects.filter(code__in=[spec["code"] for spec in SEEDED_TYPES], partners__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
