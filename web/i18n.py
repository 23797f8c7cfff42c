"""The site in English, German and Simplified Chinese (Flask-Babel).

Which language a page is in: ?lang= when it names one (the language switcher's links), else
the `lang` cookie that such a link sets, else the browser's Accept-Language, else English.
JSON answers (the API, ?format=json), CSV and the Atom feeds stay English: their field names
and values are an interface, and a feed reader says no language. A page's language is part of
its cache key: pages carry `Vary: Accept-Language, Cookie` and the language is part of their
ETag (web/caching.py), and an answer that sets the cookie is never stored by a shared cache.

Catalogues: translations/<lang>/LC_MESSAGES/messages.po, extracted with Babel (babel.cfg; see
the README). The compiled .mo files are not kept in git: create_app() compiles a catalogue
whose .mo is missing or older than its .po, so every way of starting the site has them.
"""

import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel, force_locale, get_translations
from jinja2 import pass_eval_context
from markupsafe import Markup

from lookup.i18n import N_, Message

from . import context
from .wrappers import has_header

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
# Each language in its own words, in the order the switcher shows them.
LANGUAGES = {"en": "English", "de": "Deutsch", "zh": "中文"}
HTML_LANG = {"en": "en", "de": "de", "zh": "zh-Hans"}  # BCP 47: Simplified Chinese script
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def language_of(value):
    """'de', 'de-AT', 'zh_Hans', 'ZH-cn' -> a language the site has; None for anything else."""
    if not isinstance(value, str) or len(value) > 35:
        return None
    code = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return code if code in LANGUAGES else None


def _english_only(request):
    """JSON, CSV and Atom answers: an interface, the same in every language. (A feed reader
    says no language, and a feed's ETag follows the index generation only.)"""
    path = request.path
    return (path.startswith(("/api/", "/export/")) or path.endswith(".atom")
            or request.args.get("format") in ("json", "csv"))


def select():
    """The language of this request (Flask-Babel's locale selector)."""
    if not has_request_context():
        return "en"
    request = context.this_request()
    if _english_only(request):
        return "en"
    state = context.state()
    state.lang_varies = True
    asked = language_of(request.args.get("lang"))
    if asked:
        state.lang_asked = asked
        return asked
    # Parsing every cookie costs ~10 µs; most requests carry no lang cookie. (The environ,
    # not request.headers: a header that is absent costs werkzeug an exception there.)
    environ = request.environ
    cookie = COOKIE in environ.get("HTTP_COOKIE", "") and request.cookies.get(COOKIE)
    return language_of(cookie) or _accepted(environ.get("HTTP_ACCEPT_LANGUAGE", ""))


_ACCEPTED = {}  # Accept-Language header -> language; browsers send few distinct headers


def _accepted(header):
    """The best of our languages for an Accept-Language header (werkzeug's best_match, ~20 µs,
    remembered per header)."""
    found = _ACCEPTED.get(header)
    if found is None:
        if len(_ACCEPTED) >= 4096:
            _ACCEPTED.clear()
        found = _ACCEPTED[header] = request.accept_languages.best_match(LANGUAGES, default="en")
    return found


def current():
    """The language code of this request: en, de or zh."""
    # select(), not Flask-Babel's get_locale(): the same choice, without building a babel
    # Locale and walking its context layers (~15 µs a request).
    return _per_request("_language", select)


def catalogue():
    """This request's translations (babel.support.Translations), looked up once a request."""
    return _per_request("_catalogue", _translations)


def _translations():
    """Flask-Babel's translations for current(), asked for once per app and language:
    Flask-Babel's own lookup walks several context layers and builds a babel Locale at every
    call, which made a third of a page's rendering time."""
    if not has_app_context():
        return get_translations()
    loaded = context.app().extensions.setdefault("lookup.translations", {})
    code = current()
    found = loaded.get(code)
    if found is None:
        with force_locale(code):
            found = loaded[code] = get_translations()
    return found


# What in_language() must set aside: per-request values that depend on the language
# (web/fragments.py keeps its cache key as "_fragment_key").
_PER_REQUEST = ("_language", "_catalogue", "_fragment_key")


def _per_request(name, make):
    """make(), kept in g as name for the rest of the request (made anew outside the app)."""
    try:
        state = context.state()
    except RuntimeError:  # outside an app context (has_app_context() would look it up twice)
        return make()
    found = state.get(name)
    if found is None:
        found = make()
        setattr(state, name, found)
    return found


