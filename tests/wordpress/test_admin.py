"""The WordPress import in the admin: imported posts and pages and legacy addresses, listed and searchable."""

import pytest

pytestmark = pytest.mark.django_db


class TestAdmin:
    def test_imported_posts_and_legacy_addresses_are_listed(self, admin_client, imported):
        for url in ["/admin/wordpress/importedpost/", "/admin/wordpress/legacyredirect/?q=statins"]:
            response = admin_client.get(url)
            assert response.status_code == 200, url
            assert "statins" in response.content.decode().lower()

    def test_imported_pages_are_listed(self, admin_client, imported):
        response = admin_client.get("/admin/wordpress/importedpage/")
        assert response.status_code == 200
        assert "About us" in response.content.decode()
