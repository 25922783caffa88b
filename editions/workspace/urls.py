"""The workspace's addresses: /<language>/<statement>/<segment key>/, under the namespace
"workspace"; the interface language is switched by Django's own view at /i18n/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from . import views

_LANG = r"(?P<language>[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*)"
_SLUG = r"(?P<statement>[a-z0-9][a-z0-9-]{0,59})"
_KEY = r"(?P<key>[0-9a-f]{16})"

workspace_patterns = [
    path("", views.languages_page, name="languages"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    re_path(rf"^team/{_LANG}/$", views.team_page, name="team"),
    re_path(rf"^join/{_LANG}/$", views.signup, name="signup"),
    re_path(r"^join/(?P<token>[A-Za-z0-9_-]{20,100})/$", views.join, name="join"),
    re_path(rf"^{_LANG}/$", views.statements_page, name="statements"),
    re_path(rf"^{_LANG}/{_SLUG}/$", views.segments_page, name="segments"),
    re_path(rf"^{_LANG}/{_SLUG}/claim$", views.claim, name="claim"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/$", views.segment_page, name="segment"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/check$", views.live_check, name="check"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/comments$", views.comment, name="comment"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/history/(?P<number>[0-9]{{1,12}})/revert$",
            views.revert, name="revert"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/suggestions/(?P<number>[0-9]{{1,12}})$", views.decide,
            name="decide"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((workspace_patterns, "workspace"))),
]
