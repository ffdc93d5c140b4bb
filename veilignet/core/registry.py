"""Extension points that let each app add to shared screens without the shared code importing it.

An app may provide, each optional:
  veilignet/<app>/menu.py    def items(user) -> list[tuple[label, url]]         (main menu)
  veilignet/<app>/panels.py  def case_panels(request, case) -> list[str]         (HTML blocks on the case page)
  veilignet/<app>/demo.py    def load(stdout, rng) -> None                        (demo data, after the base data)
"""

import importlib
import importlib.util

APPS = ("cases", "access", "risk", "offers", "borg", "network", "monitor")


def _modules(name: str):
    for app in APPS:
        module_name = f"veilignet.{app}.{name}"
        if importlib.util.find_spec(module_name) is not None:
            yield importlib.import_module(module_name)


def menu_items(user) -> list[tuple[str, str]]:
    items = []
    for module in _modules("menu"):
        items.extend(module.items(user))
    return items


def case_panels(request, case) -> list[str]:
    panels = []
    for module in _modules("panels"):
        panels.extend(module.case_panels(request, case))
    return panels


def demo_loaders():
    return [module.load for module in _modules("demo")]
