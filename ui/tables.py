"""Static tables (``st.table`` of a pandas Styler), drawn once per content and replayed after (issue #14).

``st.table`` of a Styler costs 5–6 ms of server CPU per table per script run on the sample (pandas renders the
Styler and Streamlit re-types every cell as its display text: ``marshall_styler``), paid by every session on every
rerun — a quarter of the server's CPU in a 30-session workshop walk (py-spy). :func:`static_table` draws the table
inside ``st.cache_resource``, whose *element replay* (Streamlit's documented "cached st elements") records the
finished element and re-sends it on the next call with the same content, in any session, without building the
Styler again.

The cache key is a digest of the pickled frame (values, dtypes, headers, index and their names) and every format
setting, so a hit is a table with exactly the same cells: a session can only be replayed a table it would have
drawn itself, never another session's data. The formats are data (a ``str.format`` spec, or :data:`MONEY0` /
:data:`MONEY2` with the currency passed in), not callables, so they are part of the key.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from .cache import _CACHES
from .format import money

MONEY0 = ("money", 0)  # money in whole currency units: ¥6,854,171
MONEY2 = ("money", 2)  # money to the cent: ¥1,343.50
Format = str | tuple[str, int]


def _formatter(spec: Format, currency: str | None):
    if isinstance(spec, tuple):
        return lambda v, d=spec[1]: money(v, currency, decimals=d)
    return spec


@st.cache_resource(show_spinner=False, max_entries=512, ttl=3600)
def _draw(key: str, _frame: pd.DataFrame, _formats: tuple, _right: tuple, _props: tuple, _currency: str | None,
          _na_rep: str, _uuid: str, _hide_index: bool | None) -> None:
    """Draw the table (recorded for replay); ``key`` fixes every other argument."""
    styler = _frame.style.format({c: _formatter(f, _currency) for c, f in _formats}, na_rep=_na_rep)
    if _right:
        styler = styler.set_properties(subset=list(_right), **{"text-align": "right"})
    for cols, css in _props:
        styler = styler.set_properties(subset=list(cols), **dict(css))
    styler.set_uuid(_uuid)  # the CSS scope: fixed, so a replay at another position keeps its own
    st.table(styler, hide_index=_hide_index)


_CACHES.append(_draw)  # cleared with the views (ui.cache.clear_views)


def static_table(frame: pd.DataFrame, *, uuid: str, formats: Mapping[str, Format] | None = None,
                 right: Sequence[str] | None = None, props: Mapping[str, Mapping[str, str]] | None = None,
                 currency: str | None = None, na_rep: str = "—", hide_index: bool | None = True) -> None:
    """``st.table(frame.style.format(formats).set_properties(right-aligned ``right``, ``props``))``, replayed.

    ``formats``: column → ``"{:,.0f}"``-style spec or :data:`MONEY0` / :data:`MONEY2` (in ``currency``);
    ``right``: the columns aligned right (numbers); ``props``: column → further CSS (e.g. ``min-width``); ``uuid``:
    the table's CSS scope, unique on its page. Call it as ``st.table`` is called, inside ``with container:`` for a
    column (a replay re-sends the element to the container active at the call)."""
    formats_t = tuple((c, f) for c, f in (formats or {}).items())
    right_t = tuple(right or ())
    props_t = tuple(((c,), tuple(css.items())) for c, css in (props or {}).items())
    blob = pickle.dumps((frame, formats_t, right_t, props_t, currency, na_rep, uuid, hide_index), protocol=5)
    _draw(hashlib.blake2b(blob, digest_size=20).hexdigest(), frame, formats_t, right_t, props_t, currency, na_rep,
          uuid, hide_index)
