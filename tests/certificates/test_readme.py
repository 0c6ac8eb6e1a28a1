"""The README lists every refusal reason of the certificate engine (issue 10)."""

from pathlib import Path

from certificates.engine import MESSAGES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_refusal_code():
    text = README.read_text(encoding="utf-8")
    codes = {code.removesuffix("_named") for code in MESSAGES}

    missing = sorted(code for code in codes if f"`{code}`" not in text)

    assert missing == []
