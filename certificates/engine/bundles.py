"""The order in which a bundle's certificates are checked (§3.1: "taken root first").

PKCS#7 holds a SET, and PEM bundles come in any order (leaf-first chain files are common), so the order
is rebuilt from names: self-signed certificates first, then each certificate after the one that names it
as issuer. Only the order comes from here; whether a certificate chains is decided by the library.
"""

from cryptography import x509

from .rules import is_self_signed, names_itself_as_issuer


def order_root_first(certificates: list[x509.Certificate]) -> list[x509.Certificate]:
    """Roots, then certificates whose issuer is not in the bundle (it may be in the trust store already),
    then the descendants of each, breadth-first, a key-rollover (self-issued) certificate before its
    siblings. Indices, not equality, so that a certificate present twice is kept twice."""
    indices = range(len(certificates))
    roots = [i for i in indices if is_self_signed(certificates[i])]
    rest = [i for i in indices if i not in roots]
    outside = [i for i in rest if not any(certificates[i].issuer == certificates[j].subject
                                          for j in indices if j != i)]
    ordered, pending = roots + outside, [i for i in rest if i not in outside]
    position = 0
    while position < len(ordered):
        parent = certificates[ordered[position]]
        position += 1
        children = sorted((i for i in pending if certificates[i].issuer == parent.subject),
                          key=lambda i: not names_itself_as_issuer(certificates[i]))
        pending = [i for i in pending if i not in children]
        ordered += children
    return [certificates[i] for i in ordered + pending]
