"""The plain-text codebook (also the export's README.txt): files, columns, codes, instruments.

It is written in the study's language (the LANGUAGE setting), whatever language each record was
captured in: one export may hold records in several languages, and its reader is the study's team.
Column names and codes stay English for every language; answers and the records' own labels stay in
their record's language. The caller passes the catalogue (interview.languages.translations_for).
"""

from collections import Counter
from datetime import UTC, datetime

from babel.support import NullTranslations

from interview.catalogues import ENGLISH, N_
from interview.export.formats.tables import FORMULA_PREFIXES, Table, formula_like_cells

_INSTRUMENT_PARTS = ("consent", "questionnaire", "interview")

_PRIVACY = N_("""\
PRIVACY
No file of this export contains a participant's name, signature, the free text of a consent
form or the interviewer's private note. Participants appear only under their code (P05) and
number (5); the key linking codes to names stays in the consent records of the interview tool.
Keep this export confidential all the same: answers can identify people.""")

_FILES = N_("""\
FILES
  README.txt, codebook.txt  this text (both files are identical)
  participants.csv          one row per participant: codes, consent, completion, demographics
  changes.csv               one row per change named in the interview, with its ratings
  answers.csv               long format: one row per answer segment (paragraph)
  transcript.csv            one row per turn of the word-by-word transcripts
  tables.xlsx               the same four tables as sheets of one workbook, for spreadsheets
  pdf/<code>.pdf            the coding PDF of each participant, segments numbered in the margin;
                            with a transcript, the transcript first, every line numbered""")

_WHICH = N_("""\
WHICH FILE TO OPEN WHERE
  R, pandas, SPSS, Stata      the CSV files: exact, as recorded (see READING THE CSV FILES)
  Excel, LibreOffice, Numbers tables.xlsx: open it directly, no import dialog needed.
The workbook holds the same values as the CSV files, one sheet per file. Every cell is stored
as a number or as text, never as a formula or a link, so a cell such as =cmd|' /C calc'!A0 is
shown as the text it is and never run. A cell holds at most 32,767 characters in Excel: a
longer paragraph is cut there, marked "[…cut: …]", and is whole in answers.csv.""")

_READING = N_("""\
READING THE CSV FILES
UTF-8 without a byte-order mark (BOM), comma-separated, one header row, rows ending in CRLF,
fields quoted as in RFC 4180: a field holding a comma, a double quote or a line break is
enclosed in double quotes and its quotes are doubled. Answers keep their line breaks inside
the quoted field. An empty cell means missing (not answered, not rated, not applicable).
No BOM, because R's read.csv and pandas would otherwise glue it to the first column's name;
spreadsheets are told the encoding in their import dialog instead:
  R        read.csv("answers.csv", fileEncoding = "UTF-8", na.strings = "")
           or readr::read_csv("answers.csv")
  pandas   pd.read_csv("answers.csv", keep_default_na=False, na_values=[""])
           (otherwise an answer that reads "NA" or "None" would become missing)
  LibreOffice  File > Open, character set "Unicode (UTF-8)", separator comma, string delimiter ",
           leave "Evaluate formulas" unticked, set text columns to type Text.
  Excel    Data > From Text/CSV, file origin "65001: Unicode (UTF-8)". Do not double-click a
           CSV file: Excel then guesses the encoding and evaluates formula-like cells.
Participants' words are exported exactly as recorded and never altered. A text cell that
begins with = + - @ (or a tab) looks like a formula to a spreadsheet: open the files only
through the import dialogs above, which treat such cells as text.""")

_SEGMENTS = N_("""\
SEGMENT IDS
Each answer is split into paragraphs (separated by a blank line; a single line break stays
inside its paragraph). The paragraphs are numbered consecutively through the whole interview
in the order asked, the interviewer's own follow-up questions in place. The id is
<participant number>¶<segment number>: 5¶39 is the 39th paragraph of participant 5. The coding
PDFs, answers.csv and record.json use the same ids. A paragraph id is not a citation id: 5:39,
the form quotes are cited in, is the 39th passage coded in the tool's coding workbench.""")


