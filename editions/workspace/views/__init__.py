"""The workspace's pages, one module a concern: ``browse`` (languages, statements, segments),
``translate`` (a segment's editor and its save, the live check, claims), ``review``
(suggestions, comments, reverts), ``team`` (signing in, joining, a coordinator's page) and
``account``. Views are thin: they parse the request, ask ``permissions``, call the library
(``saving`` does the non-HTTP half of a save) and render."""
