"""Finding English left in French and Arabic pages (issue 13, point 9).

Two ways English slips into a translated page, and what catches each:

1. A string marked for translation that is not translated when the page renders: a `gettext` run at import
   time instead of `gettext_lazy`, a `{% translate %}` whose msgid was changed without the catalog, a
   catalog not compiled. Caught by comparing the page's text with the msgids of the project's own catalog
   (locale/<lang>/LC_MESSAGES/django.po) that the catalog translates differently: a text that equals such a
   msgid (placeholders like %(name)s match any value) is English that should not be there.
2. English written in a template without `{% translate %}`. Caught twice: `template_literals()` lists the
   text of every project template outside template tags (tests/pms/test_template_strings.py fails on any
   that is not in its short allowlist of universal tokens), and the pages' text is compared with them too.

The page's text is every text node and every attribute a person perceives (aria-label, title, placeholder,
alt, the value of buttons), split at the separators the templates put between values (·, —, |, :, brackets).
What is not prose in the page's language is left out, which is how data never raises a false alarm:
`<code>`, `<pre>`, `<kbd>`, `<samp>`, `<script>`, `<style>`, form values (what users typed), anything inside
an element with another `lang` (the language switcher names "English" in English, as it should) or with
`translate="no"`. A datum equal to a msgid (an organization named "Partners") would still be reported: the
crawl's world (tests/crawl.py) has no such names.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *[p for p in ROOT.glob("*/templates") if p.parent.name != "tests"]]
PERCEIVED_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm", "data-copied-label")
SKIPPED_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                 "wbr"}
SEPARATORS = re.compile(r"\s*(?:[·—|:()\[\]“”«»\"]|\s-\s)\s*")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")
MARK = "\ue000"  # where a template tag or variable stood


# --- What counts as English ------------------------------------------------------------------------------

@cache
def catalog_english(language: str) -> tuple[frozenset, re.Pattern | None]:
    """The msgids the catalog of `language` translates to something else: exact ones, and a regex for the others."""
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    exact, patterns = set(), []
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for msgid in ids:
            if not msgid or msgid in strings or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", msgid)):
                continue
            text = normalize(msgid)
            if PLACEHOLDER.search(text):
                literal = PLACEHOLDER.sub("", text)
                if len(re.findall(r"[A-Za-z]{2,}", literal)) >= 2:  # "%(type)s is mandatory", not "%(n)s"
                    patterns.append(_pattern(text))
            else:
                exact.add(text)
    pattern = re.compile("^(?:" + "|".join(patterns) + ")$") if patterns else None
    return frozenset(exact), pattern


def _pattern(text: str) -> str:
    pieces = PLACEHOLDER.split(text)
    # split() keeps the placeholders' group: the names; literal pieces are at even positions
    literals = [re.escape(piece) for index, piece in enumerate(pieces) if index % 2 == 0]
    return ".+?".join(literals)


def normalize(text: str) -> str:
    return " ".join(text.split()).strip()


# --- The text of a page ----------------------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language, self.stack, self.pieces = page_language, [], []

    def _foreign(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = (tag in SKIPPED_ELEMENTS or attrs.get("translate") == "no"
                or (lang is not None and tag != "html" and lang.split("-")[0] != self.page_language))
        if not self._foreign() and not skip:
            self.pieces += [value for name in PERCEIVED_ATTRIBUTES if (value := attrs.get(name))]
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
                self.pieces.append(attrs["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._foreign():
            self.pieces.append(data)


GLOSS = re.compile(r"\s*\(\s*[A-Za-z][\w-]*\s*\)")


def page_segments(html: str, language: str) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    segments = []
    for piece in parser.pieces:
        glossed = GLOSS.sub("", piece)  # "عدة أصابع (Slap)": a translation naming the term it translates
        if normalize(glossed):
            piece = glossed
        segments += [normalize(part) for part in SEPARATORS.split(piece) if normalize(part)]
    return segments


@cache
def code_words() -> frozenset:
    """Codes the portal shows beside their description (a policy's "partner" token type is not English)."""
    from policies import documents

    return frozenset([*documents.AUTH_TOKEN_TYPES, *(kind for kind, _sub in documents.AUTH_TYPE_OPTIONS)])


def english_in_page(html: str, language: str) -> list[str]:
    """The segments of a French or Arabic page that are the project's English."""
    exact, pattern = catalog_english(language)
    literals = template_literals_english()
    found = []
    for segment in page_segments(html, language):
        bare = segment.rstrip(".,;!?…").strip()
        if not re.search(r"[A-Za-z]{2}", bare) or bare in code_words():
            continue
        if segment in exact or bare in exact or bare in literals or (pattern and pattern.match(segment)):
            found.append(segment)
    return sorted(set(found))


# --- English written in templates ------------------------------------------------------------------------

TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
UNRENDERED = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
                        r"|\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}"
                        r"|\{%\s*block\s+\w*class\s*%\}.*?\{%\s*endblock\b.*?%\}", re.DOTALL)  # CSS classes
# Templates whose markup is itself built by template logic (a tag name chosen by {% if %}): not HTML to read.
UNREADABLE = {"templates/allauth/elements/button.html"}


def template_files() -> list[Path]:
    return sorted(path for directory in TEMPLATE_DIRS for path in directory.rglob("*")
                  if path.suffix in (".html", ".txt") and path.is_file())


def literals_of(source: str) -> list[str]:
    """The text a template writes itself (outside tags, variables, comments and blocktranslate)."""
    marked = TAG.sub(MARK, UNRENDERED.sub(MARK, source))
    parser = _Text(page_language="")
    parser.feed(marked)
    found = []
    for piece in parser.pieces:
        for part in piece.split(MARK):
            for segment in SEPARATORS.split(part):
                segment = normalize(segment)
                if re.search(r"[A-Za-z]{2}", segment):
                    found.append(segment)
    return found


@cache
def template_literals() -> dict[str, list[str]]:
    return {name: literals for path in template_files()
            if (name := str(path.relative_to(ROOT))) not in UNREADABLE
            and (literals := literals_of(path.read_text(encoding="utf-8")))}


@cache
def template_literals_english() -> frozenset:
    return frozenset(segment.rstrip(".,;!?…").strip() for segments in template_literals().values()
                     for segment in segments if segment not in UNIVERSAL)


# Written the same in every language of the portal: acronyms, formats and technical names.
UNIVERSAL = {"PEM", "JSON", "OIDC", "API", "RSA", "EC", "URI", "ID", "UTC", "SHA-256"}
