"""The package's shape: stages without import circles, small modules, a CLI whose every
command and option explains itself, deterministic builds, and an architecture doc that
names only paths that exist."""

from __future__ import annotations

import ast
import functools
import importlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

from .conftest import ROOT, needs_sources, run_cli

PACKAGE = ROOT / "src" / "landmine_news"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                for candidate in (target, *(f"{target}.{a.name}" for a in node.names)):
                    if candidate in modules and candidate != name:
                        graph[name].add(candidate)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                graph[name].update(n for n in names if n in modules and n != name)
    return {m: graph[m] for m in modules}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_circle():
    graph = _import_graph()
    assert len(graph) > 20  # the walk found the package
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_planted_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_folder_holds_more_than_25_modules():
    folders = {p.parent for p in PACKAGE.rglob("*.py")}
    crowded = {f.relative_to(PACKAGE).as_posix(): n for f in folders if (n := len(list(f.glob("*.py")))) > 25}
    assert len(folders) > 5 and crowded == {}


def test_every_room_says_what_lives_there():
    rooms = [p.parent for p in PACKAGE.rglob("__init__.py")]
    assert len(rooms) >= 10
    for room in rooms:
        doc = ast.get_docstring(ast.parse((room / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{room.relative_to(PACKAGE)} has no docstring saying what lives there"


def test_no_operating_system_specific_module_is_imported():
    banned = {"fcntl", "ctypes", "msvcrt", "termios", "resource", "pwd", "grp", "winreg"}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {n.split(".")[0] for n in names} & banned, f"{path.relative_to(PACKAGE)} imports {names}"


def test_public_api_imports():
    import landmine_news as ln
    from landmine_news import SCHEMA_VERSION, Actor, Article, Dataset, Figure, Quote, build, load, validate, verify

    assert callable(load) and callable(validate) and callable(build) and callable(verify)
    assert all(getattr(ln, c.__name__) is c for c in (Actor, Article, Figure, Quote))
    assert Dataset.__name__ == "Dataset" and SCHEMA_VERSION
    assert "annotations" not in dir(ln) and "TYPE_CHECKING" not in dir(ln)


def test_every_library_error_derives_from_the_root():
    import landmine_news.errors as errors

    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert len(classes) > 5
    assert all(issubclass(c, errors.LandmineNewsError) for c in classes)
    assert not issubclass(errors.DataError, errors.UsageError) and not issubclass(errors.UsageError, errors.DataError)


def _walk(parser, path=()):
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_help():
    import argparse

    from landmine_news.cli.parser import parser

    seen = 0
    for path, p in _walk(parser()):
        seen += 1
        assert p.description, f"`landmine-news {' '.join(path)}` has no description"
        for action in p._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            assert action.help, f"`landmine-news {' '.join(path)}` option {action.option_strings or action.dest} has no help"
    assert seen >= 10


def _build_with_seed(seed: str, out: Path) -> dict[str, bytes]:
    proc = run_cli("build", "--dataset", str(ROOT / "dataset"), "--out", str(out), timeout=300, PYTHONHASHSEED=seed)
    assert proc.returncode == 0, proc.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@needs_sources
def test_builds_are_byte_identical_across_hash_seeds(tmp_path):
    first = _build_with_seed("1", tmp_path / "one")
    second = _build_with_seed("4242", tmp_path / "two")
    assert first and first == second


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _exists(name: str) -> bool:
    from landmine_news import SCHEMA_VERSION

    name = name.replace("<version>", SCHEMA_VERSION).rstrip("/")
    # Paths are relative to the repository, or to the package for the stages' modules.
    return (ROOT / name).exists() or (PACKAGE / name).exists()


def test_architecture_doc_names_only_existing_paths():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = {n for n in re.findall(r"`([^`\s]+)`", text) if "/" in n and not n.startswith("http")}
    assert len(named) >= 20
    missing = sorted(n for n in named if not _exists(n))
    assert not missing, missing


def test_architecture_doc_check_catches_a_wrong_path():
    assert _exists("checks/anchoring/spans.py") and not _exists("checks/anchoring.py")


@functools.cache
def _defined_names() -> frozenset[str]:
    names: set[str] = {p.name for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    for path in PACKAGE.rglob("*.py"):
        names.add(path.stem)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
                names.add(node.name)
    return frozenset(names)


def test_architecture_doc_names_only_existing_code():
    """Every code name in backticks (a module, function or class) is one the package defines."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    found = {n.removesuffix("()") for n in re.findall(r"`([A-Za-z_][\w.]*(?:\(\))?)`", text) if "/" not in n}
    found = {n for n in found if not n.endswith((".py", ".md", ".toml", ".json", ".yml", ".cff"))}
    # A dotted name outside the package (`concurrent.futures.Executor`) must import.
    for name in [n for n in found if "." in n and n.split(".")[0] not in _defined_names()]:
        module, attr = name.rsplit(".", 1)
        assert hasattr(importlib.import_module(module), attr), name
        found.discard(name)
    named = {n.rsplit(".", 1)[-1] for n in found}
    # Words that are not code names: commands, file names without a slash, options.
    named -= {"landmine-news", "validate", "build", "load", "verify", "lint-imports", "SHA256SUMS", "__init__"} - _defined_names()
    assert len(named) >= 10
    missing = sorted(n for n in named if n not in _defined_names() and n not in {"validate", "build", "load", "verify"})
    assert not missing, missing


def test_architecture_doc_shows_every_room_of_checks():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    rooms = sorted(p.parent.name for p in (PACKAGE / "checks").glob("*/__init__.py"))
    assert rooms and all(f"`checks/{room}/`" in text for room in rooms)
    contract = re.search(r"report\s+<-\s+reading.*engine", text)
    assert contract is not None


@pytest.mark.parametrize("concern", ["quote anchoring", "YAML reading", "CSV writing"])
def test_architecture_doc_says_where_each_concern_lives(concern):
    text = ARCHITECTURE.read_text(encoding="utf-8").lower()
    assert concern.lower() in text
