"""A filter bar's choices of a whole small table are kept in the cache and forgotten when a row changes (issue 12)."""

import pytest

from policies.models import PolicyGroup
from tests.policies.factories import PolicyGroupFactory

pytestmark = pytest.mark.django_db


def group_options(client) -> str:
    return client.get("/policies/links/").content.decode()


def test_a_new_policy_group_is_offered_at_once(dave_client):
    group_options(dave_client)  # the choices are now cached
    PolicyGroupFactory(name="Group created after the cache was filled")

    assert "Group created after the cache was filled" in group_options(dave_client)


def test_a_renamed_policy_group_is_offered_under_its_new_name(dave_client):
    group = PolicyGroupFactory(name="Old group name")
    assert "Old group name" in group_options(dave_client)
    group.name = "New group name"
    group.save(update_fields=["name"])

    page = group_options(dave_client)
    assert "New group name" in page and "Old group name" not in page


def test_a_deleted_policy_group_is_no_longer_offered(dave_client):
    group = PolicyGroupFactory(name="Group about to go")
    assert "Group about to go" in group_options(dave_client)
    PolicyGroup.objects.filter(pk=group.pk).first().delete()

    assert "Group about to go" not in group_options(dave_client)


def reads_the_groups(queries) -> bool:
    return any(q["sql"].startswith('SELECT "policies_policygroup"') for q in queries.captured_queries)


def test_the_cached_choices_save_the_filter_bars_query(dave_client, django_assert_max_num_queries):
    PolicyGroupFactory()
    with django_assert_max_num_queries(20) as first:
        group_options(dave_client)
    with django_assert_max_num_queries(20) as second:
        group_options(dave_client)

    assert reads_the_groups(first) and not reads_the_groups(second)


def test_the_cached_choices_are_kept_per_language(dave_client):
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import escape

    from partners.models import PartnerType

    PartnerType.objects.filter(code="auth-partner").update(name="Authentication Partner")
    english = dave_client.get("/partners/").content.decode()
    dave_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = dave_client.get("/partners/").content.decode()
    with translation.override("fr"):
        label = translation.gettext("Authentication Partner")
    assert label != "Authentication Partner"
    assert ">Authentication Partner</option>" in english and f">{escape(label)}</option>" in french


def _language_form():
    from django import forms
    from django.utils.translation import gettext_lazy as _

    from pms.choices import TranslatedChoices

    class LanguageForm(forms.Form):
        sort = forms.ChoiceField(required=False,
                                 choices=TranslatedChoices([("", _("All")), ("new", _("Newest first"))]))

    return LanguageForm


def test_translated_choices_follow_the_active_language():
    from django.utils import translation

    form_class = _language_form()
    with translation.override("fr"):
        french = list(form_class().fields["sort"].choices)
    with translation.override("en"):
        english = list(form_class().fields["sort"].choices)
    assert english == [("", "All"), ("new", "Newest first")]
    assert french == [("", "Toutes"), ("new", "Les plus récents en premier")]


def test_translated_choices_are_shared_by_every_form_and_still_validate():
    form_class = _language_form()
    first, second = form_class({"sort": "new"}), form_class({"sort": "oldest"})
    assert first.fields["sort"].choices is second.fields["sort"].choices is form_class.base_fields["sort"].choices
    assert first.is_valid() and first.cleaned_data["sort"] == "new"
    assert not second.is_valid() and "sort" in second.errors
