"""Deterministic synthetic participant records (`interview-record/3`) for tests and benches."""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from interview.record.segments import segment_id, split_paragraphs
from interview.record.timeline import clock as _clock

_START = datetime(2026, 11, 25, 14, 3, 0, tzinfo=UTC)

# Data tables are laid out by hand: one entry a line reads better than the formatter's layout.
# fmt: off
# (section id, title, [(question id, text, [prompts]), ...]) — the default adapted Change Interview.
_PROTOCOL: tuple[tuple[str, str, list[tuple[str, str, list[str]]]], ...] = (
    ("general", "General", [
        ("medication", "Are you currently taking any medication?", ["Since when?"]),
        ("how-therapy-felt", "How has therapy been for you so far?", ["How has it felt?"]),
    ]),
    ("changes", "Changes", [
        ("changes-noticed", "What changes have you noticed in yourself since therapy started?",
         ["Are you doing, feeling or thinking differently?", "Has anyone else noticed?"]),
        ("changes-worse", "Has anything changed for the worse?", []),
        ("changes-wanted", "Is there anything you wanted to change that has not?", []),
    ]),
    ("ratings", "Change ratings", [
        ("ratings-expected", "Was this change expected, or did it surprise you?", []),
        ("ratings-without", "How likely would this change have been without therapy?", []),
    ]),
    ("attributions", "Attributions", [
        ("cause-in-therapy", "What do you think caused these changes?", ["Anything in therapy?"]),
        ("cause-outside", "And outside therapy?", ["People, events, circumstances?"]),
    ]),
    ("resources", "Resources", [
        ("strengths", "What personal strengths helped you use therapy?", []),
        ("life-situation", "What in your life situation helped?", []),
    ]),
    ("limitations", "Limitations", [
        ("self-limits", "What about yourself made therapy harder to use?", []),
        ("situation-limits", "What in your life situation made it harder?", []),
    ]),
    ("helpful", "Helpful aspects", [
        ("what-helped", "What has been helpful about therapy?", ["Can you give an example?"]),
        ("relationship", "What in the relationship with your therapist helped you change?",
         ["Were there significant moments?"]),
        ("moments", "Can you describe one such moment in detail?", []),
    ]),
    ("problematic", "Problematic aspects", [
        ("hindering", "What was hindering, unhelpful or disappointing?", []),
        ("difficult-ok", "What was difficult or painful but still helpful?", []),
        ("missing", "Was anything missing?", []),
    ]),
    ("suggestions", "Suggestions", [
        ("suggestions", "Do you have any suggestions for the therapy or for us?", []),
        ("anything-else", "Is there anything else you would like to say?", []),
    ]),
)

_ADHOC = ("changes", 0, "You said you can say no now — what was that like the first time?")
_SKIPPED = "ratings-without"

_WORDS = (
    "I", "felt", "therapy", "my", "therapist", "really", "listened", "and", "that", "was", "new",
    "for", "me", "the", "sessions", "helped", "understand", "why", "mother", "work", "anxiety",
    "sometimes", "it", "hard", "to", "talk", "about", "but", "she", "stayed", "calm", "safe",
    "trust", "week", "after", "week", "changed", "slowly", "felt", "accepted", "without",
    "judgement",
    "čustva", "življenje", "šola", "žalost", "noć", "đak", "čas", "Ängste", "schön", "Übung",
    "Größe", "möglich", "Gefühl", "müde", "zurück", "später", "mož", "srečen", "ćaća",
)

_SCALES = {
    "expectedness": ("Expectedness", ["Very much expected", "Somewhat expected", "Neither",
                                      "Somewhat surprised", "Very much surprised"]),
    "likelihood": ("Likelihood without therapy", ["Very unlikely", "Somewhat unlikely",
                                                  "No way of telling", "Somewhat likely",
                                                  "Very likely"]),
    "importance": ("Importance", ["Not at all", "Slightly", "Moderately", "Very",
                                  "Extremely important"]),
}

_CHANGES = (
    ("I can say no to my mother.", "improvement"),
    ("I sleep through the night more often.", "improvement"),
    ("Ich bin weniger müde und öfter draußen.", "improvement"),
    ("Manj žalosti, več življenja — čutim se bolj živa.", "improvement"),
    ("I argue more with my partner.", "worse"),
    ("I still cannot drive on the motorway.", "wanted"),
)
_KIND_LABELS = {"improvement": "Improvement", "worse": "Changed for the worse",
                "wanted": "Wanted but not changed"}

