import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "Zr8vQ2mN7xK4pL9wT3yF6hJ1cB5gD0sA8eR2uI7oP4lM9nV3bX6zC1qW5tY8kH2j",
    "ALLOWED_HOSTS": "pms.example.org",
    "PMS_PORTAL_URL": "https://pms.example.org",
    "PMS_KEY_ENCRYPTION_KEY": "x9KMNK9vBCNJyQ2QmUKUSbH-7xFiJpHr4bjqX5rjqzI=",
    "DATABASE_URL": "sqlite:////tmp/pms-deploy-check.sqlite3",
}


def manage(*args, env=None):
    test_only = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT",
                 "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "PMS_PORTAL_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_key_encryption_key():
    env = {**PRODUCTION_ENV, "PMS_KEY_ENCRYPTION_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0 and "PMS_KEY_ENCRYPTION_KEY" in result.stderr


def test_production_refuses_to_start_without_the_portal_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PMS_PORTAL_URL"}
    result = manage("check", env=env)
    assert result.returncode != 0 and "Set PMS_PORTAL_URL" in result.stderr


def test_production_refuses_a_portal_url_on_a_host_it_does_not_serve():
    result = manage("check", env={**PRODUCTION_ENV, "PMS_PORTAL_URL": "https://pms.example.com"})
    assert result.returncode != 0 and "not in ALLOWED_HOSTS" in result.stderr


def test_compose_file_follows_the_compose_specification():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_service_with_a_healthcheck():
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis", "mail"}
    assert all("healthcheck" in spec for spec in services.values())
    assert "gunicorn" in services["web"]["command"] and "/healthz" in str(services["web"]["healthcheck"])


def test_translation_catalogs_are_complete():
    result = manage("compile_translations", "--check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_env_variable_the_settings_read_is_documented():
    import re

    settings_text = (ROOT / "pms" / "settings.py").read_text()
    internal = {"PMS_VAR_DIR", "CONN_MAX_AGE", "CELERY_TASK_ALWAYS_EAGER", "STATIC_ROOT"}
    read = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', settings_text)) - internal
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy_without_inline_script(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script and "unsafe-inline" not in script
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_templates_carry_no_inline_script_or_style(client):
    for path in ROOT.joinpath("templates").rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "<script " not in text.replace('<script src=', ''), path
        assert ' style="' not in text, path


@pytest.mark.django_db
def test_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_health_check_fails_when_the_configured_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    from pms.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503 and response.json()["broker"] == "unavailable"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-trace")
    assert response["X-Request-ID"] == "abc12345-trace"
    assert len(client.get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"]) == 32


def test_load_demo_data_prints_passwords_once_and_is_idempotent(db, capsys):
    from django.core.management import call_command

    call_command("load_demo_data")
    first = capsys.readouterr().out
    assert "admin" in first and "authpartner" in first and "shown only now" in first
    call_command("load_demo_data")
    assert "already loaded" in capsys.readouterr().out
