from django.urls import path

from alongside.participants import views

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("mine/", views.participant_mine, name="mine"),
    path("new/", views.participant_create, name="create"),
    path("<uuid:participant_id>/", views.participant_detail, name="detail"),
    path("<uuid:participant_id>/edit/", views.participant_edit, name="edit"),
    path("<uuid:participant_id>/enrollments/", views.enrollment_create, name="enroll"),
    path("<uuid:participant_id>/assign/", views.peer_assign, name="assign"),
    path("<uuid:participant_id>/consents/new/", views.consent_create, name="consent_create"),
    path("enrollments/<int:enrollment_id>/status/", views.enrollment_status, name="enrollment_status"),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("referrals/", views.referral_queue, name="referral_queue"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:referral_id>/waitlist/", views.referral_waitlist, name="referral_waitlist"),
    path("referrals/<int:referral_id>/decline/", views.referral_decline, name="referral_decline"),
]
