"""The `scaffold` command line: thin typer commands over plain functions.

Every `ScaffoldError` becomes its one-line message and exit code here, in one place. Heavy
modules (copier, questionary, pydantic models) are imported inside the commands so that
`scaffold --help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from scaffold import __version__, console
from scaffold.errors import GitMissingError, ScaffoldError, UsageError

app = typer.Typer(
    name="scaffold",
    help="Generate secure workflow servers for the Ebbot Integrations SDK.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: rich markup rendering costs ~0.2 s on every `--help` (benchmarks/).
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        console.output(f"scaffold {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Generate secure workflow servers for the Ebbot Integrations SDK."""


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


ResultFieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--result-field",
        help="With --openapi: OPERATION=FIELD[,FIELD...], the result fields (dotted, as the "
        "document names them) that operation's action returns, instead of its identifiers "
        "and required fields (repeatable).",
    ),
]


@app.command()
def new(
    name: Annotated[
        str | None, typer.Argument(help="Project name, e.g. acme-tickets (asked if omitted).")
    ] = None,
    directory: Annotated[
        Path | None,
        typer.Option("--directory", "-C", help="Where to create it (default: ./<name>)."),
    ] = None,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults", "--yes", "-y", help="Use defaults for every unanswered question."
        ),
    ] = False,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="An answer as key=value (repeatable); lists in YAML: features=[docker,redis].",
        ),
    ] = None,
    answers_file: Annotated[
        Path | None,
        typer.Option("--answers-file", "-a", help="Answers from a YAML or JSON file."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a non-empty directory: lists, then overwrites, the files the "
            "template generates; deletes nothing.",
        ),
    ] = False,
    git: Annotated[
        bool, typer.Option("--git/--no-git", help="git init and commit the new project.")
    ] = True,
    openapi: Annotated[
        str | None,
        typer.Option(
            "--openapi",
            help="Actions from this OpenAPI 3.0/3.1 or Swagger 2.0 description "
            "(a path or an https URL).",
        ),
    ] = None,
    operation: Annotated[
        list[str] | None,
        typer.Option(
            "--operation",
            help='With --openapi: an operation to expose, by operationId or "METHOD /path" '
            "(repeatable).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="With --openapi: expose every operation with this tag."),
    ] = None,
    result_field: ResultFieldOption = None,
) -> None:
    """Create a new workflow server project."""
    from scaffold import generate, postgen
    from scaffold.answers import build_spec, given_answers
    from scaffold.presets import preset_host_warning

    if git and not postgen.git_installed():
        raise GitMissingError("`scaffold new` makes the project a git repository", "pass --no-git")
    given = given_answers(name, data or [], answers_file)
    extra_files: dict[str, bytes] = {}
    if openapi is not None:
        given, extra_files = _with_openapi(
            given, openapi, operation or [], tag or [], _result_fields(result_field or [])
        )
    elif operation or tag or result_field:
        raise UsageError(
            "--operation, --tag and --result-field choose from a description: add --openapi PATH"
        )
    answers = _complete_answers(given, name=name, use_defaults=defaults)
    spec = build_spec(answers)
    warning = preset_host_warning(spec.webhook_preset, spec.api_base_url)
    if warning and (defaults or not _interactive()):  # else the questionnaire had it confirmed
        console.warning(warning)
    if spec.project_name != answers["project_name"]:
        console.info(f"note: using the project name {spec.project_name!r}")
    destination = (directory if directory is not None else Path.cwd() / spec.project_slug).resolve()
    generate.check_destination(destination, force=force)
    console.step(f"Rendering {spec.project_slug} into {destination}")
    result = generate.generate(
        spec, destination, force=force, before_overwrite=_overwriting, extra_files=extra_files
    )
    if not result.versioned:
        console.warning(
            "git is not installed, so the project records no template version and "
            "`scaffold update`/`scaffold add` cannot merge into it; install git before "
            "generating a project you mean to keep current"
        )
    if git:
        console.step("Creating the git repository")
        if not postgen.initialise_git(result.path, spec, result.files):
            console.warning(
                f"{result.path} already is a git repository: review and commit the generated "
                "files yourself"
            )
    console.success(f"Created {spec.project_title} in {result.path} ({len(result.files)} files)")
    console.info(postgen.next_steps(result.path, spec))


