from django.urls import path

from alongside.peers import views

app_name = "peers"

urlpatterns = [
    path("", views.team, name="team"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("me/time-off/", views.time_off_add, name="time_off_add"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/standard/", views.training_seed_defaults, name="trainings_seed"),
    path("supervision/", views.supervision_list, name="supervision"),
    path("supervision/new/", views.supervision_record, name="supervision_add"),
    path("supervision/<int:session_id>/", views.supervision_detail, name="supervision_detail"),
    path("ethics/", views.ethics, name="ethics"),
    path("ethics/acknowledge/", views.ethics_acknowledge, name="ethics_acknowledge"),
    path("<int:user_id>/", views.peer_detail, name="detail"),
    path("<int:user_id>/trainings/new/", views.completion_record, name="completion_add"),
    path("<int:user_id>/credentials/new/", views.credential_add, name="credential_add"),
]
