"""Choices of a model select, read with one plain query (issue 12).

Django's ModelChoiceIterator reads its queryset with `.iterator()`, which on PostgreSQL opens a server-side
cursor: DECLARE, FETCH and CLOSE, three round trips for a filter bar's dozen partner types or policy groups.
A select shows every choice anyway, so the rows are simply fetched (once per form: the form's own copy of the
queryset keeps them for the second look, e.g. rendering after validation).
"""

from django.forms.models import ModelChoiceIterator


class ListedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)
