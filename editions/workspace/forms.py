"""The workspace's forms: Django validates what a browser sends before the library sees it."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from editions.catalogs.validity import is_blank

#: Longer than any paragraph of a statement; a bigger post is refused before it is read.
MAX_TRANSLATION = 100_000


class TranslationForm(forms.Form):
    """A translation, and what the volunteer started from (to detect a change meanwhile)."""

    translation = forms.CharField(label=_("Translation"), required=False, strip=False,
                                  max_length=MAX_TRANSLATION,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    fuzzy = forms.BooleanField(label=_("Needs work"), required=False)
    expected_translation = forms.CharField(required=False, strip=False,
                                           max_length=MAX_TRANSLATION,
                                           widget=forms.HiddenInput)
    expected_fuzzy = forms.BooleanField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, strip=False, max_length=MAX_TRANSLATION,
                             widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Set by the view: the entry as someone else saved it meanwhile, and why a save
        #: was refused.
        self.conflict = None
        self.problem = ""


class ClaimForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=40, min_length=1)

    def clean_pseudonym(self) -> str:
        """Visible characters only: an invisible or direction-changing one would make a
        name impersonate another, or turn the sentence around it backwards."""
        name = self.cleaned_data["pseudonym"]
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name) \
                or is_blank(name):
            raise forms.ValidationError(_("Use visible letters, digits and signs."))
        return name
