"""All models, importable from one place (Alembic's autogenerate needs them all loaded)."""

from interview.models.audit import AuditEvent
from interview.models.consent import (
    CONSENT_DECLINED,
    CONSENT_PENDING,
    CONSENT_SIGNED,
    CONSENT_WITHDRAWN,
    Consent,
)
from interview.models.exports import ExportJob
from interview.models.instruments import InstrumentSnapshot
from interview.models.interview import (
    INTERVIEW_COMPLETE,
    INTERVIEW_IN_PROGRESS,
    Answer,
    AnswerRevision,
    Change,
    Interview,
    InterviewEvent,
)
from interview.models.participants import Participant
from interview.models.questionnaire import QuestionnaireResponse, QuestionnaireRevision
from interview.models.users import Login, PasswordTries, User

__all__ = [
    "CONSENT_DECLINED",
    "CONSENT_PENDING",
    "CONSENT_SIGNED",
    "CONSENT_WITHDRAWN",
    "INTERVIEW_COMPLETE",
    "INTERVIEW_IN_PROGRESS",
    "Answer",
    "AnswerRevision",
    "AuditEvent",
    "Change",
    "Consent",
    "ExportJob",
    "InstrumentSnapshot",
    "Interview",
    "InterviewEvent",
    "Login",
    "Participant",
    "PasswordTries",
    "QuestionnaireResponse",
    "QuestionnaireRevision",
    "User",
]
