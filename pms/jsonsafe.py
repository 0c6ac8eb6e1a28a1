"""The one way the portal reads JSON from outside, and shows JSON it has stored (PRODUCT.md §12).

`loads` is used for every JSON the portal is given (the verify API's body, policy documents typed in the
editor or imported, OIDC public keys as JWK); `check` applies the same rules to a value that is already
parsed (a document handed to a service by an importer, or a row checked by `check_stored_data`). Both
refuse, with a translated `JsonRefused`, what Python's `json` accepts but the rest of the platform cannot
take: invalid UTF-8; unpaired surrogates (`"\\ud800"`); the NUL character (PostgreSQL's `jsonb` cannot
store `\\u0000`) and, as in every text field (`pms.text`), other control characters and direction
overrides; nesting deeper than `MAX_DEPTH`; integers longer than `MAX_INT_DIGITS` (Python refuses to
convert past 4,300 digits, and parsing long ones costs quadratic time); `NaN`/`Infinity` and numbers out of
range; keys repeated in one object (parsers disagree on which one wins); input over a size.

`display` turns any stored value into text that renders, whatever it holds.
"""

import json
import math

from django.utils.translation import gettext as _

from .errors import Refused
from .text import text_problem

MAX_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_NUMBER_CHARS = 64


class JsonRefused(Refused):
    """JSON the portal does not accept; `code` says which rule refused it."""


def loads(data: str | bytes, *, max_size: int, field: str | None = None):
    """The value of `data` (bytes must be UTF-8); `max_size` counts bytes for bytes and characters for text."""
    if len(data) > max_size:
        unit = _("bytes") if isinstance(data, bytes) else _("characters")
        raise JsonRefused("json_too_large", _("The JSON is too long: at most %(max)s %(unit)s.")
                          % {"max": f"{max_size:,}", "unit": unit}, field=field)
    text = _decode(data, field)
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant,
                           object_pairs_hook=_object)
    except _Rule as rule:
        raise JsonRefused(rule.code, rule.message, field=field) from None
    except json.JSONDecodeError as error:
        raise JsonRefused("json_syntax", _("This is not valid JSON: %(reason)s (line %(line)s, column "
                                           "%(column)s).") % {"reason": _reason(error.msg), "line": error.lineno,
                                                              "column": error.colno}, field=field) from None
    except RecursionError:
        raise JsonRefused("json_too_deep", _too_deep(), field=field) from None
    check(value, field=field)
    return value


def check(value, *, field: str | None = None) -> None:
    """Refuse a parsed value that breaks one of the rules above (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise JsonRefused("json_too_deep", _too_deep(), field=field)
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack += [(child, depth + 1) for child in children]
        elif isinstance(item, str):
            _check_text(item, field)
        elif isinstance(item, float) and not math.isfinite(item):
            raise JsonRefused("json_not_finite", _not_finite(), field=field)
        elif isinstance(item, int) and not isinstance(item, bool) and _int_too_long(item):
            raise JsonRefused("json_number_too_long", _too_long(), field=field)


def display(value, *, indent: int | None = 2) -> str:
    """`value` as JSON text that always renders: unpaired surrogates become `\\udXXX` escapes, and a value
    nested too deeply for the indenting encoder is shown on one line."""
    try:
        text = json.dumps(value, indent=indent, ensure_ascii=False)
    except (RecursionError, ValueError, TypeError):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (RecursionError, ValueError):
            return _("(This JSON is nested too deeply to be shown.)")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class _Rule(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _decode(data: str | bytes, field) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonRefused("json_invalid_utf8", _("The JSON is not valid UTF-8 text."), field=field) from None


def _check_text(text: str, field) -> None:
    problem = text_problem(text, multiline=True)
    if problem is None:
        return
    messages = {
        "nul": _("The JSON contains the NUL character (\\u0000), which cannot be stored."),
        "surrogates": _("The JSON contains an unpaired surrogate (such as \\ud800): it is not valid Unicode text."),
        "control_characters": _("The JSON contains control characters (such as \\u001b) in a text; only tab and "
                                "line breaks are allowed."),
        "direction_overrides": _("The JSON contains invisible characters that change the direction of a text "
                                 "(such as \\u202e)."),
    }
    code = {"nul": "json_nul", "surrogates": "json_surrogate"}.get(problem[0], f"json_{problem[0]}")
    raise JsonRefused(code, messages[problem[0]], field=field)


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise _Rule("json_number_too_long", _too_long())
    return int(literal)


def _float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _Rule("json_number_too_long", _too_long())
    number = float(literal)
    if not math.isfinite(number):
        raise _Rule("json_not_finite", _not_finite())
    return number


def _constant(name: str):
    raise _Rule("json_not_finite", _not_finite())


def _object(pairs: list[tuple[str, object]]) -> dict:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen, repeated = set(), ""
        for key, _item in pairs:
            if key in seen:
                repeated = key
                break
            seen.add(key)
        raise _Rule("json_duplicate_key", _("The JSON repeats the key %(key)s in one object.")
                    % {"key": json.dumps(repeated)[:60]})
    return value


def _int_too_long(number: int) -> bool:
    return abs(number) >= 10 ** MAX_INT_DIGITS


def _too_deep() -> str:
    return _("The JSON is nested too deeply: at most %(max)s levels.") % {"max": MAX_DEPTH}


def _too_long() -> str:
    return _("The JSON contains a number that is too long: at most %(max)s digits.") % {"max": MAX_INT_DIGITS}


def _not_finite() -> str:
    return _("The JSON contains NaN, Infinity or a number out of range; JSON numbers must be finite.")


def _reason(message: str) -> str:
    """The json module's English explanation, in the user's language."""
    reasons = {
        "Expecting value": _("a value is expected"),
        "Expecting ',' delimiter": _("a comma is expected"),
        "Expecting ':' delimiter": _("a colon is expected"),
        "Expecting property name enclosed in double quotes": _("a key in double quotes is expected"),
        "Unterminated string starting at": _("a text is not closed"),
        "Invalid control character at": _("a text contains a control character"),
        "Invalid \\escape": _("a text contains an invalid escape"),
        "Invalid \\uXXXX escape": _("a text contains an invalid \\u escape"),
        "Extra data": _("there is more after the end of the JSON value"),
        "Illegal trailing comma before end of object": _("a comma is followed by nothing"),
        "Illegal trailing comma before end of array": _("a comma is followed by nothing"),
    }
    return reasons.get(message, _("unexpected text"))
