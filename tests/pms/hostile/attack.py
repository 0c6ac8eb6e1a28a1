"""The attacks themselves: hostile query strings, form submissions and raw bodies, built from what the crawl saw."""

import json
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile

from . import corpus
from .crawl import shape
from .html import Form, FormField


def query_strings(page_forms: list[Form]):
    """(what, raw query string) pairs for one page."""
    keys = list(dict.fromkeys(corpus.QUERY_KEYS + [f.name for form in page_forms if form.method == "get"
                                                    for f in form.fields]))
    for what, values in corpus.QUERY_VALUES:
        yield what, "&".join(f"{quote(key)}={values[index % len(values)]}" for index, key in enumerate(keys))
    yield from corpus.QUERY_EXTRA


def form_submissions(form: Form, *, light: bool = False):
    """(what, data for Client.post, must a stored MARK count as a failure) for one form."""
    base = form.submission()
    yield "unchanged", _data(base, form), False
    yield "no-fields", {}, False
    yield "every field NUL", _data([(name, "\x00") for name, _ in base], form), False
    if light:
        for item in form.fields:
            if item.is_text:
                what, value, must_refuse = corpus.TEXT[1]
                yield f"{item.name}={what}", _data(_replace(base, item.name, value), form), must_refuse
        return
    done, file_sent, texts = set(), False, 0
    for item in form.fields:
        if item.kind in ("submit", "button", "image", "reset") or shape(item.name) in done:
            continue
        done.add(shape(item.name))
        texts += item.is_text
        for what, value, must_refuse in _values_for(item, texts):
            yield f"{item.name}={what}", _data(_replace(base, item.name, value), form), must_refuse
        yield f"{item.name} missing", _data([p for p in base if p[0] != item.name], form), False
        yield f"{item.name} twice", _data(base + [(item.name, "\x00"), (item.name, "x")], form), False
        if item.is_text and not file_sent:
            file_sent = True
            upload = SimpleUploadedFile("x.txt", b"not text\x00", content_type="text/plain")
            yield f"{item.name}=a file", _data(_replace(base, item.name, upload), form), False


def _values_for(item: FormField, text_number: int):
    if item.kind == "file":
        for what, name, content in corpus.FILES:
            yield what, SimpleUploadedFile(name, content, content_type="application/x-pem-file"), False
        yield "text-instead-of-file", "not a file", False
        return
    if not item.is_text:
        choices = corpus.CHOICE if item.kind in ("select", "select-multiple", "radio") else corpus.CHOICE[:2]
        for what, value in choices + (corpus.HIDDEN if item.kind == "hidden" else []):
            yield what, value, False
        return
    yield from corpus.TEXT
    exploratory = corpus.TEXT_EXPLORATORY
    yield from exploratory if text_number == 1 else [exploratory[text_number % len(exploratory)]]
    what, value, must_refuse = corpus.NEWLINES
    yield what, value, must_refuse and item.kind != "textarea"
    if _looks_like_json(item):
        for what, value in corpus.JSON_TEXT:
            yield what, value, False
        yield from _json_leaf_variants(item.value)


def _looks_like_json(item: FormField) -> bool:
    """Fields holding JSON: their value is a JSON object or list, or their name says so (an empty JWK box)."""
    return item.value.strip()[:1] in ("{", "[") or any(hint in item.name for hint in corpus.JSON_NAME_HINTS)


def _json_leaf_variants(text: str):
    """The field's own JSON with its first string replaced: what passes a schema but not a database."""
    try:
        document = json.loads(text)
    except ValueError:
        return
    for what, leaf in (("json-leaf-nul", "a\x00b"), ("json-leaf-surrogate", "a\ud800b"),
                       ("json-leaf-control", "a\x01b")):
        changed = _replace_first_string(document, leaf)
        if changed is not None:
            yield what, json.dumps(changed), False


def _replace_first_string(value, leaf):
    if isinstance(value, str):
        return leaf
    if isinstance(value, list):
        for index, item in enumerate(value):
            replaced = _replace_first_string(item, leaf)
            if replaced is not None:
                return value[:index] + [replaced] + value[index + 1:]
    if isinstance(value, dict):
        for key, item in value.items():
            replaced = _replace_first_string(item, leaf)
            if replaced is not None:
                return {**value, key: replaced}
    return None


def _replace(pairs, name, value):
    kept = [p for p in pairs if p[0] != name]
    return kept + [(name, value)]


def _data(pairs, form: Form) -> dict:
    data: dict[str, list] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
