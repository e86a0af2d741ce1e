from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Django's auth signals are the only hook for sign-in events; they write audit rows.
        from alongside.accounts import auth_events  # noqa: F401
