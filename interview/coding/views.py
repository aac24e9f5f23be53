"""Coding pages: the workbench index, the coding page and its save endpoint, codebook, comparison."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.auth.users import find_user
from interview.coding import codebook as book
from interview.coding.citations import CodingError, layer_citations, open_document, stored_document
from interview.coding.codebook_file import load_codebook
from interview.coding.compare import compare, keep_snapshot, open_documents, snapshots, study_coders
from interview.coding.document import interviewed_participants
from interview.coding.forms import (
    ConfirmForm,
    DefineForm,
    MergeForm,
    MoveForm,
    NewCodeForm,
    ReconcileForm,
    RenameForm,
    parse_operation,
)
from interview.coding.layers import coders, mark_done, pair_open, reopen
from interview.coding.operations import apply_operation
from interview.coding.pages import RECONCILED, choose_layer, coding_page, page_data
from interview.coding.quotations import LAYER_ALL, attribute_filters, quotations
from interview.coding.reconcile import take, take_agreements
from interview.errors import wants_json
from interview.extensions import db
from interview.models import ComparisonSnapshot, User
from interview.participants.services import get_participant
from interview.permissions import Permission

bp = Blueprint("coding", __name__, url_prefix="/coding")


@bp.record_once
def load_codebook_file(state: BlueprintSetupState) -> None:
    """Read and validate the codebook file once; a broken file stops start-up here."""
    app = state.app
    app.extensions["codebook"] = load_codebook(app.instance_path, app.config["LANGUAGE"])


@bp.before_request
@permission_required(Permission.RESEARCH_CODE)
def gate() -> None:
    """Every coding page: admins and analysts only; the live codebook exists."""
    book.ensure_codebook()


@bp.errorhandler(CodingError)
def coding_error(error: CodingError):
    """A refused request: JSON for the page's script, else the message on an error page."""
    if request.is_json or wants_json():
        return {"error": "refused", "message": error.message}, error.status
    return render_template("coding/refused.html", message=error.message), error.status


@bp.errorhandler(book.CodebookError)
def codebook_error(error: book.CodebookError):
    """A refused codebook change: the message on the codebook page."""
    flash(str(error), "error")
    return redirect(url_for("coding.codebook"))


def document_of(code: str, live: bool = True):
    """The participant and the snapshot to code (404 when there is nothing to code).

    `live=False` skips rebuilding the live text to compare (saves need only the snapshot).
    """
    participant = get_participant(code)
    if live:
        document, changed = open_document(participant)
    else:
        document, changed = stored_document(participant), False
    if document is None:
        abort(404)
    return participant, document, changed


def coder(name: str | None) -> User | None:
    """An account by username, or None."""
    return find_user(name) if name else None


@bp.get("/")
def index():
    """Every interviewed participant (codes only) with the viewer's coding state."""
    rows = [(p, stored_document(p)) for p in interviewed_participants()]
    return render_template(
        "coding/index.html", rows=rows, coders=coders, layer_citations=layer_citations
    )


@bp.get("/<code>")
def document(code: str):
    """The coding page: the text with line numbers, headings, highlights and the code palette."""
    participant, document, changed = document_of(code)
    context = coding_page(participant, document, current_user, request.args.get("layer", ""))
    log_event("coding_view", participant)
    return render_template("coding/document.html", changed=changed, form=ConfirmForm(), **context)


@bp.get("/<code>/state")
def state(code: str):
    """The layer's citations and the codebook, for the script after its queue is sent."""
    participant, document, _changed = document_of(code, live=False)
    choice = choose_layer(current_user, document, request.args.get("layer", ""))
    return jsonify(page_data(participant, document, current_user, choice))


@bp.post("/<code>/ops")
def operation(code: str):
    """One request from the coding page's queue (idempotent by its client id)."""
    participant, document, _changed = document_of(code, live=False)
    choice = choose_layer(current_user, document, request.args.get("layer", ""))
    if not choice.editable:
        raise CodingError(_("This layer belongs to another coder and cannot be changed."), 403)
    op = parse_operation(request.get_json(silent=True))
    return jsonify(apply_operation(document, choice.layer, current_user, op))


@bp.post("/<code>/done")
def done(code: str):
    """Mark the viewer's coding of this interview done (or, with reopen, not done)."""
    _participant, document, _changed = document_of(code)
    if ConfirmForm().validate_on_submit():
        if request.form.get("reopen"):
            reopen(document, current_user)
            flash(_("Your coding is open again; blind mode hides the other coder."), "success")
        else:
            mark_done(document, current_user)
            flash(_("Marked done."), "success")
    return redirect(url_for("coding.document", code=code))


# --- codebook ------------------------------------------------------------------------------


@bp.get("/codebook")
def codebook():
    """The live codebook as a tree, with every change a form away."""
    codes = book.all_codes()
    choices = [(0, _("(top level)"))] + [(c.id, c.name) for c in codes if not c.retired]
    new_form = NewCodeForm()
    new_form.parent.choices = choices
    return render_template(
        "coding/codebook.html", codes=codes, choices=choices, new_form=new_form, usage=book.usage()
    )


@bp.post("/codebook/new")
def new_code():
    """Add a code (optionally under a category)."""
    form = NewCodeForm()
    form.parent.choices = [(0, "")] + [(c.id, c.name) for c in book.all_codes()]
    if form.validate_on_submit():
        parent = book.get_code(form.parent.data) if form.parent.data else None
        code = book.create_code(form.name.data, current_user, parent=parent)
        flash(_("Code %(name)s created.", name=code.name), "success")
    else:
        flash(_("Give the code a name."), "error")
    return redirect(url_for("coding.codebook"))


