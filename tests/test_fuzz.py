"""Malformed values sent to every form and JSON endpoint: never a 5xx, never a change to research data.

The forms are found, not listed: every page of a populated study is opened and each `<form>`'s
fields are read from its HTML, so a new form is fuzzed without touching this file. Every POST
route of the url_map must be covered by a found form, the JSON list or the button list below.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from helpers import PASSWORD, csrf_token, post_form
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from research_helpers import RUNNING, WAITING, every_page, populate, research_snapshot
from route_helpers import rules

from interview.export.bulk.jobs import RUNNER_KEY

JSON_ENDPOINTS = {
    "interviews.autosave": ["question_id", "text", "skipped", "base_version", "opened"],
    "coding.operation": ["op_id", "kind", "citation", "start", "end", "quote", "codes", "layer"],
    "transcripts.save": ["position", "version", "speaker", "start_ms", "text"],
    "transcripts.insert": ["position", "version", "speaker", "start_ms", "text"],
    "transcripts.delete": ["position", "version"],
}
# A form whose only field is the CSRF token is a button: any body is a real tap, so only its
# address is fuzzed (a tap on "delete change ³" must be refused, not guessed). The set-up link's
# page opens only with the one-time token, so it is treated the same.
BUTTONS = {"auth.setup"}
# Forms a populated study does not show yet (the agreed version needs two coders who are done):
# their fields as the coding pages write them.
HIDDEN_FORMS = {
    "coding.reconcile": {"code": "text", "take": "text", "a": "text", "b": "text"},
    "coding.snapshot": {},
    # recorder.js sends raw audio with its description in the query; a form body is never audio.
    "recording.chunk": {"segment": "text", "sequence": "text", "sha256": "text", "age": "text"},
    # The preview form appears only after an upload; its fields as import_preview.html writes them.
    # The boundaries page shows its forms only for a transcript; the study's P05 has none.
    "transcripts.boundaries": {"position": "text", "version": "text", "question": "choice"},
    # The redaction review shows its decisions only while suggestions wait, and a remove button
    # only beside a listed term (this study has neither).
    "redaction.remove": {"term_id": "choice"},
    "redaction.decide_one": {"term": "choice", "kind": "choice", "decision": "choice"},
    "redaction.decide_all": {"decision": "choice"},
    "redaction.waive_review": {"confirm": "text"},
    "transcript_import.preview": {
        "stash": "text",
        "speakers-0": "choice",
        "offset": "text",
        "refresh": "text",
        "confirm": "text",
    },
}
TEXT_INPUTS = frozenset({"text", "search", "password", "email"})
EXAMPLES_PER_ENDPOINT = 12
FUZZ = settings(
    max_examples=EXAMPLES_PER_ENDPOINT,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values nothing may accept. Text inputs get only these: any other text is a legitimate answer.
CONTROL = st.sampled_from([chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32))])
REFUSED_TEXT = st.one_of(
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=20), CONTROL, st.text(max_size=20)),
    st.integers(min_value=100_001, max_value=101_000).map(lambda n: "x" * n),
)
NOT_A_NUMBER = st.one_of(
    st.sampled_from(["³", "٣", "①", "-0", "1.5", "1e9", "0x1F", "NaN", " 1", "9" * 5000]),
    st.integers(max_value=-1).map(str),
    st.integers(min_value=2**31).map(str),
)
ODD_TEXT = st.sampled_from(["<script>", "' OR 1=1 --", "../../etc/passwd", "\u202e", "\ufeff", "𝕏"])
FILE = st.builds(lambda data: (io.BytesIO(data), "upload.txt"), st.binary(max_size=64))


def form_value(kind: str) -> st.SearchStrategy:
    """A malformed value for a field of this kind (a list sends the field several times)."""
    scalar = REFUSED_TEXT if kind == "text" else st.one_of(REFUSED_TEXT, NOT_A_NUMBER, ODD_TEXT)
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=3), FILE)


def json_value() -> st.SearchStrategy:
    """A JSON value nothing may store: bad text, lists or objects where scalars go, odd numbers."""
    bad_text = st.one_of(
        REFUSED_TEXT, st.builds(lambda a: a + "\ud800", st.text(max_size=10)), NOT_A_NUMBER
    )
    scalar = st.one_of(
        bad_text,
        st.integers(max_value=-1),
        st.integers(min_value=2**31),
        st.floats(allow_nan=True),
        st.none(),
    )
    return st.recursive(scalar, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


@dataclass
class Form:
    """One form found on a page: where it goes, how, and its fields (name -> kind)."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Collects the forms of a page with their field names and kinds (text or choice)."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url, self.forms, self.current = page_url, [], None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            action = attributes.get("action") or self.page_url
            self.current = Form(urlsplit(action).path, (attributes.get("method") or "get").upper())
            self.forms.append(self.current)
        elif tag in ("input", "textarea", "select") and self.current and attributes.get("name"):
            kind = attributes.get("type", "text") if tag == "input" else tag
            text = tag == "textarea" or kind in TEXT_INPUTS
            if attributes["name"] != "csrf_token":
                self.current.fields[attributes["name"]] = "text" if text else "choice"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def found_forms(app, client, auth) -> dict[tuple[str, str], dict[str, str]]:
    """(endpoint, method) -> every field seen in a form sent there, from every page.

    The pages are read as anyone sees them (the login form), then as the admin, then with the
    tablet handed over (the form that takes it back).
    """
    forms: dict[tuple[str, str], dict[str, str]] = {}
    add_forms(app, forms, "/login", client.get("/login"))
    auth.login("admin")
    for url, response in every_page(app, client):
        add_forms(app, forms, url, response)
    handover = f"/participants/{WAITING}/handover"
    post_form(client, handover, {"tasks": "consent"}, token_from="/")
    add_forms(app, forms, f"{handover}/unlock", client.get(f"{handover}/unlock"))
    post_form(client, f"{handover}/unlock", {"password": PASSWORD}, token_from="/login")
    return forms


