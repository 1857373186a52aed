"""Headless Chromium for the HTML tests: Debian's chromium, installed here when absent, driven by Playwright
(which uses that executable — it never downloads a browser of its own)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str:
    """Path of Debian's chromium; installs the package with apt-get when it is missing."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True, timeout=900, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"],
        check=True,
        capture_output=True,
        timeout=1800,
        env=env,
    )
    return shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def browser_page(html_path: Path) -> Iterator[object]:
    """A Playwright page showing ``html_path`` from disk (file://, no server, no network)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(html_path.resolve().as_uri())
            yield page
        finally:
            browser.close()