@bp.post("/codebook/<id:code_id>/<action>")
def change_code(code_id: int, action: str):
    """Rename, define, move, merge, retire or restore one code."""
    code = book.get_code(code_id)
    ids = [0] + [c.id for c in book.all_codes()]
    forms = {
        "rename": RenameForm,
        "define": DefineForm,
        "move": MoveForm,
        "merge": MergeForm,
        "retire": ConfirmForm,
        "restore": ConfirmForm,
    }
    if action not in forms:
        abort(404)
    form = forms[action]()
    for field in ("parent", "target"):
        if hasattr(form, field):
            getattr(form, field).choices = [(i, str(i)) for i in ids]
    if not form.validate_on_submit():
        raise book.CodebookError(_("The change could not be understood; nothing was changed."))
    book.apply_change(code, action, form.data, current_user)
    flash(_("Codebook changed."), "success")
    return redirect(url_for("coding.codebook", _anchor=f"code-{code.id}"))


@bp.get("/codebook/history")
def history():
    """Every change to the codebook, newest first."""
    return render_template("coding/history.html", events=book.history(), names=book.names())


# --- comparison ----------------------------------------------------------------------------


def pair() -> tuple[User | None, User | None]:
    """The two coders to compare: from the query, else the first two who coded."""
    known = study_coders()
    a = coder(request.args.get("a")) or (known[0] if known else None)
    b = coder(request.args.get("b")) or next((c for c in known if c != a), None)
    return a, b


@bp.get("/<code>/compare")
def compare_document(code: str):
    """Two coders on one interview: figures per code, the disagreements side by side."""
    participant, document, _changed = document_of(code)
    a, b = pair()
    comparison = None
    if a and b and a != b and pair_open(current_user, document, a, b):
        comparison = compare([document], a, b, details=True)
        log_event("coding_compare", participant, detail=f"{a.username} and {b.username}")
    return render_template(
        "coding/compare.html",
        participant=participant,
        comparison=comparison,
        a=a,
        b=b,
        coders=coders(document),
        form=ReconcileForm(),
        confirm=ConfirmForm(),
    )


@bp.get("/compare")
def compare_study():
    """Two coders over the whole study (the interviews blind mode opens)."""
    a, b = pair()
    comparison, held_back = None, 0
    if a and b and a != b:
        documents, held_back = open_documents(current_user, a, b)
        comparison = compare(documents, a, b)
    return render_template(
        "coding/compare_study.html",
        comparison=comparison,
        held_back=held_back,
        a=a,
        b=b,
        coders=study_coders(),
        confirm=ConfirmForm(),
    )


@bp.post("/compare/snapshot")
def snapshot():
    """Keep the figures of a comparison (one interview, or the study) with today's date."""
    a, b = pair()
    code = request.args.get("code")
    if not (ConfirmForm().validate_on_submit() and a and b and a != b):
        abort(400)
    if code:
        participant, document, _changed = document_of(code)
        if not pair_open(current_user, document, a, b):
            abort(403)
        keep_snapshot(compare([document], a, b), current_user, participant)
    else:
        keep_snapshot(compare(open_documents(current_user, a, b)[0], a, b), current_user)
    flash(_("Snapshot kept."), "success")
    return redirect(url_for("coding.snapshot_list"))


@bp.get("/snapshots")
def snapshot_list():
    """Every kept comparison with its date."""
    return render_template("coding/snapshots.html", snapshots=snapshots())


@bp.get("/snapshots/<id:snapshot_id>")
def snapshot_view(snapshot_id: int):
    """One kept comparison."""
    return render_template(
        "coding/snapshot.html", snapshot=db.get_or_404(ComparisonSnapshot, snapshot_id)
    )


@bp.post("/<code>/reconcile")
def reconcile(code: str):
    """Take one coder's passage, the other's, or both into the agreed version."""
    _participant, document, _changed = document_of(code)
    a, b = pair()
    form = ReconcileForm()
    if not (form.validate_on_submit() and a and b and pair_open(current_user, document, a, b)):
        abort(400)
    if form.take.data == "agreements":
        count = take_agreements(document, a, b, current_user)
        flash(_("%(n)d agreed passages taken into the agreed version.", n=count), "success")
    else:
        guids = [g for g in request.form.getlist("passage") if g]
        take(document, guids, book.get_code(int(form.code.data)), current_user)
        flash(_("Taken into the agreed version."), "success")
    return redirect(url_for("coding.compare_document", code=code, a=a.username, b=b.username))


# --- quotations ----------------------------------------------------------------------------


@bp.get("/quotations")
def quotation_list():
    """All citations of a code or category, across interviews, filtered by participant answers."""
    codes = [c for c in book.all_codes()]
    chosen = request.args.get("code", type=int)
    code = book.get_code(chosen) if chosen else None
    layer = request.args.get("layer", LAYER_ALL)
    item, value = request.args.get("item", ""), request.args.get("value", "")
    rows = quotations(current_user, code, layer, item, value) if code else []
    if code:
        log_event("quotations", detail=f"{code.name}, {layer}, {len(rows)} citations")
    return render_template(
        "coding/quotations.html",
        codes=codes,
        code=code,
        rows=rows,
        layer=layer,
        layers=[LAYER_ALL, RECONCILED, *[c.username for c in study_coders()]],
        filters=attribute_filters(),
        item=item,
        value=value,
    )
