"""The workspace's addresses: /<language>/<statement>/<segment key>/, under the namespace
"workspace"; the interface language is switched by Django's own view at /i18n/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from .views import account, browse, builds, desk, review, team, translate

_LANG = r"(?P<language>[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*)"
_SLUG = r"(?P<statement>[a-z0-9][a-z0-9-]{0,59})"
_KEY = r"(?P<key>[0-9a-f]{16})"

workspace_patterns = [
    path("", browse.languages_page, name="languages"),
    path("login/", team.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account.account, name="account"),
    path("desk/", desk.desk_page, name="desk"),
    path("desk/import/", desk.import_page, name="desk-import"),
    path("desk/languages/", desk.add_language, name="desk-add-language"),
    re_path(rf"^desk/source/{_SLUG}/$", desk.source_page, name="desk-source"),
    re_path(rf"^desk/source/{_SLUG}/(?P<number>[0-9]{{1,6}})/$", desk.correct_page,
            name="desk-correct"),
    re_path(rf"^desk/{_LANG}/publish/$", desk.publish_page, name="desk-publish"),
    re_path(rf"^desk/{_LANG}/publish/{_SLUG}/$", desk.publish_action,
            name="desk-publish-action"),
    re_path(rf"^desk/{_LANG}/glossary/$", desk.glossary_page, name="desk-glossary"),
    path("builds/", builds.builds_page, name="builds"),
    re_path(rf"^team/{_LANG}/$", team.team_page, name="team"),
    re_path(rf"^join/{_LANG}/$", team.signup, name="signup"),
    re_path(r"^join/(?P<token>[A-Za-z0-9_-]{20,100})/$", team.join, name="join"),
    re_path(rf"^{_LANG}/$", browse.statements_page, name="statements"),
    re_path(rf"^{_LANG}/{_SLUG}/$", browse.segments_page, name="segments"),
    re_path(rf"^{_LANG}/{_SLUG}/claim$", translate.claim, name="claim"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/$", translate.segment_page, name="segment"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/check$", translate.live_check, name="check"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/comments$", review.comment, name="comment"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/history/(?P<number>[0-9]{{1,12}})/revert$",
            review.revert, name="revert"),
    re_path(rf"^{_LANG}/{_SLUG}/{_KEY}/suggestions/(?P<number>[0-9]{{1,12}})$", review.decide,
            name="decide"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((workspace_patterns, "workspace"))),
]
