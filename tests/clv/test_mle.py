"""crm_core/clv/_mle.py: row compression and the shared input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_core.clv import _mle
from crm_core.errors import InvalidInputError


def test_compress_merges_identical_rows_and_sums_weights():
    x = np.array([1.0, 1.0, 0.0, 1.0, 2.0])
    t = np.array([3.0, 3.0, 0.0, 4.0, 3.0])
    (ux, ut), w = _mle.compress(x, t)
    got = sorted(zip(ux, ut, w, strict=True))
    assert got == [(0.0, 0.0, 1.0), (1.0, 3.0, 2.0), (1.0, 4.0, 1.0), (2.0, 3.0, 1.0)]
    (_, _), w2 = _mle.compress(x, t, weights=np.array([1, 2, 3, 4, 5.0]))
    assert sorted(w2) == [3.0, 3.0, 4.0, 5.0]


def test_compress_agrees_with_pandas_groupby():
    rng = np.random.default_rng(0)
    cols = [rng.integers(0, 5, 10_000).astype(float), rng.integers(0, 30, 10_000) / 7, rng.integers(0, 40, 10_000) / 7]
    uniq, w = _mle.compress(*cols)
    exp = pd.DataFrame(dict(zip("abc", cols, strict=True))).value_counts()
    got = pd.Series(w, index=pd.MultiIndex.from_arrays(uniq, names=list("abc")))
    pd.testing.assert_series_equal(got.sort_index(), exp.sort_index().astype(float), check_names=False)


def test_column_checks_name_rows_and_lengths():
    with pytest.raises(InvalidInputError, match="columns differ in length"):
        _mle.same_length({"a": np.ones(2), "b": np.ones(3)})
    with pytest.raises(InvalidInputError, match="must be numbers"):
        _mle.as_column(["x", "1"], "frequency")


def test_compress_by_hashing_when_the_grid_is_too_large():
    # 3 columns of 3,000 distinct values each: a 2.7e10-cell grid, so rows are merged by hashing
    rng = np.random.default_rng(1)
    base = [rng.integers(0, 3000, 3000) / 7 for _ in range(3)]
    cols = [np.r_[c, c[:500]] for c in base]  # 500 rows appear twice
    uniq, w = _mle.compress(*cols)
    assert len(w) == len(pd.DataFrame(dict(zip("abc", base, strict=True))).drop_duplicates())
    assert w.sum() == 3500


def test_continuous_columns_are_not_merged():
    # above COMPRESS_SAMPLE rows, a column with mostly distinct values (continuous times) skips the merge
    rng = np.random.default_rng(2)
    n = 3 * _mle.COMPRESS_SAMPLE
    x, t = rng.integers(1, 5, n).astype(float), rng.uniform(0, 52, n)
    (ux, ut), w = _mle.compress(x, t)
    assert ux is x and ut is t and (w == 1).all()
