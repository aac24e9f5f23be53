"""The sample description: who took part, counted from the questionnaires in their records.

Plain data in, plain data out: no request, no database. Every label comes from the records' own
items and options, so an adapted questionnaire (options renamed or added) is described in its
own words. "Prefer not to say" and unanswered items are counted and named for every item.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import gettext as _

from interview.export.formats.participants import item_specs as exported_item_specs
from interview.instruments.item_types.base import ItemSpec
from interview.instruments.item_types.registry import type_named

PREFER_NOT_TO_SAY = "prefer_not_to_say"
MISSING = "missing"
AGE = "age"
THERAPY_LENGTH = "time_in_therapy"
# Time in therapy in whole months: under 12 is < 1 year; 12 to 36 (36 itself included, as the
# study counts) is 1-3 years; over 36 is > 3 years.
ONE_YEAR, THREE_YEARS = 12, 36
GROUPS = ("under_1_year", "1_to_3_years", "over_3_years")
# Why a participant is not in the sample, in the order the description names them.
REASONS = ("declined", "withdrawn", "questionnaire_incomplete")


def group_labels() -> dict[str, str]:
    """The time-in-therapy groups' table labels."""
    return {
        "under_1_year": _("< 1 year"),
        "1_to_3_years": _("1–3 years"),
        "over_3_years": _("> 3 years"),
    }


def boundary_rule() -> str:
    """The grouping rule, printed wherever the groups are."""
    return _(
        "Time in therapy is counted in whole months (years × 12 + months): under 12 months is "
        "< 1 year, 12 to 36 months is 1–3 years (exactly 36 months included), over 36 months is "
        "> 3 years."
    )


def reason_labels() -> dict[str, str]:
    """Why participants are left out, in words."""
    return {
        "declined": _("Declined consent"),
        "withdrawn": _("Withdrew from the study"),
        "questionnaire_incomplete": _("Questionnaire not completed"),
    }


@dataclass(frozen=True)
class Count:
    """How many participants gave one answer (or fell in one group), and their per cent of n."""

    key: str
    label: str
    n: int
    percent: float | None


@dataclass(frozen=True)
class Stats:
    """Range, mean and sample SD (n − 1) of a number item; None where there is nothing to tell."""

    n: int
    min: float | None
    max: float | None
    mean: float | None
    sd: float | None


@dataclass(frozen=True)
class ItemSummary:
    """One questionnaire item summarised over the sample.

    ``counts`` are the options (choice items) or the time-in-therapy groups; ``stats`` the numbers
    of an integer item or the months of a duration.
    """

    id: str
    number: int
    label: str
    type: str
    counts: tuple[Count, ...]
    stats: Stats | None
    prefer_not_to_say: Count
    missing: Count

    def count(self, key: str) -> Count | None:
        """The count for one option value or group, or None."""
        return next((count for count in self.counts if count.key == key), None)


@dataclass(frozen=True)
class Exclusion:
    """Participants left out for one reason, by code."""

    reason: str
    label: str
    codes: tuple[str, ...]

    @property
    def n(self) -> int:
        """How many were left out for this reason."""
        return len(self.codes)


@dataclass(frozen=True)
class Sample:
    """The sample description: n, therapists, every item summarised, who was left out and why."""

    n: int
    language: str
    therapists: int
    items: tuple[ItemSummary, ...]
    excluded: tuple[Exclusion, ...] = field(default=())

    def item(self, item_id: str) -> ItemSummary | None:
        """The summary of one item, or None when the questionnaire has no such item."""
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def excluded_total(self) -> int:
        """How many participants are left out, for every reason together."""
        return sum(exclusion.n for exclusion in self.excluded)


def rounded(value: float | None, places: int = 1) -> float | None:
    """Round half up (6.25 -> 6.3), as a reader rounds, not to the nearest even digit."""
    if value is None:
        return None
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def percent(n: int, total: int) -> float | None:
    """``n`` as a per cent of ``total`` with one decimal; None when there is nobody."""
    return rounded(100 * n / total) if total else None


def questionnaire_complete(record: Mapping[str, Any]) -> bool:
    """Whether the record's questionnaire was completed (only those are in the sample)."""
    return (record.get("questionnaire") or {}).get("status") == "complete"


def describe_sample(
    records: Iterable[Mapping[str, Any]], left_out: Mapping[str, Iterable[str]] | None = None
) -> Sample:
    """Describe the participants whose questionnaire is complete.

    ``records`` are the exportable records (declined and withdrawn participants have none);
    ``left_out`` names those others by reason (``declined``, ``withdrawn``) with their codes.
    """
    records = list(records)
    sample = [record for record in records if questionnaire_complete(record)]
    incomplete = [r["participant"]["code"] for r in records if not questionnaire_complete(r)]
    reasons = {key: tuple(codes) for key, codes in (left_out or {}).items()}
    reasons["questionnaire_incomplete"] = tuple(incomplete)
    labels = reason_labels()
    excluded = tuple(
        Exclusion(reason, labels[reason], reasons.get(reason, ())) for reason in REASONS
    )
    return Sample(
        n=len(sample),
        language=sample_language(sample),
        therapists=therapist_count(sample),
        items=tuple(summarise(item, len(sample)) for item in sample_items(sample)),
        excluded=excluded,
    )


def sample_language(records: list[Mapping[str, Any]]) -> str:
    """The questionnaire's language most of the sample answered in ("en" when unknown)."""
    languages = Counter(
        ((record.get("questionnaire") or {}).get("instrument") or {}).get("language") or "en"
        for record in records
    )
    return languages.most_common(1)[0][0] if languages else "en"


