"""Typed access to an instrument's YAML, naming the file, place and line of every problem."""

from __future__ import annotations

import re
from typing import Any, NoReturn

import yaml

from interview.catalogues import gettext as _
from interview.instruments.errors import InstrumentError

Place = tuple[str | int, ...]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false are booleans.

    Researchers write `value: no` or a language code `no` and mean the text, not False.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def format_place(place: Place) -> str:
    """Render a place as `sections[2].questions[0].id`."""
    text = ""
    for part in place:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or _("top level")


def read_yaml(content: str, source: str) -> tuple[yaml.Node | None, Any]:
    """Parse one YAML document, returning its node tree (for line numbers) and its data."""
    loader = _Loader(content)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # PyYAML's own words stay English: they are not ours to translate.
        problem = " ".join(str(exc.problem or exc.context or "").split())
        if mark:
            where = _(
                "line %(line)d, column %(column)d", line=mark.line + 1, column=mark.column + 1
            )
            problem = _("%(where)s: invalid YAML: %(problem)s", where=where, problem=problem)
        else:
            problem = _("invalid YAML: %(problem)s", problem=problem)
        raise InstrumentError(f"{source}: {problem}") from exc
    except yaml.YAMLError as exc:
        problem = _("invalid YAML: %(problem)s", problem=" ".join(str(exc).split()))
        raise InstrumentError(f"{source}: {problem}") from exc
    finally:
        loader.dispose()
    return node, data


