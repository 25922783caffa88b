"""The workspace's forms: Django validates what a browser sends before the library sees it."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from editions.catalogs.validity import is_blank

from . import names, signin, team
from .context import current_project, language_facts
from .models import Preferences, Role
from .uploads import MAX_UPLOAD

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
    """The pseudonym of a claim made without accounts (with accounts, a volunteer claims
    under their own name and this form is not used): never a member's name."""

    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=40, min_length=1)

    def clean_pseudonym(self) -> str:
        """Visible characters only: an invisible or direction-changing one would make a
        name impersonate another, or turn the sentence around it backwards."""
        name = names.normal(self.cleaned_data["pseudonym"])
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name) \
                or is_blank(name):
            raise forms.ValidationError(_("Use visible letters, digits and signs."))
        if team.name_taken(name):
            raise forms.ValidationError(
                _("This is a member's name: choose another pseudonym."), code="taken")
        return name


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, with guessing bounded per account (``signin``): browsers without
    the account's device cookie stop after ``signin.MAX_FAILURES`` wrong passwords in a quarter
    of an hour, a browser with one after its own ``signin.MAX_DEVICE_FAILURES``; and with the
    process's hashing work bounded (``signin.hashing_turn``).

    An untrusted browser that is refused hears what a wrong password hears, after as much
    work: whether a name exists is not told by its being locked. The name typed is
    normalised as names are when they are made (``names.normal``), then matched exactly."""

    error_messages: ClassVar[dict] = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This name and password do not sign in. After five wrong passwords for a name, "
            "only a browser that signed in with it before may try again within a quarter of "
            "an hour."),
        "throttled": _("Too many wrong passwords for this account: wait a quarter of an "
                       "hour, then try again."),
        "busy": _("The workspace is busy: try again in a moment."),
    }

    def clean_username(self) -> str:
        return names.normal(self.cleaned_data["username"])

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()
        user = signin.account(username)
        cookie = signin.device(self.request) if self.request is not None else None
        trusted = cookie.for_account(user) if cookie is not None else None
        with signin.hashing_turn(trusted is not None) as turn:
            if not turn:
                raise forms.ValidationError(self.error_messages["busy"], code="busy")
            if user is not None and signin.refused(user, trusted):
                if trusted is not None:  # (its holder knows the account exists)
                    raise forms.ValidationError(self.error_messages["throttled"],
                                                code="throttled")
                signin.dummy_hash(password)
                raise self.get_invalid_login_error()
            try:
                cleaned = super().clean()
            except forms.ValidationError:
                if user is not None:
                    signin.record_failure(user, trusted)
                raise
        signin.forget_failures(user, trusted)
        return cleaned


def _password_rule() -> str:
    """The password validators' rule in one line: Django's four sentences pushed the join
    button below a phone's screen."""
    minimum = next((v.min_length for v in password_validation.get_default_password_validators()
                    if isinstance(v, password_validation.MinimumLengthValidator)), 1)
    return _("At least %(minimum)d characters, not only digits, not a common password, "
             "not close to your name.") % {"minimum": minimum}


