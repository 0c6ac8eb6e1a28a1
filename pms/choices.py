"""Choices of selects, as cheap per request as they can be (issue 12).

`TranslatedChoices`: a select's fixed choices with translated labels, made strings once per language.

Django's ModelChoiceIterator reads its queryset with `.iterator()`, which on PostgreSQL opens a server-side
cursor: DECLARE, FETCH and CLOSE, three round trips for a filter bar's dozen partner types or policy groups.
A select shows every choice anyway, so the rows are simply fetched (once per form: the form's own copy of the
queryset keeps them for the second look, e.g. rendering after validation).
"""

import itertools

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language

from . import memo


class TranslatedChoices(BaseChoiceIterator):
    """A select's fixed choices (a list of (value, label) pairs, or a function returning one), their labels made
    strings once per language and shared by every form and every request.

    Django normalizes a field's choices when they are set and deep-copies them for each form instance: for a
    filter bar's hundred audit events, with lazily translated labels, that cost a millisecond a view. This
    iterator is passed through as it is (Django leaves its choice iterators alone) and copied as itself;
    `key()` names its current choices, so that a filter bar kept per choices (pms.listparts) need not read them.
    `version` (a function) names a revision of choices computed by `choices` (the audit catalogue's labels)."""

    _serials = itertools.count()

    def __init__(self, choices, version=None):
        self._choices, self._version, self._strings = choices, version, {}
        self._serial = next(self._serials)

    def key(self) -> tuple:
        return self._serial, get_language(), self._version() if self._version else None

    def strings(self) -> tuple[tuple[str, str], ...]:
        key = self.key()
        strings = self._strings.get(key)
        if strings is None:
            choices = self._choices() if callable(self._choices) else self._choices
            strings = tuple((str(value), str(label)) for value, label in choices)
            if len(self._strings) >= 32:  # a few languages, and a version now and then
                self._strings.clear()
            self._strings[key] = strings
        return strings

    def __iter__(self):
        return iter(self.strings())

    def __len__(self) -> int:
        return len(self.strings())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class ListedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


CHOICES_SECONDS = 300  # a safety net: saving or deleting a row forgets the cached rows at once


class CachedModelChoiceIterator(ListedModelChoiceIterator):
    """The choices of a small table that every view of a filter bar shows in full (partner types, policy groups):
    kept in the cache per language as (value, label) strings, one GET instead of a query on each view, and no
    model rebuilt from the cache (issue 12). Only for a field whose queryset is the whole table
    (`Model.objects.all()`), of a model given to `forget_on_change` at start-up. A choice's value carries no
    instance (`ModelChoiceIteratorValue.instance` is None): the select shows, the field's queryset validates."""

    def __init__(self, field):
        super().__init__(field)
        if get_language() in dict(settings.LANGUAGES):  # read with the page's other cache entries (pms.memo)
            memo.prefetch(_cache_key(self.queryset.model, get_language()))

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = get_language()
        cached = language in dict(settings.LANGUAGES)  # else (no language active) read afresh, never kept
        key = _cache_key(self.queryset.model, language)
        rows = memo.cache_get(key) if cached else None
        if rows is None:
            rows = [(str(self.field.prepare_value(obj)), str(self.field.label_from_instance(obj)))
                    for obj in self.queryset]
            if cached:
                memo.cache_set(key, rows, CHOICES_SECONDS)
        for value, label in rows:
            yield ModelChoiceIteratorValue(value, None), label


def forget_on_change(model) -> None:
    """Forget the cached choices of `model` whenever one of its rows is saved or deleted (call from `ready()`)."""
    forget_keys_on_change([_cache_key(model, language) for language, _name in settings.LANGUAGES], model)


def forget_keys_on_change(keys: list[str], *models) -> None:
    """Delete the cache entries `keys` whenever a row of one of `models` is saved or deleted (call from `ready()`).

    The entries are deleted at once, for what runs next in the same transaction, and again once the change is
    committed: in between, a concurrent view could read the rows as they were and keep them again, stale until
    the entries expire."""
    def forget(sender, **kwargs):
        memo.cache_forget_now_and_on_commit(keys)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, weak=False,
                           dispatch_uid=f"pms.choices:{keys[0]}:{model._meta.label}")


def _cache_key(model, language: str) -> str:
    return f"pms:choices:{model._meta.label}:{language}"
