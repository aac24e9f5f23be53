"""Roles and what each may do: the one table every permission check reads.

A permission is a plain string naming an area and an action:

- ``users.manage``: create, disable and re-enable accounts (the Users page).
- ``audit.view``: read the audit log.
- ``participants.view``: the participant list and a participant's page (codes, therapist code,
  interviewer, date, progress; no names).
- ``participants.edit``: create participants, correct their details, and read the interviewer's
  note (the note never leaves the registry, like names).
- ``participants.reassign``: give an existing participant another interviewer (whoever creates a
  participant chooses the first one).
- ``participants.delete``: delete a participant and everything recorded for them.
- ``consent.view``: the consent panel (status, dates, the frozen record's check).
- ``consent.take``: the participant signs (or declines), the interviewer countersigns.
- ``consent.pdf``: the signed consent PDF of any participant. Beyond the table, whoever may take
  consent reads the PDF of a consent they took (consent/services.py); being the participant's
  interviewer now is not enough.
- ``consent.withdraw``: record a withdrawal, deleting the participant's research data.
- ``questionnaire.fill``: fill in and correct the questionnaire, and read its edit history.
- ``interview.conduct``: run the interview (start, answer, amend, finish, reopen, its history);
  only accounts with it are offered as a participant's interviewer.
- ``handover.start``: hand the tablet to the participant (participant mode) and take it back.
- ``export.participant``: one participant's record.json and coding PDFs (codes only, no names).
- ``export.bulk``: the bulk research export (coding PDFs and tidy CSVs; codes only).
- ``research.view``: the research results (sample, Table 1, citations) and the analysis areas to
  come (transcripts).
- ``recording.listen``: the interview's audio recording: the listening page, its files and its
  chapters (the voice identifies the participant, so analysts do not hear it).
- ``recording.export``: download a participant's audio files (never part of the research export).
- ``transcript.edit``: import a participant's transcript (preview, speakers, offset, import),
  move its question boundaries. Like the recording it comes from, it stays with who runs
  sessions; coders read it as their coding document.
- ``research.code``: the coding workbench: code documents, grow the codebook, compare coders,
  reconcile.
- ``transcript.read``: read a participant's word-by-word transcript (speaker roles, never names).
- ``transcript.edit``: type or correct the transcript beside the recording (the transcription
  page) and import one.
- ``redaction.review``: the redaction list of research exports: see every hit in context with its
  replacement label, add and remove terms (a participant's and the study's), accept or dismiss
  suggestions. The participant's name from the consent record stays hidden from whoever may not
  read consent records (``consent.view``): its hits show only as the consent name.
- ``redaction.waive``: let exports go ahead while a participant has unreviewed suggestions (the
  audit log records who and when).

Roles: **admin** may do everything; **interviewer** runs sessions (participants, consent,
questionnaire, interview, hand-over) and exports single participants; **analyst** works with the
research data only (record.json, coding PDFs, the bulk export, the analysis areas) and never sees
names, consent records, signatures or participant mode. A role not in the table may do nothing.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin

ROLE_ADMIN = "admin"
ROLE_INTERVIEWER = "interviewer"
ROLE_ANALYST = "analyst"
ROLES = (ROLE_ADMIN, ROLE_INTERVIEWER, ROLE_ANALYST)


class Permission(StrEnum):
    """Everything a role may be allowed to do (the module docstring says what each covers)."""

    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    PARTICIPANTS_VIEW = "participants.view"
    PARTICIPANTS_EDIT = "participants.edit"
    PARTICIPANTS_REASSIGN = "participants.reassign"
    PARTICIPANTS_DELETE = "participants.delete"
    CONSENT_VIEW = "consent.view"
    CONSENT_TAKE = "consent.take"
    CONSENT_PDF = "consent.pdf"
    CONSENT_WITHDRAW = "consent.withdraw"
    QUESTIONNAIRE_FILL = "questionnaire.fill"
    INTERVIEW_CONDUCT = "interview.conduct"
    HANDOVER_START = "handover.start"
    EXPORT_PARTICIPANT = "export.participant"
    EXPORT_BULK = "export.bulk"
    RESEARCH_VIEW = "research.view"
    RESEARCH_CODE = "research.code"
    RECORDING_LISTEN = "recording.listen"
    RECORDING_EXPORT = "recording.export"
    TRANSCRIPT_READ = "transcript.read"
    TRANSCRIPT_EDIT = "transcript.edit"
    REDACTION_REVIEW = "redaction.review"
    REDACTION_WAIVE = "redaction.waive"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    ROLE_ADMIN: frozenset(Permission),
    ROLE_INTERVIEWER: frozenset(
        {
            Permission.PARTICIPANTS_VIEW,
            Permission.PARTICIPANTS_EDIT,
            Permission.CONSENT_VIEW,
            Permission.CONSENT_TAKE,
            Permission.QUESTIONNAIRE_FILL,
            Permission.INTERVIEW_CONDUCT,
            Permission.RECORDING_LISTEN,
            Permission.TRANSCRIPT_EDIT,
            Permission.HANDOVER_START,
            Permission.EXPORT_PARTICIPANT,
            Permission.TRANSCRIPT_READ,
            Permission.TRANSCRIPT_EDIT,
            Permission.REDACTION_REVIEW,
        }
    ),
    ROLE_ANALYST: frozenset(
        {
            Permission.PARTICIPANTS_VIEW,
            Permission.EXPORT_PARTICIPANT,
            Permission.EXPORT_BULK,
            Permission.RESEARCH_VIEW,
            Permission.RESEARCH_CODE,
            Permission.TRANSCRIPT_READ,
            Permission.REDACTION_REVIEW,
        }
    ),
}

ROLE_LABELS = {
    ROLE_ADMIN: _l("Admin"),
    ROLE_INTERVIEWER: _l("Interviewer"),
    ROLE_ANALYST: _l("Analyst"),
}


def role_allows(role: str | None, permission: Permission | str) -> bool:
    """Whether the role may do this; unknown roles may do nothing, unknown permissions raise."""
    return Permission(permission) in ROLE_PERMISSIONS.get(role or "", frozenset())


def role_label(role: str) -> str:
    """The role's name in the interface language (the raw value for a role no longer known)."""
    return str(ROLE_LABELS.get(role, role))


class AnonymousUser(AnonymousUserMixin):
    """Flask-Login's visitor who has not logged in: may do nothing."""

    def can(self, permission: Permission | str) -> bool:
        """Never; the permission name is still checked, so a typo fails loudly."""
        Permission(permission)
        return False
