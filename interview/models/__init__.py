"""All models, importable from one place (Alembic's autogenerate needs them all loaded)."""

from interview.models.audit import AuditEvent
from interview.models.coding import (
    LAYER_CODER,
    LAYER_RECONCILED,
    Citation,
    Code,
    CodebookEvent,
    CodebookSource,
    CodingDocument,
    CodingMark,
    CodingOperation,
    ComparisonSnapshot,
    citation_codes,
)
from interview.models.consent import (
    CONSENT_DECLINED,
    CONSENT_PENDING,
    CONSENT_SIGNED,
    CONSENT_WITHDRAWN,
    Consent,
)
from interview.models.erasure import KIND_DELETION, KIND_WITHDRAWAL, Counter, Erasure
from interview.models.exports import (
    COPY_BACKUP,
    COPY_CLI,
    COPY_PDF_CACHE,
    COPY_ZIP,
    ExportCopy,
    ExportCopyParticipant,
    ExportDownload,
    ExportJob,
)
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
from interview.models.recording import (
    ENDED_PAUSE,
    ENDED_STOP,
    RecordingChunk,
    RecordingSegment,
)
from interview.models.redaction import RedactionDecision, RedactionTerm
from interview.models.transcript import (
    PLACED_BY_HAND,
    PLACED_BY_TIME,
    SPEAKER_INTERVIEWER,
    SPEAKER_PARTICIPANT,
    SPEAKERS,
    Transcript,
    TranscriptRevision,
    TranscriptTurn,
)
from interview.models.users import Login, PasswordTries, User

__all__ = [
    "CONSENT_DECLINED",
    "CONSENT_PENDING",
    "CONSENT_SIGNED",
    "CONSENT_WITHDRAWN",
    "COPY_BACKUP",
    "COPY_CLI",
    "COPY_PDF_CACHE",
    "COPY_ZIP",
    "ENDED_PAUSE",
    "ENDED_STOP",
    "INTERVIEW_COMPLETE",
    "INTERVIEW_IN_PROGRESS",
    "LAYER_CODER",
    "LAYER_RECONCILED",
    "KIND_DELETION",
    "KIND_WITHDRAWAL",
    "PLACED_BY_HAND",
    "PLACED_BY_TIME",
    "SPEAKERS",
    "SPEAKER_INTERVIEWER",
    "SPEAKER_PARTICIPANT",
    "Answer",
    "AnswerRevision",
    "AuditEvent",
    "Change",
    "Citation",
    "Code",
    "CodebookEvent",
    "CodebookSource",
    "CodingDocument",
    "CodingMark",
    "CodingOperation",
    "ComparisonSnapshot",
    "Consent",
    "Counter",
    "Erasure",
    "ExportCopy",
    "ExportCopyParticipant",
    "ExportDownload",
    "ExportJob",
    "InstrumentSnapshot",
    "Interview",
    "InterviewEvent",
    "Login",
    "Participant",
    "PasswordTries",
    "QuestionnaireResponse",
    "QuestionnaireRevision",
    "RecordingChunk",
    "RecordingSegment",
    "RedactionDecision",
    "RedactionTerm",
    "Transcript",
    "TranscriptRevision",
    "TranscriptTurn",
    "User",
    "citation_codes",
]
