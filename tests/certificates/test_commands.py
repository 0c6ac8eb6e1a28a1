"""Operations commands (§11): import_ca_certificate, create_portal_ca, rotate_portal_signing_key."""

import io

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from audit.models import AuditEvent
from certificates.models import CACertificate, PortalCAKey
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_ca_certificate_imports_a_root(tmp_path):
    path = tmp_path / "root.pem"
    path.write_bytes(pki.make_root().pem)

    output = run("import_ca_certificate", "--domain", "AUTH", str(path))

    ca = CACertificate.objects.get()
    assert (ca.domain, ca.kind, ca.uploaded_by) == ("AUTH", "root", None)
    assert "Imported the root CA certificate" in output
    assert AuditEvent.objects.get(event="ca_certificate_uploaded").actor == "system"


def test_import_ca_certificate_imports_a_der_intermediate(tmp_path, auth_pki):
    path = tmp_path / "inter.der"
    path.write_bytes(pki.make_intermediate(auth_pki.root).der)

    run("import_ca_certificate", "--domain=AUTH", str(path))

    assert CACertificate.objects.filter(kind="intermediate").count() == 2


def test_import_ca_certificate_refuses_with_the_reason_and_a_non_zero_exit(tmp_path):
    path = tmp_path / "leaf.pem"
    path.write_bytes(pki.build(subject=pki.name("leaf"), ca=False).pem)

    with pytest.raises(CommandError) as info:
        call_command("import_ca_certificate", "--domain", "AUTH", str(path))

    assert str(info.value).startswith("Refused (not_ca): This is not a CA certificate")
    assert AuditEvent.objects.get(event="ca_certificate_upload_refused").details["reason"] == "not_ca"


def test_import_ca_certificate_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_ca_certificate", "--domain", "AUTH", str(tmp_path / "nope.pem"))


def test_import_ca_certificate_needs_a_known_domain(tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_ca_certificate", "--domain", "NOPE", str(tmp_path / "x.pem"))


def test_import_ca_certificate_exits_non_zero_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "random.der"
    path.write_bytes(b"\x01\x02\x03")
    command = load_command_class("certificates", "import_ca_certificate")

    with pytest.raises(SystemExit) as info:
        command.run_from_argv(["manage.py", "import_ca_certificate", "--domain", "AUTH", str(path)])

    assert info.value.code != 0
    assert "Refused (not_a_certificate)" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["import_ca_certificate", "create_portal_ca",
                                     "rotate_portal_signing_key"])
def test_every_command_has_help(command):
    parser = load_command_class("certificates", command).create_parser("manage.py", command)

    assert len(parser.format_help()) > 100


def test_create_portal_ca_is_idempotent():
    first = run("create_portal_ca")
    second = run("create_portal_ca")

    assert first.startswith("Created signing CA")
    assert second.startswith("The portal CA already exists;")
    assert PortalCAKey.objects.count() == 2


def test_rotate_portal_signing_key_retires_the_current_one():
    run("create_portal_ca")

    output = run("rotate_portal_signing_key")

    assert "Retired signing CA" in output and "New signing CA" in output
    assert PortalCAKey.objects.filter(kind="signing").count() == 2
    assert PortalCAKey.objects.filter(kind="signing", is_current=True).count() == 1
