import pytest

from richmedia import providers
from tests.support.wordpress import SITE_EXPORT, make_media_dir, run_import

# Nothing listens there: an embed's title lookup at save time fails fast instead of leaving the machine.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _no_oembed_lookups(settings):
    settings.OEMBED_PROVIDERS_BASE_URLS = {
        provider.name: f"{UNREACHABLE}/{provider.name}" for provider in providers.PROVIDERS
    }
    settings.OEMBED_TIMEOUT = 1


@pytest.fixture
def media_dir(tmp_path):
    """The export's wp-content/uploads folder, with the files the fixture export expects (and two missing)."""
    return make_media_dir(tmp_path / "export")


@pytest.fixture
def imported(media_dir):
    """The fixture site imported once; returns the command's output."""
    return run_import(SITE_EXPORT, "--media-dir", str(media_dir))
