"""The menu's rule book (``kehoach.core.rules``): which sections of the navigation a signed-in user sees.
``kehoach.core.context_processors.NAVIGATION`` names these rules (or an app's own rule, e.g. the import
page's ``imports.import_document``); the pages themselves check their own rules."""

from __future__ import annotations

from kehoach.core.rules import rule


def works_on_tasks(person) -> bool:
    """Everyone but the read-only viewer has tasks, reports and amendments of their own."""
    return person.role != "viewer"


def sees_unit_work(person) -> bool:
    """The pages of units' own work (year plans, budgets, documents): the units and those who see them all."""
    return bool(person.sees_all_units or person.is_unit_member)


rule("site.menu_my_tasks", works_on_tasks)
rule("site.menu_reporting", works_on_tasks)
rule("site.menu_amendments", works_on_tasks)
rule("site.menu_unitplans", sees_unit_work)
rule("site.menu_budgets", sees_unit_work)
rule("site.menu_documents", sees_unit_work)
