"""The package layout holds: no import cycles between areas, and the data services load no views.

ARCHITECTURE.md names the areas and what each may import; this test keeps it true.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "interview"


FACES = ("views", "change_views", "cli")


def area_of(module: str) -> str:
    """`interview.consent.services` → `consent`; a flat module is an area of its own.

    An area's faces (its views and commands) are a node of their own, `consent:face`: they sit
    above every service and may use any of them, and nothing imports them.
    """
    parts = module.split(".")
    area = parts[1] if len(parts) > 1 else ""
    return f"{area}:face" if len(parts) > 2 and parts[-1] in FACES else area


def imports_by_area() -> dict[str, set[str]]:
    """Area → the other areas its modules import (at module level or inside functions)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        source_area = area_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target.startswith("interview.") and area_of(target) != source_area:
                    assert not area_of(target).endswith(":face") or source_area in (
                        "__init__",
                        "cli",
                    ), f"{module} imports the views or commands {target}"
                    graph[source_area].add(area_of(target))
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path, or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for following in sorted(graph.get(node, ())):
            if state.get(following) == "open":
                return [*path, node, following]
            if following not in state and (cycle := visit(following, [*path, node])):
                return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [])):
            return cycle
    return None


def test_no_relative_imports_hide_from_the_graph():
    relative = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and any(
            isinstance(node, ast.ImportFrom) and node.level
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert relative == []


def test_no_import_cycles_between_areas():
    cycle = find_cycle(imports_by_area())
    assert cycle is None, "import cycle between areas: " + " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_record_export_formats_and_pdf_import_no_views():
    probe = (
        "import sys\n"
        "import interview.record.build, interview.record.synthetic\n"
        "import interview.export.formats.tidy, interview.export.bulk.runner\n"
        "import interview.pdf.coding, interview.consent.pdf\n"
        "loaded = [m for m in sys.modules if m.startswith('interview.')]\n"
        "views = [m for m in loaded if m.rsplit('.', 1)[-1].endswith('views')]\n"
        "print(','.join(views))\n"
        "assert 'interview.record.build' in loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_views_and_commands_never_touch_the_session():
    faces = [
        path
        for path in PACKAGE.rglob("*.py")
        if path.name in ("views.py", "change_views.py", "cli.py") and "migrations" not in path.parts
    ]
    assert len(faces) >= 10
    touching = [
        str(path.relative_to(PACKAGE.parent))
        for path in faces
        if "db.session" in path.read_text(encoding="utf-8")
    ]
    assert touching == [], "services commit; views and commands call them"
