"""Benchmark: bytes transferred for the public self-check page (HTML + every static file it loads),
uncompressed, for the empty form and for a result page.

Run: .venv/bin/python bench/risk_selfcheck_size.py
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veilignet.settings")
os.environ.setdefault("VEILIGNET_REQUIRE_2FA", "0")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def measure(resp) -> tuple[int, list[tuple[str, int]]]:
    html = resp.content
    parts = [("html", len(html))]
    for path in re.findall(rb'(?:src|href)="/static/([^"]+)"', html):
        parts.append((path.decode(), Path(finders.find(path.decode())).stat().st_size))
    return sum(p[1] for p in parts), parts


def main():
    setup_test_environment()
    c = Client()
    for label, resp in (("formulier (GET)", c.get("/zelftest/")),
                        ("uitslag (POST)", c.post("/zelftest/", {"keel": "ja", "weg": "ja", "geld": "ja"}))):
        total, parts = measure(resp)
        cookies = "geen" if "Set-Cookie" not in resp.headers else resp.headers["Set-Cookie"]
        print(f"zelftest {label}: {total / 1024:.1f} KB ({', '.join(f'{n} {b} B' for n, b in parts)}); "
              f"Set-Cookie: {cookies}")


if __name__ == "__main__":
    main()
