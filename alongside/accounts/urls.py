from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from alongside.accounts import views

app_name = "accounts"

urlpatterns = [
    # These take over two_factor's own URLs (config/urls.py includes this module first), so
    # reverse("two_factor:login") and the other two_factor names lead here.
    path("account/login/", views.SignInView.as_view(), name="login"),
    path("account/two_factor/setup/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("account/two_factor/qrcode/", views.TwoFactorQRView.as_view(), name="two_factor_qr"),
    path("account/two_factor/backup/tokens/", views.TwoFactorBackupCodesView.as_view(), name="two_factor_backup"),
    path("account/two_factor/disable/", views.TwoFactorDisableView.as_view(), name="two_factor_disable"),
    path("account/", views.profile, name="profile"),
    path("account/confirm-code/", views.confirm_code, name="confirm_code"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("people/", views.user_list, name="user_list"),
    path("people/invite/", views.invitation_create, name="invitation_create"),
    path("people/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("people/<int:user_id>/", views.user_detail, name="user_detail"),
    path("people/<int:user_id>/role/", views.user_role, name="user_role"),
    path("people/<int:user_id>/active/", views.user_active, name="user_active"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("network/", views.network, name="network"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            form_class=views.OutboxPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
