"""The coordinator's desk: bring a statement in (preview, then confirm), correct a source
paragraph by paragraph, publish or withdraw a translation, add a language, edit a glossary.

Who may do what: a language's coordinators publish and withdraw its translations and edit
its glossary. The statements' source is every language's: a correction turns the paragraph's
translation into "needs work" in all of them, so bringing a statement in and correcting one
is for the coordinators of any language (the movement's editors) and administrators, not for
translators or reviewers. Adding a language changes conf.py for everyone: administrators only.
Each view asks ``permissions`` first, parses the form, calls ``desk`` and answers with a
redirect and a message, or the page again with the one reason nothing was written.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from editions.catalogs.glossary import GlossaryRow

from .. import desk
from ..context import current_project, language_facts, statement_of, target_language
from ..forms import CorrectionForm, GlossaryFormSet, ImportForm, LanguageForm, WithdrawForm
from ..permissions import ANY_LANGUAGE, can, require


def desk_page(request: HttpRequest) -> HttpResponse:
    """What this coordinator may do, language by language, and the statements' sources."""
    require(request, "coordinate", ANY_LANGUAGE)
    project = current_project()
    return render(request, "workspace/desk.html", {
        "languages": [language_facts(code) for code in project.languages
                      if can(request.user, "coordinate", code)],
        "statements": desk.source_titles(project),
        "source_language": language_facts(project.source_language),
        "administrator": can(request.user, "administer"), "language_form": LanguageForm(),
    })


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _digest(text: str, slug: str, author: str) -> str:
    """What a preview showed, in short: a confirmation writes only that."""
    return hashlib.sha256("\0".join((text, slug, author)).encode("utf-8")).hexdigest()


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Paste or send a statement; see what the import makes of it; then bring it in."""
    require(request, "coordinate", ANY_LANGUAGE)
    project = current_project()
    if request.method != "POST":
        return render(request, "workspace/desk_import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    context: dict = {"form": form}
    if not form.is_valid():
        return render(request, "workspace/desk_import.html", context)
    data = form.cleaned_data
    text, slug, author = _normal(data["text"]), data["slug"].strip(), data["author"].strip()
    try:
        if data["upload"] is not None:
            text = _normal(desk.read_upload(data["upload"].size, data["upload"].read()))
        digest = _digest(text, slug, author)
        confirmed = request.POST.get("action") == "confirm" and data["previewed"] == digest
        try:
            planned = desk.plan_import(project, text, slug=slug, author=author)
        except desk.Refusal:  # (a confirm sent twice is no name taken by someone else)
            done = desk.brought_in_already(project, text, slug=slug, author=author) \
                if confirmed else []
            if not done:
                raise
            messages.info(request, _("This text was brought in already: nothing was changed."))
            return redirect("workspace:desk-source", done[0])
        if confirmed:
            desk.import_statements(project, text, slug=slug, author=author)
            messages.success(request, ngettext(
                "The statement was brought in: its catalogs are ready in every language.",
                "The statements were brought in: their catalogs are ready in every language.",
                len(planned)))
            return redirect("workspace:desk-source", planned[0].slug)
    except desk.Refusal as refusal:
        context["refusal"] = str(refusal)
        return render(request, "workspace/desk_import.html", context)
    context.update(planned=planned, changed=request.POST.get("action") == "confirm",
                   source_language=language_facts(project.source_language),
                   form=ImportForm(initial={"text": text, "slug": slug, "author": author,
                                            "previewed": digest}))
    return render(request, "workspace/desk_import.html", context)


def source_page(request: HttpRequest, statement: str) -> HttpResponse:
    """A statement's paragraphs and headings, each with a link to correct it."""
    require(request, "coordinate", ANY_LANGUAGE)
    project = current_project()
    slug = statement_of(project, statement)
    return render(request, "workspace/desk_source.html", {
        "statement": slug, "blocks": desk.source_blocks(project, slug),
        "source_language": language_facts(project.source_language)})


@require_http_methods(["GET", "POST"])
def correct_page(request: HttpRequest, statement: str, number: str) -> HttpResponse:
    """One paragraph to correct; a POST writes it and merges it into every catalog."""
    require(request, "coordinate", ANY_LANGUAGE)
    project = current_project()
    slug = statement_of(project, statement)
    block = next((b for b in desk.source_blocks(project, slug) if b.number == int(number)),
                 None)
    if block is None:
        raise Http404(_("This paragraph is not in the statement (any longer)."))
    form = CorrectionForm(request.POST or None,
                          initial={"text": block.text, "expected": block.text})
    # ("paragraph", not "block": a template's ``block`` is its own block, which hid it)
    context = {"statement": slug, "paragraph": block, "form": form,
               "source_language": language_facts(project.source_language),
               "markup": markup_examples()}
    if request.method == "POST" and form.is_valid():
        try:
            written = desk.correct(project, slug, block.number, form.cleaned_data["expected"],
                                   form.cleaned_data["text"])
        except desk.Refusal as refusal:
            context["refusal"] = str(refusal)
        else:
            messages.success(request, ngettext(
                "Corrected. %(count)d catalog was updated: where this paragraph was "
                "translated, its translation now needs work, with the change shown.",
                "Corrected. %(count)d catalogs were updated: where this paragraph was "
                "translated, its translation now needs work, with the change shown.",
                written) % {"count": written} if written else _("Nothing changed."))
            return redirect(reverse("workspace:desk-source", args=[slug])
                            + f"#block-{block.number}")
    return render(request, "workspace/desk_correct.html", context)


