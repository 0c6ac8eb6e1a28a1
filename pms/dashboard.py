"""The dashboard's checklist and cards as HTML fragments, rendered once per language and content (issue 12).

What the checklist and the cards show is a function of the steps' states, the user's features and their pending
counts, the language and the script prefix; nothing of the user is in them. Each fragment is kept in the
per-process store of `pms.rows` under exactly those values, so two users share one only when it would be the
same for both, and a changed state or count is another key.
"""

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.translation import get_language

from .portal import Feature, OnboardingStep, StepState
from .rows import cached

CHECKLIST, CARDS = "pms/_checklist.html", "pms/_cards.html"


def checklist_html(steps: list[tuple[OnboardingStep, StepState]]) -> str:
    if not steps:
        return ""
    key = (CHECKLIST, get_language(), get_script_prefix(),
           tuple((step.key, state.done, str(state.blocked), str(state.detail)) for step, state in steps))
    return cached(key, lambda: render_to_string(CHECKLIST, {"steps": steps}))


def cards_html(cards: list[tuple[Feature, int | None]]) -> str:
    key = (CARDS, get_language(), get_script_prefix(), tuple((feature.key, pending) for feature, pending in cards))
    return cached(key, lambda: render_to_string(CARDS, {"cards": cards}))
