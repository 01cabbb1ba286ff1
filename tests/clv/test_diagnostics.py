"""crm_core/clv/diagnostics.py: the frequency × recency matrices, cell by cell against the formulas."""

from __future__ import annotations

import numpy as np
import pytest

from crm_core.clv import bgnbd
from crm_core.clv.diagnostics import frequency_recency_matrix
from crm_core.errors import InvalidInputError

P = (0.243, 4.414, 0.793, 2.426)  # FHL (2005), CDNOW


def test_p_alive_matrix_cells_and_shape():
    m = frequency_recency_matrix(*P, T=39.0, max_frequency=10, recency_steps=13)
    assert m.shape == (11, 14) and m.index.name == "frequency" and m.columns.name == "recency"
    assert m.iloc[0, 0] == 1 and m.iloc[0, 1:].isna().all()  # x = 0 only at recency 0
    assert m.loc[5, 39.0] == pytest.approx(bgnbd.p_alive(*P, 5, 39.0, 39.0).item(), rel=1e-12)
    # more recent last purchase → more likely alive, for every x > 0
    assert (np.diff(m.iloc[1:].to_numpy(), axis=1) > 0).all()


def test_expected_purchases_matrix():
    m = frequency_recency_matrix(*P, T=39.0, max_frequency=5, quantity="expected_purchases", t=10)
    assert m.loc[2, 39.0] == pytest.approx(bgnbd.expected_purchases(*P, 2, 39.0, 39.0, 10).item(), rel=1e-12)
    with pytest.raises(InvalidInputError, match="quantity must be 'p_alive' or 'expected_purchases'"):
        frequency_recency_matrix(*P, T=39.0, max_frequency=5, quantity="clv")
