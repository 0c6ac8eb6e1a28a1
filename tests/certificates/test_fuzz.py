"""Property-based robustness (issue 10): mutated DER certificates through every entry point of the engine.

Each mutant is accepted or refused with a message, never an exception, within a deadline. Mutations: byte
flips and random bytes (before and after signing again, so that altered content reaches the chain builder
with a valid signature), truncations, huge DER lengths, duplicated and reordered extensions. Hypothesis is
derandomized so CI sees the same examples every run; PMS_FUZZ_EXAMPLES raises the count for a deeper run.
"""

import base64
import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certificates import services
from certificates.engine import check_ca_certificate, load_bundle
from pms.errors import Refused
from tests.certificates import der
from tests.certificates import factories as pki

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PMS_FUZZ_EXAMPLES", "1200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ORGANIZATION = "Alice Auth Ltd"
HUGE_LENGTHS = [b"\x84\xff\xff\xff\xff", b"\x84\x7f\xff\xff\xff", b"\x88" + b"\xff" * 8, b"\x80", b"\xff"]


def _flip(data: bytes, draw) -> bytes:
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] ^= draw(st.integers(1, 255))
    return bytes(data)


def _splice(data: bytes, draw) -> bytes:
    position = draw(st.integers(0, len(data)))
    inserted = draw(st.sampled_from(HUGE_LENGTHS) | st.binary(min_size=1, max_size=8))
    return data[:position] + inserted + data[position + 1:]


def _resigned(data: bytes, key, draw) -> bytes:
    """The TBSCertificate altered, then signed again with the issuer's key (a well-signed mutant)."""
    structural = draw(st.sampled_from(["flip", "duplicate", "reverse", "both"]))
    edit = {
        "flip": lambda tbs: _flip(tbs, draw),
        "duplicate": der.with_extensions(der.duplicate_first_extension),
        "reverse": der.with_extensions(der.reverse_extensions),
        "both": lambda tbs: _flip(der.with_extensions(der.duplicate_first_extension)(tbs), draw),
    }[structural]
    return der.resign(data, key, edit)


def mutate(data: bytes, key, draw) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "resign"]))
    if kind == "flip":
        return _flip(data, draw)
    if kind == "truncate":
        return data[:draw(st.integers(0, len(data) - 1))]
    if kind == "splice":
        return _splice(data, draw)
    return _resigned(data, key, draw)


def accepted_or_refused(function, **kwargs) -> str:
    try:
        function(**kwargs)
    except Refused as refusal:
        assert refusal.code and str(refusal.message).strip()
        return refusal.code
    return "accepted"


def as_pem(data: bytes) -> bytes:
    lines = base64.encodebytes(data).replace(b"\n", b"")
    body = b"\n".join(lines[i:i + 64] for i in range(0, len(lines), 64))
    return b"-----BEGIN CERTIFICATE-----\n" + body + b"\n-----END CERTIFICATE-----\n"


def through_bundle(data: bytes, root: pki.Issued) -> str:
    certificates = load_bundle(root.pem + as_pem(data), filename="chain.pem")
    for certificate in certificates:
        accepted_or_refused(check_ca_certificate, certificate=certificate, domain="AUTH")
    return "read"


@FUZZ
@given(st.data())
def test_mutated_ca_certificates_never_crash_the_trust_store(auth_pki, data):
    base = data.draw(st.sampled_from(["root", "intermediate"]))
    issued = _cached(auth_pki, "intermediate") if base == "intermediate" else auth_pki.root
    signer = auth_pki.intermediate.key if base == "intermediate" else auth_pki.root.key
    mutant = mutate(issued.der, signer, data.draw)

    accepted_or_refused(services.validate_ca_certificate, data=mutant, domain="AUTH", filename="ca.der")
    accepted_or_refused(through_bundle, data=mutant, root=auth_pki.root)


@FUZZ
@given(st.data())
def test_mutated_partner_certificates_never_crash_partner_or_chip_validation(auth_pki, data):
    issued = _cached(auth_pki, "partner")
    mutant = mutate(issued.der, auth_pki.intermediate.key, data.draw)

    for domain in ("AUTH", "FTM"):
        accepted_or_refused(services.validate_end_entity, data=mutant, domain=domain, organization=ORGANIZATION,
                            filename="partner.der")


_BASES = {}


def _cached(hierarchy, kind: str) -> pki.Issued:
    """One base certificate per hierarchy and kind: the examples' draws depend on its length, which must
    not change from one example to the next (and building one per example would dominate the run time)."""
    key = (pki.fingerprint(hierarchy.intermediate), kind)
    if key not in _BASES:
        _BASES[key] = (pki.make_intermediate(hierarchy.intermediate) if kind == "intermediate" else
                       pki.make_partner_certificate(hierarchy.intermediate, organization=ORGANIZATION))
    return _BASES[key]
