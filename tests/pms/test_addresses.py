"""Links in emails point where the portal really answers (issue 13, point 2): PMS_PORTAL_URL."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from pms.addresses import address_url, portal_url
from pms.management.commands.runportal import child_environment

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"debug": False, "addr": "", "allowed_hosts": ["partners.example.org"], "https_only": True}


@pytest.mark.parametrize(("addr", "url"), [
    ("127.0.0.1:8101", "http://127.0.0.1:8101"), ("8101", "http://127.0.0.1:8101"),
    ("0.0.0.0:8101", "http://127.0.0.1:8101"), ("0:8000", "http://127.0.0.1:8000"),
    ("[::]:8000", "http://[::1]:8000"), ("localhost:9000", "http://localhost:9000")])
def test_the_address_a_server_listens_on_becomes_the_url_a_browser_here_opens(addr, url):
    assert address_url(addr) == url


def test_in_development_links_follow_the_address_of_the_server():
    assert portal_url("", debug=True, addr="127.0.0.1:8101", allowed_hosts=[], https_only=False) == \
        "http://127.0.0.1:8101"
    assert portal_url("", debug=True, addr="", allowed_hosts=[], https_only=False) == "http://127.0.0.1:8000"


def test_an_explicit_portal_url_wins_and_loses_its_trailing_slash():
    assert portal_url("https://partners.example.org/", **PRODUCTION) == "https://partners.example.org"
    assert portal_url("http://pms.local:8080", debug=True, addr="127.0.0.1:8101", allowed_hosts=[],
                      https_only=True) == "http://pms.local:8080"


@pytest.mark.parametrize(("value", "message"), [
    ("", "Set PMS_PORTAL_URL"),
    ("partners.example.org", "absolute http or https URL"),
    ("ftp://partners.example.org", "absolute http or https URL"),
    ("https://partners.example.org/portal", "origin only"),
    ("https://user:pw@partners.example.org", "origin only"),
    ("https://partners.example.org:99999", "malformed host or port"),
    ("http://partners.example.org", "must use https"),
    ("https://partners.example.com", "not in ALLOWED_HOSTS")])
def test_in_production_the_portal_url_is_required_and_checked(value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        portal_url(value, **PRODUCTION)


def test_a_subdomain_pattern_of_allowed_hosts_is_accepted():
    assert portal_url("https://eu.partners.example.org", **{**PRODUCTION, "allowed_hosts": [".example.org"]})


def test_runportal_hands_its_address_to_the_web_server_worker_and_beat():
    assert child_environment("127.0.0.1:8101")["PMS_ADDR"] == "127.0.0.1:8101"


def test_settings_started_by_runportal_link_to_its_address():
    env = {k: v for k, v in child_environment("127.0.0.1:8101").items() if k != "PMS_PORTAL_URL"}
    env["DEBUG"] = "true"
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pms.settings'); "
         "django.setup(); from django.conf import settings; print(settings.PMS_PORTAL_URL)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "http://127.0.0.1:8101", result.stderr


@pytest.mark.django_db
def test_decision_emails_link_to_the_portal_url(alice, dave, settings, django_capture_on_commit_callbacks):
    from policies import services
    from tests.policies.factories import PolicyLinkFactory

    settings.PMS_PORTAL_URL = "http://127.0.0.1:8101"
    link = PolicyLinkFactory(partner=alice.partner)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_link(link=link, actor=dave, comment="Incomplete")
    assert f"http://127.0.0.1:8101/policies/requests/{link.code}/" in mail.outbox[0].body
