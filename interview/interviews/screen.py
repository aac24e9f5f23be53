"""What the interview screen shows: sections with progress, questions in order, ad-hoc follow-ups."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from interview.audit import record_event
from interview.extensions import db
from interview.instruments.model import InterviewProtocol, Section
from interview.interviews.autosave import save_answer
from interview.interviews.changes import ordered_changes
from interview.interviews.forms import SectionValue
from interview.interviews.services import InterviewError, add_event, ensure_open, protocol_for
from interview.models import Answer, AnswerRevision, Interview, InterviewEvent, User
from interview.models.base import utcnow

ADHOC_ATTEMPTS = 20


@dataclass(frozen=True)
class QuestionView:
    """One question on screen: the protocol's wording (or the interviewer's own) and its answer."""

    id: str
    kind: str
    text: str
    prompts: tuple[str, ...]
    answer: Answer


@dataclass(frozen=True)
class SectionProgress:
    """A section in the side list: how many of its questions are answered or skipped."""

    section: Section
    done: int
    total: int


def answers_by_question(interview: Interview) -> dict[str, Answer]:
    """The interview's answers keyed by question id."""
    return {answer.question_id: answer for answer in interview.answers}


def section_questions(section: Section, answers: dict[str, Answer]) -> list[QuestionView]:
    """Protocol order, each ad-hoc question right after the one it follows (as the record orders them)."""
    adhoc = [a for a in answers.values() if a.kind == "adhoc" and a.section_id == section.id]
    placed: list[QuestionView] = []

    def place(question_id: str) -> None:
        for answer in (a for a in adhoc if a.after_question_id == question_id):
            placed.append(
                QuestionView(answer.question_id, "adhoc", answer.adhoc_text or "", (), answer)
            )
            place(answer.question_id)

    for question in section.questions:
        if question.id in answers:
            placed.append(
                QuestionView(
                    question.id, "protocol", question.text, question.prompts, answers[question.id]
                )
            )
            place(question.id)
    ids = {view.id for view in placed}
    placed += [
        QuestionView(a.question_id, "adhoc", a.adhoc_text or "", (), a)
        for a in adhoc
        if a.question_id not in ids
    ]
    return placed


def sections_progress(
    protocol: InterviewProtocol, answers: dict[str, Answer]
) -> list[SectionProgress]:
    """Every section with its count of answered (or skipped) questions, for the stepper."""
    return [
        SectionProgress(
            section,
            sum(1 for view in questions if view.answer.text.strip() or view.answer.skipped),
            len(questions),
        )
        for section in protocol.sections
        for questions in [section_questions(section, answers)]
    ]


def page_context(interview: Interview, section_id: str, strict: bool = False) -> dict | None:
    """Everything the screen shows for one section (the first one when none is asked for)."""
    protocol = protocol_for(interview)
    section = protocol.section(section_id) if section_id or strict else protocol.sections[0]
    if section is None:
        return None
    answers = answers_by_question(interview)
    questions = section_questions(section, answers)
    return {
        "protocol": protocol,
        "section": section,
        "sections": sections_progress(protocol, answers),
        "questions": questions,
        "form_data": form_data(questions),
        "after_choices": after_choices(questions),
        "changes": ordered_changes(interview),
    }


def empty_questions(interview: Interview) -> list[tuple[Section, list[QuestionView]]]:
    """Each section with its questions neither answered nor skipped (sections without any left out)."""
    protocol = protocol_for(interview)
    answers = answers_by_question(interview)
    empty = []
    for section in protocol.sections:
        views = [
            view
            for view in section_questions(section, answers)
            if not (view.answer.text.strip() or view.answer.skipped)
        ]
        if views:
            empty.append((section, views))
    return empty


def form_data(questions: list[QuestionView]) -> dict[str, object]:
    """The section form's values as stored: text, skip flag and the version the page loaded."""
    data: dict[str, object] = {}
    for view in questions:
        data[f"answer-{view.id}"] = view.answer.text
        data[f"skip-{view.id}"] = view.answer.skipped
        data[f"version-{view.id}"] = str(view.answer.version)
        data[f"note-{view.id}"] = view.answer.interviewer_note
    return data


def after_choices(questions: list[QuestionView]) -> list[SelectChoice]:
    """Where a new follow-up may go: after any question of the section."""
    choices = []
    for number, view in enumerate(questions, start=1):
        wording = view.text if len(view.text) <= 60 else view.text[:59] + "…"
        choices.append(SelectChoice(view.id, f"{number}. {wording}"))
    return choices


def save_section(
    interview: Interview,
    questions: list[QuestionView],
    values: dict[str, SectionValue],
    user: User,
) -> list[str]:
    """Save a whole section in one transaction; returns the ids of answers that changed elsewhere."""
    ensure_open(interview)
    conflicts = []
    for view in questions:
        if view.id not in values:
            continue
        value = values[view.id]
        result = save_answer(
            interview.id,
            view.id,
            value.text,
            value.skipped,
            note=value.note,
            base_version=value.base_version,
            user_id=user.id,
            commit=False,
        )
        if result.conflict:
            conflicts.append(view.id)
    db.session.commit()
    return conflicts


