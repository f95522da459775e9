"""The WordPress import in the admin: imported posts and legacy addresses, listed and searchable."""

import pytest

pytestmark = pytest.mark.django_db


class TestAdmin:
    def test_imported_posts_and_legacy_addresses_are_listed(self, admin_client, imported):
        for url in ["/admin/wordpress/importedpost/", "/admin/wordpress/legacyredirect/?q=statins"]:
            response = admin_client.get(url)
            assert response.status_code == 200, url
            assert "statins" in response.content.decode().lower()