# (id, label, type, options, value, other, display); {years} {months} {age} filled in per seed.
_DEMOGRAPHICS: tuple[tuple, ...] = (
    ("therapy_style", "Style of therapy", "single_choice",
     [("integrative", "Integrative psychotherapy"), ("other", "Other")],
     "integrative", None, "Integrative psychotherapy"),
    ("time_in_therapy", "Time in therapy so far", "duration", None,
     "{duration}", None, "{years} years, {months} months"),
    ("gender", "Gender", "single_choice",
     [("female", "Female"), ("male", "Male"), ("another", "Another"),
      ("no_answer", "Prefer not to say")],
     "another", "non-binary", "Another: non-binary"),
    ("age", "Age in years", "integer", None, "{age}", None, "{age}"),
    ("education", "Highest education", "single_choice",
     [("primary", "Primary"), ("secondary", "Secondary"), ("university", "University degree"),
      ("postgraduate", "Postgraduate degree")],
     "university", None, "University degree"),
    ("employment", "Employment", "single_choice",
     [("employed", "Employed"), ("unemployed", "Unemployed"), ("student", "Student"),
      ("retired", "Retired"), ("other", "Other")],
     "employed", None, "Employed"),
    ("problem_areas", "Problem areas", "multi_choice",
     [("anxiety", "Anxiety"), ("stress", "Stress"), ("grief", "Grief or loss"), ("other", "Other")],
     ["anxiety", "grief", "other"], "Žalovanje po očetu",
     "Anxiety; Grief or loss; Other: Žalovanje po očetu"),
    ("earlier_help", "Earlier help sought", "text", None,
     "Beratung an der Universität, später Psychiater.", None,
     "Beratung an der Universität, später Psychiater."),
    ("diagnosis", "Psychiatric diagnosis", "single_choice",
     [("yes", "Yes"), ("no", "No"), ("dont_know", "Don't know")],
     "yes", "generalised anxiety", "Yes: generalised anxiety"),
    ("medication", "Medication for mental-health problems", "yes_no", None, "no", None, "No"),
)
# fmt: on


def _instrument(instrument_id: str, rng: random.Random) -> dict:
    """Return an instrument reference with a fake but stable SHA-256."""
    digest = f"{rng.getrandbits(256):064x}"
    return {"id": instrument_id, "version": "1.0", "language": "en", "sha256": digest}


