from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "frontdesk.accounts"
    label = "accounts"

    def ready(self) -> None:
        from frontdesk.accounts.models import TotpDevice
        from frontdesk.core import crypto

        # Re-encrypted by `frontdesk rotate-encryption-key` (core/crypto.py).
        crypto.register(TotpDevice, "secret_encrypted")
