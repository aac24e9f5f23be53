"""Importing a project's codings as one coder's layer: plan first (the dry run), then apply it.

`plan_import` changes nothing: it matches sources to participants (by GUID, then by name), merges
the codebook on paper, and finds every selection in our text (`locate`). `apply_import` carries
out exactly that plan in one transaction. Codings keep a GUID derived from the selection's, so a
second import of the same file adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from interview.audit import record_event
from interview.coding.citations import Layer, add_snapshot, stored_document
from interview.coding.codebook import code_by_guid, ensure_codebook
from interview.coding.document import build_document
from interview.exchange.bulk import Passage, add_passages
from interview.exchange.ids import derived
from interview.exchange.locate import NormalText, best_spans, locate
from interview.exchange.merge import CodebookMerge, apply_merge, matched_by, plan_merge
from interview.exchange.qde import source_guid
from interview.exchange.reader import ForeignProject, ForeignSource
from interview.exchange.safety import ExchangeError
from interview.exchange.study import redacted_parts
from interview.exchange.texts import SourceText, source_text
from interview.export.services import exportable_participants
from interview.extensions import db
from interview.models import Citation, CodingDocument, Participant, User
from interview.record.build import build_record
from interview.redaction.documents import RedactedDocument
from interview.redaction.records import redactor_for


@dataclass(frozen=True)
class PlannedCoding:
    """One coding to add: where in our document, with which of our codes (by guid)."""

    participant: str
    guid: str
    start: int
    end: int
    quote: str
    codes: tuple[str, ...]
    memo: str
    how: str


@dataclass
class ImportPlan:
    """What an import would do; `apply_import` does exactly this."""

    coder: str
    merge: CodebookMerge
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # source, code, how
    unmatched: list[str] = field(default_factory=list)
    codings: list[PlannedCoding] = field(default_factory=list)
    already: int = 0
    problems: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # source, selection, why (in words)

    def relocated(self) -> int:
        """How many codings were found by their quoted text rather than their positions."""
        return sum(1 for c in self.codings if c.how == "relocated")

    def report(self, dry_run: bool) -> str:
        """The plan in words: matched, merged, imported, skipped (codes and ids only)."""
        values = {"coder": self.coder, "moved": self.relocated()}
        if dry_run:
            done = ngettext(
                "Would import %(num)d coding as the layer of %(coder)s (%(moved)d found by their quoted text).",
                "Would import %(num)d codings as the layer of %(coder)s (%(moved)d found by their quoted text).",
                len(self.codings),
                **values,
            )
        else:
            done = ngettext(
                "Imported %(num)d coding as the layer of %(coder)s (%(moved)d found by their quoted text).",
                "Imported %(num)d codings as the layer of %(coder)s (%(moved)d found by their quoted text).",
                len(self.codings),
                **values,
            )
        lines = [
            done,
            _("Sources matched: %(num)d", num=len(self.matched)),
            *[f"  {source} -> {code} ({matched_by(how)})" for source, code, how in self.matched],
            _(
                "Codebook: %(matched)d codes matched, %(new)d new",
                matched=len(self.merge.matched),
                new=len(self.merge.new),
            ),
            *self.merge.lines(),
        ]
        if self.unmatched:
            names = ", ".join(self.unmatched)
            lines.append(_("Skipped, matching no participant: %(names)s", names=names))
        if self.already:
            lines.append(
                ngettext(
                    "Skipped, imported before: %(num)d coding",
                    "Skipped, imported before: %(num)d codings",
                    self.already,
                )
            )
        if self.problems:
            lines.append(
                ngettext(
                    "Not imported: %(num)d selection",
                    "Not imported: %(num)d selections",
                    len(self.problems),
                )
            )
            lines += [f"  {src} {sel}: {why}" for src, sel, why in self.problems]
        return "\n".join(lines)


def coder_for(project: ForeignProject, name: str | None) -> User:
    """The tool's user whose layer the codings become (`--coder`, else the file's one coder)."""
    if not name:
        named = {
            project.users.get(s.user or "", "") for src in project.sources for s in src.selections
        }
        named.discard("")
        if len(named) != 1:
            raise ExchangeError(_("Say whose codings these are: give --coder with a user name."))
        name = named.pop()
    user = db.session.scalar(db.select(User).filter_by(username=name))
    if user is None:
        raise ExchangeError(
            _("There is no user %(name)s: create the account first, or give --coder.", name=name)
        )
    return user


def participants_by_source() -> tuple[dict[str, Participant], dict[str, Participant]]:
    """Exportable participants by the GUID of their exported source, and by code."""
    people = exportable_participants()
    return {source_guid(p.code): p for p in people}, {p.code.lower(): p for p in people}


@dataclass
class OurText:
    """Our document as our projects write it: as it is (the team's own copy) and, when it names
    a listed term, redacted (the project every research export gives), with the map back."""

    participant: Participant
    headings: list[dict[str, Any]]
    plain: SourceText  # its document_text is the stored text itself

    @cached_property
    def redacted(self) -> tuple[SourceText, RedactedDocument] | None:
        """The redacted project's text and its map back to ours, made on first need (it builds
        the participant's record); None when the document names no listed term."""
        redactor = redactor_for(self.participant, build_record(self.participant))
        original = self.plain.document_text
        document, text, headings = redacted_parts(original, self.headings, redactor)
        return None if text == original else (source_text(text, headings), document)

    def find(self, normal: NormalText, span: tuple[int, int]) -> tuple[int, int, str] | None:
        """A selection's place in our document (start, end, how), or None.

        A selection made on the redacted text is found there and carried back onto the original
        words: a label it holds, even in part, becomes the whole term it stands for.
        """
        if normal.text == self.plain.text:
            return locate(normal, span, self.plain)
        redacted = self.redacted
        if redacted is not None and normal.text == redacted[0].text:
            return through_redacted(normal, span, *redacted)
        found = locate(normal, span, self.plain)
        if found is None and redacted is not None:
            found = through_redacted(normal, span, *redacted)
        return found


def through_redacted(
    normal: NormalText, span: tuple[int, int], written: SourceText, document: RedactedDocument
) -> tuple[int, int, str] | None:
    """A selection found in the redacted text we wrote, carried back onto the original words."""
    found = locate(normal, span, written)
    if found is None:
        return None
    start, end, how = found
    return (*document.original_span(start, end), how)


def our_text(participant: Participant) -> OurText | None:
    """Our document as we export it: the stored snapshot, else the text coding would open."""
    stored = stored_document(participant)
    if stored is not None:
        text, headings = stored.text, stored.headings
    else:
        live = build_document(participant)
        if live is None:
            return None
        text, headings = live.text, [h.as_json() for h in live.headings]
    return OurText(participant, headings, source_text(text, headings))


def plan_import(project: ForeignProject, coder: User) -> ImportPlan:
    """Everything the import would do, without changing anything."""
    ensure_codebook()
    plan = ImportPlan(coder.username, plan_merge(project.codes))
    by_guid, by_code = participants_by_source()
    plan.unmatched += project.other_sources
    for source in project.sources:
        participant, how = by_guid.get(source.guid), "GUID"
        if participant is None:
            participant, how = by_code.get(source.name.strip().lower().removesuffix(".txt")), "name"
        if participant is None:
            plan.unmatched.append(source.name or source.guid)
            continue
        plan.matched.append((source.name, participant.code, how))
        plan_source(plan, source, participant, coder)
    drop_imported(plan)
    return plan


def drop_imported(plan: ImportPlan) -> None:
    """Leave out the codings an earlier import of the same file already added."""
    guids = [coding.guid for coding in plan.codings]
    done: set[str] = set()
    for index in range(0, len(guids), 500):
        chunk = guids[index : index + 500]
        done.update(db.session.scalars(db.select(Citation.guid).where(Citation.guid.in_(chunk))))
    plan.already = len(done)
    plan.codings = [coding for coding in plan.codings if coding.guid not in done]


def plan_source(plan: ImportPlan, source: ForeignSource, participant: Participant, coder: User):
    """Locate each selection of one source in the participant's document."""
    ours = our_text(participant)
    if ours is None:
        plan.problems += [
            (source.name, s.name or s.guid, _("no text to code")) for s in source.selections
        ]
        return
    normal = NormalText(source.text if source.text is not None else ours.plain.text)
    text = ours.plain.document_text
    for selection, span in zip(
        source.selections, best_spans(normal, source.selections), strict=True
    ):
        label = selection.name or selection.guid
        codes = tuple(dict.fromkeys(ours_guid(plan.merge, g) for g in selection.codes))
        if not selection.codes or None in codes:
            plan.problems.append((source.name, label, _("no code, or a code not in the codebook")))
            continue
        found = ours.find(normal, span) if span else None
        if found is None or not text[found[0] : found[1]].strip():
            plan.problems.append((source.name, label, _("its text was not found in ours")))
            continue
        guid = derived("import", f"{coder.username}:{selection.guid or label}")
        start, end, how = found
        plan.codings.append(
            PlannedCoding(
                participant.code,
                guid,
                start,
                end,
                text[start:end],
                codes,
                selection.memo,
                how,
            )
        )


def ours_guid(merge: CodebookMerge, guid: str) -> str | None:
    """Our guid for a code the selection names: merged, or one of ours named directly."""
    if guid not in merge.guid_of:
        code = code_by_guid(guid)
        merge.guid_of[guid] = code.guid if code is not None else None
    return merge.guid_of[guid]


def apply_import(plan: ImportPlan, coder: User) -> int:
    """Carry out the plan in one transaction; returns how many codings were added."""
    try:
        apply_merge(plan.merge, coder)
        layer = Layer.of_coder(coder.id)
        ids: dict[str, int] = {}
        by_participant: dict[str, list[Passage]] = {}
        for coding in plan.codings:
            for guid in coding.codes:
                if guid not in ids:
                    ids[guid] = code_by_guid(guid).id
            passage = Passage(
                coding.start, coding.end, [ids[g] for g in coding.codes], coding.memo, coding.guid
            )
            by_participant.setdefault(coding.participant, []).append(passage)
        for code, passages in by_participant.items():
            add_passages(snapshot(code), layer, coder.id, passages)
        record_event(
            "exchange_import",
            detail=f"{len(plan.codings)} codings, layer of {coder.username}",
            user=coder,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return len(plan.codings)


def snapshot(code: str) -> CodingDocument:
    """The participant's coding snapshot, made now (uncommitted) when coding had not begun."""
    participant = db.session.scalar(db.select(Participant).filter_by(code=code))
    stored = stored_document(participant)
    if stored is not None:
        return stored
    stored = add_snapshot(participant, build_document(participant))
    db.session.flush()
    return stored


def check_strict(plan: ImportPlan) -> None:
    """--strict: a source matching no participant, or a selection not found, stops the import."""
    if plan.unmatched or plan.problems:
        raise ExchangeError(
            _(
                "Strict import stopped: %(sources)d sources match no participant and %(problems)d selections were not found; nothing was imported.",
                sources=len(plan.unmatched),
                problems=len(plan.problems),
            )
        )


def import_codebook(merge: CodebookMerge, user: User | None) -> int:
    """Add a codebook's new codes in one transaction; returns how many."""
    try:
        added = apply_merge(merge, user)
        record_event("exchange_codebook", detail=f"{added} codes added", user=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return added
