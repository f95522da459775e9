"""Sign-in: lockout after repeated failures (by username and by address), cool-off, unlock, two-factor, sessions."""

import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.staff import PASSWORD, make_staff

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


def sign_in(username, password, *, ip="203.0.113.10", client=None, **headers):
    client = client or Client()
    response = client.post(
        f"{LOGIN_URL}?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )
    return client, response


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail_times(username, times, *, ip="203.0.113.10"):
    for _ in range(times):
        _, response = sign_in(username, "wrong password", ip=ip)
        assert response.status_code in (200, 429)


class TestLockout:
    def test_a_correct_password_works_before_the_limit(self):
        make_staff("editor", "alice")
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT - 1)
        _, response = sign_in("alice", PASSWORD)
        assert signed_in(response)

    def test_the_limit_locks_the_username_even_from_another_address(self):
        make_staff("editor", "alice")
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT, ip="198.51.100.1")
        _, response = sign_in("alice", PASSWORD, ip="192.0.2.77")
        assert response.status_code == 429
        assert b"too many login attempts" in response.content.lower()
        assert "_auth_user_id" not in Client().session.keys()

    def test_the_limit_locks_the_address_for_every_username(self):
        make_staff("editor", "alice")
        for number in range(django_settings.AXES_FAILURE_LIMIT):
            fail_times(f"guess{number}", 1, ip="198.51.100.2")
        _, from_attacker = sign_in("alice", PASSWORD, ip="198.51.100.2")
        _, from_elsewhere = sign_in("alice", PASSWORD, ip="192.0.2.8")
        assert from_attacker.status_code == 429
        assert signed_in(from_elsewhere)

    def test_a_lockout_expires_after_the_cool_off(self, time_machine):
        make_staff("editor", "alice")
        time_machine.move_to(timezone.now(), tick=False)
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT)
        time_machine.shift(django_settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
        assert sign_in("alice", PASSWORD)[1].status_code == 429
        time_machine.shift(timedelta(minutes=2))
        assert signed_in(sign_in("alice", PASSWORD)[1])

    def test_tries_during_a_lockout_do_not_extend_it(self, time_machine):
        make_staff("editor", "alice")
        time_machine.move_to(timezone.now(), tick=False)
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT)
        for _ in range(3):
            time_machine.shift(timedelta(minutes=4))
            fail_times("alice", 1, ip="198.51.100.99")
        time_machine.shift(django_settings.AXES_COOLOFF_TIME - timedelta(minutes=12) + timedelta(seconds=30))
        assert signed_in(sign_in("alice", PASSWORD)[1])

    def test_failures_are_recorded_and_logged(self, caplog):
        make_staff("editor", "alice")
        with caplog.at_level("WARNING", logger="axes"):
            fail_times("alice", 2, ip="198.51.100.3")
        assert AccessFailureLog.objects.filter(username="alice", ip_address="198.51.100.3").count() == 2
        assert AccessAttempt.objects.get(username="alice").failures_since_start == 2
        assert any("login failure" in message.lower() for message in caplog.messages)
        # The password typed is never stored.
        assert "wrong password" not in AccessAttempt.objects.get(username="alice").post_data

    def test_the_reset_command_unlocks_a_username(self):
        make_staff("editor", "alice")
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT)
        call_command("axes_reset_username", "alice", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert signed_in(sign_in("alice", PASSWORD)[1])

    def test_an_admin_can_unlock_from_the_admin(self):
        make_staff("editor", "alice")
        admin_user = make_staff("admin", "root")
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT)
        attempt = AccessAttempt.objects.get(username="alice")
        client = Client()
        client.force_login(admin_user)
        changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
        assert changelist.status_code == 200
        assert b"alice" in changelist.content
        response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert signed_in(sign_in("alice", PASSWORD)[1])

    def test_an_editor_cannot_see_or_lift_lockouts(self):
        editor = make_staff("editor", "ed")
        client = Client()
        client.force_login(editor)
        assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403

    def test_a_successful_sign_in_clears_earlier_failures(self):
        make_staff("editor", "alice")
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT - 1)
        assert signed_in(sign_in("alice", PASSWORD)[1])
        fail_times("alice", django_settings.AXES_FAILURE_LIMIT - 1)
        assert signed_in(sign_in("alice", PASSWORD)[1])


