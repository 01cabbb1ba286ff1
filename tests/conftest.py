"""Shared fixtures: small crafted order files in the formats real exports come in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TODAY = dt.date(2026, 1, 1)  # fixed "today" so that the future-date rule is reproducible


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def tmp_csv(tmp_path):
    """Factory: tmp_csv(text, encoding="utf-8", name="orders.csv") -> path."""
    def make(text: str, encoding: str = "utf-8", name: str = "orders.csv") -> Path:
        return write_csv(tmp_path / name, text, encoding)
    return make
