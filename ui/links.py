"""Links between pages: a link to a page (with a fallback when a page runs alone, as in page tests), and opening
a customer's profile from any customer list."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from .i18n import t

PROFILE_PAGE = "pages/profile.py"
QUERY_KEY = "customer"  # the profile's ?customer=ID
# the menu: (section title key, ((page, title key, icon), …)); the first page is the default
MENU: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("nav_section_data", (("overview", "nav_overview", ":material/dashboard:"),
                          ("data", "nav_data", ":material/database:"))),
    ("nav_section_views", (("pyramid", "nav_pyramid", ":material/change_history:"),
                           ("rfm", "nav_rfm", ":material/grid_view:"),
                           ("clv", "nav_clv", ":material/savings:"),
                           ("lifecycle", "nav_lifecycle", ":material/timeline:"),
                           ("loyalty", "nav_loyalty", ":material/loyalty:"),
                           ("churn", "nav_churn", ":material/person_remove:"),
                           ("profile", "nav_profile", ":material/person_search:"))),
)
_PAGES_KEY = "_cvd_menu_pages"  # session state: {lang: {page: st.Page}}


def menu(lang: str) -> dict[str, list]:
    """``st.navigation``'s sections of :data:`MENU` in ``lang``.

    The ``st.Page`` objects are made once per session and language and kept in the session's state: making one
    resolves its file on disk (``Path.resolve``, about 0.5 ms; nine a run were 5 % of a 30-session workshop server's
    CPU), and they are not shared between sessions because ``st.navigation`` marks the chosen one callable."""
    made = st.session_state.setdefault(_PAGES_KEY, {})
    if lang not in made:
        first = MENU[0][1][0][0]
        made[lang] = {page: st.Page(f"pages/{page}.py", title=t(title, lang), icon=icon, default=page == first)
                      for _, pages in MENU for page, title, icon in pages}
    pages = made[lang]
    return {t(section, lang): [pages[page] for page, _, _ in entries] for section, entries in MENU}


def page_link(label: str, page: str) -> None:
    """A link to ``pages/<page>.py`` (the session's own ``st.Page`` of it, when the menu made one); a page run alone
    (no navigation, as in page tests) gets a plain link to its URL path."""
    made = st.session_state.get(_PAGES_KEY) or {}
    target = next((pages[page] for pages in made.values() if page in pages), f"pages/{page}.py")
    try:
        st.page_link(target, label=label, icon=":material/arrow_forward:")
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}](/{page})")


def open_profile(customer_id: str) -> None:
    """Go to the profile of ``customer_id`` (a row selected in a customer list); a page run alone (page tests)
    only records the id in the URL."""
    try:
        st.switch_page(PROFILE_PAGE, query_params={QUERY_KEY: str(customer_id)})
    except StreamlitPageNotFoundError:
        st.query_params[QUERY_KEY] = str(customer_id)