def add_forms(app, forms: dict, url: str, response) -> None:
    """Add the forms of one page to ``forms``."""
    if response.mimetype != "text/html":
        return
    parser = FormParser(url)
    parser.feed(response.get_data(as_text=True))
    adapter = app.url_map.bind("localhost")
    for form in parser.forms:
        endpoint, _args = adapter.match(form.action, method=form.method)
        forms.setdefault((endpoint, form.method), {}).update(form.fields)


def address(rule, values: dict[str, str]) -> str:
    """The rule's path with each argument replaced by a value (quoted, never converted)."""
    return re.sub(
        r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: quote(str(values[m[1]]), safe=""), rule.rule
    )


VALID_ARGUMENTS = {
    "code": RUNNING,
    "section_id": "general",
    "number": "1",
    "question_id": "adhoc-1",
    "user_id": "2",
    "job_id": "1",
    "code_id": "1",
    "action": "rename",
    "snapshot_id": "1",
    "name": "table1.csv",
}


class Fuzzer:
    """Sends the examples as the logged-in admin and checks every answer."""

    def __init__(self, app, client, auth) -> None:
        self.app, self.client, self.auth = app, client, auth
        self.login()
        self.before = research_snapshot(app)
        self.covered: set[str] = set()

    def login(self) -> None:
        """Log in as the admin (again, after the logout button was fuzzed) and take the token."""
        self.auth.login("admin")
        self.token = csrf_token(self.client, "/")

    def check(self, rule, response) -> None:
        """No 5xx, and the research tables exactly as before."""
        assert response.status_code < 500, (rule.endpoint, response.status_code)
        assert research_snapshot(self.app) == self.before, rule.endpoint
        if rule.endpoint == "auth.logout":
            self.login()
        self.covered.add(rule.endpoint)

    def form(self, rule, method: str, fields: dict[str, str]) -> None:
        """A malformed address, or the real one with malformed values in the form's fields."""
        arguments = st.fixed_dictionaries(
            {name: st.one_of(REFUSED_TEXT, NOT_A_NUMBER, ODD_TEXT) for name in rule.arguments}
        )
        urls = arguments.map(lambda values: address(rule, values))
        if fields:
            good = st.just(address(rule, VALID_ARGUMENTS))
            urls = st.one_of(good, urls) if rule.arguments else good
        names = sorted(fields) or ["anything"]
        body = st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True).flatmap(
            lambda chosen: st.fixed_dictionaries(
                {name: form_value(fields.get(name, "choice")) for name in chosen}
            )
        )

        @FUZZ
        @given(url=urls, data=body)
        def example(url: str, data: dict) -> None:
            if method == "GET":
                query = {k: v for k, v in data.items() if not isinstance(v, tuple)}
                response = self.client.get(url, query_string=query)
            else:
                data = {"csrf_token": self.token, **data}
                response = self.client.post(url, data=data, content_type="multipart/form-data")
            self.check(rule, response)

        example()

    def json(self, rule, keys: list[str]) -> None:
        """JSON whose every value is malformed, or one malformed value beside a real question."""
        beside_a_question = st.dictionaries(
            st.sampled_from(keys[1:]), json_value(), min_size=1, max_size=3
        ).map(lambda extra: {"question_id": "how-therapy-felt", **extra})
        payloads = st.one_of(
            st.dictionaries(st.sampled_from(keys), json_value(), max_size=5),
            beside_a_question,
            json_value(),
        )
        url = address(rule, VALID_ARGUMENTS)

        @FUZZ
        @given(payload=payloads)
        def example(payload) -> None:
            headers = {"X-CSRFToken": self.token, "Accept": "application/json"}
            self.check(rule, self.client.post(url, json=payload, headers=headers))

        example()


def test_no_malformed_value_gives_a_5xx_or_changes_research_data(app, client, auth):
    app.extensions[RUNNER_KEY] = lambda *job: None  # an accepted export would not run here
    populate(app)
    forms = found_forms(app, client, auth)
    fuzzer = Fuzzer(app, client, auth)
    posts = rules(app, "POST", skip={"static"})
    for rule in posts:
        if rule.endpoint in JSON_ENDPOINTS:
            fuzzer.json(rule, JSON_ENDPOINTS[rule.endpoint])
            continue
        fields = forms.get((rule.endpoint, "POST"), HIDDEN_FORMS.get(rule.endpoint, {}))
        known = (rule.endpoint, "POST") in forms or rule.endpoint in HIDDEN_FORMS
        assert known or rule.endpoint in BUTTONS, rule.endpoint
        fuzzer.form(rule, "POST", fields)
    for (endpoint, method), fields in forms.items():
        if method == "GET":
            fuzzer.form(next(app.url_map.iter_rules(endpoint)), "GET", fields)
    assert fuzzer.covered >= {rule.endpoint for rule in posts}
