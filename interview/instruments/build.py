"""Build the kind-specific parts of each instrument from validated YAML data."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from interview.catalogues import N_, gettext
from interview.instruments.item_types.registry import ITEM_TYPES
from interview.instruments.model import (
    PREFER_NOT_TO_SAY,
    SCALE_POINTS,
    ChangeKind,
    Clause,
    ConsentLabels,
    Item,
    Option,
    Question,
    QuestionnaireLabels,
    RatingScale,
    Section,
)
from interview.instruments.reader import Place, Reader

COMMON_KEYS = {"id", "kind", "version", "language", "title", "intro"}
ITEM_KEYS = {"id", "type", "label", "help", "required", "prefer_not_to_say"}
ROOT: Place = ()
KINDS, SCALES = "change_kinds", "rating_scales"


def _labels(reader: Reader, data: dict, cls: type) -> Any:
    """The file's `labels` mapping, with a text for every field of `cls`."""
    place = ("labels",)
    labels = reader.mapping(reader.value(data, ROOT, "labels", True), place)
    names = list(cls.__dataclass_fields__)
    reader.allow_keys(labels, place, set(names))
    return cls(**{name: reader.text(labels, place, name) for name in names})


# -- consent ---------------------------------------------------------------------------------


def build_consent(reader: Reader, data: dict) -> dict[str, Any]:
    """Fields of a ConsentInstrument: intro, clauses, statement, labels."""
    reader.allow_keys(data, ROOT, COMMON_KEYS | {"clauses", "statement", "labels"})
    clauses = []
    for place, obj in reader.entries(data, ROOT, "clauses"):
        reader.allow_keys(obj, place, {"id", "text", "required"})
        clause = Clause(
            id=reader.ident(obj, place, "id"),
            text=reader.text(obj, place, "text"),
            required=reader.boolean(obj, place, "required", True),
        )
        clauses.append((place, clause))
    reader.unique([(c.id, (*p, "id")) for p, c in clauses], N_("clause id"))
    return {
        "intro": reader.text(data, ROOT, "intro", required=False),
        "clauses": tuple(c for _, c in clauses),
        "statement": reader.text(data, ROOT, "statement"),
        "labels": _labels(reader, data, ConsentLabels),
    }


# -- questionnaire ---------------------------------------------------------------------------


def _item(
    reader: Reader, obj: dict, place: Place, number: int, labels: QuestionnaireLabels
) -> Item:
    """One questionnaire item, checked against the keys its type allows."""
    item_type = reader.string(obj, place, "type")
    kind = ITEM_TYPES.get(item_type)
    if kind is None:
        problem = gettext(
            "unknown item type '%(type)s' (expected one of %(types)s)",
            type=item_type,
            types=", ".join(ITEM_TYPES),
        )
        reader.fail((*place, "type"), problem)
    context = gettext(" for type '%(type)s'", type=item_type)
    reader.allow_keys(obj, place, ITEM_KEYS | kind.yaml_keys, context)
    pnts = Option(PREFER_NOT_TO_SAY, labels.prefer_not_to_say)
    return Item(
        id=reader.ident(obj, place, "id"),
        number=number,
        type=item_type,
        label=reader.text(obj, place, "label"),
        help=reader.text(obj, place, "help", required=False),
        required=reader.boolean(obj, place, "required", False),
        prefer_not_to_say=pnts if reader.boolean(obj, place, "prefer_not_to_say", True) else None,
        **kind.read(reader, obj, place, labels),
    )


def build_questionnaire(reader: Reader, data: dict) -> dict[str, Any]:
    """Fields of a Questionnaire: intro, items (numbered from 1), labels."""
    reader.allow_keys(data, ROOT, COMMON_KEYS | {"items", "labels"})
    labels = _labels(reader, data, QuestionnaireLabels)
    entries = reader.entries(data, ROOT, "items")
    items = [_item(reader, obj, place, n, labels) for n, (place, obj) in enumerate(entries, 1)]
    reader.unique(
        [(i.id, (*p, "id")) for i, (p, _) in zip(items, entries, strict=True)], N_("item id")
    )
    return {
        "intro": reader.text(data, ROOT, "intro", required=False),
        "items": tuple(items),
        "labels": labels,
    }


# -- interview -------------------------------------------------------------------------------


def _question(reader: Reader, obj: dict, place: Place) -> Question:
    """One protocol question and its follow-up prompts."""
    reader.allow_keys(obj, place, {"id", "text", "prompts"})
    prompts = reader.value(obj, place, "prompts", False) or []
    if not isinstance(prompts, list):
        reader.fail((*place, "prompts"), gettext("must be a list of texts"))
    return Question(
        id=reader.ident(obj, place, "id"),
        text=reader.text(obj, place, "text"),
        prompts=tuple(reader.resolve(p, (*place, "prompts", i)) for i, p in enumerate(prompts)),
    )


