"""The layer rule: data flows extract -> graph -> {queries, visual}; ontology is shared.

Every import in the source (also those inside functions) is read with ``ast``, so a
forbidden import fails here even when it only runs on some code path.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: folder -> package it maps to under setuptools package-dir
FOLDERS = {"govkg": "govkg", "ontology": "govkg.ontology", "extract": "govkg.extract",
           "graph": "govkg.graph", "queries": "govkg.queries", "visual": "govkg.visual"}
LAYERS = ["govkg.ontology", "govkg.extract", "govkg.graph", "govkg.queries", "govkg.visual"]

#: package -> module prefixes it must not import
FORBIDDEN = {
    "govkg.extract": ["govkg.graph", "govkg.queries", "govkg.visual", "govkg.cli"],
    "govkg.graph": ["govkg.extract", "govkg.queries", "govkg.visual", "govkg.cli"],
    "govkg.queries": ["govkg.visual", "govkg.extract", "pyvis", "govkg.cli"],
    "govkg.visual": ["govkg.extract", "govkg.cli"],
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT)
    parts = [FOLDERS[rel.parts[0]], *rel.parts[1:]]
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Return the absolute names of every module ``path`` imports (relative ones resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def _sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in p.parts)


def _package(module: str) -> str:
    for layer in LAYERS:
        if module == layer or module.startswith(layer + "."):
            return layer
    return "govkg"


def _hits(imported: set[str], prefixes: list[str]) -> list[str]:
    return sorted(name for name in imported for prefix in prefixes
                  if name == prefix or name.startswith(prefix + "."))


def _violations(module: str, imported: set[str]) -> list[str]:
    """Return the forbidden imports of ``module``."""
    package = _package(module)
    if package == "govkg.ontology":  # nothing of ours but itself and the errors
        return sorted(n for n in imported if _hits({n}, ["govkg"]) and n != "govkg"
                      and not _hits({n}, ["govkg.ontology", "govkg.errors"]))
    if package in FORBIDDEN:
        return _hits(imported, FORBIDDEN[package])
    if module in ("govkg.cli", "govkg.__main__"):
        return []
    # the root modules (records, errors, __init__) belong to no layer and import none
    return _hits(imported, LAYERS + ["govkg.cli"])


SOURCES = _sources()


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_layers_imports_follow_the_rule(path):
    assert _violations(_module_name(path), _imports(path)) == []


def test_layers_imports_cli_is_imported_only_by_main():
    importers = [_module_name(p) for p in SOURCES if _hits(_imports(p), ["govkg.cli"])]
    assert importers == ["govkg.__main__"]


@pytest.mark.parametrize("name", ["records.py", "errors.py"])
def test_layers_imports_root_records_use_stdlib_only(name):
    imported = {n.split(".")[0] for n in _imports(ROOT / "govkg" / name)}
    assert imported - set(sys.stdlib_module_names) - {"govkg", "__future__"} == set()


@pytest.mark.parametrize("module, imported, expected", [
    ("govkg.queries.runner", {"pyvis", "rdflib"}, ["pyvis"]),
    ("govkg.queries.runner", {"govkg.visual.html"}, ["govkg.visual.html"]),
    ("govkg.graph.build", {"govkg.extract.pipeline", "govkg.ontology.namespace"}, ["govkg.extract.pipeline"]),
    ("govkg.ontology", {"govkg.records", "govkg.errors"}, ["govkg.records"]),
    ("govkg.ontology.namespace", {"govkg.graph.iris"}, ["govkg.graph.iris"]),
    ("govkg.ontology.namespace", {"govkg.ontology", "govkg.errors", "rdflib"}, []),
    ("govkg.extract.pipeline", {"govkg.graph.io", "govkg.records"}, ["govkg.graph.io"]),
    ("govkg.visual.render", {"govkg.extract", "govkg.graph.io"}, ["govkg.extract"]),
    ("govkg.records", {"govkg.graph"}, ["govkg.graph"]),
    ("govkg.cli", {"govkg.extract", "govkg.graph", "govkg.queries", "govkg.visual"}, []),
])
def test_layers_imports_checker_flags_forbidden(module, imported, expected):
    assert _violations(module, imported) == expected


def test_layers_imports_reader_sees_imports_inside_functions():
    # graph/validate.py imports pyshacl and govkg.graph.io only inside validate_graph
    imported = _imports(ROOT / "graph" / "validate.py")
    assert {"pyshacl", "govkg.graph.io", "govkg.ontology"} <= imported


#: heavy NLP packages a graph, query or ontology module may only import inside a function
HEAVY = ["spacy", "jieba"]


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _top_level_imports(source: str) -> set[str]:
    """Return the modules ``source`` imports when it is imported (not inside a def or lambda)."""
    found: set[str] = set()
    todo = list(ast.parse(source).body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or _is_type_checking(node):
            continue  # runs later, or never
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module)
        todo.extend(ast.iter_child_nodes(node))
    return found


NO_HEAVY_SOURCES = [p for p in SOURCES if p.relative_to(ROOT).parts[0] in ("ontology", "graph", "queries")]


@pytest.mark.parametrize("path", NO_HEAVY_SOURCES, ids=[str(p.relative_to(ROOT)) for p in NO_HEAVY_SOURCES])
def test_layers_imports_no_spacy_or_jieba_at_top_level(path):
    assert _hits(_top_level_imports(path.read_text(encoding="utf-8")), HEAVY) == []


@pytest.mark.parametrize("source, expected", [
    ("import spacy\n", ["spacy"]),
    ("from spacy.language import Language\n", ["spacy.language"]),
    ("try:\n    import jieba\nexcept ImportError:\n    jieba = None\n", ["jieba"]),
    ("class Seg:\n    import jieba\n", ["jieba"]),
    ("def load():\n    import spacy\n    return spacy\n", []),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import spacy\n", []),
    ("import spacy_lookups_data\nimport jiebax\n", []),
])
def test_layers_imports_top_level_checker(source, expected):
    assert _hits(_top_level_imports(source), HEAVY) == expected
