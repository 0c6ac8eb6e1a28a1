"""Find stored values that the portal would refuse today (saved before a rule existed, or by other means).

Every text column of every model of the project's own apps is checked with the form rules (`pms.text`) and
its maximum length, every JSON column with the JSON rules (`pms.jsonsafe`), read as text so that a value
Python cannot even load (an integer of 5,000 digits) is reported instead of stopping the check.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from . import jsonsafe
from .text import text_problem

CHUNK = 2_000
MAX_STORED_JSON_CHARS = 10_000_000


@dataclass(frozen=True)
class Finding:
    model: str
    pk: object
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.model} pk={self.pk} {self.field}: {self.code}: {self.message}"


def project_models(labels: list[str] | None = None) -> list[type[models.Model]]:
    """Models of the apps that live in this repository (not Django's or allauth's), or of `labels`."""
    root = Path(settings.BASE_DIR).resolve()
    configs = [apps.get_app_config(label) for label in labels] if labels else [
        config for config in apps.get_app_configs() if Path(config.path).resolve().parent == root]
    return [model for config in configs for model in config.get_models()
            if model._meta.managed and not model._meta.proxy]


def find_bad_values(model_list: list[type[models.Model]]) -> Iterator[Finding]:
    for model in model_list:
        yield from _check_model(model)


def _check_model(model) -> Iterator[Finding]:
    fields = [f for f in model._meta.concrete_fields
              if isinstance(f, models.CharField | models.TextField | models.JSONField)]
    if not fields:
        return
    columns = {f.name: Cast(f.name, models.TextField()) if isinstance(f, models.JSONField) else models.F(f.name)
               for f in fields}
    rows = model._default_manager.order_by("pk").annotate(**{f"_pms_{n}": c for n, c in columns.items()})
    names = [f"_pms_{f.name}" for f in fields]
    for pk, *values in rows.values_list("pk", *names).iterator(chunk_size=CHUNK):
        for field, value in zip(fields, values, strict=True):
            problem = _problem(field, value)
            if problem is not None:
                yield Finding(model._meta.label, pk, field.name, *problem)


def _problem(field, value) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        try:
            jsonsafe.loads(value, max_size=MAX_STORED_JSON_CHARS)
        except jsonsafe.JsonRefused as refusal:
            return refusal.code, str(refusal.message)
        return None
    if field.max_length is not None and len(value) > field.max_length:
        return "too_long", _("%(length)s characters, more than the %(max)s allowed.") % {
            "length": len(value), "max": field.max_length}
    return text_problem(value, multiline=isinstance(field, models.TextField))