def add_adhoc(
    interview: Interview,
    section: Section,
    after: str,
    wording: str,
    text: str,
    user: User,
    client_id: str | None = None,
) -> Answer:
    """Add the interviewer's own follow-up question (and its first answer) after another question;
    once per `client_id`: a form replayed after an outage finds the question it added."""
    ensure_open(interview)
    known = {a.question_id for a in interview.answers if a.section_id == section.id}
    if after and after not in known:
        raise InterviewError(_("There is no such question in this section."))
    for _attempt in range(ADHOC_ATTEMPTS):
        added = client_id and next((a for a in interview.answers if a.client_id == client_id), None)
        if added:
            return added
        number = next_adhoc_number(interview)
        answer = Answer(
            interview_id=interview.id, section_id=section.id, question_id=f"adhoc-{number}", kind="adhoc",
            adhoc_text=wording.strip(), after_question_id=after or None, text=text,
            version=1 if text else 0, first_opened_at=utcnow(), last_edited_at=utcnow() if text else None,
            updated_by_id=user.id, client_id=client_id,
        )  # fmt: skip
        db.session.add(answer)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # another device took that number at the same moment
            db.session.refresh(interview)
            continue
        add_event(
            interview,
            "adhoc_added",
            user,
            {"question_id": answer.question_id, "after": after, "text": wording},
        )
        record_event("adhoc_add", interview.participant, detail=answer.question_id, user=user)
        db.session.commit()
        return answer
    raise InterviewError(_("The follow-up question could not be added. Try again."))


def next_adhoc_number(interview: Interview) -> int:
    """A number no ad-hoc question of this interview ever had.

    Counting the "added" events, not the rows, keeps a deleted question's id unused: a reused id
    would mix two questions in the history and in the tablet's unsent texts (keyed by id).
    """
    added = db.session.scalar(
        db.select(db.func.count())
        .select_from(InterviewEvent)
        .where(InterviewEvent.interview_id == interview.id, InterviewEvent.action == "adhoc_added")
    )
    return 1 + max(added or 0, sum(1 for a in interview.answers if a.kind == "adhoc"))


def adhoc_answer(interview: Interview, question_id: str) -> Answer:
    """The interviewer's own question with this id; LookupError for protocol or unknown ids."""
    answer = answers_by_question(interview).get(question_id)
    if answer is None or answer.kind != "adhoc":
        raise LookupError(question_id)
    return answer


def adhoc_snapshot(answer: Answer) -> dict[str, object]:
    """An ad-hoc question and its answer as plain data for the history."""
    return {
        "question_id": answer.question_id,
        "section_id": answer.section_id,
        "after": answer.after_question_id,
        "text": answer.adhoc_text,
        "answer": answer.text,
        "skipped": answer.skipped,
    }


def edit_adhoc(interview: Interview, answer: Answer, wording: str, user: User) -> None:
    """Correct the wording of an ad-hoc question; the old wording goes into the history."""
    ensure_open(interview)
    before = adhoc_snapshot(answer)
    answer.adhoc_text = wording.strip()
    if answer.adhoc_text != before["text"]:
        add_event(
            interview, "adhoc_edited", user, {"before": before, "after": adhoc_snapshot(answer)}
        )
        record_event("adhoc_edit", interview.participant, detail=answer.question_id, user=user)
    db.session.commit()


def delete_adhoc(interview: Interview, answer: Answer, user: User) -> None:
    """Delete an ad-hoc question added by mistake; its wording and all its texts stay in the history.

    Deleting is allowed even with answer text, because the event keeps that text: refusing instead
    would make the interviewer clear the answer first, and the cleared words would then go with the
    question's revisions anyway. The history keeps every word; the confirmation page shows them.
    """
    ensure_open(interview)
    _answer, revisions = answer_history(interview, answer.question_id)
    before = adhoc_snapshot(answer)
    before["earlier"] = [{"text": r.text, "skipped": r.skipped} for r in revisions]
    # Follow-ups placed after this one move up to its place instead of dropping to the end.
    for other in interview.answers:
        if other.kind == "adhoc" and other.after_question_id == answer.question_id:
            other.after_question_id = answer.after_question_id
    add_event(interview, "adhoc_deleted", user, {"before": before})
    record_event("adhoc_delete", interview.participant, detail=answer.question_id, user=user)
    db.session.execute(db.delete(AnswerRevision).where(AnswerRevision.answer_id == answer.id))
    interview.answers.remove(answer)
    db.session.commit()


def answer_history(interview: Interview, question_id: str) -> tuple[Answer, list[AnswerRevision]]:
    """The current answer and every earlier text it held, newest first."""
    answer = answers_by_question(interview).get(question_id)
    if answer is None:
        raise LookupError(question_id)
    revisions = db.session.execute(
        db.select(AnswerRevision)
        .where(AnswerRevision.answer_id == answer.id)
        .order_by(AnswerRevision.id.desc())
    ).scalars()
    return answer, list(revisions)
