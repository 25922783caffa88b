"""The statements' sources: statements brought in (``importer``) and their names (``slugs``)."""
