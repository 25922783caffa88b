"""The readers' site: every edition built (``build``), and the pages around them: the landing
page, the sitemap, the side-by-side parallel view, the print-ready PDFs, the progress pages
(``dashboard``), and the interface strings they share with the Sphinx theme (``interface``);
``pages`` knows which files a statement's page has in an edition, to take them all away.

Nothing here is imported by the catalog layer, the checks or progress: the site reads them.
"""
