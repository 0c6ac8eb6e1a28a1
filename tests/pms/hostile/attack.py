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
    for shift, (what, values) in enumerate(corpus.QUERY_VALUES):
        yield what, "&".join(f"{quote(key)}={values[(index + shift) % len(values)]}"
                             for index, key in enumerate(keys))
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
            for what, value in _json_leaf_variants(item.value) if _looks_like_json(item) else []:
                yield f"{item.name}={what}", _data(_replace(base, item.name, value), form), False
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
    yield from corpus.TEXT if item.kind != "textarea" else corpus.TEXT[:-1] + [corpus.OVERSIZED_TEXTAREA]
    exploratory = corpus.TEXT_EXPLORATORY
    yield from exploratory if text_number == 1 else [exploratory[text_number % len(exploratory)]]
    what, value, must_refuse = corpus.NEWLINES
    yield what, value, must_refuse and item.kind != "textarea"
    if _looks_like_json(item):
        for what, value in corpus.JSON_TEXT:
            yield what, value, False
        for what, value in _json_leaf_variants(item.value):
            yield what, value, False


def _looks_like_json(item: FormField) -> bool:
    """Fields holding JSON: their value is a JSON object or list, or their name says so (an empty JWK box)."""
    return item.value.strip()[:1] in ("{", "[") or any(hint in item.name for hint in corpus.JSON_NAME_HINTS)


def _json_leaf_variants(text: str, leaves: int = 4):
    """The field's own JSON with one of its texts changed (a few, spread over the document): what passes a
    schema but not a database."""
    try:
        document = json.loads(text)
    except ValueError:
        return
    count = _count_strings(document)
    for index in sorted({round(i * (count - 1) / max(leaves - 1, 1)) for i in range(leaves)} if count else []):
        for what, leaf in (("nul", "a\x00b"), ("surrogate", "a\ud800b"), ("control", "a\x1bb")):
            yield f"json-text-{index}-{what}", json.dumps(_with_string(document, index, leaf))


def _count_strings(value) -> int:
    if isinstance(value, str):
        return 1
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return sum(_count_strings(child) for child in children)


def _with_string(value, index: int, leaf: str):
    """A copy of `value` whose `index`-th string (in document order) is `leaf`."""
    counter = iter(range(10 ** 9))

    def walk(item):
        if isinstance(item, str):
            return leaf if next(counter) == index else item
        if isinstance(item, dict):
            return {key: walk(child) for key, child in item.items()}
        if isinstance(item, list):
            return [walk(child) for child in item]
        return item

    return walk(value)


def _replace(pairs, name, value):
    kept = [p for p in pairs if p[0] != name]
    return kept + [(name, value)]


def _data(pairs, form: Form) -> dict:
    data: dict[str, list] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data