def _with_openapi(
    given: dict[str, Any],
    source: str,
    operations: Sequence[str],
    tags: Sequence[str],
    result_fields: dict[str, list[str]],
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The answers an OpenAPI choice gives (explicit --data wins), and the slice to store."""
    from scaffold import openapi

    document = openapi.load(source)
    if not operations and not tags and _interactive():
        from scaffold.openapi.choosing import ask_operations, ask_result_fields
        from scaffold.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter()
        operations = ask_operations(prompter, openapi.list_operations(document))
        if not result_fields:
            result_fields = ask_result_fields(prompter, document, operations)
    if not operations and not tags:
        raise UsageError(
            "--openapi needs the operations to expose: --operation OP (an operationId or "
            '"METHOD /path", repeatable) or --tag TAG'
        )
    choice = openapi.choose(
        document, operations, tags, result_fields=result_fields, note=console.info
    )
    return {**choice.answers, **given}, {openapi.SLICE_PATH: choice.slice}


def _result_fields(given: Sequence[str]) -> dict[str, list[str]]:
    """`--result-field OP=FIELD,FIELD` options as {operation: [fields]} (repeats add up)."""
    picked: dict[str, list[str]] = {}
    for option in given:
        operation, separator, fields = option.rpartition("=")
        names = [name.strip() for name in fields.split(",") if name.strip()]
        if not separator or not operation.strip() or not names:
            raise UsageError(
                f"--result-field {option!r}: write OPERATION=FIELD[,FIELD...], e.g. "
                "--result-field createTicket=ticket.id,ticket.status"
            )
        picked.setdefault(operation.strip(), []).extend(names)
    return picked


def _overwriting(files: Sequence[Path]) -> None:
    """--force: name every existing file the template is about to replace."""
    console.warning(f"--force overwrites {len(files)} existing file(s):")
    for path in files:
        console.info(f"  {path.as_posix()}")


def _complete_answers(
    given: dict[str, Any], *, name: str | None, use_defaults: bool
) -> dict[str, Any]:
    """Fill in what the user did not answer: defaults, prompts, or a clear refusal."""
    from scaffold.errors import AnswersError
    from scaffold.prompts import QuestionaryPrompter
    from scaffold.questionnaire import ask_missing
    from scaffold.spec import applicable_answers

    if use_defaults:
        if "project_name" not in given:
            raise AnswersError("--defaults needs a project name: scaffold new NAME --defaults")
        return given
    if _interactive():
        return ask_missing(QuestionaryPrompter(), given)  # Ctrl-C: PromptAborted, exit 130
    missing = [field for field in applicable_answers(given) if field not in given]
    if not missing:
        return given
    example = f"scaffold new {name or 'NAME'} --defaults --data upstream_name=Zendesk"
    raise AnswersError(
        f"no terminal to ask on and {len(missing)} answer(s) missing ({', '.join(missing)}); "
        f"pass them with --data/--answers-file or accept defaults: {example}"
    )


@app.command()
def presets(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the upstream webhook presets."""
    import json
    from dataclasses import asdict

    from scaffold.presets import WEBHOOK_PRESETS

    if as_json:
        console.output(
            json.dumps(
                [
                    {**asdict(p), "replay_ttl_seconds": p.replay_ttl_seconds}
                    for p in WEBHOOK_PRESETS.values()
                ],
                indent=2,
            )
        )
        return
    width = max(len(name) for name in WEBHOOK_PRESETS)
    for name, preset in WEBHOOK_PRESETS.items():
        console.output(f"{name.ljust(width)}  {preset.label}")


@app.command()
def questions(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Schema of every answer.")] = False,
) -> None:
    """List the answers a project is generated from: types, defaults, choices (--json: schema)."""
    import json

    from scaffold.schema import answers_schema, describe_answers

    schema = answers_schema()
    console.output(json.dumps(schema, indent=2) if as_json else "\n".join(describe_answers(schema)))


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="Project to audit.")] = Path("."),
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json or sarif.")
    ] = "text",
    fail_on: Annotated[
        str,
        typer.Option("--fail-on", help="Lowest severity that fails: low, medium, high, critical."),
    ] = "high",
    select: Annotated[
        str | None,
        typer.Option(
            "--select", help="Only these rules: ids or names, comma-separated (SCF0xx always)."
        ),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List every rule (id, severity, name) and exit.")
    ] = False,
) -> None:
    """Audit an SDK workflow server against the secure-by-default checklist."""
    from scaffold.audit import format_rule_catalogue, run_check

    if list_rules:
        console.output(format_rule_catalogue())
        return
    report, exit_code = run_check(path, output_format=output_format, fail_on=fail_on, select=select)
    console.output(report)
    raise typer.Exit(exit_code)