def _section(reader: Reader, obj: dict, place: Place, number: int) -> tuple[Section, list]:
    """One section, and its questions' (id, place) pairs for the protocol-wide duplicate check."""
    keys = {"id", "title", "intro", "questions", "hosts_changes", "rates_changes"}
    reader.allow_keys(obj, place, keys)
    entries = reader.entries(obj, place, "questions")
    questions = tuple(_question(reader, q, p) for p, q in entries)
    section = Section(
        id=reader.ident(obj, place, "id"),
        number=number,
        title=reader.text(obj, place, "title"),
        questions=questions,
        intro=reader.text(obj, place, "intro", required=False),
        hosts_changes=reader.boolean(obj, place, "hosts_changes", False),
        rates_changes=reader.boolean(obj, place, "rates_changes", False),
    )
    return section, [(q.id, (*p, "id")) for q, (p, _) in zip(questions, entries, strict=True)]


def _change_kind(reader: Reader, obj: dict, place: Place) -> ChangeKind:
    """One kind of change: id, label and whether changes of this kind are rated."""
    reader.allow_keys(obj, place, {"id", "label", "rated"})
    return ChangeKind(
        id=reader.ident(obj, place, "id"),
        label=reader.text(obj, place, "label"),
        rated=reader.boolean(obj, place, "rated", False),
    )


def _scale(reader: Reader, obj: dict, place: Place) -> RatingScale:
    """One rating scale with a label for each of the points 1 to 5."""
    reader.allow_keys(obj, place, {"id", "label", "question", "anchors"})
    here = (*place, "anchors")
    anchors = reader.mapping(reader.value(obj, place, "anchors", True), here)
    for point in anchors:
        if isinstance(point, bool) or point not in SCALE_POINTS:
            problem = gettext("'%(point)s' is not a point of the scale (use 1 to 5)", point=point)
            reader.fail((*here, point), problem)
    missing = [str(point) for point in SCALE_POINTS if point not in anchors]
    if missing:
        problem = gettext(
            "needs a label for each point 1 to 5 (missing %(missing)s)", missing=", ".join(missing)
        )
        reader.fail(here, problem)
    return RatingScale(
        id=reader.ident(obj, place, "id"),
        label=reader.text(obj, place, "label"),
        question=reader.text(obj, place, "question"),
        anchors=MappingProxyType({p: reader.resolve(anchors[p], (*here, p)) for p in SCALE_POINTS}),
    )


def _only_one(reader: Reader, sections: list, flag: str) -> bool:
    """True if one section carries `flag`; fail if several do."""
    flagged = [(p, s) for p, s in sections if getattr(s, flag)]
    if len(flagged) > 1:
        first = flagged[0][1].id
        problem = gettext(
            "only one section may set %(flag)s (already '%(first)s')", flag=flag, first=first
        )
        reader.fail((*flagged[1][0], flag), problem)
    return bool(flagged)


def _change_parts(reader: Reader, data: dict, sections: list) -> dict[str, Any]:
    """Change kinds and rating scales; required when a section shows or rates changes."""
    hosts = _only_one(reader, sections, "hosts_changes")
    rates = _only_one(reader, sections, "rates_changes")
    if rates and not hosts:
        place = next((*p, "rates_changes") for p, s in sections if s.rates_changes)
        problem = gettext("no section sets hosts_changes, so there are no changes to rate")
        reader.fail(place, problem)
    kinds = [(p, _change_kind(reader, o, p)) for p, o in reader.entries(data, ROOT, KINDS, hosts)]
    scales = [(p, _scale(reader, o, p)) for p, o in reader.entries(data, ROOT, SCALES, rates)]
    reader.unique([(k.id, (*p, "id")) for p, k in kinds], N_("change kind id"))
    reader.unique([(s.id, (*p, "id")) for p, s in scales], N_("rating scale id"))
    return {
        "change_kinds": tuple(k for _, k in kinds),
        "rating_scales": tuple(s for _, s in scales),
    }


def build_interview(reader: Reader, data: dict) -> dict[str, Any]:
    """Fields of an InterviewProtocol: intro, sections, change kinds, rating scales."""
    reader.allow_keys(data, ROOT, COMMON_KEYS | {"sections", KINDS, SCALES})
    sections, question_ids = [], []
    for number, (place, obj) in enumerate(reader.entries(data, ROOT, "sections"), 1):
        section, ids = _section(reader, obj, place, number)
        sections.append((place, section))
        question_ids += ids
    reader.unique([(s.id, (*p, "id")) for p, s in sections], N_("section id"))
    reader.unique(question_ids, N_("question id"))
    return {
        "intro": reader.text(data, ROOT, "intro", required=False),
        "sections": tuple(s for _, s in sections),
        **_change_parts(reader, data, sections),
    }