def gettext(text, **values):
    """text in this request's language, with %(name)s values filled in."""
    translated = catalogue().ugettext(text)
    return translated % values if values else translated


@contextmanager
def in_language(code):
    """Words rendered inside are in language code (a letter's English version beside the
    reader's); this request's language comes back after."""
    saved = {name: g.pop(name, None) for name in _PER_REQUEST}
    try:
        with force_locale(code):
            g._language = code
            yield
    finally:
        for name, value in saved.items():
            g.pop(name, None)
            if value is not None:
                setattr(g, name, value)


def html_lang(code=None):
    """The lang attribute of a page in code (default: this request's language)."""
    return HTML_LANG[code or current()]


def gap():
    """The space between two sentences or a colon and what follows: none in Chinese."""
    return "" if current() == "zh" else " "


class LanguageLink(NamedTuple):
    """One entry of the language switcher."""

    code: str
    name: str  # the language in its own words
    lang: str  # its BCP 47 tag
    url: str  # this page in that language
    current: bool


def language_links():
    """The switcher's entries: this page (same path and query) with lang= each language."""
    query = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "lang"])
    here = request.script_root + request.path + "?" + query + ("&" if query else "")
    now = current()
    return [LanguageLink(code, name, HTML_LANG[code], f"{here}lang={code}", code == now)
            for code, name in LANGUAGES.items()]


def translate(text):
    """A message of the core (lookup.i18n.N_) or a plain English one, in this language."""
    if isinstance(text, Message):
        values = {k: _value(v) for k, v in text.values.items()}
        return gettext(text.template, **values)
    return gettext(text) if isinstance(text, str) and text else text


def _value(value):
    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    return value


# What the optional scripts write (static/*.js), handed to them translated in a data-messages
# attribute: {key: text} or, for a count, {key: [one, other]}. Placeholders: %(name)s.
SCRIPT_MESSAGES = {
    "private-check": {
        "found": N_("%(found)s of %(total)s found"),
        "videos": (N_("%(num)s video"), N_("%(num)s videos")),
        "datasets": (N_("%(num)s dataset"), N_("%(num)s datasets")),
        "ids": (N_("%(num)s video ID"), N_("%(num)s video IDs")),
        "ranges": (N_("%(num)s range"), N_("%(num)s ranges")),
        "checked": N_("Checked privately in this browser against %(datasets)s; only hash "
                      "prefixes were sent. “Not found” never means “not used”: private "
                      "training sets cannot be checked."),
        "checked_as_of": N_("Checked privately in this browser against %(datasets)s as of "
                            "%(day)s; only hash prefixes were sent. “Not found” never means "
                            "“not used”: private training sets cannot be checked."),
        "video": N_("Video"),
        "datasets_clips": N_("Datasets (clips)"),
        "opening": N_("Opening a video's page sends its ID to this site, like an ordinary "
                      "check; the page shows the clips, licences and where each listing comes "
                      "from."),
        "not_found": N_("%(videos)s not found"),
        "unread": (N_("%(num)s piece not read as a video ID (the ordinary check reads more "
                      "kinds of input)"),
                   N_("%(num)s pieces not read as a video ID (the ordinary check reads more "
                      "kinds of input)")),
        "none": N_("No video links or IDs were found in the box above."),
        "file": N_("The private check reads only the text box: paste the file's video IDs "
                   "there."),
        "hashing": N_("Hashing %(ids)s…"),
        "checking": N_("Checking privately: %(done)s of %(ranges)s…"),
        "answered": N_("the site answered %(status)s"),
        "failed": N_("The private check could not finish (%(error)s). Only hash prefixes were "
                     "sent. Try again, or use the ordinary check."),
    },
    "channel": {
        "total": N_("Listing uploads… %(listed)s of %(total)s videos"),
        "listed": N_("Listing uploads… %(listed)s videos so far"),
        "start": N_("Listing uploads…"),
    },
}


def script_messages(name):
    """The messages of one script, in this language."""
    return {key: _forms(*text) if isinstance(text, tuple) else gettext(text)
            for key, text in SCRIPT_MESSAGES[name].items()}


