"""The analysis as files: JSON, plain text and CSV of the sample, Table 1 and the citations.

The CLI prints these and the research export zips them; the page and the PDF show the same
figures through templates. Means and SDs carry one decimal everywhere, as the paper does.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from interview.analysis.citations import CitationsReport
from interview.analysis.paragraph import decimal, whole
from interview.analysis.sample import (
    AGE,
    THERAPY_LENGTH,
    Count,
    ItemSummary,
    Sample,
    Stats,
    boundary_rule,
    rounded,
)
from interview.analysis.table1 import Table1
from interview.export.formats.tables import Column, Table, csv_bytes
from interview.instruments.item_types.registry import type_named

SAMPLE_FORMAT = "interview-sample/1"
TABLE_COLUMNS = ("category", "subcategory", "cc", "ct")


# --- the sample -------------------------------------------------------------------------------


def count_json(count: Count) -> dict[str, Any]:
    """One count: its label, n and per cent of the sample."""
    return {"label": count.label, "n": count.n, "percent": count.percent}


def stats_json(stats: Stats | None) -> dict[str, Any]:
    """Range, mean and SD (one decimal) over the n who gave a number."""
    stats = stats or Stats(0, None, None, None, None)
    return {
        "n": stats.n,
        "min": stats.min,
        "max": stats.max,
        "mean": rounded(stats.mean),
        "sd": rounded(stats.sd),
    }


def item_json(item: ItemSummary) -> dict[str, Any]:
    """One item: its number, label and type, counts keyed by option value, who did not say."""
    entry: dict[str, Any] = {"number": item.number, "label": item.label, "type": item.type}
    if item.counts:
        entry["counts"] = {count.key: count_json(count) for count in item.counts}
    if item.stats is not None:
        entry["stats"] = stats_json(item.stats)
    entry["prefer_not_to_say"] = count_json(item.prefer_not_to_say)
    entry["missing"] = count_json(item.missing)
    return entry


def age_json(item: ItemSummary | None) -> dict[str, Any] | None:
    """The age figures by name: min, max, mean, sd, and who did not give their age."""
    if item is None:
        return None
    return {
        "item": item.id,
        "label": item.label,
        **stats_json(item.stats),
        "prefer_not_to_say": count_json(item.prefer_not_to_say),
        "missing": count_json(item.missing),
    }


def therapy_length_json(item: ItemSummary | None) -> dict[str, Any] | None:
    """The time-in-therapy groups (with the boundary rule) and the months' figures."""
    if item is None:
        return None
    return {
        "item": item.id,
        "label": item.label,
        "rule": boundary_rule(),
        "groups": {count.key: count_json(count) for count in item.counts},
        "months": stats_json(item.stats),
        "prefer_not_to_say": count_json(item.prefer_not_to_say),
        "missing": count_json(item.missing),
    }


def sample_json(sample: Sample, paragraph: str) -> dict[str, Any]:
    """The sample description with every figure named plainly."""
    named = (AGE, THERAPY_LENGTH)
    excluded: dict[str, Any] = {
        e.reason: {"label": e.label, "n": e.n, "codes": list(e.codes)} for e in sample.excluded
    }
    excluded["total"] = sample.excluded_total
    return {
        "format": SAMPLE_FORMAT,
        "language": sample.language,
        "n": sample.n,
        "therapists": sample.therapists,
        "age": age_json(sample.item(AGE)),
        "therapy_length": therapy_length_json(sample.item(THERAPY_LENGTH)),
        "items": {item.id: item_json(item) for item in sample.items if item.id not in named},
        "excluded": excluded,
        "paragraph": paragraph,
    }


