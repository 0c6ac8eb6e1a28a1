"""Actors of the devices tests: device providers Dina and Erik, FTM chip providers Fatima and Farid.

Alice (an authentication partner) and Carol (a policy manager) hold the wrong role for these pages;
Dave is the partner admin.
"""

import pytest
from django.test import Client

from pms.errors import Refused
from tests.certificates import factories as pki

from .factories import make_device_provider, make_ftm_provider


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dina(db):
    """A device provider with a valid partner certificate."""
    return make_device_provider("dina", "Dina Devices")


@pytest.fixture
def erik(db):
    """Another device provider, who must never see Dina's SBIs."""
    return make_device_provider("erik", "Erik Sensors")


@pytest.fixture
def ftm_pki(db):
    """A root and an intermediate CA in the FTM trust store."""
    return pki.install_hierarchy("FTM")


@pytest.fixture
def fatima(ftm_pki):
    """An FTM chip provider with a valid partner certificate."""
    return make_ftm_provider("fatima", "Fatima Chips", hierarchy=ftm_pki)


@pytest.fixture
def farid(ftm_pki):
    """Another FTM chip provider."""
    return make_ftm_provider("farid", "Farid Silicon", hierarchy=ftm_pki)


@pytest.fixture
def dina_client(dina):
    return _client(dina)


@pytest.fixture
def erik_client(erik):
    return _client(erik)


@pytest.fixture
def fatima_client(fatima):
    return _client(fatima)


@pytest.fixture
def farid_client(farid):
    return _client(farid)


@pytest.fixture
def refusal():
    """`refusal(fn, **kwargs)` runs a service that must refuse and returns the Refused error."""
    def run(function, **kwargs) -> Refused:
        with pytest.raises(Refused) as info:
            function(**kwargs)
        return info.value

    return run