def _forms(one, other):
    """[one, other] for a script's count: the catalogue's plural entry, or two plain ones."""
    found = catalogue()  # unformatted: the script fills %(num)s in
    forms = [found.ungettext(one, other, 1), found.ungettext(one, other, 2)]
    return (forms if forms != [one, other]
            else [found.ugettext(one), found.ugettext(other)])


def plural(singular, plural_text, count, **values):
    """ngettext with the count shown as the locale writes numbers (%(num)s)."""
    text = catalogue().ungettext(singular, plural_text, count)
    return text % {"num": number(count), **values}


_SYMBOLS = {}


def _symbols():
    """The thousands separator and decimal mark of this language."""
    code = current()
    symbols = _SYMBOLS.get(code)
    if symbols is None:
        symbols = _SYMBOLS[code] = str.maketrans({",": get_group_symbol(code),
                                                  ".": get_decimal_symbol(code)})
    return symbols


def localise(formatted):
    """A number Python formatted with ',' and '.' ('12,345.6'), in this language's marks."""
    return formatted.translate(_symbols()) if has_request_context() else formatted


def number(value):
    """12345 -> '12,345' (de: '12.345'); None -> '—'."""
    if value is None:
        return "—"
    return localise(f"{value:,.0f}" if isinstance(value, float) else f"{value:,}")


def decimal(value, places=1):
    """A number with fixed decimals, in this language's marks: 12.5 -> '12.5' (de: '12,5')."""
    return localise(f"{value:,.{places}f}")


def compile_catalogues(folder=TRANSLATIONS):
    """Compile each .po whose .mo is missing or older; return the languages compiled.

    Written to a temporary file and renamed, so workers starting together never read half a
    file. A folder that cannot be written (a read-only install) is logged and left alone.
    """
    done = []
    for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle)
            fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog, use_fuzzy=False)
            os.replace(tmp, mo)
            done.append(po.parent.parent.name)
        except OSError as error:
            log.warning("cannot compile %s (%s): that language shows English", po, error)
    return done


def _after(response):
    """Vary on what chose the language; remember a language asked for with ?lang=."""
    state = context.state()
    if not state.get("lang_varies"):  # (getattr on g raises and catches for an absent name)
        return response
    if has_header(response.headers, "Vary"):
        response.vary.update(("Accept-Language", "Cookie"))
    else:  # response.vary would look for the header through an exception first
        response.headers.add("Vary", "Accept-Language, Cookie")
    asked = state.get("lang_asked")
    if asked and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=True)
        # An answer that sets a cookie is for this browser only, never for a shared cache.
        if response.cache_control.public:
            response.cache_control.public = False
            response.cache_control.private = True
    return response


@pass_eval_context
def _template_gettext(eval_ctx, text, /, **values):
    """Jinja's newstyle gettext (jinja2.ext), in one call instead of three through the template
    context: a page makes dozens. Escapes values in an autoescaped template; always formats.
    Positional-only, as a template's values may be called anything (n, text)."""
    translated = catalogue().ugettext(text)
    return (Markup(translated) if eval_ctx.autoescape else translated) % values


@pass_eval_context
def _template_ngettext(eval_ctx, one, other, n, /, **values):
    """Jinja's newstyle ngettext, as _template_gettext; %(num)s is n unless given."""
    values.setdefault("num", n)
    translated = catalogue().ungettext(one, other, n)
    return (Markup(translated) if eval_ctx.autoescape else translated) % values


def init_app(app):
    """Flask-Babel with our locale selector, template helpers and compiled catalogues."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    compile_catalogues(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    Babel(app, locale_selector=select)
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: catalogue().ugettext(text),
        ngettext=lambda one, other, n: catalogue().ungettext(one, other, n), newstyle=True,
        pgettext=lambda context, text: catalogue().upgettext(context, text),
        npgettext=lambda context, one, other, n: catalogue().unpgettext(context, one, other, n))
    # The two a page calls most, without the extension's wrappers; same results.
    app.jinja_env.globals.update(gettext=_template_gettext, _=_template_gettext,
                                 ngettext=_template_ngettext)
    # {% trans %} blocks are extracted and looked up with their whitespace collapsed.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(languages=LANGUAGES, html_lang=html_lang,
                                 language_links=language_links, current_language=current, gap=gap,
                                 plural=plural, script_messages=script_messages)
    app.jinja_env.filters.update(tr=translate, dec=decimal)
    app.after_request(_after)