def _describe(value: Any) -> str:
    """Name the YAML type of a wrong value, with a hint where the fix is quoting."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return _("the number %(value)s (put it in quotes)", value=value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, str):
        return _("the text '%(text)s'", text=value[:40])
    return type(value).__name__ if value is not None else _("empty")


class Reader:
    """One file being parsed: its data, its node tree and the language texts resolve to."""

    def __init__(self, content: str, source: str, language: str | None = None) -> None:
        self.source = source
        self._root, self.data = read_yaml(content, source)
        self._requested = language
        self._wanted: tuple[str, ...] = ()
        self.default_language = ""
        self.languages_seen: set[str] = set()
        self._check_unique_keys(self._root, (), set())

    # -- errors and line numbers -------------------------------------------------------------

    def fail(self, place: Place, problem: str, line: int | None = None) -> NoReturn:
        """Raise InstrumentError naming the file, the place (and line) and the problem."""
        line = line or self.line(place)
        where = format_place(place) + (_(" (line %(line)d)", line=line) if line else "")
        raise InstrumentError(f"{self.source}: {where}: {problem}")

    def line(self, place: Place) -> int | None:
        """The line of the deepest node on the way to `place` (1-based), if YAML gave one."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in place:
            if isinstance(node, yaml.MappingNode):
                pair = next((p for p in node.value if p[0].value == str(part)), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def _check_unique_keys(self, node: yaml.Node | None, place: Place, seen: set[int]) -> None:
        """Refuse a key given twice in one mapping (YAML would silently keep the last one)."""
        if node is None or id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                self._check_unique_keys(child, (*place, index), seen)
        elif isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, child in node.value:
                key = str(key_node.value)
                if key in keys:
                    problem = _("this key is given twice in the same mapping")
                    self.fail((*place, key), problem, key_node.start_mark.line + 1)
                keys.add(key)
                self._check_unique_keys(child, (*place, key), seen)

    # -- typed access -----------------------------------------------------------------------

    def mapping(self, value: Any, place: Place) -> dict:
        """Return `value` if it is a mapping (key: value pairs), else fail."""
        if not isinstance(value, dict):
            problem = _("must be a mapping of keys to values, not %(what)s", what=_describe(value))
            self.fail(place, problem)
        return value

    def allow_keys(self, obj: dict, place: Place, allowed: set[str], context: str = "") -> None:
        """Fail on the first key not in `allowed`: almost always a typo."""
        for key in obj:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                problem = _(
                    "unknown key '%(key)s'%(context)s (allowed: %(names)s)",
                    key=key,
                    context=context,
                    names=names,
                )
                self.fail((*place, key), problem)

    def value(self, obj: dict, place: Place, key: str, required: bool) -> Any:
        """The raw value of `key`; missing or empty fails when required."""
        if key not in obj and required:
            self.fail((*place, key), _("required key is missing"))
        if obj.get(key) is None and required:
            self.fail((*place, key), _("must not be empty"))
        return obj.get(key)

    def string(self, obj: dict, place: Place, key: str, required: bool = True) -> str | None:
        """A plain (untranslated) non-blank string."""
        value = self.value(obj, place, key, required)
        if value is None:
            return None
        return self._nonblank(value, (*place, key))

    def ident(self, obj: dict, place: Place, key: str) -> str:
        """A stable identifier: letters, digits, '-' and '_', starting with a letter or digit."""
        value = self.string(obj, place, key)
        if not ID_PATTERN.match(value):
            problem = _(
                "'%(value)s' is not a valid id (use letters, digits, '-' and '_', up to 64)",
                value=value,
            )
            self.fail((*place, key), problem)
        return value

    def boolean(self, obj: dict, place: Place, key: str, default: bool) -> bool:
        """true or false; `default` when the key is absent."""
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.fail(
                (*place, key), _("must be true or false, not %(what)s", what=_describe(value))
            )
        return value

    def integer(self, obj: dict, place: Place, key: str) -> int | None:
        """An optional whole number."""
        value = obj.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(
                (*place, key), _("must be a whole number, not %(what)s", what=_describe(value))
            )
        return value

    def entries(self, obj: dict, place: Place, key: str, required: bool = True) -> list:
        """A list of mappings, each returned with its place: [(place, mapping), ...]."""
        values = self.value(obj, place, key, required)
        here = (*place, key)
        if values is None:
            return []
        if not isinstance(values, list):
            self.fail(here, _("must be a list, not %(what)s", what=_describe(values)))
        if required and not values:
            self.fail(here, _("must list at least one entry"))
        return [((*here, i), self.mapping(v, (*here, i))) for i, v in enumerate(values)]

    def unique(self, found: list[tuple[str, Place]], what: str) -> None:
        """Fail on the second use of any id in `found` ([(id, place), ...]); `what` is marked
        with N_ by the caller and translated here."""
        first: dict[str, Place] = {}
        for ident, place in found:
            if ident in first:
                earlier = format_place(first[ident])
                problem = _(
                    "duplicate %(what)s '%(id)s' (first at %(earlier)s)",
                    what=_(what),
                    id=ident,
                    earlier=earlier,
                )
                self.fail(place, problem)
            first[ident] = place

    def _nonblank(self, value: Any, place: Place) -> str:
        if not isinstance(value, str):
            self.fail(place, _("must be text, not %(what)s", what=_describe(value)))
        if not value.strip():
            self.fail(place, _("must not be blank"))
        return value

    # -- languages ---------------------------------------------------------------------------

    def set_default_language(self, code: str) -> None:
        """Record the file's default language and the codes a requested language may match."""
        self.default_language = code
        self.languages_seen.add(code)
        if self._requested:
            primary = re.split(r"[_-]", self._requested)[0]
            self._wanted = tuple(dict.fromkeys((self._requested, primary)))

    def resolved_language(self) -> str:
        """The requested language if the file has texts in it, else the default language."""
        return next((c for c in self._wanted if c in self.languages_seen), self.default_language)

    def text(self, obj: dict, place: Place, key: str, required: bool = True) -> str | None:
        """A human text: a plain string, or a mapping language code -> string, resolved."""
        value = self.value(obj, place, key, required)
        return None if value is None else self.resolve(value, (*place, key))

    def resolve(self, value: Any, place: Place) -> str:
        """Resolve one text value to the wanted language, falling back to the default language."""
        if isinstance(value, dict):
            for code, text in value.items():
                if not isinstance(code, str) or not LANGUAGE_PATTERN.match(code):
                    problem = _("'%(code)s' is not a language code such as 'en'", code=code)
                    self.fail((*place, code), problem)
                self._nonblank(text, (*place, code))
            if self.default_language not in value:
                problem = _(
                    "no text for the default language '%(code)s'", code=self.default_language
                )
                self.fail(place, problem)
            self.languages_seen.update(value)
            code = next((c for c in self._wanted if c in value), self.default_language)
            return value[code]
        if isinstance(value, list):
            self.fail(place, _("must be text, or a mapping of language code to text, not a list"))
        return self._nonblank(value, place)
