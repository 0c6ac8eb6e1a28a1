"""What a browser sees on a page: its links and its forms with the values it would submit (stdlib parser)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_INPUTS = {"text", "search", "email", "url", "tel", "number", "date", "datetime-local", "time", "month",
               "week", "color", "range", "password", ""}


@dataclass
class FormField:
    name: str
    kind: str  # an <input> type, "textarea", "select" or "select-multiple"
    value: str = ""  # what the browser submits by default ("" when nothing is selected or checked)
    checked: bool = False
    options: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_INPUTS or self.kind == "textarea"


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[FormField] = field(default_factory=list)

    def submission(self) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends when the form is submitted unchanged."""
        pairs, seen_radio = [], set()
        for item in self.fields:
            if item.kind in ("submit", "button", "image", "reset", "file"):
                continue
            if item.kind in ("checkbox", "radio"):
                if item.checked and not (item.kind == "radio" and item.name in seen_radio):
                    pairs.append((item.name, item.value or "on"))
                    seen_radio.add(item.name)
            elif item.kind == "select-multiple":
                pairs += [(item.name, value) for value in item.options if value == item.value and value]
            else:
                pairs.append((item.name, item.value))
        return pairs

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(item.name for item in self.fields))

    def field(self, name: str) -> FormField:
        return next(item for item in self.fields if item.name == name)

    def file_fields(self) -> list[str]:
        return [item.name for item in self.fields if item.kind == "file"]


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: FormField | None = None
        self._select: FormField | None = None
        self._option: tuple[str | None, bool] | None = None
        self._option_text = ""

    def handle_starttag(self, tag, attrs):
        attributes = {key: value if value is not None else "" for key, value in attrs}
        handler = getattr(self, f"_start_{tag}", None)
        if handler:
            handler(attributes)

    def handle_endtag(self, tag):
        handler = getattr(self, f"_end_{tag}", None)
        if handler:
            handler()

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def _start_a(self, attributes):
        if attributes.get("href"):
            self.links.append(attributes["href"])

    def _start_form(self, attributes):
        self._form = Form(action=attributes.get("action", ""), method=attributes.get("method", "get").lower(),
                          enctype=attributes.get("enctype", "application/x-www-form-urlencoded"))
        self.forms.append(self._form)

    def _end_form(self):
        self._form = None

    def _add(self, item: FormField):
        if self._form is not None and item.name:
            self._form.fields.append(item)

    def _start_input(self, attributes):
        kind = attributes.get("type", "text").lower()
        self._add(FormField(attributes.get("name", ""), kind, attributes.get("value", ""),
                            checked="checked" in attributes))

    def _start_button(self, attributes):
        if attributes.get("name"):
            self._add(FormField(attributes["name"], "submit", attributes.get("value", "")))

    def _start_textarea(self, attributes):
        self._textarea = FormField(attributes.get("name", ""), "textarea")
        self._add(self._textarea)

    def _end_textarea(self):
        if self._textarea is not None and self._textarea.value.startswith("\n"):
            self._textarea.value = self._textarea.value[1:]  # HTML drops the newline after <textarea>
        self._textarea = None

    def _start_select(self, attributes):
        kind = "select-multiple" if "multiple" in attributes else "select"
        self._select = FormField(attributes.get("name", ""), kind)
        self._add(self._select)

    def _end_select(self):
        self._end_option()
        if self._select is not None and self._select.kind == "select" and not self._select.checked:
            self._select.value = self._select.options[0] if self._select.options else ""
        self._select = None

    def _start_option(self, attributes):
        self._end_option()
        self._option = (attributes.get("value"), "selected" in attributes)
        self._option_text = ""

    def _end_option(self):
        if self._option is None or self._select is None:
            self._option = None
            return
        value, selected = self._option
        value = self._option_text.strip() if value is None else value
        self._select.options.append(value)
        if selected and not self._select.checked:
            self._select.value, self._select.checked = value, True
        self._option = None


def parse_page(html: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.links, parser.forms
