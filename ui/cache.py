"""Caches of the views' results that cost nothing to read (issue #14: a warm page run should be a page run).

``st.cache_data`` pickles a result once and unpickles a fresh copy on every access: on the sample that is 5–60 ms
per table, paid by every session on every rerun (a slider move reads the CustomerTable, the predictions and the
contacts again). :func:`shared_result` keeps the result object itself (``st.cache_resource``) and hands each caller
a *shallow copy*: pandas (3.x) copy-on-write gives the copy its own columns the moment anyone writes to it, so a
caller that adds, drops or overwrites columns changes only its copy, never what the next caller reads. NumPy arrays
are handed out as read-only views (a write raises instead of changing the shared array).

:func:`figure_cache` does the same for plotly figures, whose building (plotly validates every property as it is
set) costs 10–70 ms a figure on the sample, while handing out a copy costs about 1 ms.

The cache keys are the same as with ``st.cache_data`` (the arguments not starting with ``_``, the dataset's per-load
``ds_key`` first), so a private upload's results are still reachable only by the session holding that key.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

_CACHES: list = []  # every cache made here, for clear_views()


def clear_views() -> None:
    """Forget every view result and figure cached here (tests: a stand-in must not meet another test's result);
    the shared bundled datasets (``ui.session``) stay loaded."""
    for cached in _CACHES:
        cached.clear()


def isolated(value):
    """``value`` as a caller may use it without changing the cached original: frames and series as shallow
    (copy-on-write) copies, arrays as read-only views, tuples, lists, dicts and dataclasses rebuilt around isolated
    members; anything else (numbers, strings, dates, fitted models) as is."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, np.ndarray):
        view = value.view()
        view.flags.writeable = False
        return view
    if isinstance(value, tuple):
        items = [isolated(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)  # a namedtuple keeps its type
    if isinstance(value, list):
        return [isolated(v) for v in value]
    if isinstance(value, dict):
        return {k: isolated(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f for f in dataclasses.fields(value) if f.init]
        return dataclasses.replace(value, **{f.name: isolated(getattr(value, f.name)) for f in fields})
    return value


def shared_result(**cache_kwargs) -> Callable:
    """``st.cache_resource(**cache_kwargs)`` whose every hit is :func:`isolated`: a drop-in for ``st.cache_data`` on
    functions returning frames, arrays or dataclasses of them (``.clear()`` clears it)."""

    def decorate(fn: Callable) -> Callable:
        cached = st.cache_resource(**{"show_spinner": False, **cache_kwargs})(fn)

        @functools.wraps(fn)
        def read(*args, **kwargs):
            return isolated(cached(*args, **kwargs))

        read.clear = cached.clear
        _CACHES.append(cached)
        return read

    return decorate


def _ctx_identity(ctx) -> tuple:
    """What a page context (``ui.session.Ctx``) fixes for a figure: the dataset load, the language, the as-of date
    (the dataset's ingest report, e.g. its currency, is fixed by its load)."""
    return (ctx.ds.key, ctx.lang, ctx.as_of)


def figure_cache(**cache_kwargs) -> Callable:
    """A figure builder ``(ctx, …) -> go.Figure`` built once per its arguments and localised
    (:func:`ui.charts.localise`, by ``ctx.lang``); the cache holds its ``to_dict()`` and each caller gets a figure of
    its own made from it without validating it again (about 1 ms), so a caller's change never reaches another.

    Hashed: the ``Ctx`` by :func:`_ctx_identity`, the other arguments by value (small frames and dicts of labels);
    arguments starting with ``_`` are not hashed, so they must be fixed by the hashed ones (e.g. a cached report by
    its settings). The builder must read nothing else: no session state, no widget.
    """
    from .charts import localise

    def decorate(build: Callable) -> Callable:
        @functools.wraps(build)  # Streamlit keys the cache by the builder's name and source
        def built(ctx, *args, **kwargs) -> dict:
            return localise(build(ctx, *args, **kwargs), ctx.lang).to_dict()

        cached = st.cache_resource(show_spinner=False, hash_funcs={"ui.session.Ctx": _ctx_identity},
                                   **{"max_entries": 256, "ttl": 3600, **cache_kwargs})(built)

        @functools.wraps(build)
        def read(*args, **kwargs) -> go.Figure:
            # the caller's own figure: built from the cached dict (copied in, ~1 ms) without validating it again
            return go.Figure(cached(*args, **kwargs), _validate=False)

        read.clear = cached.clear
        _CACHES.append(cached)
        return read

    return decorate