class TestClientAddress:
    def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        make_staff("editor", "alice")
        for number in range(django_settings.AXES_FAILURE_LIMIT):
            sign_in(f"guess{number}", "x", ip="198.51.100.4", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
        assert sign_in("alice", PASSWORD, ip="198.51.100.4", HTTP_X_FORWARDED_FOR="10.9.9.9")[1].status_code == 429

    def test_behind_one_proxy_the_address_it_saw_counts(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        make_staff("editor", "alice")
        for number in range(django_settings.AXES_FAILURE_LIMIT):
            # The attacker adds a fake left-hand entry; the proxy appends the real address.
            sign_in(f"guess{number}", "x", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 198.51.100.5")
        assert AccessAttempt.objects.filter(ip_address="198.51.100.5").count() == django_settings.AXES_FAILURE_LIMIT
        locked = sign_in("alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")[1]
        other = sign_in("alice", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.20")[1]
        assert locked.status_code == 429
        assert signed_in(other)


class TestForceLoginIsUnaffected:
    def test_tests_that_force_login_reach_the_admin(self):
        client = Client()
        client.force_login(make_staff("editor", "ed"))
        assert client.get("/admin/").status_code == 200

    def test_client_login_without_a_request_still_works(self):
        make_staff("editor", "ed")
        client = Client()
        assert client.login(username="ed", password=PASSWORD)
        assert client.get("/admin/").status_code == 200


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


class TestTwoFactor:
    def test_admins_must_enrol_when_the_setting_is_on(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = True
        client = Client()
        client.force_login(make_staff("admin", "root"))
        response = client.get("/admin/articles/article/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_otp_setup"))

    def test_admins_are_not_asked_when_the_setting_is_off(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = False
        client = Client()
        client.force_login(make_staff("admin", "root"))
        assert client.get("/admin/").status_code == 200

    def test_writers_and_editors_without_a_device_are_not_forced(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = True
        for role in ("writer", "editor"):
            client = Client()
            client.force_login(make_staff(role, f"user-{role}"))
            assert client.get("/admin/").status_code == 200

    def test_enrolment_confirms_the_device_with_a_code_and_opens_the_admin(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = True
        user = make_staff("admin", "root")
        client = Client()
        client.force_login(user)
        page = client.get(reverse("security_otp_setup"), {"next": "/admin/articles/"})
        assert page.status_code == 200
        assert b"data:image/png;base64," in page.content
        assert not TOTPDevice.objects.filter(user=user).exists()  # nothing is stored by looking
        device = TOTPDevice(user=user, key=client.session["security_otp_setup_key"])

        wrong = client.post(reverse("security_otp_setup"), {"token": "000000", "next": "/admin/articles/"})
        assert wrong.status_code == 200
        assert b"did not match" in wrong.content
        assert not TOTPDevice.objects.filter(user=user).exists()

        right = client.post(reverse("security_otp_setup"), {"token": current_code(device), "next": "/admin/articles/"})
        assert right.status_code == 302
        assert right["Location"] == "/admin/articles/"
        assert TOTPDevice.objects.get(user=user).confirmed
        assert client.get("/admin/").status_code == 200

    def test_a_staff_member_with_a_device_must_give_a_code_each_session(self, time_machine):
        time_machine.move_to(timezone.now(), tick=False)
        user = make_staff("editor", "ed")
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_otp_verify"))
        assert client.get("/").status_code == 200  # public pages are never gated

        assert client.post(reverse("security_otp_verify"), {"token": "123456"}).status_code == 200
        time_machine.shift(timedelta(seconds=5))
        response = client.post(reverse("security_otp_verify"), {"token": current_code(device), "next": "/admin/"})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_the_next_address_cannot_send_the_editor_elsewhere(self):
        user = make_staff("editor", "ed")
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        client.force_login(user)
        response = client.post(
            reverse("security_otp_verify"), {"token": current_code(device), "next": "https://evil.example/"}
        )
        assert response["Location"] == "/admin/"

    def test_a_second_device_needs_the_first_one(self):
        user = make_staff("editor", "ed")
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        client.force_login(user)
        response = client.get(reverse("security_otp_setup"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_otp_verify"))
        assert TOTPDevice.objects.filter(user=user).count() == 1

    def test_the_staff_preview_is_gated_too(self, settings):
        settings.REQUIRE_2FA_FOR_ADMINS = True
        client = Client()
        client.force_login(make_staff("admin", "root"))
        response = client.get("/preview/1/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_otp_setup"))

    def test_anonymous_visitors_are_sent_to_the_login_not_to_enrolment(self):
        response = Client().get(reverse("security_otp_setup"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


class TestSessions:
    def test_changing_the_password_ends_every_other_session(self):
        user = make_staff("editor", "ed")
        here, elsewhere = Client(), Client()
        here.force_login(user)
        elsewhere.force_login(user)
        assert elsewhere.get("/admin/").status_code == 200

        response = here.post(
            reverse("admin:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a new long passphrase 42",
                "new_password2": "a new long passphrase 42",
            },
        )
        assert response.status_code == 302
        assert here.get("/admin/").status_code == 200  # the session that changed it stays signed in
        gone = elsewhere.get("/admin/")
        assert gone.status_code == 302
        assert gone["Location"].startswith(reverse("admin:login"))

    def test_the_session_cookie_is_http_only(self):
        make_staff("editor", "ed")
        _, response = sign_in("ed", PASSWORD)
        assert response.cookies["sessionid"]["httponly"]

    @pytest.mark.slow
    def test_production_settings_make_cookies_secure_and_http_only(self):
        code = (
            "import newsroom.settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
        )
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SECRET_KEY": "a-production-like-key-" + "k" * 40,
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            env=env,
            cwd=django_settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split() == ["True", "True", "True", "True"]
