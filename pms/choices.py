"""Choices of a model select, read with one plain query (issue 12).

Django's ModelChoiceIterator reads its queryset with `.iterator()`, which on PostgreSQL opens a server-side
cursor: DECLARE, FETCH and CLOSE, three round trips for a filter bar's dozen partner types or policy groups.
A select shows every choice anyway, so the rows are simply fetched (once per form: the form's own copy of the
queryset keeps them for the second look, e.g. rendering after validation).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator


class ListedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


CHOICES_SECONDS = 300  # a safety net: saving or deleting a row forgets the cached rows at once


class CachedModelChoiceIterator(ListedModelChoiceIterator):
    """The choices of a small table that every view of a filter bar shows in full (partner types, policy groups):
    its rows are kept in the cache, one GET instead of a query on each view (issue 12). Only for a field whose
    queryset is the whole table (`Model.objects.all()`), of a model given to `forget_on_change` at start-up."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = _cache_key(self.queryset.model)
        rows = cache.get(key)
        if rows is None:
            rows = list(self.queryset)
            cache.set(key, rows, CHOICES_SECONDS)
        for obj in rows:
            yield self.choice(obj)


def forget_on_change(model) -> None:
    """Forget the cached choices of `model` whenever one of its rows is saved or deleted (call from `ready()`)."""
    def forget(sender, **kwargs):
        cache.delete(_cache_key(model))

    for signal in (post_save, post_delete):
        signal.connect(forget, sender=model, weak=False, dispatch_uid=f"pms.choices:{model._meta.label}")


def _cache_key(model) -> str:
    return f"pms:choices:{model._meta.label}"
