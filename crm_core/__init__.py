"""crm_core — every formula of the Customer Value Dashboard, with no Streamlit in it.

The layers (see docs/ARCHITECTURE.md): ``sources`` reads a file into a raw all-text
table, ``mapping`` finds the column roles, ``ingest`` types and validates the lines into
the ``transactions`` table and an :class:`~crm_core.ingest.IngestReport`, ``store`` runs the
named SQL queries of ``crm_core/sql/``, ``customers`` builds the CustomerTable. The CLI
(``python -m crm_core``) calls the same functions the pages call.
"""

__version__ = "0.1.0"
