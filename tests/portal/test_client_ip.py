"""portal.client_ip: the Nth-from-right X-Forwarded-For entry behind N trusted proxies."""

from django.test import RequestFactory

from portal.client_ip import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_no_trusted_proxy_uses_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("192.0.2.1", "203.0.113.5")) == "192.0.2.1"


def test_one_proxy_takes_the_rightmost_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.1", "203.0.113.9, 198.51.100.4")) == "198.51.100.4"


def test_two_proxies_take_the_second_from_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.1", "6.6.6.6, 198.51.100.4, 10.0.0.2")) == "198.51.100.4"


def test_missing_header_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.1")) == "10.0.0.1"
