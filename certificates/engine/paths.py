"""RFC 5280 §6.1.4 path length over a chain the library built (leaf first, trust anchor last).

`cryptography`'s verifier counts every certificate of the path against pathLenConstraint, self-issued ones
included (its own source says so and names the x509-limbo case it fails on purpose). RFC 5280 does not count
self-issued certificates (same subject and issuer: a CA's key rollover), so chains.py may join two paths the
library built at a self-issued certificate, and this check then applies the RFC's count to the whole chain.
"""

from cryptography import x509

from .errors import refuse
from .rules import extension, names_itself_as_issuer


def check_path_length(chain: list[x509.Certificate]) -> None:
    """§6.1.4 (l) and (m); the anchor's own pathLenConstraint is honoured too, as the library does."""
    cas = list(reversed(chain[1:]))  # the anchor first, down to the issuer of the leaf
    remaining, limiter = None, 0
    for position, ca in enumerate(cas):
        if position > 0 and not names_itself_as_issuer(ca):
            if remaining is not None and remaining <= 0:
                raise _exceeded(cas, limiter)
            remaining = None if remaining is None else remaining - 1
        length = path_length(ca)
        if length is not None and (remaining is None or length < remaining):
            remaining, limiter = length, position


def path_length(certificate: x509.Certificate) -> int | None:
    constraints = extension(certificate, x509.BasicConstraints)
    return constraints.path_length if constraints is not None else None


def display_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else (certificate.subject.rfc4514_string() or "-")


def _exceeded(cas: list[x509.Certificate], limiter: int):
    below = sum(1 for ca in cas[limiter + 1:] if not names_itself_as_issuer(ca))
    return refuse("path_length_exceeded", name=display_name(cas[limiter]), limit=path_length(cas[limiter]),
                  count=below)
