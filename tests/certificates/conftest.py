import pytest

from pms.errors import Refused
from tests.certificates import factories as pki


@pytest.fixture
def auth_pki(db):
    """A root and an intermediate CA (EC) in the AUTH trust store."""
    return pki.install_hierarchy("AUTH")


@pytest.fixture
def refusal():
    """`refusal(fn, **kwargs)` runs a service that must refuse and returns the Refused error."""
    def run(function, **kwargs) -> Refused:
        with pytest.raises(Refused) as info:
            function(**kwargs)
        return info.value

    return run