def json_bytes(data: Any) -> bytes:
    """Indented UTF-8 JSON with a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def percent_text(count: Count) -> str:
    """ "62.5 %" (or "—" for an empty sample)."""
    return "—" if count.percent is None else f"{count.percent:.1f} %"


def stats_text(stats: Stats, language: str) -> str:
    """ "n = 14: 22–60, M = 37.1, SD = 10.9"."""
    if not stats.n:
        return _("n = 0")
    return _(
        "n = %(n)d: %(min)s–%(max)s, M = %(mean)s, SD = %(sd)s",
        n=stats.n,
        min=whole(stats.min),
        max=whole(stats.max),
        mean=decimal(stats.mean, language),
        sd=decimal(stats.sd, language),
    )


def item_stats_text(item: ItemSummary, language: str) -> str:
    """An item's number figures; a duration's are in months."""
    text = stats_text(item.stats or Stats(0, None, None, None, None), language)
    months = type_named(item.type).summary == "months"
    return _("Months: %(figures)s", figures=text) if months else text


def figure_helpers() -> dict[str, Any]:
    """What the page's and the PDF's templates write their numbers with (one way for both)."""
    return {
        "item_stats_text": item_stats_text,
        "percent_text": percent_text,
        "rule": boundary_rule(),
    }


def item_lines(item: ItemSummary, language: str) -> list[str]:
    """One item as text lines: its label, then a line per figure."""
    lines = [f"{item.number}. {item.label}"]
    if item.stats is not None:
        lines.append("    " + item_stats_text(item, language))
    for count in (*item.counts, item.prefer_not_to_say, item.missing):
        lines.append(f"    {count.label:<48} {count.n:>5}  {percent_text(count):>8}")
    return lines


def sample_text(sample: Sample, paragraph: str) -> str:
    """The paragraph, then every figure of the sample as a plain-text table."""
    lines = [_("Participants"), "", paragraph, "", _("n = %(n)d", n=sample.n)]
    lines.append(_("Distinct therapists: %(n)d", n=sample.therapists))
    lines.append(_("Left out: %(n)d", n=sample.excluded_total))
    for exclusion in sample.excluded:
        codes = ", ".join(exclusion.codes)
        lines.append(f"    {exclusion.label:<48} {exclusion.n:>5}  {codes}".rstrip())
    lines.extend(["", boundary_rule()])
    for item in sample.items:
        lines.extend(["", *item_lines(item, sample.language)])
    return "\n".join(lines) + "\n"


def sample_table(sample: Sample) -> Table:
    """The sample as one long table: a row per figure (item, figure, label, value, per cent)."""
    columns = [Column(name, name) for name in ("item", "figure", "label", "value", "percent")]
    rows: list[list[Any]] = [
        ["", "n", _("Participants"), sample.n, None],
        ["", "therapists", _("Distinct therapists"), sample.therapists, None],
    ]
    rows.extend(["", f"excluded_{e.reason}", e.label, e.n, None] for e in sample.excluded)
    for item in sample.items:
        if item.stats is not None:
            figures = stats_json(item.stats)
            rows.extend([item.id, key, key, figures[key], None] for key in figures)
        for count in (*item.counts, item.prefer_not_to_say, item.missing):
            rows.append([item.id, count.key, count.label, count.n, count.percent])
    return Table("sample.csv", "The sample description, one figure a row.", columns, rows)


# --- Table 1 ----------------------------------------------------------------------------------


def table_rows(table: Table1) -> list[list[Any]]:
    """Table 1 as CSV rows: category, subcategory (empty on a category's own row), cc, ct."""
    names = {row.code_id: row.name for row in table.categories}
    rows = [
        [names[row.category_id], row.name if row.level else "", row.cc, row.ct]
        for row in table.rows
    ]
    rows.append([_("Total coded citations"), "", table.total, table.coded_participants])
    return rows


def table_csv(table: Table1) -> bytes:
    """table1.csv: category,subcategory,cc,ct, the total last."""
    columns = [Column(name, name) for name in TABLE_COLUMNS]
    return csv_bytes(Table("table1.csv", "Table 1", columns, table_rows(table)))


def table_json(table: Table1) -> dict[str, Any]:
    """Table 1 with its subcategories nested, the total and the matrix."""
    categories = []
    for row in table.rows:
        entry = {
            "id": row.code_id,
            "number": row.number,
            "name": row.name,
            "cc": row.cc,
            "ct": row.ct,
        }
        if row.level == 0:
            categories.append({**entry, "subcategories": []})
        else:
            categories[-1]["subcategories"].append(entry)
    return {
        "layer": table.layer,
        "categories": categories,
        "total": table.total,
        "coded_participants": table.coded_participants,
        "matrix": {
            "participants": list(table.participants),
            "rows": {key: list(values) for key, values in table.matrix.items()},
        },
    }


def table_text(table: Table1, *, matrix: bool = False) -> str:
    """Table 1 as aligned text (CC, CT), optionally followed by the matrix."""
    lines = [_("Table 1 (coding layer: %(layer)s)", layer=table.layer), ""]
    lines.append(f"{_('Category'):<56} {'CC':>6} {'CT':>6}")
    for row in table.rows:
        label = ("    " if row.level else "") + f"{row.number} {row.name}"
        lines.append(f"{label:<56} {row.cc:>6} {row.ct:>6}")
    lines.append(f"{_('Total coded citations'):<56} {table.total:>6} {table.coded_participants:>6}")
    if matrix:
        lines.extend(["", _("Citations per category and participant"), ""])
        lines.append(" " * 8 + " ".join(f"{code:>6}" for code in table.participants))
        for row in table.categories:
            cells = " ".join(f"{value:>6}" for value in table.matrix[row.code_id])
            lines.append(f"{row.number:<8}{cells}")
    return "\n".join(lines) + "\n"


# --- the citations ----------------------------------------------------------------------------


def citations_csv(report: CitationsReport) -> bytes:
    """citations.csv: a row per citation and category, with the chosen participant attributes."""
    names = ("category", "subcategory", "citation", "participant")
    attributes = tuple(item_id for item_id, _label in report.attributes)
    columns = [Column(name, name) for name in (*names, *attributes, "text")]
    rows = [
        [category.name, "; ".join(c.subcategories), c.id, c.participant, *c.attributes, c.text]
        for category in report.categories
        for c in category.citations
    ]
    return csv_bytes(Table("citations.csv", "Citations", columns, rows))


def citations_text(report: CitationsReport) -> str:
    """Per category its definition and every citation: id, participant, attributes, text."""
    lines = [_("Citations (coding layer: %(layer)s)", layer=report.layer)]
    labels = [label for _item_id, label in report.attributes]
    for category in report.categories:
        lines.extend(["", f"{category.number} {category.name}"])
        if category.definition:
            lines.append(_("Definition: %(text)s", text=category.definition))
        if not category.citations:
            lines.append("    " + _("No citations."))
        for c in category.citations:
            facts = "; ".join(
                f"{label}: {value or '—'}"
                for label, value in zip(labels, c.attributes, strict=True)
            )
            subs = f" [{'; '.join(c.subcategories)}]" if c.subcategories else ""
            lines.append(
                f"    {c.id} {c.participant}{subs} ({facts})"
                if facts
                else f"    {c.id} {c.participant}{subs}"
            )
            lines.append(f"        {c.text}")
    return "\n".join(lines) + "\n"
