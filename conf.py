"""Sphinx configuration of Parallel Editions: the one place that declares languages and publishing.

Build with ``make`` (or ``editions build``); see README.md.
"""

project = "Parallel Editions"
author = "Parallel Editions"
version = release = "1"
copyright = "the authors of each statement"

# The language the statements are written in, and the editions translated from it.
# Add a language with `editions add-language CODE`: it edits the list below.
language = "en"
editions_languages = ['fr', 'es', 'de', 'ar', 'uk']

# What the site shows: a statement appears in a language's edition once its translation
# reaches the threshold (% of its words translated and reviewed, with no fuzzy entry and no
# check error). Below it, the edition lists it as "in progress" with how to help; with
# "fallback": True it is published anyway, untranslated paragraphs in the original language
# under a notice. Per language: "languages": {"de": {"threshold": 90, "fallback": True}}.
editions_publication = {"threshold": 100, "fallback": False, "languages": {}}

# Statements the coordinators have published in each language and that must stay complete:
# there an untranslated or fuzzy segment is an error for `editions check` and the tests
# (after a change to a statement, say); elsewhere a warning, since a translation in progress
# is not a defect. A new statement is in no list until it is published: `editions publish
# -l fr STATEMENT` adds it once it is complete (`--all`: every complete one).
editions_published = {
    'fr': ['palestine-global-movement', 'vietnam-ukraine-solidarity'],
    'es': ['palestine-global-movement', 'vietnam-ukraine-solidarity'],
    'ar': ['palestine-global-movement'],
    'uk': ['vietnam-ukraine-solidarity'],
}

# Raise or lower a check's severity ("error", "warning" or "off"); ids are in README.md.
editions_check_severity = {}

# Hosts a language's links may point to instead of the source's (its own Wikipedia, say):
# {'fr': ['fr.wikipedia.org']}. Any other host a translation brings in is an error.
editions_link_hosts = {}

# A print-ready PDF (A4) of each published statement in each edition, linked from its page,
# for handing out on paper (WeasyPrint; about a second a statement).
editions_print = True

# Where the site goes once a build is clean (the workspace rebuilds it by itself after each
# accepted translation; `editions deploy --build` does it by hand). "folder": the folder your
# web server serves, e.g. "/srv/www/editions" (it becomes a link, switched at once to each
# new site: readers never see half of one); "git": {"remote": "git@example.org:team/site.git",
# "branch": "pages"}, the branch your CI publishes. None: the site stays in _build/html/.
editions_deploy = {"folder": None, "git": None}

extensions = ["editions.sphinxext"]

# Sources live in source/, translations in locale/<lang>/LC_MESSAGES/<statement>.po.
root_doc = "index"
locale_dirs = ["../locale"]
gettext_compact = False  # one catalog per statement
gettext_uuid = False
gettext_location = True
gettext_last_translator = "Parallel Editions translators"
exclude_patterns = []

# Where the site is published: canonical links, social cards, the sitemap and the feeds give
# absolute addresses from it (each edition at <html_baseurl><lang>/). Leave it empty to build
# a site without them (a local preview, say).
html_baseurl = "https://editions.example.org/"

# The reading layout of the editions: the package's own theme, with no whole-site sidebar.
html_theme = "editions"
html_title = project
html_show_sourcelink = False
html_show_sphinx = False
html_copy_source = False
html_last_updated_fmt = None
