from django.utils.translation import gettext_lazy as _

from pms.portal import Feature, register_feature


def register() -> None:
    register_feature(Feature(
        key="audit", title=_("Audit trail"), url_name="audit:list", icon="journal-text",
        description=_("Who did what and when: browse, filter and export every event."),
        visible=lambda user: user.has_perm("audit.view_auditevent"), order=800,
    ))
