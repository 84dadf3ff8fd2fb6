"""The SSRF guard: only public https addresses, loopback over http only when allowed."""

from __future__ import annotations

import socket

import pytest

from okconf.webhooks import urls
from okconf.webhooks.urls import UnsafeAddress, resolve

REFUSED = [
    "http://93.184.216.34/hook",  # http to the internet
    "https://10.0.0.5/hook",
    "https://192.168.1.1/hook",
    "https://172.16.0.1/hook",
    "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://127.0.0.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fd00::1]/hook",
    "https://[fe80::1]/hook",
    "https://0.0.0.0/hook",
    "https://224.0.0.1/hook",
    "https://localhost/hook",
    "https://user:pw@93.184.216.34/hook",
    "javascript:alert(1)",
    "ftp://93.184.216.34/",
    "file:///etc/passwd",
    "https:///nohost",
    "https://93.184.216.34:99999/",
    "https://93.184.216.34/a b",
    "https://93.184.216.34/\x00",
    "",
    "https://" + "a" * 3000 + ".org/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url):
    with pytest.raises(UnsafeAddress) as refused:
        resolve(url, allow_loopback=False)
    assert refused.value.field == "url" and str(refused.value)


def test_a_public_address_is_called_at_the_address_checked():
    target = resolve("https://93.184.216.34:8443/hook?x=1", allow_loopback=False)
    assert target.url == "https://93.184.216.34:8443/hook?x=1"
    assert target.host_header == "93.184.216.34:8443"


def test_a_name_is_pinned_to_its_checked_address_with_its_name_for_tls(monkeypatch):
    calls = []

    def fake(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(urls.socket, "getaddrinfo", fake)
    target = resolve("https://crm.example.org/okconf", allow_loopback=False)
    assert calls == ["crm.example.org"]
    assert target.url == "https://93.184.216.34/okconf"
    assert target.host_header == "crm.example.org"
    assert target.sni_hostname == "crm.example.org"


def test_one_private_answer_among_public_ones_is_refused(monkeypatch):
    def fake(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(urls.socket, "getaddrinfo", fake)
    with pytest.raises(UnsafeAddress):
        resolve("https://rebind.example.org/", allow_loopback=False)


def test_loopback_only_with_the_flag_and_never_other_private_addresses():
    assert resolve("http://127.0.0.1:8080/x", allow_loopback=True).url == (
        "http://127.0.0.1:8080/x"
    )
    assert resolve("https://[::1]:8443/x", allow_loopback=True).url == "https://[::1]:8443/x"
    with pytest.raises(UnsafeAddress):
        resolve("http://10.0.0.5/x", allow_loopback=True)
    with pytest.raises(UnsafeAddress):
        resolve("http://93.184.216.34/x", allow_loopback=True)  # http only to loopback


def test_a_name_that_cannot_be_found(monkeypatch):
    def fake(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(urls.socket, "getaddrinfo", fake)
    with pytest.raises(UnsafeAddress, match="could not be found"):
        resolve("https://nowhere.example.org/", allow_loopback=False)
