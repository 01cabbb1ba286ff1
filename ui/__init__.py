"""Shared Streamlit code: session bootstrap, language, the data-source sidebar, downloads.

Lives outside ``pages/`` because every ``.py`` file in ``pages/`` is a page. ``crm_core``
never imports this package.
"""