ProjectPath = Annotated[
    Path, typer.Option("--project", "-C", help="The generated project (default: here).")
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Apply without asking to confirm.")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show the diff that would be applied; change nothing.")
]


@app.command()
def update(
    path: Annotated[Path, typer.Argument(help="The generated project.")] = Path("."),
    dry_run: DryRun = False,
    template: Annotated[
        str | None,
        typer.Option(
            "--template", help="Template git repository (path or URL) instead of the installed one."
        ),
    ] = None,
    vcs_ref: Annotated[
        str | None,
        typer.Option(
            "--vcs-ref",
            help="Tag or commit to update to (default: this scaffold's; with --template: latest).",
        ),
    ] = None,
) -> None:
    """Bring a project to the current template, keeping your edits (copier 3-way merge)."""
    from scaffold.updating.changes import update_project

    update_project(path, template=template, vcs_ref=vcs_ref, dry_run=dry_run)


add_app = typer.Typer(
    help="Add an action, resource, trigger or feature (asks what when run bare on a terminal).",
    invoke_without_command=True,
)
remove_app = typer.Typer(help="Remove an optional feature.", no_args_is_help=True)
app.add_typer(add_app, name="add")
app.add_typer(remove_app, name="remove")


def _change(project: Path, choose: Any, *, yes: bool, dry_run: bool) -> None:
    from scaffold.updating.changes import change_project

    prompter = None
    if _interactive():
        from scaffold.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter()
    change_project(project, choose, yes=yes, dry_run=dry_run, prompter=prompter)


@add_app.callback()
def _add_interactively(
    ctx: typer.Context, project: ProjectPath = Path("."), yes: Yes = False, dry_run: DryRun = False
) -> None:
    """Add an action, resource, trigger or feature (asks what when run bare on a terminal)."""
    if ctx.invoked_subcommand is not None:
        return
    from scaffold.errors import UsageError

    if not _interactive():
        raise UsageError(
            "say what to add, e.g. scaffold add action ticket close --yes (see scaffold add --help)"
        )
    from scaffold.evolve import choose_addition
    from scaffold.prompts import QuestionaryPrompter

    prompter = QuestionaryPrompter()  # Ctrl-C: PromptAborted, exit 130
    _change(project, lambda spec: choose_addition(prompter, spec), yes=yes, dry_run=dry_run)


