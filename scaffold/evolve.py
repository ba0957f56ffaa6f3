"""`scaffold add` / `scaffold remove`: grow a project by changing its answers, never its code.

Each command is an `Edit`: a function from the project's current ProjectSpec to the new one.
The update engine (scaffold/updating/engine.py) renders the template with the new answers and
merges the result with the user's edits, so the template owns every registry (manifest, action
and trigger lists, tests); nothing here parses or rewrites user code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scaffold.answers import build_spec
from scaffold.errors import AnswersError, UsageError
from scaffold.presets import WEBHOOK_PRESETS
from scaffold.prompts import Choice, Prompter
from scaffold.questionnaire import answer_validator, ask_event_fields, ask_verbs
from scaffold.spec import (
    DERIVED_FIELDS,
    DESTRUCTIVE_VERBS,
    FEATURES,
    VERBS,
    AnswerProblem,
    ProjectSpec,
    check_answer,
)
from scaffold.updating.migrations import migrate

Answers = dict[str, Any]


@dataclass(frozen=True)
class Edit:
    """A change to a project's answers, and how to say it to the user."""

    summary: str
    apply: Callable[[ProjectSpec], ProjectSpec]
    # Files the change writes beside the rendered ones (relative path -> bytes), e.g. the slice.
    files: Mapping[str, bytes] = field(default_factory=dict)


def current_spec(recorded: Answers) -> ProjectSpec:
    """The project's answers, migrated to the current schema and validated."""
    return build_spec(migrate(recorded))


def transform_with(edit: Edit | None) -> Callable[[Answers], Answers]:
    """The answers transformation an update runs: migrate, validate, then apply `edit`."""

    def transform(recorded: Answers) -> Answers:
        spec = current_spec(recorded)
        if edit is not None:
            spec = edit.apply(spec)
        return spec.template_data()

    return transform


def _answers(spec: ProjectSpec) -> Answers:
    return spec.model_dump(mode="json", exclude=set(DERIVED_FIELDS))


def _rebuild(spec: ProjectSpec, **changes: Any) -> ProjectSpec:
    return build_spec({**_answers(spec), **changes})


def _resources(spec: ProjectSpec) -> list[dict[str, Any]]:
    return [{"name": r.name, "verbs": list(r.verbs)} for r in spec.resources]


def _events(spec: ProjectSpec) -> list[dict[str, Any]]:
    return [{"name": e.name, "fields": list(e.fields)} for e in spec.events]


def _checked(spec: ProjectSpec, name: str, value: Any, what: str) -> Any:
    """`value` as answer `name` of this project, by the rules `scaffold new` applies."""
    try:
        return check_answer(_answers(spec), name, value)
    except AnswerProblem as problem:
        raise AnswersError(f"{what}: {problem}") from None


def _resource_name(spec: ProjectSpec, name: str) -> str:
    """The resource name as the spec normalises it (`Ticket` -> `ticket`), or a refusal."""
    resource = {"name": name, "verbs": ["get"]}
    return str(_checked(spec, "resources", [resource], f"resource {name!r}")[0]["name"])


def add_action(resource: str, verb: str) -> Edit:
    """The action `<verb>_<resource>` (the resource is added when it is new)."""
    if verb not in VERBS:
        raise UsageError(f"unknown verb {verb!r}; choose one of: {', '.join(VERBS)}")
    warning = (
        f" (destructive: it {verb}s {resource}s upstream)" if verb in DESTRUCTIVE_VERBS else ""
    )

    def apply(spec: ProjectSpec) -> ProjectSpec:
        name = _resource_name(spec, resource)
        resources = _resources(spec)
        for entry in resources:
            if entry["name"] == name:
                if verb in entry["verbs"]:
                    raise UsageError(f"{name} already has the {verb} action; nothing to add")
                entry["verbs"].append(verb)
                break
        else:
            resources.append({"name": name, "verbs": [verb]})
        return _rebuild(spec, resources=resources)

    return Edit(f"action {verb}_{resource}{warning}", apply)


def add_openapi_actions(answers: Mapping[str, Any], files: Mapping[str, bytes]) -> Edit:
    """Actions from an OpenAPI description: the `openapi_*` answers `answers` holds (see
    scaffold/openapi.extend), and the slice among `files`."""
    operations = list(answers["openapi_operations"])

    def apply(spec: ProjectSpec) -> ProjectSpec:
        return _rebuild(spec, **answers)

    return Edit(f"OpenAPI actions for {len(operations)} operation(s)", apply, files)


def add_resource(name: str, verbs: Sequence[str] = ("get",)) -> Edit:
    """A new upstream resource with the given verbs as actions."""
    unknown = [verb for verb in verbs if verb not in VERBS]
    if unknown:
        raise UsageError(f"unknown verb(s) {', '.join(unknown)}; choose from: {', '.join(VERBS)}")

    def apply(spec: ProjectSpec) -> ProjectSpec:
        resource = _resource_name(spec, name)
        if any(r.name == resource for r in spec.resources):
            raise UsageError(
                f"resource {resource} exists; add verbs with: scaffold add action {resource}"
            )
        added = {"name": resource, "verbs": list(verbs)}
        return _rebuild(spec, resources=[*_resources(spec), added])

    return Edit(f"resource {name} with actions {', '.join(f'{v}_{name}' for v in verbs)}", apply)


