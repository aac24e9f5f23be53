"""All models, importable from one place (Alembic's autogenerate needs them all loaded)."""

from .audit import AuditEvent
from .consent import (
    CONSENT_DECLINED,
    CONSENT_PENDING,
    CONSENT_SIGNED,
    CONSENT_WITHDRAWN,
    Consent,
)
from .exports import ExportJob
from .instruments import InstrumentSnapshot
from .interview import (
    INTERVIEW_COMPLETE,
    INTERVIEW_IN_PROGRESS,
    Answer,
    AnswerRevision,
    Change,
    Interview,
    InterviewEvent,
)
from .participants import Participant
from .questionnaire import QuestionnaireResponse, QuestionnaireRevision
from .users import ROLE_ADMIN, ROLE_INTERVIEWER, ROLES, FailedAttempt, User

__all__ = [
    "CONSENT_DECLINED",
    "CONSENT_PENDING",
    "CONSENT_SIGNED",
    "CONSENT_WITHDRAWN",
    "INTERVIEW_COMPLETE",
    "INTERVIEW_IN_PROGRESS",
    "ROLES",
    "ROLE_ADMIN",
    "ROLE_INTERVIEWER",
    "Answer",
    "AnswerRevision",
    "AuditEvent",
    "Change",
    "Consent",
    "ExportJob",
    "FailedAttempt",
    "InstrumentSnapshot",
    "Interview",
    "InterviewEvent",
    "Participant",
    "QuestionnaireResponse",
    "QuestionnaireRevision",
    "User",
]
