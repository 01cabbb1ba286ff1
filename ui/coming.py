"""The body of a page whose view is not built yet: says so plainly, and what it will show."""

from __future__ import annotations

import streamlit as st

from crm_core.customers import customer_table

from .session import Ctx


def coming_soon(ctx: Ctx, page: str) -> None:
    st.title(ctx.t(f"soon_title_{page}"))
    st.info(ctx.t("soon_body", what=ctx.t(f"soon_what_{page}")), icon=":material/construction:")
    n = len(customer_table(ctx.ds.store, ctx.as_of))
    st.caption(ctx.t("soon_meanwhile", customers=n, as_of=ctx.as_of.isoformat()))
