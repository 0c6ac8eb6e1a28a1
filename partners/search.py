"""The partners' `search_text` (organization, partner ID, users' emails) kept current (issue 12).

`Partner.save()` writes it; a user's save or deletion rewrites its partner's (receivers below); rows
written without `save()` (bulk inserts, imports, benchmark data) call `refresh()` afterwards.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SEARCH_TEXT_MAX_LENGTH, Partner, User, compose_search_text

# The text compose_search_text() builds, written by PostgreSQL itself for many partners at once.
REFRESH_SQL = f"""
    UPDATE partners_partner AS p SET search_text = LEFT(p.organization_name || E'\\n' || p.partner_id || COALESCE(
        (SELECT string_agg(E'\\n' || u.email, '' ORDER BY u.email) FROM partners_user AS u
         WHERE u.partner_id = p.id AND u.email <> ''), ''), {SEARCH_TEXT_MAX_LENGTH})
"""


def refresh(partner_ids=None) -> None:
    """Rewrite the search text of the partners `partner_ids` (of every partner when None)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if partner_ids is None:
                cursor.execute(REFRESH_SQL)
            else:
                cursor.execute(REFRESH_SQL + " WHERE p.id = ANY(%s)", [list(partner_ids)])
        return
    partners = Partner.objects.all() if partner_ids is None else Partner.objects.filter(pk__in=list(partner_ids))
    emails: dict[int, list[str]] = {}
    for partner_id, email in User.objects.filter(partner__in=partners).values_list("partner_id", "email"):
        emails.setdefault(partner_id, []).append(email)
    rows = list(partners.only("pk", "organization_name", "partner_id"))
    for partner in rows:
        partner.search_text = compose_search_text(partner.organization_name, partner.partner_id,
                                                  emails.get(partner.pk, []))
    Partner.objects.bulk_update(rows, ["search_text"], batch_size=500)


@receiver(post_save, sender=User, dispatch_uid="partners.search_text_user_saved")
def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A login saves last_login only: nothing to rewrite then.
    if raw or instance.partner_id is None:
        return
    if update_fields is not None and not {"email", "partner"} & set(update_fields):
        return
    refresh([instance.partner_id])


@receiver(post_delete, sender=User, dispatch_uid="partners.search_text_user_deleted")
def user_deleted(sender, instance, **kwargs):
    if instance.partner_id is not None:
        refresh([instance.partner_id])
