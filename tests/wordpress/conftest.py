import pytest

from tests.support.wordpress import SITE_EXPORT, make_media_dir, run_import


@pytest.fixture
def media_dir(tmp_path):
    """The export's wp-content/uploads folder, with the files the fixture export expects (and two missing)."""
    return make_media_dir(tmp_path / "export")


@pytest.fixture
def imported(media_dir):
    """The fixture site imported once; returns the command's output."""
    return run_import(SITE_EXPORT, "--media-dir", str(media_dir))
