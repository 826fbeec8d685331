"""The examples in docstrings are true: every module's doctests pass."""

import doctest
import importlib
import pkgutil

import pytest

import govkg

PACKAGES = ["govkg.extract", "govkg.graph", "govkg.queries", "govkg.visual", "govkg.ontology"]


def _modules():
    names = []
    for package in PACKAGES:
        mod = importlib.import_module(package)
        names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(mod.__path__)]
    return names + [f"govkg.{m.name}" for m in pkgutil.iter_modules(govkg.__path__) if m.name != "__main__"]


@pytest.mark.parametrize("name", _modules())
def test_doctests_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
