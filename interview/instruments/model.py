"""Frozen dataclasses for the three kinds of instrument: consent, questionnaire and interview.

Every text in these objects is already resolved to one language (see `Instrument.language`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

KIND_CONSENT = "consent"
KIND_QUESTIONNAIRE = "questionnaire"
KIND_INTERVIEW = "interview"
KINDS = (KIND_CONSENT, KIND_QUESTIONNAIRE, KIND_INTERVIEW)

PREFER_NOT_TO_SAY = "prefer_not_to_say"
SCALE_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """What every instrument carries: identity, version, language and the file it came from."""

    id: str
    kind: str
    version: str
    language: str
    default_language: str
    languages: tuple[str, ...]
    title: str
    sha256: str
    source: str
    # The file text, stored with each record so old records can be re-parsed with their wording.
    content: str = field(repr=False)

    def ref(self) -> dict[str, str]:
        """The reference a record stores: id, version, language and sha256."""
        return {
            "id": self.id,
            "version": self.version,
            "language": self.language,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class FollowUp:
    """A free-text follow-up shown (and required) when its option is chosen."""

    label: str


@dataclass(frozen=True)
class Option:
    """One answer of a choice item; `value` is what gets stored."""

    value: str
    label: str
    details: FollowUp | None = None


@dataclass(frozen=True)
class Item:
    """One questionnaire item; `number` is its 1-based position, `type` names its ItemType."""

    id: str
    number: int
    type: str
    label: str
    help: str | None = None
    required: bool = False
    options: tuple[Option, ...] = ()
    # The extra answer every item offers unless the file says `prefer_not_to_say: false`.
    prefer_not_to_say: Option | None = None
    min: int | None = None
    max: int | None = None
    follow_up: FollowUp | None = None
    # What an item type reads from its own keys beyond the fields above (see ItemType.read).
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    @property
    def choices(self) -> tuple[Option, ...]:
        """All answers to show: the item's options (yes/no for yes_no), then "prefer not to say"."""
        extra = (self.prefer_not_to_say,) if self.prefer_not_to_say else ()
        return self.options + extra

    def option(self, value: str) -> Option | None:
        """The option (including "prefer not to say") with this value, or None."""
        return next((o for o in self.choices if o.value == value), None)


@dataclass(frozen=True)
class QuestionnaireLabels:
    """Fixed words the questionnaire UI needs, kept in the file so they can be translated."""

    prefer_not_to_say: str
    yes: str
    no: str
    years: str
    months: str


@dataclass(frozen=True, kw_only=True)
class Questionnaire(Instrument):
    """The demographic questionnaire: numbered items in order."""

    intro: str | None
    items: tuple[Item, ...]
    labels: QuestionnaireLabels

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Clause:
    """One consent statement the participant confirms."""

    id: str
    text: str
    required: bool = True


@dataclass(frozen=True)
class ConsentLabels:
    """Labels for the names, signatures and date on the consent form."""

    participant_name: str
    participant_signature: str
    interviewer_name: str
    interviewer_signature: str
    date: str


@dataclass(frozen=True, kw_only=True)
class ConsentInstrument(Instrument):
    """The consent form: intro (simple Markdown), clauses, statement above the signatures."""

    intro: str | None
    clauses: tuple[Clause, ...]
    statement: str
    labels: ConsentLabels

    def clause(self, clause_id: str) -> Clause | None:
        """The clause with this id, or None."""
        return next((c for c in self.clauses if c.id == clause_id), None)

    @property
    def optional_clauses(self) -> tuple[Clause, ...]:
        """The clauses a participant may decline while still taking part."""
        return tuple(c for c in self.clauses if not c.required)


@dataclass(frozen=True)
class Question:
    """One protocol question with optional follow-up prompts."""

    id: str
    text: str
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One section of the interview protocol; `number` is its 1-based position."""

    id: str
    number: int
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    hosts_changes: bool = False
    rates_changes: bool = False


@dataclass(frozen=True)
class ChangeKind:
    """A kind of change the participant names (improvement, worse, wanted)."""

    id: str
    label: str
    rated: bool = False


@dataclass(frozen=True)
class RatingScale:
    """A 1-5 rating scale with a label for every point."""

    id: str
    label: str
    question: str
    # A read-only mapping is not hashable; leaving it out of the hash keeps instruments hashable.
    anchors: Mapping[int, str] = field(hash=False)

    def anchor(self, value: int) -> str | None:
        """The label of one point of the scale, or None outside 1-5."""
        return self.anchors.get(value)


@dataclass(frozen=True, kw_only=True)
class InterviewProtocol(Instrument):
    """The (adapted) Change Interview: sections of questions, change kinds and rating scales."""

    intro: str | None
    sections: tuple[Section, ...]
    change_kinds: tuple[ChangeKind, ...]
    rating_scales: tuple[RatingScale, ...]

    def section(self, section_id: str) -> Section | None:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def question(self, question_id: str) -> tuple[Section, Question] | None:
        """The question with this id and the section holding it, or None."""
        for section in self.sections:
            for question in section.questions:
                if question.id == question_id:
                    return section, question
        return None

    def change_kind(self, kind_id: str) -> ChangeKind | None:
        """The change kind with this id, or None."""
        return next((k for k in self.change_kinds if k.id == kind_id), None)

    def scale(self, scale_id: str) -> RatingScale | None:
        """The rating scale with this id, or None."""
        return next((s for s in self.rating_scales if s.id == scale_id), None)