def add_trigger(event: str, fields: Sequence[str] | None = None) -> Edit:
    """A webhook event type that triggers workflows, with the payload fields it dispatches.

    The event name is checked before the fields, as `scaffold new` asks them.
    """

    def apply(spec: ProjectSpec) -> ProjectSpec:
        if not spec.has_webhooks:
            raise UsageError(
                "this project receives no webhooks (webhook_preset none); choose a preset "
                "in .copier-answers.yml or generate a new project"
            )
        if any(e.name == event.strip() for e in spec.events):
            raise UsageError(f"the trigger for {event} exists; nothing to add")
        events = _events(spec)
        _checked(spec, "events", [*events, {"name": event, "fields": ["id"]}], f"event {event!r}")
        chosen = list(fields or _suggested_fields(spec, event))
        if not chosen:
            raise UsageError(f"say which payload fields {event} dispatches: --fields id,status")
        added = {"name": event, "fields": chosen}
        checked = _checked(spec, "events", [*events, added], f"fields of {event}")
        return _rebuild(spec, events=checked)

    return Edit(f"trigger for the {event} event", apply)


def _suggested_fields(spec: ProjectSpec, event: str) -> list[str]:
    preset = WEBHOOK_PRESETS[spec.webhook_preset]
    return next((list(e.fields) for e in preset.events if e.name == event), [])


def _known_feature(name: str) -> None:
    if name not in FEATURES:
        raise UsageError(f"unknown feature {name!r}; choose one of: {', '.join(FEATURES)}")


def add_feature(name: str) -> Edit:
    """An optional feature (docker, github-ci, pre-commit, redis)."""
    _known_feature(name)

    def apply(spec: ProjectSpec) -> ProjectSpec:
        if name in spec.features:
            raise UsageError(f"feature {name} is already on; nothing to add")
        return _rebuild(spec, features=[*spec.features, name])

    return Edit(f"feature {name}", apply)


def remove_feature(name: str) -> Edit:
    """Turn an optional feature off; the files only it generated are removed."""
    _known_feature(name)

    def apply(spec: ProjectSpec) -> ProjectSpec:
        if name not in spec.features:
            raise UsageError(f"feature {name} is not on; nothing to remove")
        return _rebuild(spec, features=[f for f in spec.features if f != name])

    return Edit(f"removal of feature {name}", apply)


def choose_addition(prompter: Prompter, spec: ProjectSpec) -> Edit:
    """Ask what to add, showing what the project already has."""
    kinds = [
        Choice("action", "an action on a resource"),
        Choice("resource", "a resource (with actions)"),
        Choice("feature", "an optional feature"),
    ]
    if spec.has_webhooks:
        kinds.insert(2, Choice("trigger", "a webhook trigger (event type)"))
    kind = prompter.select("add.kind", "What do you want to add?", kinds, "action")
    if kind == "action":
        return _choose_action(prompter, spec)
    if kind == "resource":
        return _choose_resource(prompter, spec)
    if kind == "trigger":
        return _choose_trigger(prompter, spec)
    missing = [feature for feature in FEATURES if feature not in spec.features]
    if not missing:
        raise UsageError("every optional feature is already on; nothing to add")
    choices = [Choice(feature, feature) for feature in missing]
    on = ", ".join(spec.features) or "none"
    return add_feature(prompter.select("add.feature", f"Feature (on: {on})", choices, missing[0]))


def _choose_action(prompter: Prompter, spec: ProjectSpec) -> Edit:
    choices = [
        Choice(r.name, f"{r.name} (has: {', '.join(r.verbs)})")
        for r in spec.resources
        if len(r.verbs) < len(VERBS)
    ]
    if not choices:
        raise UsageError("every resource has every action; add a resource instead")
    resource = prompter.select(
        "add.action_resource", "On which resource?", choices, choices[0].value
    )
    has = next(r.verbs for r in spec.resources if r.name == resource)
    verbs = [Choice(v, f"{v}_{resource}") for v in VERBS if v not in has]
    verb = prompter.select("add.action_verb", "Which action?", verbs, verbs[0].value)
    return add_action(resource, verb)


def _choose_resource(prompter: Prompter, spec: ProjectSpec) -> Edit:
    resources = _resources(spec)
    new = len(resources)

    def with_name(typed: str) -> list[dict[str, Any]]:
        return [*resources, {"name": typed, "verbs": ["get"]}]

    typed = prompter.text(
        "add.resource",
        f"Resource name (snake_case; present: {', '.join(r['name'] for r in resources)})",
        "",
        answer_validator(
            _answers(spec), "resources", with_name, about=lambda loc: loc in {(), (new, "name")}
        ),
    )
    name = _resource_name(spec, typed)
    if name != typed.strip():
        prompter.note(f"note: using the resource name {name!r} for {typed.strip()!r}")
    return add_resource(name, ask_verbs(prompter, name, f"Actions on {name}", ["get"]))


def _choose_trigger(prompter: Prompter, spec: ProjectSpec) -> Edit:
    answers = _answers(spec)
    events = _events(spec)
    new = len(events)

    def with_name(typed: str) -> list[dict[str, Any]]:
        return [*events, {"name": typed, "fields": ["id"]}]

    present = ", ".join(e["name"] for e in events) or "none"
    typed = prompter.text(
        "add.event",
        f"Event type, as the upstream names it (present: {present})",
        "",
        answer_validator(
            answers, "events", with_name, about=lambda loc: loc in {(), (new, "name")}
        ),
    )
    event = typed.strip()
    suggested = _suggested_fields(spec, event) or ["id"]
    candidate = [*events, {"name": event, "fields": suggested}]
    fields = ask_event_fields(prompter, answers, candidate, new, "add.fields")
    return add_trigger(event, fields)
