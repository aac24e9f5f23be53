"""Everything the page scripts say, as one catalogue served inside each page in its language.

Base.html writes it as JSON (`<script type="application/json" id="script-words">`), so scripts
need no request of their own, never fetch words from elsewhere, and always speak the page's
language. `{n}` and `{text}` are filled in by the script. A word with a count is served with a form
per plural category of the language (CLDR's "one", "two", "few", "other"), and the script picks
one with the browser's own `Intl.PluralRules`: Slovenian has four forms.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from babel import Locale
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from interview.languages import page_language

# Whole numbers tried for a plural category's sample (every CLDR category of every language we
# could offer has one below 200).
SAMPLE_NUMBERS = range(0, 200)


def plural_forms(form: Callable[[int], str]) -> dict[str, str]:
    """One form per plural category of the page's language: ``form(n)`` is the ngettext call
    (written out, so that extraction finds it), with `{n}` left for the script."""
    rule = Locale.parse(page_language()).plural_form
    forms: dict[str, str] = {}
    for n in SAMPLE_NUMBERS:
        category = rule(n)
        if category not in forms:
            forms[category] = form(n)
    return forms


def script_words_json(groups: list[str]) -> Markup:
    """The words of these groups as compact JSON ({group: {name: word}}), safe inside <script>."""
    words = {group: group_words(group) for group in groups}
    text = json.dumps(words, ensure_ascii=False, separators=(",", ":"))
    # The HTML parser ends a script at "</": never let a word do that.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def group_words(group: str) -> dict[str, str | dict[str, str]]:
    """The words of one group by name (also for a script loaded later, such as the recorder)."""
    prefix = group + "."
    words = script_words().items()
    return {key[len(prefix) :]: value for key, value in words if key.startswith(prefix)}


def script_words() -> dict[str, str | dict[str, str]]:
    """The words of every script (autosave, recorder, coding, signature, export, results)."""
    return {
        # autosave.js: the interview screen and the questionnaire
        "autosave.saving": _("Saving…"),
        "autosave.saved": _("Saved {time}"),
        "autosave.offline": plural_forms(
            lambda n: ngettext(
                "Offline — %(n)s change waiting", "Offline — %(n)s changes waiting", n, n="{n}"
            )
        ),
        "autosave.login": _("Not saved: log in again in another tab; your text is kept here."),
        "autosave.conflict": _(
            "This answer was changed on another device. Yours is saved; the other text is in the "
            "history."
        ),
        "autosave.cannot_write": _("Not saved — the server cannot write"),
        "autosave.refused": _("Not saved — see below"),
        "autosave.needs_connection": _("needs the connection"),
        "autosave.dismiss": _("Dismiss"),
        # recorder.js
        "recorder.start": _("Start recording"),
        "recorder.resume": _("Resume recording"),
        "recorder.pause": _("Pause"),
        "recorder.stop": _("Stop recording"),
        "recorder.recording": _("Recording"),
        "recorder.paused": _("Recording paused"),
        "recorder.stopped": _("Not recording"),
        "recorder.elapsed": _("Recorded time"),
        "recorder.level": _("Microphone level"),
        "recorder.waiting": plural_forms(
            lambda n: ngettext(
                "%(n)s piece waiting to be sent", "%(n)s pieces waiting to be sent", n, n="{n}"
            )
        ),
        "recorder.finishing": plural_forms(
            lambda n: ngettext(
                "Sending the recording before finishing: %(n)s piece left",
                "Sending the recording before finishing: %(n)s pieces left",
                n,
                n="{n}",
            )
        ),
        "recorder.refused": _("Part of the recording was refused: {text}"),
        "recorder.login": _("The recording cannot be sent: log in again in another tab."),
        "recorder.mic_lost": _(
            "The microphone stopped! Check it: the recording is being restarted."
        ),
        "recorder.mic_back": _(
            "The microphone stopped at {text} and was taken again: check that it still hears you."
        ),
        "recorder.mic_denied": _(
            "The microphone cannot be used: allow it in the browser's settings."
        ),
        "recorder.no_audio": _("No audio is arriving from the microphone!"),
        "recorder.unsupported": _(
            "This browser cannot record here (it needs a secure connection)."
        ),
        "recorder.storage_failed": _("The recording cannot be stored on this tablet!"),
        # coding.js
        "coding.saving": _("Saving…"),
        "coding.saved": _("All changes saved"),
        "coding.offline": plural_forms(
            lambda n: ngettext(
                "Offline — %(n)s change waiting", "Offline — %(n)s changes waiting", n, n="{n}"
            )
        ),
        "coding.stopped": _("Saving stopped: reload the page (your changes wait in this browser)."),
        "coding.create": _("Create code “{text}”"),
        "coding.pending": _("new"),
        "coding.selected": _("Selected: {text}"),
        "coding.last_code": _("A passage needs at least one code; delete it instead."),
        "coding.nothing": _("Nothing to undo."),
        "coding.no_selection": _("Select the text to extend the passage to first."),
        # signature.js, export.js, results.js
        "signature.empty": _("Please sign in the box."),
        "export.progress": _("{done} of {total} PDFs"),
        "results.copied": _("Copied"),
    }
