from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def portal_url_is_set(app_configs, **kwargs):
    """Emails sent by the scheduler have no request to build links from: they need the portal's address."""
    if settings.PMS_PORTAL_URL.startswith(("https://", "http://")):
        return []
    return [Warning("PMS_PORTAL_URL is not set: links in notification emails would not be absolute.",
                    hint="Set PMS_PORTAL_URL to the portal's public address, e.g. https://pms.example.org.",
                    id="notifications.W001")]
