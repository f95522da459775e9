"""Admins need a second factor by default: on in production, off only by a setting or in local mode, and then said."""

import lxml.html
import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.newsroom.test_settings import run_in_production_mode
from tests.support.races import before_first_call, postgresql_only
from tests.support.staff import PASSWORD, make_staff

SHOW = ["-c", "import django; django.setup(); from django.conf import settings; print(settings.REQUIRE_2FA_FOR_ADMINS)"]
SECRET = "x" * 50


@pytest.mark.slow
@pytest.mark.parametrize(
    "env,required",
    [
        ({}, "True"),  # production: on
        ({"REQUIRE_2FA_FOR_ADMINS": "0"}, "False"),  # turned off on purpose
        ({"NEWSROOM_LOCAL": "1"}, "False"),  # make serve's demo
        ({"NEWSROOM_LOCAL": "1", "REQUIRE_2FA_FOR_ADMINS": "1"}, "True"),
    ],
    ids=["production", "turned-off", "local-mode", "local-mode-turned-on"],
)
def test_the_default_is_on_except_in_local_mode(env, required):
    done = run_in_production_mode(SHOW, DJANGO_SECRET_KEY=SECRET, NEWSROOM_ENV_FILE="", **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == required


def sign_in(client, username):
    response = client.post(f"{reverse('admin:login')}?next=/admin/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password sign-in failed"
    return client


@pytest.mark.django_db
class TestRequired:
    @pytest.fixture(autouse=True)
    def production_default(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = True

    @pytest.mark.parametrize("make", [lambda: make_staff("admin", "root"), lambda: make_staff(
        "editor", "chief", is_superuser=True)], ids=["admin-role", "superuser"])  # fmt: skip
    def test_an_admin_signing_in_with_a_password_alone_must_enrol(self, make):
        user = make()
        client = sign_in(Client(), user.username)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_otp_setup"))

    def test_an_admin_with_a_device_gets_in_after_a_code(self):
        user = make_staff("admin", "root")
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = sign_in(Client(), user.username)
        assert client.get("/admin/")["Location"].startswith(reverse("security_otp_verify"))
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        assert client.post(reverse("security_otp_verify"), {"token": code, "next": "/admin/"}).status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_an_editor_is_not_forced(self):
        client = sign_in(Client(), make_staff("editor", "ed").username)
        assert client.get("/admin/").status_code == 200

    def test_no_notice_when_it_is_required(self, client):
        assert b'id="two-factor-off"' not in client.get(reverse("admin:login")).content


@pytest.mark.django_db
class TestTurnedOff:
    def test_every_admin_page_says_so(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = False
        settings.LOCAL_MODE = False
        login = Client().get(reverse("admin:login"))
        notice = lxml.html.fromstring(login.content).get_element_by_id("two-factor-off").text_content()
        assert "Two-factor sign-in is not required for admins" in notice
        assert "local mode" not in notice
        client = sign_in(Client(), make_staff("admin", "root").username)
        assert b'id="two-factor-off"' in client.get("/admin/").content

    def test_local_mode_says_why(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = False
        settings.LOCAL_MODE = True
        notice = lxml.html.fromstring(Client().get(reverse("admin:login")).content).get_element_by_id("two-factor-off")
        assert "local mode" in notice.text_content()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_each_count_against_the_throttle(settings, monkeypatch):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    user = make_staff("admin", "root")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = sign_in(Client(), user.username)
    another_guess = before_first_call(
        monkeypatch,
        TOTPDevice,
        "verify_token",
        lambda: TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=F("throttling_failure_count") + 1, throttling_failure_timestamp=timezone.now()
        ),
    )

    assert client.post(reverse("security_otp_verify"), {"token": "000000"}).status_code == 200
    another_guess.finish()

    device.refresh_from_db()
    assert device.throttling_failure_count == 2
