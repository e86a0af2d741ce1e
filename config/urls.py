from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from two_factor.urls import urlpatterns as two_factor_urls

from alongside.api.urls import api, unknown_endpoint
from alongside.core import views as core_views
from alongside.participants import views as participant_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health", core_views.health, name="health"),
    # accounts first: it replaces two_factor's login and setup views with its own subclasses.
    path("", include("alongside.accounts.urls")),
    path("", include(two_factor_urls)),
    path("programs/", include("alongside.programs.urls")),
    path("participants/", include("alongside.participants.urls")),
    # The public self-referral form (no account): /refer/<organization slug>/.
    path("refer/<slug:org_slug>/", participant_views.self_referral, name="self_referral"),
    path("refer/<slug:org_slug>/sent/", participant_views.self_referral_sent, name="self_referral_sent"),
    path("peers/", include("alongside.peers.urls")),
    path("audit/", include("alongside.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_endpoint),  # other API versions or paths: a 404 problem, not the HTML page
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
