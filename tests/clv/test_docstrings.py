"""The examples in crm_core/clv's docstrings run and show what they claim (STYLE.md 2.3)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["bgnbd", "gamma_gamma", "formulas", "customer_value", "holdout", "diagnostics", "simulate", "_mle",
           "readings"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"crm_core.clv.{name}")
    result = doctest.testmod(module, extraglobs={"np": importlib.import_module("numpy")}, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