@add_app.command("action")
def add_action(
    resource: Annotated[str, typer.Argument(help="Resource, e.g. ticket (added if new).")],
    verb: Annotated[str, typer.Argument(help="get, list, search, create, update, close, delete.")],
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Add the action VERB_RESOURCE with its tests."""
    from scaffold.evolve import add_action as edit

    _change(project, lambda _spec: edit(resource, verb), yes=yes, dry_run=dry_run)


@add_app.command("actions")
def add_openapi_actions(
    openapi: Annotated[
        str,
        typer.Option("--openapi", help="The OpenAPI description (a path or an https URL)."),
    ],
    operation: Annotated[
        list[str] | None,
        typer.Option(
            "--operation", help='An operation to add: operationId or "METHOD /path" (repeatable).'
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Add every operation with this tag.")
    ] = None,
    result_field: ResultFieldOption = None,
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Add actions for operations of an OpenAPI description (with their tests and slice)."""
    from scaffold import openapi as described
    from scaffold.evolve import add_openapi_actions as edit

    if not operation and not tag:
        raise UsageError("say which operations to add: --operation OP (repeatable) or --tag TAG")
    picked = _result_fields(result_field or [])
    document = described.load(openapi)

    def choose(spec: Any) -> Any:
        choice = described.extend(
            document,
            spec.openapi_operations,
            operation or [],
            tag or [],
            recorded_fields=spec.openapi_result_fields,
            result_fields=picked,
            note=console.info,
        )
        return edit(choice.answers, {described.SLICE_PATH: choice.slice})

    _change(project, choose, yes=yes, dry_run=dry_run)


@add_app.command("resource")
def add_resource(
    name: Annotated[str, typer.Argument(help="Resource name in snake_case.")],
    verbs: Annotated[
        str, typer.Option("--verbs", help="Comma-separated verbs to expose as actions.")
    ] = "get",
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Add an upstream resource and its actions."""
    from scaffold.evolve import add_resource as edit

    chosen = [verb.strip() for verb in verbs.split(",") if verb.strip()]
    _change(project, lambda _spec: edit(name, chosen), yes=yes, dry_run=dry_run)


@add_app.command("trigger")
def add_trigger(
    event: Annotated[str, typer.Argument(help="Event type as the upstream names it.")],
    fields: Annotated[
        str | None,
        typer.Option("--fields", help="Comma-separated payload fields to dispatch."),
    ] = None,
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Add a webhook trigger for an event type."""
    from scaffold.evolve import add_trigger as edit

    chosen = [field.strip() for field in fields.split(",") if field.strip()] if fields else None
    _change(project, lambda _spec: edit(event, chosen), yes=yes, dry_run=dry_run)


@add_app.command("feature")
def add_feature(
    name: Annotated[str, typer.Argument(help="docker, github-ci, pre-commit or redis.")],
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Turn an optional feature on."""
    from scaffold.evolve import add_feature as edit

    _change(project, lambda _spec: edit(name), yes=yes, dry_run=dry_run)


@remove_app.command("feature")
def remove_feature(
    name: Annotated[str, typer.Argument(help="docker, github-ci, pre-commit or redis.")],
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Turn an optional feature off, removing the files only it generated."""
    from scaffold.evolve import remove_feature as edit

    _change(project, lambda _spec: edit(name), yes=yes, dry_run=dry_run)


@app.command("set")
def set_answer(
    # Optional for typer, so a missing pair gets scaffold's one-line error, not a usage dump.
    assignments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="KEY=VALUE...",
            help="Answers to change, e.g. 'sdk_requirement=integrations_sdk @ file:///path/to/sdk'"
            " (values are YAML).",
            show_default=False,
        ),
    ] = None,
    project: ProjectPath = Path("."),
    yes: Yes = False,
    dry_run: DryRun = False,
) -> None:
    """Change recorded answers in place (e.g. where the SDK comes from), keeping your edits."""
    from scaffold.updating.assignments import parse_assignments, set_answers

    changes = parse_assignments(assignments or [])
    _change(project, lambda _spec: set_answers(changes), yes=yes, dry_run=dry_run)


def main(*, application: typer.Typer = app) -> None:
    """Console script entry point: run the app, turning ScaffoldError into an exit code.

    typer runs in standalone mode, so it shows usage errors (exit 2), `typer.Exit` and aborts
    itself, through whatever click it ships with: old typer depends on `click`, typer 0.2x
    vendors it, and naming either here would tie scaffold to one of them. `application` is
    scaffold's app; tests pass one whose command fails as they choose.
    """
    try:
        application()
    except ScaffoldError as error:
        _fail(error)
    except FileNotFoundError as error:
        # A subprocess of git anywhere (update, add, the template cache) when git is missing.
        if error.filename != "git":
            raise
        _fail(GitMissingError("this command runs git"))


def _fail(error: ScaffoldError) -> NoReturn:
    console.error(str(error))
    sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
