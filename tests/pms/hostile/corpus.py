"""The hostile values, by class. Values are bytes when they must reach the server exactly (invalid UTF-8).

`MARK` makes values that must never be stored findable in the database afterwards.
"""

MARK = "ZQXHOSTILE"
SURROGATE_UTF8 = "\ud800".encode("utf-8", "surrogatepass")  # a lone surrogate as (invalid) UTF-8

# (class, value, must the value be refused wherever it is typed?). Every text field gets TEXT; the
# exploratory values are spread over a form's text fields (all of them on the first one), to keep the run short.
TEXT = [
    ("nul", f"{MARK}\x00x", True),
    ("control", f"{MARK}\x01\x1b[2Jx", True),
    ("bidi-override", f"{MARK}\u202egnp.exe", True),
    ("oversized", MARK + "A" * 10_001, True),  # text areas get OVERSIZED_TEXTAREA instead
]
OVERSIZED_TEXTAREA = ("oversized", MARK + "A" * 100_001, True)
TEXT_EXPLORATORY = [
    ("invalid-utf8", MARK.encode() + SURROGATE_UTF8 + b"\xff\xfe", False),  # decoded with U+FFFD by Django
    ("markup", "<script>alert(1)</script>\"'&{{ x }}{% x %}%(x)s%s{0}", False),
    ("redirect", "//evil.example/", False),
    ("blank", " \u00a0 ", False),
]
NEWLINES = ("newlines", f"{MARK}\r\nInjected-Header: 1", True)  # refused in single-line fields only
JSON_NAME_HINTS = ("json", "document", "key", "source", "jwk")
JSON_TEXT = [
    ("json-nul", '{"a": "\\u0000"}'),
    ("json-surrogate", '{"a": "\\ud800", "b": ["\\udfff"]}'),
    ("json-deep", "[" * 5_000 + "]" * 5_000),
    ("json-depth-65", '{"a": ' * 65 + "1" + "}" * 65),
    ("json-bigint", "1" * 5_000),
    ("json-nan", '{"a": NaN, "b": -Infinity}'),
    ("json-overflow", '{"a": 1e400}'),
    ("json-duplicate-keys", '{"a": 1, "a": 2}'),
]
CHOICE = [  # select, radio; checkboxes and hidden fields get the first two and HIDDEN
    ("nul", "\x00"),
    ("huge-number", "9" * 10_000),
    ("invalid-utf8", SURROGATE_UTF8 + b"\xff"),
    ("not-a-uuid", "-1.5e400 00000000-0000-0000-0000-00000000000g"),
]
HIDDEN = [("redirect", "//evil.example/"), ("relative", "abc")]
# (class, file name, content)
FILES = [
    ("empty-file", "empty.pem", b""),
    ("nul-file", "nul\x00\x01\u202e.pem", b"\x00" * 64),
    ("garbage-pem", "../../etc/passwd", b"-----BEGIN CERTIFICATE-----\n\xff\xfe\x00AAAA\n-----END CERTIFICATE-----\n"),
]
# One query string per class: every parameter of the page (and the usual ones) set to the value.
QUERY_KEYS = ["page", "sort", "q", "search", "status", "type", "group", "policy", "link", "next", "order", "kind",
              "domain", "validity", "expiring_within", "date_from", "date_to", "module", "event", "actor"]
QUERY_VALUES = [  # each list is spread over the keys (neighbouring keys get different values)
    ("nul-and-controls", ["%00", "%01%1B", "%E2%80%AE"]),
    ("invalid-utf8", ["%ED%A0%80%FF"]),
    ("numbers-and-sizes", ["9" * 60, "-1", "A" * 4_000]),
    ("injection", ["%3Cscript%3E%27%22", "%2F%2Fevil.example", "%27%20OR%201%3D1--"]),
]
QUERY_EXTRA = [
    ("arrays-and-unknown-keys", "page=1&page=99999999999999999999&sort=__class__&sort=-password&q[]=x&status[0]=a"
                                "&order=;DROP&&=x&bare"),
]
# Request headers the portal reads (language, client IP, request ID, referrer), sent with one GET per page.
HEADERS = {
    "HTTP_ACCEPT_LANGUAGE": "\x00;q=1," + "x" * 5_000 + ";q=nan, ar-\u202e",
    "HTTP_X_FORWARDED_FOR": "\x00, 999.1.1.1, ::ffff:zz",
    "HTTP_X_REQUEST_ID": "\x00" * 80 + "\n",
    "HTTP_REFERER": "javascript:alert(1)",
    "HTTP_USER_AGENT": "\x00" * 10_000,
}

# Bodies a client sends by hand; each (name, content type, body).
RAW_BODIES = [
    ("json-valid-shape", "application/json", b'{"apiKey": "pms_x", "partnerId": "AP-1"}'),
    ("json-invalid-utf8", "application/json", b'{"apiKey": "\xff\xfe", "partnerId": "\xed\xa0\x80"}'),
    ("json-surrogate", "application/json", b'{"apiKey": "\\ud800", "partnerId": "\\udfff"}'),
    ("json-nul", "application/json", b'{"apiKey": "pms_\\u0000", "partnerId": "\\u0000"}'),
    ("json-deep", "application/json", b"[" * 100_000 + b"]" * 100_000),
    ("json-depth-65", "application/json", b'{"apiKey": ' * 65 + b'"x"' + b"}" * 65),
    ("json-bigint", "application/json", b'{"apiKey": 1' + b"0" * 5_000 + b"}"),
    ("json-nan", "application/json", b'{"apiKey": NaN, "partnerId": Infinity}'),
    ("json-overflow", "application/json", b'{"apiKey": "x", "partnerId": 1e400}'),
    ("json-duplicate-keys", "application/json", b'{"apiKey": "a", "apiKey": "b"}'),
    ("json-wrong-types", "application/json", b'{"apiKey": ["x"], "partnerId": {"a": 1}}'),
    ("json-array", "application/json", b"[1, 2, 3]"),
    ("json-oversized-key", "application/json", b'{"apiKey": "' + b"A" * 100_000 + b'"}'),
    ("json-empty", "application/json", b""),
    ("urlencoded-junk", "application/x-www-form-urlencoded", b"%ED%A0%80=%FF&a&&=b&c=%zz"),
    ("multipart-broken", "multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n\xff"),
    ("multipart-no-boundary", "multipart/form-data", b"junk"),
    ("text-plain", "text/plain; charset=utf-16", b"\xff\xfe\x00\x00"),
]
FORM_BODIES = [body for body in RAW_BODIES if body[0] in (
    "json-surrogate", "urlencoded-junk", "multipart-broken", "multipart-no-boundary", "text-plain")]
