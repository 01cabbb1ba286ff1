"""The body of a page whose view is not built yet: says so plainly, and what it will show."""

from __future__ import annotations

import streamlit as st

from .session import Ctx, summary


def coming_soon(ctx: Ctx, page: str) -> None:
    st.title(ctx.t(f"soon_title_{page}"))
    st.info(ctx.t("soon_body", what=ctx.t(f"soon_what_{page}")), icon=":material/construction:")
    n = len(summary(ctx))
    st.caption(ctx.t("soon_meanwhile", customers=n, as_of=ctx.as_of.isoformat()))
