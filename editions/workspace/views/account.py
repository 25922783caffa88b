"""A volunteer's own account: everything the workspace keeps about them, to download; what
they show of themselves outside it; and the account, to delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import publishing, signin, team
from ..context import current_project
from ..forms import DeleteAccountForm, PreferencesForm
from ..models import Preferences
from ..permissions import LoginNeeded


def account(request: HttpRequest) -> HttpResponse:
    """A volunteer's own data, to download, their choices, and their account, to delete
    (their accepted work stays, under a neutral name)."""
    if not request.user.is_authenticated:
        raise LoginNeeded
    user = request.user
    if request.GET.get("download"):
        response = JsonResponse(team.volunteer_data(user),
                                json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = 'attachment; filename="my-workspace-data.json"'
        return response
    preferences = PreferencesForm(
        request.POST if request.POST.get("action") == "preferences" else None,
        instance=Preferences.objects.filter(user=user).first() or Preferences(user=user))
    if preferences.is_bound:
        if preferences.is_valid():
            preferences.save()
            messages.success(request, _("Saved."))
        return redirect("workspace:account")
    form = DeleteAccountForm(user, signin.session_lane(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        logout(request)
        team.delete_account(user)
        publishing.publish_current_claims(current_project())  # (and from the public file)
        messages.success(request, _("Your account is deleted. Your accepted translations "
                                    "stay in the statements, without your name."))
        response = redirect("workspace:login")
        signin.forget_device(response)
        return response
    return render(request, "workspace/account.html", {"form": form, "preferences": preferences})
