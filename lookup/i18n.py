"""Messages the core writes for a person, in a form the site can translate.

The core runs without Flask and never translates: it writes English. N_("…%(name)s…",
name=value) is that English text (a str, usable anywhere a str is), which also remembers its
template and values, so the site (web/i18n.py) can look the template up in the reader's
language and fill the values in again
(whole numbers as that language writes them). Babel's extractor finds the templates by the name N_
(babel.cfg). A message that went through a file or a database comes back a plain str: the
site still translates it when it has no values.
"""


class Message(str):
    """English text that keeps the template and values it was made from."""

    __slots__ = ("template", "values")

    def __new__(cls, template, **values):
        shown = {k: _english(v) for k, v in values.items()}
        text = super().__new__(cls, template % shown if values else template)
        text.template = template
        text.values = values
        return text

    def __reduce__(self):  # pickled or copied: the English text, as a plain str
        return (str, (str(self),))


def _english(value):
    """Whole numbers with thousands separators, as the English text writes them."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def N_(template, **values):  # noqa: N802 (gettext's name for "translate later")
    """Mark template for translation; fill in values (%(name)s) for the English text."""
    return Message(template, **values)
