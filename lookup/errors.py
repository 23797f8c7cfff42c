"""The one exception type the project raises for a person to read."""


class UserError(Exception):
    """A problem with input or data, worded for the person who caused it."""

    status = 400

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self):
        return self.message
