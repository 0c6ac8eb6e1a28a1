"""A MOSIP PMS deployment in PostgreSQL for the import's tests: two source databases beside the test database
(<test db>_src_pms with schema pms, <test db>_src_keymgr with schema keymgr), created once per session with
MOSIP's tables and refilled for each test."""

import io

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import IN_CI

from . import deployment, mosip_schema


def _server_dsn(dbname: str) -> str:
    settings = connection.settings_dict
    parts = {"host": settings["HOST"] or "localhost", "port": settings["PORT"] or "5432",
             "user": settings["USER"], "password": settings["PASSWORD"], "dbname": dbname}
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v})


@pytest.fixture(scope="session")
def mosip_databases(django_db_setup, django_db_blocker):
    """The two source databases with MOSIP's (empty) tables: {"pms": dsn, "keymgr": dsn}."""
    if connection.vendor != "postgresql":
        message = "the MOSIP import reads PostgreSQL databases (set DATABASE_URL to a PostgreSQL server)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    base = connection.settings_dict["NAME"]
    names = {"pms": f"{base}_src_pms", "keymgr": f"{base}_src_keymgr"}
    with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    dsns = {kind: _server_dsn(name) for kind, name in names.items()}
    for kind, ddl in (("pms", mosip_schema.PMS_DDL), ("keymgr", mosip_schema.KEYMGR_DDL)):
        with psycopg.connect(dsns[kind], autocommit=True) as source:
            source.execute(ddl)
    yield dsns
    with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def mosip_pki():
    return deployment.make_pki()


@pytest.fixture
def mosip(mosip_databases, mosip_pki, db):
    """A freshly filled MOSIP deployment (see deployment.py); `mosip.write()` opens a writable connection."""
    for kind, tables in (("pms", mosip_schema.PMS_TABLES), ("keymgr", mosip_schema.KEYMGR_TABLES)):
        with psycopg.connect(mosip_databases[kind], autocommit=True) as source:
            source.execute(f"TRUNCATE {', '.join(f'{kind}.{t}' for t in tables)}")
            if kind == "pms":
                deployment.fill_pms(source)
            else:
                deployment.fill_keymgr(source, mosip_pki)
    return deployment.Deployment(mosip_databases["pms"], mosip_databases["keymgr"])


@pytest.fixture
def run_import(mosip, tmp_path, settings):
    """`run_import(*extra_args)` runs the command against the deployment; returns (stdout, stderr, csv text)."""
    settings.PMS_PORTAL_URL = "https://partners.example.org"
    runs = iter(range(1, 100))

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        report = tmp_path / f"report-{next(runs)}.csv"
        call_command("import_mosip_pms", "--pms-dsn", mosip.pms_dsn, "--keymgr-dsn", mosip.keymgr_dsn,
                     "--report", str(report), *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue(), report.read_text()

    return run
