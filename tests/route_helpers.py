"""Walking the app's url_map: every rule of a method, its URL built from given argument values."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from flask import Flask
from werkzeug.routing import Rule

# Not part of the app's own pages: files, the health check, and the one-time set-up link.
SKIPPED = frozenset({"static", "healthz", "auth.setup"})


def rules(app: Flask, method: str, skip: frozenset[str] | set[str] = SKIPPED) -> list[Rule]:
    """The app's rules that answer ``method`` (but the skipped endpoints), in a stable order."""
    found = [
        rule
        for rule in app.url_map.iter_rules()
        if method in (rule.methods or ()) and rule.endpoint not in skip
    ]
    return sorted(found, key=lambda rule: rule.rule)


def urls(app: Flask, rule: Rule, choices: dict[str, list]) -> Iterator[str]:
    """The rule's URL for every combination of the argument values in ``choices``."""
    names = sorted(rule.arguments)
    adapter = app.url_map.bind("localhost")
    for values in product(*(choices.get(name, ["x"]) for name in names)):
        yield adapter.build(rule.endpoint, dict(zip(names, values, strict=True)))
