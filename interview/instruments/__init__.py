"""Instruments as data: consent form, questionnaire and interview protocol, loaded from YAML.

The shipped files live in `data/`; a file in `<instance>/instruments/` with the same `id`
replaces one of them. Every text may be a string or a mapping of language code to text.
"""

from interview.instruments.errors import InstrumentError
from interview.instruments.loading import (
    DATA_DIR,
    SHIPPED,
    InstrumentSet,
    check_file,
    effective_instruments,
    load_instruments,
)
from interview.instruments.model import (
    ChangeKind,
    Clause,
    ConsentInstrument,
    ConsentLabels,
    FollowUp,
    Instrument,
    InterviewProtocol,
    Item,
    Option,
    Question,
    Questionnaire,
    QuestionnaireLabels,
    RatingScale,
    Section,
)
from interview.instruments.parse import load_file, parse_instrument

__all__ = [
    "DATA_DIR",
    "SHIPPED",
    "ChangeKind",
    "Clause",
    "ConsentInstrument",
    "ConsentLabels",
    "FollowUp",
    "Instrument",
    "InstrumentError",
    "InstrumentSet",
    "InterviewProtocol",
    "Item",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireLabels",
    "RatingScale",
    "Section",
    "check_file",
    "effective_instruments",
    "load_file",
    "load_instruments",
    "parse_instrument",
]
