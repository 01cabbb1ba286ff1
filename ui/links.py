"""Links between pages: a link to a page (with a fallback when a page runs alone, as in page tests), and opening
a customer's profile from any customer list."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

PROFILE_PAGE = "pages/profile.py"
QUERY_KEY = "customer"  # the profile's ?customer=ID


def page_link(label: str, page: str) -> None:
    """A link to ``pages/<page>.py``; a page run alone (no navigation, as in page tests) gets a plain link to its
    URL path."""
    try:
        st.page_link(f"pages/{page}.py", label=label, icon=":material/arrow_forward:")
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}](/{page})")


def open_profile(customer_id: str) -> None:
    """Go to the profile of ``customer_id`` (a row selected in a customer list); a page run alone (page tests)
    only records the id in the URL."""
    try:
        st.switch_page(PROFILE_PAGE, query_params={QUERY_KEY: str(customer_id)})
    except StreamlitPageNotFoundError:
        st.query_params[QUERY_KEY] = str(customer_id)
