"""The translators' workspace: a Django app over the catalog layer and the check engine.

The PO files stay the single source of truth: pages read them with the strict reader, saves
go through the one writer (``catalogs.entries.edit_entry``), live checks call the same engine
as ``editions check``. The database holds only what a PO file cannot: claims (and, with the
teams, accounts, roles, comments and history).
"""
