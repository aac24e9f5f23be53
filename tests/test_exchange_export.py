"""The REFI-QDA export: valid against the published schemas, stable GUIDs, what it holds."""

from __future__ import annotations

from exchange_helpers import (
    HAND_WRITTEN_QDC,
    NS,
    assert_valid,
    codebook_schema,
    coded_study,
    members,
    project_schema,
    source_texts,
)
from lxml import etree

from interview.coding.codebook import all_codes, create_code, ensure_codebook
from interview.exchange.exports import export_codebook, export_project
from interview.extensions import db
from interview.models import User


def test_every_exported_project_validates_against_the_published_schema(app):
    coded_study(app)
    schema = project_schema()
    with app.app_context():
        for layer in ("maja", "reconciled", "none"):
            assert_valid(schema, members(export_project(layer, "maja").data)["project.qde"])


def test_an_empty_study_still_exports_its_whole_codebook_validly(app):
    with app.app_context():
        qde = members(export_project("none", "admin").data)["project.qde"]
    assert_valid(project_schema(), qde)
    root = etree.fromstring(qde)
    names = [c.get("name") for c in root.iterfind(".//q:Code", NS)]
    assert "Empathic attunement" in names and len(names) >= 6
    assert root.find("q:Sources", NS) is None


def test_the_codebook_schema_accepts_a_hand_written_codebook_and_refuses_a_broken_one():
    schema = codebook_schema()
    assert_valid(schema, HAND_WRITTEN_QDC)
    broken = HAND_WRITTEN_QDC.replace(b' isCodable="false"', b"")
    assert not schema.validate(etree.fromstring(broken))


def test_the_qdc_validates_and_keeps_nesting_colours_and_definitions(app):
    with app.app_context():
        ensure_codebook()
        parent = all_codes()[0]
        create_code("Feeling heard", db_user("admin"), parent=parent, definition="Heard.")
        qdc = export_codebook()
    assert_valid(codebook_schema(), qdc)
    root = etree.fromstring(qdc)
    child = root.find(".//c:Code/c:Code[@name='Feeling heard']", {"c": "urn:QDA-XML:codebook:1.0"})
    assert child is not None and child.getparent().get("name") == parent.name
    assert child.findtext("{urn:QDA-XML:codebook:1.0}Description") == "Heard."
    assert child.get("color").startswith("#")


def db_user(name: str) -> User:
    return db.session.execute(db.select(User).filter_by(username=name)).scalar_one()


def test_guids_are_the_same_in_two_exports_of_the_study(app):
    coded_study(app)
    with app.app_context():
        first, second = (
            members(export_project("maja", "maja").data)["project.qde"] for _ in range(2)
        )

    def guids(qde: bytes) -> list[str]:
        return [e.get("guid") for e in etree.fromstring(qde).iter() if e.get("guid")]

    assert guids(first) == guids(second) and len(set(guids(first))) == len(guids(first))


def test_sources_are_named_by_code_written_utf8_lf_nfc_and_hold_no_names(app):
    codes = coded_study(app)
    with app.app_context():
        data = export_project("maja", "maja").data
    files = members(data)
    texts = source_texts(data)
    assert sorted(texts) == codes
    for name, raw in files.items():
        if name.startswith("Sources/"):
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert b"Test Person" not in files["project.qde"]


def test_selections_carry_the_citation_id_codes_users_and_dates(app):
    codes = coded_study(app)
    with app.app_context():
        data = export_project("maja", "maja").data
    root = etree.fromstring(members(data)["project.qde"])
    selections = root.findall(".//q:PlainTextSelection", NS)
    assert [s.get("name") for s in selections] == ["1:1", "1:2", "2:1", "2:2"]
    for selection in selections:
        assert selection.get("creatingUser") and selection.get("creationDateTime")
        assert selection.find("q:Coding/q:CodeRef", NS) is not None
    two_codes = selections[3].findall("q:Coding", NS)
    assert len(two_codes) == 2
    case = root.find(f".//q:Case[@name='{codes[0]}']", NS)
    assert case.find("q:SourceRef", NS) is not None
    assert root.find(".//q:TextSource/q:VariableValue", NS) is not None


def test_questionnaire_answers_become_typed_case_variables(app):
    from factories import captured_participant

    with app.app_context():
        captured_participant()
        qde = members(export_project("none", "admin").data)["project.qde"]
    assert_valid(project_schema(), qde)
    root = etree.fromstring(qde)
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind(".//q:Variable", NS)}
    assert kinds["age"] == "Integer" and kinds["time_in_therapy_months"] == "Integer"
    assert kinds["gender"] == "Text" and kinds["therapist"] == "Text"
    age = next(
        value
        for value in root.iterfind(".//q:Case/q:VariableValue", NS)
        if value.find("q:VariableRef", NS).get("targetGUID")
        == root.find(".//q:Variable[@name='age']", NS).get("guid")
    )
    assert age.findtext("q:IntegerValue", namespaces=NS) == "34"  # the factory's P05
