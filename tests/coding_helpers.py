"""Set-up for the coding tests: participants with typed answers, analysts, coding requests."""

from __future__ import annotations

import uuid

from flask import Flask
from helpers import PASSWORD, csrf_token

from interview.auth.users import create_user
from interview.coding.citations import Layer, open_document
from interview.coding.codebook import ensure_codebook
from interview.coding.operations import Operation, apply_operation
from interview.extensions import db
from interview.models import Code, Participant, User


def add_analyst(app: Flask, name: str) -> int:
    """An account with the analyst role (set by hand until roles are permissions); its id."""
    with app.app_context():
        user = create_user(name, PASSWORD)
        user.role = "analyst"
        db.session.commit()
        return user.id


def participant(code: str) -> Participant:
    """The participant with this code (inside an app context)."""
    return db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()


def user(name: str) -> User:
    """The account with this name (inside an app context)."""
    return db.session.execute(db.select(User).filter_by(username=name)).scalar_one()


def code_named(name: str) -> Code:
    """The live code with this name (inside an app context)."""
    ensure_codebook()
    return db.session.execute(db.select(Code).filter_by(name=name)).scalar_one()


def document_of(code: str):
    """The participant's coding snapshot (made on first use)."""
    return open_document(participant(code))[0]


def op(kind: str, **fields) -> Operation:
    """An operation with a fresh client id."""
    return Operation(op_id=str(uuid.uuid4()), kind=kind, **fields)


def code_passage(code: str, coder: str, quote: str, *codes: str, occurrence: int = 0, **extra):
    """Code the `occurrence`-th appearance of `quote` for `coder` with codes named; returns guid."""
    document = document_of(code)
    start = -1
    for _ in range(occurrence + 1):
        start = document.text.index(quote, start + 1)
    guid = str(uuid.uuid4())
    operation = op(
        "create",
        citation=guid,
        start=start,
        end=start + len(quote),
        quote=quote,
        codes=tuple(code_named(name).guid for name in codes),
        **extra,
    )
    apply_operation(document, Layer.of_coder(user(coder).id), user(coder), operation)
    return guid


def post_op(client, code: str, payload: dict, layer: str = "mine"):
    """POST one operation as coding.js does (JSON, the page's token in X-CSRFToken)."""
    page = f"/coding/{code}"
    token = csrf_token(client, page)
    payload = {"op": str(uuid.uuid4()), **payload}
    return client.post(
        f"/coding/{code}/ops?layer={layer}", json=payload, headers={"X-CSRFToken": token}
    )