def _header(records: list[dict], generated_at: datetime, catalogue: NullTranslations) -> str:
    """Return the codebook's title block."""
    stamp = generated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    generated = catalogue.ngettext(
        "Generated %(stamp)s, %(num)d participant.",
        "Generated %(stamp)s, %(num)d participants.",
        len(records),
    )
    title = catalogue.gettext("CODEBOOK: INTERVIEW STUDY EXPORT")
    return title + "\n" + generated % {"stamp": stamp, "num": len(records)}


def _formula_note(tables: list[Table], catalogue: NullTranslations) -> str:
    """Return how many cells per file begin like a formula."""
    counts = ", ".join(f"{t.filename}: {formula_like_cells(t)}" for t in tables)
    tab, cr = catalogue.gettext("tab"), catalogue.gettext("CR")
    shown = " ".join(p.replace("\t", tab).replace("\r", cr) for p in FORMULA_PREFIXES)
    note = catalogue.gettext("Cells beginning with %(prefixes)s in this export: %(counts)s.")
    return note % {"prefixes": shown, "counts": counts}


def _instrument_counts(records: list[dict]) -> Counter[tuple[str, str, str, str]]:
    """Count participants per (id, version, language, sha256) of every instrument used."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for record in records:
        for part in _INSTRUMENT_PARTS:
            ref = (record.get(part) or {}).get("instrument")
            if ref:
                seen[(ref["id"], ref["version"], ref.get("language", ""), ref["sha256"])] += 1
    return seen


def _mixed(seen: Counter, width: int) -> list[str]:
    """Return the instrument ids seen with more than one value in the first ``width`` fields."""
    variants = Counter(key[0] for key in {key[:width] for key in seen})
    return sorted(i for i, n in variants.items() if n > 1)


def _instruments(records: list[dict], catalogue: NullTranslations) -> str:
    """Return the instruments used, with versions, hashes and how many participants each."""
    seen = _instrument_counts(records)
    lines = [
        catalogue.gettext(
            "INSTRUMENTS (id, version, language, SHA-256 of the instrument file, participants)"
        )
    ]
    lines += [f"  {i} {v} {lang} sha256:{h} n={n}" for (i, v, lang, h), n in sorted(seen.items())]
    if versions := _mixed(seen, 2):
        note = catalogue.gettext(
            "NOTE: participants answered different versions of %(ids)s. "
            "The columns are the union of all versions' items; an item missing from a "
            "participant's version is empty. See the *_version columns in participants.csv."
        )
        lines.append(note % {"ids": ", ".join(versions)})
    if edited := [i for i in _mixed(seen, 4) if i not in versions]:
        note = catalogue.gettext(
            "NOTE: the text of %(ids)s differs between participants under "
            "the same version (the file was edited without a new version number)."
        )
        lines.append(note % {"ids": ", ".join(edited)})
    return "\n".join(lines)


def _columns(table: Table) -> str:
    """Return one file's column list with every code and its label."""
    lines = [f"{table.filename.upper()}  {table.description}"]
    for column in table.columns:
        lines.append(f"  {column.name}: {column.description}")
        lines += [f"      {code} = {label}" for code, label in column.codes]
    return "\n".join(lines)


def codebook_text(
    records: list[dict],
    tables: list[Table],
    *,
    generated_at: datetime | None = None,
    notes: tuple[str, ...] = (),
    catalogue: NullTranslations = ENGLISH,
) -> str:
    """Return the codebook explaining every file, column and code of an export, in the language
    of ``catalogue`` (the tables come described in it already; ``notes`` too)."""
    said = catalogue.gettext
    listed = "\n".join(f"- {note}" for note in notes)
    blocks = [
        _header(records, generated_at or datetime.now(UTC), catalogue),
        *([catalogue.gettext("NOTES ON THIS EXPORT") + "\n" + listed] if notes else []),
        said(_PRIVACY),
        said(_FILES),
        said(_WHICH),
        said(_READING) + "\n" + _formula_note(tables, catalogue),
        said(_SEGMENTS),
        _instruments(records, catalogue),
        catalogue.gettext("COLUMNS"),
        *(_columns(table) for table in tables),
    ]
    return "\n\n".join(blocks) + "\n"
