"""Every free-text field has a maximum length, in the forms and in the models (and the database)."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models

from pms.stored_data import project_models


def _machine_written(field) -> bool:
    """PEM certificates and encrypted keys: written by the certificate engine from uploads already limited by
    PMS_CERT_UPLOAD_MAX_BYTES, never typed (named so in every app: `pem`, `certificate_pem`, `encrypted_…`)."""
    return field.name.endswith("pem") or field.name.startswith("encrypted_")


def _project_forms() -> list[type[forms.BaseForm]]:
    root = Path(settings.BASE_DIR).resolve()
    configs = [c for c in apps.get_app_configs() if Path(c.path).resolve().parent == root]
    for config in configs:
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    prefixes = tuple(f"{c.name}." for c in configs)
    found, stack = [], [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(prefixes):
                found.append(sub)
    return found


def _own_fields(form_class) -> dict:
    inherited = {id(f) for base in form_class.__mro__[1:] for f in getattr(base, "declared_fields", {}).values()}
    return {name: f for name, f in form_class.declared_fields.items() if id(f) not in inherited}


def test_every_text_field_of_the_portals_forms_sets_a_max_length():
    missing = [f"{form.__module__}.{form.__name__}.{name}" for form in _project_forms()
               for name, field in _own_fields(form).items()
               if isinstance(field, forms.CharField) and field.max_length is None]
    assert not missing


def test_every_text_column_of_the_portals_models_has_a_max_length():
    """CharFields are bounded by Django; a TextField needs a max_length, its validator (added at start-up by
    pms.constraints) and the database constraint (`pms.constraints.max_length_constraint`)."""
    missing, unchecked, unbounded_in_database = [], [], []
    for model in project_models():
        constraints = {c.name for c in model._meta.constraints}
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or _machine_written(field):
                continue
            label = f"{model._meta.label}.{field.name}"
            if field.max_length is None:
                missing.append(label)
            elif isinstance(field, models.TextField):
                if not any(getattr(v, "limit_value", None) == field.max_length for v in field.validators):
                    unchecked.append(label)
                if f"{model._meta.model_name}_{field.name}_max_length" not in constraints:
                    unbounded_in_database.append(label)
    assert (missing, unchecked, unbounded_in_database) == ([], [], [])


@pytest.mark.django_db
def test_the_database_refuses_an_over_long_description():
    from policies.models import PolicyGroup

    group = PolicyGroup.objects.create(name="Banks")
    with pytest.raises(IntegrityError):
        PolicyGroup.objects.filter(pk=group.pk).update(description="x" * 2001)


@pytest.mark.django_db
def test_model_validation_refuses_an_over_long_comment():
    from django.core.exceptions import ValidationError

    from policies.models import PolicyLink

    with pytest.raises(ValidationError) as refused:
        PolicyLink(comment="x" * 1001).clean_fields(exclude=["partner", "policy", "purpose"])
    assert "comment" in refused.value.message_dict
