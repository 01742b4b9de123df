"""Headless Chromium (Debian's chromium + chromium-driver) for tests of the HTML pages, and a local
HTTP server that plays the app's callback URL."""

from __future__ import annotations

import contextlib
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver",)


def _first(paths: tuple[str, ...], name: str) -> str:
    for path in paths:
        if shutil.which(path):
            return path
    found = shutil.which(name)
    if found:
        return found
    raise AssertionError(
        f"{name} is not installed: the browser tests need Debian's chromium and chromium-driver "
        "(bash scripts/bootstrap.sh --dev installs them)"
    )


@contextlib.contextmanager
def chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = _first(CHROMIUM, "chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(_first(CHROMEDRIVER, "chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


class AppCallback:
    """http://127.0.0.1:<port>/... : records every URL the browser is sent to and answers 200."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                owner.hits.append(f"http://127.0.0.1:{owner.port}{self.path}")
                body = b"<!doctype html><title>App</title><p id='app'>back in the app</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> AppCallback:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def virtual_authenticator(driver) -> str:
    """Gives the browser a platform authenticator of Chromium's WebAuthn domain (DevTools protocol):
    CTAP2 over `internal`, with resident keys and user verification that always succeeds, so that
    navigator.credentials.create() and .get() answer at once, without a prompt. Returns its id."""
    driver.execute_cdp_cmd("WebAuthn.enable", {"enableUI": False})
    added = driver.execute_cdp_cmd(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return added["authenticatorId"]


def authenticator_credentials(driver, authenticator_id: str) -> list[dict]:
    """The credentials the virtual authenticator holds (id, rpId, signCount, ...)."""
    return driver.execute_cdp_cmd("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
