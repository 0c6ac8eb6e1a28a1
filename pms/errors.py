"""The one domain exception: a service refuses an action with a code and a translated message."""


class Refused(Exception):
    """A rule said no. `code` is stable (for audit and tests); `message` is shown to the user."""

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
