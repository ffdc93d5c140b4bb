"""Dutch is the UI language, English the second one (Django i18n).

Dutch is the source language: the msgids are Dutch and veilignet/locale/en/LC_MESSAGES/django.po
translates them to English. The compiled .mo is committed (CI installs no gettext tools), so it must
match the .po. The language switch in the header posts to Django's set_language; the public
self-check stays without it and without cookies.
"""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "veilignet" / "locale" / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


# --- the catalogue -----------------------------------------------------------------------------------

def _parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (polib when installed, else this small parser of what makemessages writes)."""
    try:
        import polib
    except ImportError:
        polib = None
    if polib is not None:
        return [{"msgid": e.msgid, "msgstr": e.msgstr, "flags": set(e.flags), "obsolete": e.obsolete,
                 "plural": e.msgid_plural or None, "msgstr_plural": dict(e.msgstr_plural)}
                for e in polib.pofile(str(path))]
    entries, cur, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if cur is not None and cur["msgid"] is not None:
                entries.append(cur)
            cur, key = None, None
            continue
        if cur is None:
            cur = {"msgid": None, "msgstr": "", "flags": set(), "obsolete": False, "plural": None,
                   "msgstr_plural": {}}
        if line.startswith("#~"):
            cur["obsolete"] = True
        elif line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key, cur["plural"] = "plural", ast.literal_eval(line[len("msgid_plural "):])
        elif line.startswith("msgid "):
            key, cur["msgid"] = "msgid", ast.literal_eval(line[len("msgid "):])
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr["):line.index("]")])
            key = ("plural", index)
            cur["msgstr_plural"][index] = ast.literal_eval(line[line.index("]") + 2:])
        elif line.startswith("msgstr "):
            key, cur["msgstr"] = "msgstr", ast.literal_eval(line[len("msgstr "):])
        elif line.startswith('"'):
            if isinstance(key, tuple):
                cur["msgstr_plural"][key[1]] += ast.literal_eval(line)
            else:
                cur[key] += ast.literal_eval(line)
    return entries


def _messages(entries) -> list[dict]:
    return [e for e in entries if e["msgid"] and not e["obsolete"]]


def _mo_catalogue(path: Path) -> dict:
    with open(path, "rb") as fh:
        catalogue = dict(gettext.GNUTranslations(fh)._catalog)
    catalogue.pop("", None)  # the header
    return catalogue


def test_po_exists_with_many_messages():
    entries = _messages(_parse_po(PO))
    assert len(entries) > 500  # templates, forms, model choices, messages, menus
    ids = {e["msgid"] for e in entries}
    for msgid in ("Werklijst", "Inloggen", "Melding registreren", "veiligheidsplan", "Casusregisseur"):
        assert msgid in ids, msgid


def test_every_entry_is_translated_and_not_fuzzy():
    untranslated, fuzzy = [], []
    for e in _messages(_parse_po(PO)):
        if "fuzzy" in e["flags"]:
            fuzzy.append(e["msgid"])
        if e["plural"] is not None:
            if not e["msgstr_plural"] or not all(e["msgstr_plural"].values()):
                untranslated.append(e["msgid"])
        elif not e["msgstr"].strip():
            untranslated.append(e["msgid"])
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_translations_keep_placeholders_and_markup():
    """A translation that drops %(name)s would raise or lose data at run time; HTML entities stay HTML."""
    for e in _messages(_parse_po(PO)):
        translations = [e["msgstr"]] if e["plural"] is None else list(e["msgstr_plural"].values())
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(e["msgid"])), e["msgid"]
            for entity in re.findall(r"&\w+;", e["msgid"]):
                assert entity in text, e["msgid"]


def test_domain_terms_have_their_agreed_english():
    catalogue = {e["msgid"]: e["msgstr"] for e in _messages(_parse_po(PO))}
    assert catalogue["Melding registreren"] == "Register report"
    assert catalogue["Dossier"] == "Case"
    assert catalogue["Casusregisseur"] == "Case director"
    assert catalogue["veiligheidsplan"] == "safety plan"
    assert catalogue["BORG-traject"] == "BORG trajectory"
    assert catalogue["Veilig Thuis"] == "Veilig Thuis"


def test_mo_is_up_to_date_with_po():
    """The committed .mo holds exactly the translated, non-fuzzy messages of the .po."""
    expected = {}
    for e in _messages(_parse_po(PO)):
        if "fuzzy" in e["flags"]:
            continue
        if e["plural"] is None:
            if e["msgstr"]:
                expected[e["msgid"]] = e["msgstr"]
        else:
            for index, text in e["msgstr_plural"].items():
                expected[(e["msgid"], index)] = text
    assert MO.exists(), "run manage.py compilemessages and commit django.mo"
    assert _mo_catalogue(MO) == expected, "django.mo is stale: run manage.py compilemessages"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_mo_equals_a_fresh_compile(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert _mo_catalogue(MO) == _mo_catalogue(fresh)


def test_mo_is_not_git_ignored():
    if shutil.which("git") is None or not (Path(settings.BASE_DIR) / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "-q", str(MO)], cwd=settings.BASE_DIR)
    assert result.returncode == 1, "django.mo is git-ignored; CI needs it in the repository"


# --- pages in both languages ---------------------------------------------------------------------------

def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_login_page_in_dutch_by_default_and_for_dutch_browsers():
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "fr, de"}):
        html = _text(Client(**headers).get(reverse("accounts:login")))
        assert '<html lang="nl">' in html
        assert "Inloggen bij VeiligNet" in html and "Gebruikersnaam" in html and "Wachtwoord" in html
        assert "Log in to VeiligNet" not in html


@pytest.mark.django_db
def test_login_page_in_english():
    response = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get(reverse("accounts:login"))
    html = _text(response)
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    for text in ("Log in to VeiligNet", "Username", "Password", "Acute danger? Call 112.", "Skip to content"):
        assert text in html, text
    for dutch in ("Inloggen bij VeiligNet", "Gebruikersnaam", "Wachtwoord", "Naar de inhoud"):
        assert dutch not in html, dutch


@pytest.mark.django_db
def test_login_error_follows_the_language(make_user):
    make_user("vt1")
    data = {"username": "vt1", "password": "fout-wachtwoord"}
    assert "Gebruikersnaam of wachtwoord klopt niet" in _text(Client().post(reverse("accounts:login"), data))
    english = _text(Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("accounts:login"), data))
    assert "Username or password is incorrect" in english


def _worklist(client, user, make_case):
    make_case(user)
    client.force_login(user)
    return _text(client.get(reverse("cases:worklist")))


@pytest.mark.django_db
def test_worklist_in_dutch(make_user, make_case):
    html = _worklist(Client(), make_user(), make_case)
    assert '<html lang="nl">' in html
    for text in ("Werklijst", "Melding registreren", ">Huishouden<", "Casusregisseur", "Uitloggen", "Zoeken",
                 "1 dossier<", "nog niet beoordeeld"):
        assert text in html, text
    assert "Worklist" not in html and "Register report" not in html


@pytest.mark.django_db
def test_worklist_in_english(make_user, make_case):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _worklist(client, make_user(), make_case)
    assert '<html lang="en">' in html
    for text in ("Worklist", "Register report", ">Household<", "Case director", "Log out", "Search", "Phase",
                 "1 case<", "not yet assessed"):
        assert text in html, text
    for dutch in ("Werklijst", "Melding registreren", ">Huishouden<", "Uitloggen", ">Zoeken<", "nog niet beoordeeld"):
        assert dutch not in html, dutch
    # model choice labels too (the phase of the new case)
    assert "immediate safety" in html and "directe veiligheid" not in html


@pytest.mark.django_db
def test_menu_items_and_messages_are_translated(make_user, make_case):
    user = make_user(roles=("medewerker", "privacy_officer"))
    case = make_case(user)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    html = _text(client.get(reverse("cases:detail", kwargs={"case_id": case.pk})))
    assert "My tasks" in html and "Privacy officer" in html and "Mijn taken" not in html
    response = client.post(reverse("cases:note_add", kwargs={"case_id": case.pk}), {"body": "Gesprek gevoerd."},
                           follow=True)
    assert "Note added." in _text(response)


# --- the switch ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_switch_is_in_the_header_as_a_post_form_without_inline_code(make_user):
    client = Client()
    client.force_login(make_user())
    html = client.get(reverse("cases:worklist")).content.decode()
    header = html[html.index("<header"):html.index("</header>")]
    form = re.search(r'<form method="post" action="/i18n/setlang/"[^>]*>(.*?)</form>', header, re.S)
    assert form, "no language switch in the header"
    body = form.group(1)
    assert 'name="csrfmiddlewaretoken"' in body and 'name="next" value="/dossiers/"' in body
    assert re.search(r'<button type="submit" name="language" value="en" lang="en"[^>]*>English</button>', body)
    assert re.search(r'<button type="submit" name="language" value="nl" lang="nl"[^>]*'
                     r'aria-pressed="true"[^>]*>Nederlands</button>', body)
    assert "style=" not in body and "onclick" not in body and "onchange" not in body and "<script" not in body


@pytest.mark.django_db
def test_switch_changes_the_language_and_back(make_user):
    client = Client(enforce_csrf_checks=False)
    client.force_login(make_user())
    response = client.post(reverse("set_language"), {"language": "en", "next": "/dossiers/"})
    assert response.status_code == 302 and response["Location"] == "/dossiers/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "Worklist" in _text(client.get("/dossiers/"))
    client.post(reverse("set_language"), {"language": "nl", "next": "/dossiers/"})
    html = _text(client.get("/dossiers/"))
    assert "Werklijst" in html and "Worklist" not in html


@pytest.mark.django_db
def test_switch_works_on_the_login_page_and_refuses_foreign_redirects():
    client = Client()
    html = _text(client.get(reverse("accounts:login")))
    assert 'action="/i18n/setlang/"' in html
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    assert "Log in to VeiligNet" in _text(client.get(reverse("accounts:login")))
    # an unknown language is ignored: the page stays Dutch
    other = Client()
    other.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert "Inloggen bij VeiligNet" in _text(other.get(reverse("accounts:login")))


@pytest.mark.django_db
def test_switch_reachable_before_two_factor_verification(make_user, settings):
    """A user who must still enter a TOTP code can switch the language of that page."""
    settings.REQUIRE_2FA = True
    client = Client()
    client.force_login(make_user())
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("access:totp_setup")})
    assert response.status_code == 302 and response["Location"] == reverse("access:totp_setup")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_selfcheck_has_no_switch_and_sets_no_cookie_in_any_language():
    for client in (Client(HTTP_ACCEPT_LANGUAGE="en"), Client()):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for response in (client.get("/zelftest/"), client.post("/zelftest/", {"keel": "ja"})):
            assert response.status_code == 200
            assert "Set-Cookie" not in response.headers and not response.cookies
            html = response.content.decode()
            assert "setlang" not in html and "csrfmiddlewaretoken" not in html
            assert '<html lang="nl">' in html and response["Content-Language"] == "nl"  # Dutch only


# --- the API -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_keeps_dutch_names_and_errors_follow_accept_language():
    dutch = Client().get("/api/v1/dossiers")
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/dossiers")
    assert dutch.status_code == english.status_code and dutch.status_code in (401, 403)
    assert dutch.json()["title"] in ("Niet geauthenticeerd.", "Geen toegang.")
    assert english.json()["title"] in ("Not authenticated.", "Access denied.")
    assert set(dutch.json()) == set(english.json())  # same field names in both languages



# --- every template's text is marked --------------------------------------------------------------------

# Pages that are Dutch only on purpose: the public self-check (no switch, no cookie; see public_views).
DUTCH_ONLY = {"risk/selfcheck.html"}
NOT_WORDS = {"VeiligNet", "BORG", "BSN", "PDF", "CSV", "AUC", "SVG", "GGZ", "LVB", "MDA++", "ZSM"}
_TOKEN = re.compile(r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<!--.*?-->|<(?:[^>{]|\{\{.*?\}\}|\{%.*?%\}|\{(?![{%#]))*>)",
                    re.S)
_ATTRS = re.compile(r'\b(aria-label|placeholder|title|alt)="([^"{}]*[A-Za-z]{2,}[^"{}]*)"')


def _unmarked(source: str) -> list[str]:
    """Visible text (text nodes and labelling attributes) outside {% translate %}/{% blocktranslate %}."""
    found, skip = [], None
    for i, part in enumerate(_TOKEN.split(source)):
        if i % 2 == 1:
            opener = re.match(r"\{%\s*(comment|blocktranslate|blocktrans|verbatim)\b", part)
            if skip is None and opener:
                skip = opener.group(1)
            elif skip is None and re.match(r"<(script|style)\b", part):
                skip = "element"
            elif skip == "element" and re.match(r"</(script|style)", part):
                skip = None
            elif skip and re.match(r"\{%\s*end" + skip + r"\b", part):
                skip = None
            elif skip is None and part.startswith("<"):
                found += [m.group(2) for m in _ATTRS.finditer(part)]
        elif skip is None:
            text = part.strip()
            words = re.findall(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\-]+", text)
            if any(w not in NOT_WORDS and not w.isupper() for w in words) and not re.fullmatch(r"&\w+;", text):
                found.append(text)
    return found


def test_every_template_text_is_marked_for_translation():
    root = Path(settings.BASE_DIR) / "veilignet"
    problems = {}
    for path in sorted(root.glob("**/templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        if name in DUTCH_ONLY:
            continue
        unmarked = _unmarked(path.read_text(encoding="utf-8"))
        if unmarked:
            problems[name] = unmarked[:3]
    assert not problems, f"unmarked template text (wrap it in {{% translate %}}): {problems}"


def test_the_unmarked_text_check_finds_text():
    assert _unmarked('<p title="Sluiten">Hallo {{ x }}</p>') == ["Sluiten", "Hallo"]
    assert _unmarked('<p>{% translate "Hallo" %} {% blocktranslate %}Dag {{ x }}{% endblocktranslate %}</p>') == []
    assert _unmarked("<th>BSN</th><td>VeiligNet · PDF</td>") == []