def therapist_count(records: list[Mapping[str, Any]]) -> int:
    """How many distinct therapists the sample's participants see."""
    codes = {(record["participant"].get("therapist_code") or "").strip() for record in records}
    return len(codes - {""})


@dataclass(frozen=True)
class SampleItem:
    """An item across the sample: its participants.csv spec (options merged) and each record's
    answer (None: that record has no such item)."""

    spec: ItemSpec
    answers: tuple[dict[str, Any] | None, ...]

    @property
    def options(self) -> dict[str, str]:
        """The options' labels by value, in order."""
        return dict(self.spec.options)


def sample_items(records: list[Mapping[str, Any]]) -> list[SampleItem]:
    """Every item any record holds, ordered by number, with each record's answer."""
    return [
        SampleItem(spec, tuple(_answer_to(record, spec.id) for record in records))
        for spec in exported_item_specs(list(records))
    ]


def _answer_to(record: Mapping[str, Any], item_id: str) -> dict[str, Any] | None:
    items = (record.get("questionnaire") or {}).get("items") or []
    return next((item for item in items if item["id"] == item_id), None)


def value_of(answer: Mapping[str, Any] | None) -> Any:
    """The raw answer, an empty list or text counted as no answer, a true/false one as yes/no."""
    value = (answer or {}).get("value")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None if value in ("", []) else value


def answer_label(answer: Mapping[str, Any], value: str) -> str:
    """A yes/no answer's label as the record shows it ("Yes" from "Yes: sertraline")."""
    display, other = answer.get("display") or "", answer.get("other")
    if other and display.endswith(f": {other}"):
        display = display[: -len(f": {other}")]
    return display or value


def summarise(item: SampleItem, total: int) -> ItemSummary:
    """Count one item over the ``total`` participants of the sample, by the item's type.

    An answer that cannot be read as its type (a malformed duration or number) counts as missing,
    so every participant is in exactly one figure of every single-answer item.
    """
    spec = item.spec
    values = [value_of(answer) for answer in item.answers]
    declined = sum(1 for value in values if value == PREFER_NOT_TO_SAY)
    given = [value for value in values if value not in (None, PREFER_NOT_TO_SAY)]
    counts: tuple[Count, ...] = ()
    stats, usable = None, len(given)
    summary = type_named(spec.type).summary
    if summary == "options":
        counts = option_counts(item, given, total)
    elif summary == "months":
        months = [m for m in map(total_months, given) if m is not None]
        counts, stats, usable = group_counts(months, total), number_stats(months), len(months)
    elif summary == "number":
        numbers = [v for v in given if isinstance(v, int | float) and not isinstance(v, bool)]
        stats, usable = number_stats(numbers), len(numbers)
    else:  # free text: how many wrote something (the words stay in the records)
        counts = (Count("answered", _("Answered"), len(given), percent(len(given), total)),)
    missing = total - declined - usable
    pnts_label = item.options.get(PREFER_NOT_TO_SAY) or _("Prefer not to say")
    return ItemSummary(
        id=spec.id,
        number=spec.number,
        label=spec.label,
        type=spec.type,
        counts=counts,
        stats=stats,
        prefer_not_to_say=Count(PREFER_NOT_TO_SAY, pnts_label, declined, percent(declined, total)),
        missing=Count(MISSING, _("No answer"), missing, percent(missing, total)),
    )


def option_counts(item: SampleItem, given: list[Any], total: int) -> tuple[Count, ...]:
    """Participants per option, in the options' order; an answer no option lists is kept too."""
    tally: Counter[str] = Counter()
    for value in given:
        chosen = set(map(str, value if isinstance(value, list) else [value]))
        tally.update(chosen - {PREFER_NOT_TO_SAY})
    labels = {key: label for key, label in item.options.items() if key != PREFER_NOT_TO_SAY}
    for answer in item.answers:
        value = value_of(answer)
        if isinstance(value, str) and value not in labels and value != PREFER_NOT_TO_SAY:
            labels[value] = answer_label(answer, value)
    for key in tally:
        labels.setdefault(key, key)
    return tuple(
        Count(key, label, tally[key], percent(tally[key], total)) for key, label in labels.items()
    )


def total_months(value: Any) -> int | None:
    """A duration answer in whole months (years × 12 + months), or None when it is not one."""
    if not isinstance(value, Mapping):
        return None
    try:
        return int(value.get("years") or 0) * 12 + int(value.get("months") or 0)
    except (TypeError, ValueError):
        return None


def therapy_group(months: int) -> str:
    """The group a time in therapy falls in (exactly 36 months is 1-3 years)."""
    if months < ONE_YEAR:
        return "under_1_year"
    return "1_to_3_years" if months <= THREE_YEARS else "over_3_years"


def group_counts(months: list[int], total: int) -> tuple[Count, ...]:
    """Participants per time-in-therapy group, every group listed even when empty."""
    tally = Counter(therapy_group(m) for m in months)
    labels = group_labels()
    return tuple(Count(key, labels[key], tally[key], percent(tally[key], total)) for key in GROUPS)


def number_stats(values: list[float]) -> Stats:
    """Range, mean and sample SD of the values given (SD needs two of them)."""
    if not values:
        return Stats(0, None, None, None, None)
    sd = statistics.stdev(values) if len(values) > 1 else None
    return Stats(len(values), min(values), max(values), statistics.fmean(values), sd)
