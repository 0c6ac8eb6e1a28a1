"""The maximum length of free text, in the model and in the database, for every app (PRODUCT.md §12).

Django enforces `max_length` for a CharField everywhere (varchar, and a validator), but for a TextField only in
the form it generates. `enforce_text_max_lengths()` (run at start-up) gives every TextField with a max_length
the validator that model validation runs, and `max_length_constraint` states the same limit in the database,
where a bulk `update()` cannot get around it.
"""

from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


def max_length_constraint(model_name: str, field: str, limit: int) -> models.CheckConstraint:
    """`CheckConstraint` named `<model>_<field>_max_length` (the name the tests look for)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit),
                                  name=f"{model_name}_{field}_max_length")


def enforce_text_max_lengths() -> None:
    """Append a MaxLengthValidator to every TextField that has a max_length and none yet (idempotent).

    Appended to the field's validators as CharField does it, so it changes no migration.
    """
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, models.TextField) and field.max_length is not None and not any(
                    isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length
                    for v in field.validators):
                field.validators.append(MaxLengthValidator(field.max_length))