def _iso(offset: int) -> str:
    """Return the ISO 8601 UTC time ``offset`` seconds after the interview's start."""
    return (_START + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _paragraph(rng: random.Random, words: int) -> str:
    """Return one paragraph of ``words`` words in short sentences, sometimes with a line break."""
    out: list[str] = []
    while len(out) < words:
        sentence = [rng.choice(_WORDS) for _ in range(min(rng.randint(6, 14), words - len(out)))]
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        out.extend(sentence[:-1] + [sentence[-1] + rng.choice(".,.?!")])
    text = " ".join(out)
    cut = text.find(". ")
    if rng.random() < 0.2 and cut > 0:  # a typed single newline stays inside the paragraph
        text = text[: cut + 1] + "\n" + text[cut + 2 :]
    return text


def _demographics(rng: random.Random) -> list[dict[str, Any]]:
    """Return the ten demographic items, answered."""
    fill = {"years": rng.randint(1, 4), "months": rng.randint(0, 11), "age": rng.randint(21, 64)}
    raw = {"{duration}": {"years": fill["years"], "months": fill["months"]}, "{age}": fill["age"]}
    items = []
    for number, (id_, label, type_, options, value, other, display) in enumerate(_DEMOGRAPHICS, 1):
        item = {"id": id_, "number": number, "label": label, "type": type_}
        if options is not None:
            item["options"] = [{"value": v, "label": text} for v, text in options]
        value = raw.get(value, value) if isinstance(value, str) else value
        item.update(value=value, other=other, display=display.format(**fill))
        items.append(item)
    return items


def _question(qid, kind, text, prompts, answer, offset, counter, number) -> dict[str, Any]:
    """Return one question with its answer split into consecutively numbered segments."""
    segments = []
    for paragraph in split_paragraphs(answer):
        counter[0] += 1
        segments.append(
            {"id": segment_id(number, counter[0]), "number": counter[0], "text": paragraph}
        )
    edited = offset + 60 if answer else None
    return {
        "id": qid,
        "kind": kind,
        "text": text,
        "prompts": prompts,
        "skipped": not answer,
        "opened_offset": offset,
        "edited_offset": edited,
        "answer": answer,
        "segments": segments,
    }


def _sections(rng: random.Random, number: int, paragraphs: int, words: int) -> tuple[list, int]:
    """Return the interview sections in protocol order and the offset after the last question."""
    counter, offset, sections = [0], 65, []
    for index, (sid, title, questions) in enumerate(_PROTOCOL, start=1):
        items = []
        for position, (qid, text, prompts) in enumerate(questions):
            paras = [_paragraph(rng, words) for _ in range(paragraphs)]
            answer = "" if qid == _SKIPPED else "\n\n".join(paras)
            items.append(_question(qid, "protocol", text, prompts, answer, offset, counter, number))
            offset += rng.randint(60, 180)
            if (sid, position) == _ADHOC[:2]:
                answer = _paragraph(rng, words)
                adhoc = _question(
                    "adhoc-1", "adhoc", _ADHOC[2], [], answer, offset, counter, number
                )
                items.append(adhoc)
                offset += rng.randint(60, 180)
        sections.append({"id": sid, "number": index, "title": title, "questions": items})
    return sections, offset


def _changes(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Return ``count`` changes; improvements are rated, the others carry null ratings."""
    result = []
    for number in range(1, count + 1):
        description, kind = _CHANGES[(number - 1) % len(_CHANGES)]
        ratings: dict[str, Any] = {scale_id: None for scale_id in _SCALES}
        if kind == "improvement":
            for scale_id, (_label, anchors) in _SCALES.items():
                value = rng.randint(1, 5)
                ratings[scale_id] = {"value": value, "label": anchors[value - 1]}
        result.append(
            {
                "number": number,
                "kind": kind,
                "kind_label": _KIND_LABELS[kind],
                "description": description,
                "ratings": ratings,
            }
        )
    return result


def _scales() -> list[dict[str, Any]]:
    """Return the three rating scales with their anchors."""
    return [
        {"id": sid, "label": label, "anchors": {str(i): a for i, a in enumerate(anchors, 1)}}
        for sid, (label, anchors) in _SCALES.items()
    ]


def make_record(
    number: int = 5,
    *,
    paragraphs_per_answer: int = 3,
    words_per_paragraph: int = 60,
    seed: int = 0,
    changes: int = 4,
    transcript_words: int = 0,
) -> dict:
    """Return a realistic, deterministic participant record in the ``interview-record/3`` format."""
    rng = random.Random(seed)
    sections, end = _sections(rng, number, paragraphs_per_answer, words_per_paragraph)
    participant = {
        "code": f"P{number:02d}",
        "number": number,
        "therapist_code": "T03",
        "interviewer": "anna",
        "session_date": "2026-11-25",
    }
    consent = {
        "status": "signed",
        "instrument": _instrument("consent", rng),
        "date": _iso(-300),
        "optional_clauses": {"quotes": True},
    }
    questionnaire = {
        "instrument": _instrument("demographics", rng),
        "status": "complete",
        "completed_at": _iso(-120),
        "items": _demographics(rng),
    }
    interview = {
        "instrument": _instrument("change-interview", rng),
        "status": "complete",
        "started_at": _iso(0),
        "finished_at": _iso(end),
        "duration_seconds": end,
        "sections": sections,
        "changes": _changes(rng, changes),
        "scales": _scales(),
    }
    return {
        "format": "interview-record/3",
        "participant": participant,
        "consent": consent,
        "questionnaire": questionnaire,
        "interview": interview,
        "transcript": _transcript(rng, sections, transcript_words) if transcript_words else None,
    }


def _transcript(rng: random.Random, sections: list, words: int) -> dict[str, Any]:
    """A transcript of about ``words`` words: the question asked, then answered, under each question."""
    questions = [q for section in sections for q in section["questions"]]
    per_question = max(1, words // len(questions))
    turns = []
    for question in questions:
        start = (question["opened_offset"] or 0) * 1000
        said = [
            ("interviewer", start + 500, question["text"]),
            ("participant", start + 8000, _paragraph(rng, per_question)),
        ]
        for speaker, start_ms, text in said:
            turns.append(
                {
                    "number": len(turns) + 1,
                    "speaker": speaker,
                    "label": speaker[0].upper(),
                    "start_ms": start_ms,
                    "start": _clock(start_ms),
                    "question_id": question["id"],
                    "placed_by": "time",
                    "text": text,
                }
            )
    return {
        "version": 1,
        "source_format": "vtt",
        "offset_ms": 0,
        "clock": "interview",
        "speakers": {"interviewer": "I", "participant": "P"},
        "turns": turns,
    }
