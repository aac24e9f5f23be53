"""The Participants paragraph, in the style of a paper's Method section: all its wording is here.

Every sentence is one translatable message (gettext / ngettext), rendered in the questionnaire's
language. Numbers are written as the paper writes them: counts as numerals, the mean and SD with
one decimal in the language's own decimal mark, ranges of years with an en dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from interview.analysis.sample import AGE, THERAPY_LENGTH, Count, ItemSummary, Sample, rounded

# The items the paragraph describes, in its order, after the age and time in therapy.
CHOICE_SENTENCES = ("gender", "employment", "education", "problem_areas")


def topics() -> dict[str, str]:
    """What each described item is called inside a sentence."""
    return {
        "gender": _("Gender"),
        "employment": _("Employment"),
        "education": _("Highest education"),
        "problem_areas": _("Presenting problems (more than one could be named)"),
    }


def group_words() -> dict[str, str]:
    """The time-in-therapy groups as a sentence names them."""
    return {
        "under_1_year": _("less than 1 year"),
        "1_to_3_years": _("1–3 years"),
        "over_3_years": _("more than 3 years"),
    }


def decimal(value: float | None, language: str) -> str:
    """A mean or SD with one decimal (half up), in the language's decimal mark."""
    if value is None:
        return "—"
    return format_decimal(Decimal(repr(rounded(value))), format="0.0", locale=language)


def whole(value: float | None) -> str:
    """A minimum or maximum as a whole number when it is one."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else str(value)


def in_sentence(label: str) -> str:
    """An option's label inside a sentence: lower case first letter, acronyms ("PTSD") kept."""
    if label[:1].isupper() and not label[1:2].isupper():
        return label[0].lower() + label[1:]
    return label


def joined(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(items)s and %(last)s", items=", ".join(parts[:-1]), last=parts[-1])


def counted(counts: Sequence[Count], words: dict[str, str] | None = None) -> str:
    """Answers given: "female (10), male (4) and another gender (1)".

    Options go most frequent first (ties in the questionnaire's order); groups (``words``) keep
    their own order.
    """
    given = [count for count in counts if count.n]
    if words is None:
        given.sort(key=lambda count: -count.n)
    return joined([f"{(words or {}).get(c.key) or in_sentence(c.label)} ({c.n})" for c in given])


def not_given(item: ItemSummary) -> str:
    """Who did not say: "1 preferred not to say and 2 did not answer" ("" when everyone did)."""
    parts = []
    if item.prefer_not_to_say.n:
        n = item.prefer_not_to_say.n
        parts.append(ngettext("%(num)d preferred not to say", "%(num)d preferred not to say", n))
    if item.missing.n:
        n = item.missing.n
        parts.append(ngettext("%(num)d did not answer", "%(num)d did not answer", n))
    return joined(parts)


def with_not_given(text: str, item: ItemSummary) -> str:
    """The sentence's body, then who did not say after a semicolon, then the full stop."""
    rest = not_given(item)
    if text and rest:
        return _("%(text)s; %(rest)s.", text=text, rest=rest)
    return _("%(text)s.", text=text or rest)


def choice_sentence(item: ItemSummary, topic: str) -> str:
    """ "Gender: female (10), male (4) and another gender (1); 1 preferred not to say." """
    answers = counted(item.counts)
    body = _("%(topic)s: %(answers)s", topic=topic, answers=answers) if answers else ""
    if not body:
        return _("%(topic)s: %(rest)s.", topic=topic, rest=not_given(item) or "—")
    return with_not_given(body, item)


def age_sentence(item: ItemSummary, language: str) -> str:
    """ "Ages ranged from 22 to 60 years (M = 37.1, SD = 10.9); 1 did not answer." """
    stats = item.stats
    if stats is None or stats.n == 0:
        return _("Age: %(rest)s.", rest=not_given(item) or "—")
    if stats.n == 1:
        return with_not_given(_("Age: %(age)s years", age=whole(stats.min)), item)
    body = _(
        "Ages ranged from %(min)s to %(max)s years (M = %(mean)s, SD = %(sd)s)",
        min=whole(stats.min),
        max=whole(stats.max),
        mean=decimal(stats.mean, language),
        sd=decimal(stats.sd, language),
    )
    return with_not_given(body, item)


def therapy_sentence(item: ItemSummary) -> str:
    """ "Time in therapy (exactly 36 months counted as 1–3 years): less than 1 year (1), …" """
    groups = counted(item.counts, group_words())
    if not groups:
        return _("Time in therapy: %(rest)s.", rest=not_given(item) or "—")
    body = _("Time in therapy (exactly 36 months counted as 1–3 years): %(groups)s", groups=groups)
    return with_not_given(body, item)


def left_out_sentence(sample: Sample) -> str:
    """ "Not included: 1 who declined, 1 who withdrew and 2 whose questionnaire was incomplete." """
    words = {
        "declined": lambda n: ngettext("%(num)d who declined", "%(num)d who declined", n),
        "withdrawn": lambda n: ngettext("%(num)d who withdrew", "%(num)d who withdrew", n),
        "questionnaire_incomplete": lambda n: ngettext(
            "%(num)d whose questionnaire was incomplete",
            "%(num)d whose questionnaires were incomplete",
            n,
        ),
    }
    parts = [words[e.reason](e.n) for e in sample.excluded if e.n and e.reason in words]
    return _("Not included: %(parts)s.", parts=joined(parts)) if parts else ""


def paragraph_language(language: str) -> str:
    """The questionnaire's language if Babel knows it, else English."""
    try:
        Locale.parse(language)
    except (ValueError, TypeError, UnknownLocaleError):
        return "en"
    return language


def participants_paragraph(sample: Sample) -> str:
    """The Participants paragraph in the questionnaire's language."""
    language = paragraph_language(sample.language)
    with force_locale(language):
        return " ".join(sentence for sentence in sentences(sample, language) if sentence)


def sentences(sample: Sample, language: str) -> list[str]:
    """The paragraph's sentences, in order (items the questionnaire lacks are skipped)."""
    if sample.n == 0:
        return [_("No participant has completed the questionnaire yet."), left_out_sentence(sample)]
    opening = _(
        "The sample comprised %(participants)s in therapy with %(therapists)s.",
        participants=ngettext("%(num)d participant", "%(num)d participants", sample.n),
        therapists=ngettext("%(num)d therapist", "%(num)d therapists", sample.therapists),
    )
    result = [opening]
    names = topics()
    gender = sample.item("gender")
    if gender:
        result.append(choice_sentence(gender, names["gender"]))
    age = sample.item(AGE)
    if age:
        result.append(age_sentence(age, language))
    therapy = sample.item(THERAPY_LENGTH)
    if therapy:
        result.append(therapy_sentence(therapy))
    for item_id in CHOICE_SENTENCES[1:]:
        item = sample.item(item_id)
        if item:
            result.append(choice_sentence(item, names[item_id]))
    result.append(left_out_sentence(sample))
    return result
