"""Test settings: the real settings with a fast hasher, in-memory email and immediate tasks."""

import os
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AUDIT_ANCHOR_DIR = Path(tempfile.mkdtemp(prefix="alongside-anchor-"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_FAILURE_LIMIT = 5

# Test processes (pytest-xdist workers, or two runs at once) share one Redis: each gets its own key
# space for the cache and the channel layer, so equal ids in different test databases never meet.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test{os.getpid()}"  # noqa: F405
    CHANNEL_LAYERS = {  # noqa: F405
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"asgi-test{os.getpid()}"},  # noqa: F405
        }
    }

# Each test client would otherwise make WhiteNoise scan the static folder again.
WHITENOISE_AUTOREFRESH = True
