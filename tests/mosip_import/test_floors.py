"""The importer is a top-floor module: no domain app imports it (STYLE.md §14)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = ["pms", "audit", "partners", "certificates", "policies", "apikeys", "devices", "notifications"]


def test_no_domain_app_imports_the_importer():
    importing = [str(path.relative_to(ROOT)) for app in DOMAIN_APPS if (ROOT / app).is_dir()
                 for path in (ROOT / app).rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+mosip_import\b", path.read_text(), re.MULTILINE)]
    assert importing == []