def markup_examples() -> dict[str, str]:
    """The markup a paragraph may hold, each example as it is typed, with a word of the
    interface's language in it: each in an element of its own, left to right, so that in a
    right-to-left sentence its marks stay in their order and on one line."""
    def example(before: str, word: str, after: str) -> str:
        return format_html('<code class="example" dir="ltr">{}{}{}</code>', before, word,
                           after)

    # (each word written out in its call: makemessages finds only those)
    return {"emphasis": example("*", pgettext("an example of markup", "emphasis"), "*"),
            "strong": example("**", pgettext("an example of markup", "strong"), "**"),
            "link": example("`", pgettext("an example of markup", "text"), " <https://…>`_")}


def publish_page(request: HttpRequest, language: str) -> HttpResponse:
    """A language's statements: published or not, why not yet, and the buttons."""
    require(request, "coordinate", language)
    project = current_project()
    language = target_language(project, language)
    return render(request, "workspace/desk_publish.html", {
        "language": language_facts(language), "rows": desk.publications(project, language),
        "source_language": language_facts(project.source_language),
        "withdraw_form": WithdrawForm()})


@require_POST
def publish_action(request: HttpRequest, language: str, statement: str) -> HttpResponse:
    """Publish or withdraw one statement in one language, then back to the table."""
    require(request, "coordinate", language)
    project = current_project()
    language = target_language(project, language)
    slug = statement_of(project, statement)
    form = WithdrawForm(request.POST)
    action = request.POST.get("action")
    if action not in {"withdraw", "publish"}:  # (a forged or broken form: not a publication)
        raise BadRequest("unknown action")
    try:
        if action == "withdraw":
            if not form.is_valid():  # (a reason over its length: said, not dropped)
                messages.error(request, " ".join(form.errors.get("reason", [])))
                return redirect(reverse("workspace:desk-publish", args=[language])
                                + f"#row-{slug}")
            done = desk.withdraw(project, language, slug, form.cleaned_data["reason"])
            messages.success(request, _("Withdrawn: the edition no longer publishes it.")
                             if done else _("It was not published: nothing changed."))
        else:
            done = desk.publish(project, language, slug)
            messages.success(request, _("Published: the edition will show it once rebuilt.")
                             if done else _("It was published already: nothing changed."))
    except desk.Refusal as refusal:
        messages.error(request, str(refusal))
    return redirect(reverse("workspace:desk-publish", args=[language]) + f"#row-{slug}")


@require_POST
def add_language(request: HttpRequest) -> HttpResponse:
    """Declare a language (administrators): conf.py and its catalogs."""
    require(request, "administer")
    form = LanguageForm(request.POST)
    try:
        if not form.is_valid():
            raise desk.Refusal(_("Give the language's code, for instance “pt” or “pt_BR”."))
        code = desk.add_language(current_project(), form.cleaned_data["code"])
    except desk.Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        facts = language_facts(code)
        messages.success(request, _("%(name)s was added, with its catalogs: invite its "
                                    "team.") % {"name": facts["name"]})
    return redirect("workspace:desk")


@require_http_methods(["GET", "POST"])
def glossary_page(request: HttpRequest, language: str) -> HttpResponse:
    """A language's glossary as a table: terms, agreed renderings, notes."""
    require(request, "coordinate", language)
    project = current_project()
    language = target_language(project, language)
    context: dict = {"language": language_facts(language),
                     "source_language": language_facts(project.source_language)}
    try:
        rows, version = desk.glossary_rows(project, language)
    except desk.Refusal as refusal:
        return render(request, "workspace/desk_glossary.html", {**context,
                                                                 "unreadable": str(refusal)})
    if request.method == "POST":
        formset = GlossaryFormSet(request.POST)
        if formset.is_valid():
            kept = _rows_of(formset)
            try:
                desk.save_glossary(project, language, kept, request.POST.get("version", ""))
            except desk.Refusal as refusal:
                context["refusal"] = str(refusal)
            else:
                messages.success(request, ngettext("Saved: %(count)d term.",
                                                   "Saved: %(count)d terms.", len(kept))
                                 % {"count": len(kept)})
                return redirect("workspace:desk-glossary", language)
        version = request.POST.get("version", "")
    else:
        formset = GlossaryFormSet(initial=[asdict(row) for row in rows])
    return render(request, "workspace/desk_glossary.html", {
        **context, "formset": formset, "version": version})


def _rows_of(formset) -> list[GlossaryRow]:
    """The rows kept (not deleted, not left empty)."""
    kept = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not any(
                data.get(name, "").strip() for name in ("term", "translation", "note")):
            continue
        kept.append(GlossaryRow(data["term"], data["translation"], data["note"]))
    return kept
