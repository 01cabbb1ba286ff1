"""Issue #11: the interface's texts name no file path, module or class — a user reads what a method does and
where it comes from, not where the code lives. Checked over every label of both languages."""

from __future__ import annotations

import re

import pytest

from ui.i18n import LABELS

INTERNAL = re.compile(
    r"crm_core|reference/|TEXTBOOK\.md|generate_sample|\b\w+\.py\b|\b[A-Z][a-z]+(?:[A-Z][a-z]+){2,}\b"
    r"|(?:参数|客户表|parameters|customers)\.[a-z_]+")


@pytest.mark.parametrize("lang", [0, 1])
def test_no_file_paths_modules_or_class_names_in_labels(lang):
    found = {k: INTERNAL.findall(v[lang]) for k, v in LABELS.items() if INTERNAL.search(v[lang])}
    assert not found, found