class JoinForm(BaseUserCreationForm):
    """A display name (a pseudonym is fine) and a password, checked by Django's validators;
    no e-mail address is asked.

    Whether the name is taken (``team.name_taken``) is told last, once everything else is
    valid, so that nobody learns which names exist by sending a name alone; on an open team
    (``open_team``: its language) each such complete attempt takes a sign-up turn first, so that
    nobody tries names faster than people sign up.
    """

    #: One password, typed once (on a phone, twice is a chore): the page lets the volunteer
    #: show it to read it back, and what was typed is kept when the form has an error.
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=lazy(_password_rule, str)())
    password2 = None

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)
        labels: ClassVar[dict] = {"username": _("Display name (a pseudonym is fine)")}
        #: (Django's says "letters, digits and @/./+/-/_ only", which is not this form's rule)
        help_texts: ClassVar[dict] = {"username": _(
            "Letters of any script, digits and single spaces, up to 150 characters.")}

    def __init__(self, *args, open_team: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open_team = open_team

    def clean_username(self) -> str:
        """A person's name in any script, with spaces (``names.refused`` says which): Django's
        own username rule (letters, digits and @.+-_ only) is not applied, see
        ``_get_validation_exclusions``."""
        name = names.normal(self.cleaned_data["username"])
        if names.refused(name):
            raise forms.ValidationError(_(
                "Use letters, digits, punctuation and single spaces, beginning with a letter "
                "or a digit: no symbol and nothing invisible."), code="invalid")
        return name

    def _get_validation_exclusions(self) -> set[str]:
        """The model's username validator would refuse "Marie Dupont": ``clean_username``
        applies the workspace's rule instead."""
        return {*super()._get_validation_exclusions(), "username"}

    def validate_unique(self) -> None:
        """Not here, where it would answer before the passwords are checked: see
        ``_post_clean``."""

    def _post_clean(self) -> None:
        super()._post_clean()
        # (Django checks the password it asks twice under its second name: here, the one)
        self.validate_password_for_user(self.instance, password_field_name="password1")
        if self.errors:
            return
        if self.open_team and not team.take_signup_turn(self.open_team):
            self.add_error(None, forms.ValidationError(
                _("Many people are joining right now: try again in a minute."),
                code="busy"))
        elif team.name_taken(self.cleaned_data["username"]):
            self.name_is_taken()

    def name_is_taken(self) -> None:
        """Say the name is someone's already (also when the database finds out last)."""
        self.add_error("username", forms.ValidationError(
            _("This display name is taken: choose another."), code="unique"))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=2000, min_length=1,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if is_blank(text) or any(unicodedata.category(char) == "Cc" and char not in "\n\t"
                                 for char in text):
            raise forms.ValidationError(_("Write a comment."))
        return text


class DeleteAccountForm(forms.Form):
    """Deleting one's account asks for one's password: a session left open is not enough."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}))

    def __init__(self, user, lane: signin.Device, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.lane = lane

    def clean_password(self) -> str:
        """Checked as a sign-in is: within the hashing bound and counted, so that a session
        left open lets nobody guess the password nor keep the processor busy; counted in
        the session's own lane (``signin.session_lane``), so that nobody else's guesses keep
        the volunteer from deleting their account."""
        password = self.cleaned_data["password"]
        messages = ThrottledLoginForm.error_messages
        if signin.refused(self.user, self.lane):
            raise forms.ValidationError(messages["throttled"], code="throttled")
        with signin.hashing_turn(True) as turn:
            if not turn:
                raise forms.ValidationError(messages["busy"], code="busy")
            right = self.user.check_password(password)
        if not right:
            signin.record_failure(self.user, self.lane)
            raise forms.ValidationError(_("This is not your password."))
        return password


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.TRANSLATOR)


class PreferencesForm(forms.ModelForm):
    """What a volunteer shows of themselves outside the workspace."""

    class Meta:
        model = Preferences
        fields = ("named_in_commits",)
        labels: ClassVar[dict] = {"named_in_commits": _(
            "Name me as the author of my translations in the project's git history (it may "
            "be public, and it stays after my account is deleted)")}


# -- the coordinator's desk ----------------------------------------------------------------

#: The longest statement text the desk takes in a paste (as in a file: ``uploads``).


class _SourceText(forms.Form):
    """A form whose ``text`` is a statement's original: the field says its language, so
    that a screen reader speaks it, and a spelling checker checks it, as that language (the
    interface around it may be Arabic)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        facts = language_facts(current_project().source_language)
        self.fields["text"].widget.attrs.update(lang=facts["lang"], dir=facts["dir"])


class ImportForm(_SourceText):
    """A statement's text, pasted or sent as a file, and what the import may need to be
    told: previewed first (``action`` "preview"), then brought in ("confirm") if the text
    is still the one previewed (``previewed``, its digest)."""

    text = forms.CharField(label=_("The statement's text"), required=False, strip=False,
                           max_length=MAX_UPLOAD,
                           widget=forms.Textarea(attrs={"rows": 12}))
    upload = forms.FileField(label=_("Or its file (text or Markdown)"), required=False,
                             widget=forms.ClearableFileInput(
                                 attrs={"accept": ".txt,.md,.markdown,text/plain,"
                                                  "text/markdown"}))
    author = forms.CharField(label=_("Author or signatory body, if the text is not signed"),
                             required=False, max_length=200)
    slug = forms.CharField(label=_("File name (optional: made from the title)"),
                           required=False, max_length=80)
    previewed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class CorrectionForm(_SourceText):
    """A paragraph of a source, corrected, and the text it had when it was opened."""

    text = forms.CharField(label=_("Corrected text"), strip=False, required=False,
                           max_length=MAX_TRANSLATION,
                           widget=forms.Textarea(attrs={"rows": 8}))
    expected = forms.CharField(required=False, strip=False, max_length=MAX_TRANSLATION,
                               widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional, shown to the language's coordinators)"),
                             required=False, max_length=500)


class LanguageForm(forms.Form):
    code = forms.CharField(label=_("Language code (for instance pt, fa or pt_BR)"),
                           max_length=35, required=False)


class GlossaryRowForm(forms.Form):
    """One row of a language's glossary."""

    term = forms.CharField(label=_("Term"), required=False, max_length=200)
    translation = forms.CharField(label=_("Agreed rendering"), required=False, max_length=200)
    note = forms.CharField(label=_("Note for translators"), required=False, max_length=500)


#: The glossary's table: its rows, three empty ones to add terms, each with a box to delete.
GlossaryFormSet = forms.formset_factory(GlossaryRowForm, extra=3, can_delete=True,
                                        max_num=2000, absolute_max=2000)
