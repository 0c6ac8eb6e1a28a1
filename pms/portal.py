"""What each app contributes to the shell: navigation, dashboard cards, onboarding steps, demo data and the
jobs that deactivate expired items.

Apps register in their `AppConfig.ready()`, so the core never imports the apps above it
(STYLE.md §1) and a feature appears on the dashboard exactly when its app is installed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from . import prepared
from .memo import per_request


@dataclass(frozen=True)
class Feature:
    """A feature page: a navigation link and a dashboard card with a one-line description."""

    key: str
    title: str
    description: str
    url_name: str
    icon: str
    visible: Callable
    order: int = 100
    pending: Callable | None = None  # user -> count of items waiting for this user, shown on the card
    card: bool = True
    also_active: tuple[str, ...] = ()  # URL names of the other pages of this feature (its tabs), marked with it

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class StepState:
    done: bool
    blocked: str = ""  # why the partner cannot do this step yet; empty when it can
    detail: str = ""


@dataclass(frozen=True)
class OnboardingStep:
    """A step of the partner's onboarding checklist (PRODUCT.md §2)."""

    key: str
    title: str
    url_name: str
    applies: Callable  # partner -> bool
    state: Callable  # partner -> StepState
    order: int = 100


@dataclass(frozen=True)
class PartnerFact:
    """A value about one partner that onboarding steps read (`partner_facts`): `expression()` is an annotation on
    the partner's row (an `Exists` or a `Subquery` over `OuterRef("pk")`), so that every fact of the checklist is
    read in one query (issue 12)."""

    key: str
    expression: Callable


@dataclass(frozen=True)
class PartnerSection:
    """A block an app adds to pages about one partner, rendered with `context(partner, user)`.

    Places: "admin" (the admin's partner detail page), "profile" (the partner's own profile) and
    "dashboard" (the partner's dashboard, above the cards).
    """

    key: str
    template: str
    context: Callable  # (partner, user) -> dict
    places: tuple[str, ...] = ("admin",)
    order: int = 100


@dataclass(frozen=True)
class ExpiryJob:
    """Deactivates one app's items past their expiry: `run(now=…, dry_run=…)` returns how many it (would) change.

    A dry run writes nothing; a second run at the same `now` changes nothing (PRODUCT.md §6.1, §7, §11).
    """

    key: str
    label: str  # what is counted, for the command's output ("expired API keys")
    run: Callable
    order: int = 100


@dataclass
class _Registry:
    features: list[Feature] = field(default_factory=list)
    steps: list[OnboardingStep] = field(default_factory=list)
    facts: dict[str, PartnerFact] = field(default_factory=dict)
    sections: list[PartnerSection] = field(default_factory=list)
    demo_data: list[tuple[int, Callable]] = field(default_factory=list)
    expiry_jobs: list[ExpiryJob] = field(default_factory=list)


registry = _Registry()


def register_feature(feature: Feature) -> None:
    registry.features = sorted([f for f in registry.features if f.key != feature.key] + [feature],
                               key=lambda f: f.order)


def register_onboarding_step(step: OnboardingStep) -> None:
    registry.steps = sorted([s for s in registry.steps if s.key != step.key] + [step], key=lambda s: s.order)


def register_partner_fact(fact: PartnerFact) -> None:
    registry.facts = {**registry.facts, fact.key: fact}


def partner_facts(partner) -> dict:
    """Every registered fact about this partner, read in one query once per request (the checklist's steps);
    the statement is compiled once per process and prepared once per connection (pms/prepared.py)."""
    facts, model = registry.facts, type(partner)

    def query(pk: int):
        annotations = {key: fact.expression() for key, fact in facts.items()}
        return model._default_manager.filter(pk=pk).annotate(**annotations).values_list(*annotations)

    def read() -> dict:
        if not facts:
            return {}
        row = prepared.fetch_one(("partner_facts", model, tuple(facts.values())), query, partner.pk)
        return dict(zip(facts, row, strict=True))

    return per_request(("partner_facts", partner.pk), read)


def register_partner_section(section: PartnerSection) -> None:
    registry.sections = sorted([s for s in registry.sections if s.key != section.key] + [section],
                               key=lambda s: s.order)


def render_partner_sections(place: str, partner, request) -> list[str]:
    """The HTML of every section registered for `place`, in order."""
    from django.template.loader import render_to_string

    return [
        render_to_string(section.template, {"partner": partner, **section.context(partner, request.user)},
                         request=request)
        for section in registry.sections if place in section.places
    ]


def register_demo_data(loader: Callable, *, order: int) -> None:
    """`loader(stdout)` adds an app's demo rows; loaders run in `order`, each only once per database."""
    if loader not in [fn for _, fn in registry.demo_data]:
        registry.demo_data = sorted(registry.demo_data + [(order, loader)], key=lambda item: item[0])


def register_expiry_job(job: ExpiryJob) -> None:
    registry.expiry_jobs = sorted([j for j in registry.expiry_jobs if j.key != job.key] + [job],
                                  key=lambda j: j.order)


def run_expiry_jobs(*, now, dry_run: bool = False, only: str = "") -> list[tuple[ExpiryJob, int]]:
    """Run every registered expiry job (or the one keyed `only`) as of `now`; each job's count, in order."""
    return [(job, job.run(now=now, dry_run=dry_run)) for job in registry.expiry_jobs if not only or job.key == only]


def features_for(user) -> list[Feature]:
    return [f for f in registry.features if f.visible(user)]


def features_for_request(request) -> list[Feature]:
    """The user's features, computed once per request (navigation and dashboard both need them)."""
    if not hasattr(request, "_pms_features"):
        user = request.user
        request._pms_features = features_for(user) if user.is_authenticated else []
    return request._pms_features


def onboarding_for(partner) -> list[tuple[OnboardingStep, StepState]]:
    return [(step, step.state(partner)) for step in registry.steps if step.applies(partner)]
