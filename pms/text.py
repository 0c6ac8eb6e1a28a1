"""What free text typed into the portal may contain (PRODUCT.md §12), checked on every form field.

Refused everywhere: NUL (PostgreSQL cannot store it), the other C0 and C1 control characters and DEL
(terminal escapes in logs and exports), unpaired surrogates (not Unicode text; nothing can encode them) and
the invisible bidirectional overrides and isolates U+202A–U+202E, U+2066–U+2069 (they make a name display
as something else, e.g. in the Arabic interface). Tab, line feed and carriage return are kept in multi-line
fields (text areas) and refused in single-line ones, where they only arrive from scripts (and would break
an email header built from the value). Every text field also gets a maximum length: its own, or
`DEFAULT_MAX_LENGTH`/`PASSWORD_MAX_LENGTH` when it sets none (third-party forms such as allauth's).

`install()` adds the rule to Django's `forms.CharField` itself, so every form of every app (ours, allauth's,
the admin's, and those of apps still to come) applies it without opting in: a base form class would leave
out the forms the project does not write.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_LENGTH = 2_000
TEXTAREA_MAX_LENGTH = 100_000
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_PATTERNS = [
    ("nul", re.compile("\x00"), _("This text contains the NUL character, which is not allowed.")),
    ("control_characters", re.compile(f"[{_CONTROL}]"),
     _("This text contains control characters (such as escape or bell); remove them.")),
    ("surrogates", re.compile("[\ud800-\udfff]"),
     _("This text contains invalid characters (unpaired surrogates); type it again.")),
    ("direction_overrides", re.compile("[\u202a-\u202e\u2066-\u2069]"),
     _("This text contains invisible characters that change the direction of the text; remove them.")),
]
_LINE_BREAKS = re.compile("[\t\n\r]")
LINE_BREAK_MESSAGE = _("This text must fit on one line: remove the line breaks and tabs.")


def text_problem(value: str, *, multiline: bool) -> tuple[str, str] | None:
    """(code, message) of the first rule `value` breaks, or None."""
    for code, pattern, message in _PATTERNS:
        if pattern.search(value):
            return code, str(message)
    if not multiline and _LINE_BREAKS.search(value):
        return "line_breaks", str(LINE_BREAK_MESSAGE)
    return None


def validate_text(value: str, *, multiline: bool = False) -> None:
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise ValidationError(problem[1], code=problem[0])


def is_multiline(widget) -> bool:
    return isinstance(widget, forms.Textarea)


def default_max_length(field: forms.CharField) -> int:
    if isinstance(field.widget, forms.PasswordInput):
        return settings.PMS_PASSWORD_MAX_LENGTH
    return TEXTAREA_MAX_LENGTH if is_multiline(field.widget) else DEFAULT_MAX_LENGTH


def _check_json(value) -> None:
    """forms.JSONField (the admin's editor of JSON columns) parses with `json`; apply the portal's JSON rules."""
    from .jsonsafe import JsonRefused, check

    try:
        check(value)
    except JsonRefused as refusal:
        raise ValidationError(str(refusal.message), code=refusal.code) from None


def install() -> None:
    """Make every `forms.CharField` (and subclass) apply the text rules and a maximum length (idempotent)."""
    if getattr(forms.CharField, "_pms_text_rules", False):
        return
    original = forms.CharField.run_validators

    def run_validators(self, value):
        if isinstance(value, str) and value:
            validate_text(value, multiline=is_multiline(self.widget))
            if self.max_length is None:
                MaxLengthValidator(default_max_length(self))(value)
        elif isinstance(self, forms.JSONField) and value not in self.empty_values:
            _check_json(value)
        original(self, value)

    forms.CharField.run_validators = run_validators
    forms.CharField._pms_text_rules = True
