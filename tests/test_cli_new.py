"""`scaffold new` end to end through the real CLI: the happy path and every refusal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scaffold.spec import applicable_answers

from scaffold_support import Run, run_scaffold, snapshot


def new(workdir: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    return run_scaffold("new", *args, cwd=workdir, env=env)


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=project, capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def without_git(tmp_path: Path) -> dict[str, str]:
    """A PATH holding only python: no git for scaffold or copier to find."""
    bin_dir = tmp_path / "bin-without-git"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    assert shutil.which("git", path=str(bin_dir)) is None
    return {"PATH": str(bin_dir)}


def one_line_error(run: Run) -> str:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code != 0
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in run.stderr
    return lines[0]


def test_defaults_give_a_committed_project_with_recorded_answers(workdir: Path) -> None:
    run = new(workdir, "acme-tickets", "--defaults")
    assert run.code == 0, run.stderr
    project = workdir / "acme-tickets"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "acme-tickets"
    assert answers["webhook_preset"] == "standard-webhooks"
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=project, capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 1
    for path in project.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text()
            assert "{{" not in text and "{%" not in text, path
    assert (project / "src" / "acme_tickets" / "app.py").is_file()
    for shipped in (".env.example", ".gitignore", "README.md", "SECURITY.md"):
        assert (project / shipped).is_file(), shipped
    assert ".env" in (project / ".gitignore").read_text().split()
    assert "Next steps" in run.stderr


def test_yes_is_an_alias_and_no_git_skips_the_repository(workdir: Path) -> None:
    run = new(workdir, "acme", "--yes", "--no-git")
    assert run.code == 0, run.stderr
    assert not (workdir / "acme" / ".git").exists()


def test_a_name_is_normalised_with_a_note(workdir: Path) -> None:
    run = new(workdir, "My Project!", "--defaults", "--no-git")
    assert run.code == 0, run.stderr
    assert "using the project name 'my-project'" in run.stderr
    assert (workdir / "my-project" / "src" / "my_project").is_dir()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("class", "keyword"),
        ("123abc", "digit"),
        ("", "empty"),
        ("x" * 200, "at most 40"),
        ("json", "shadow"),
    ],
)
def test_bad_names_fail_with_one_line_and_write_nothing(
    workdir: Path, name: str, reason: str
) -> None:
    run = new(workdir, name, "--defaults")
    assert reason in one_line_error(run)
    assert run.code == 2
    assert list(workdir.iterdir()) == []


def test_a_non_empty_destination_is_refused_untouched(workdir: Path) -> None:
    target = workdir / "acme"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    before = snapshot(target)
    run = new(workdir, "acme", "--defaults")
    assert "not empty" in one_line_error(run)
    assert run.code == 3
    assert snapshot(target) == before


def test_force_overwrites_generated_files_only_and_deletes_nothing(workdir: Path) -> None:
    target = workdir / "acme"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    (target / "README.md").write_text("old readme")
    run = new(workdir, "acme", "--defaults", "--force", "--no-git")
    assert run.code == 0, run.stderr
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "README.md").read_text() != "old readme"


def test_force_names_each_file_it_overwrites_and_commits_only_generated_files(
    workdir: Path,
) -> None:
    target = workdir / "acme"
    (target / "docs").mkdir(parents=True)
    (target / "notes.txt").write_text("mine")
    (target / "docs" / "plan.md").write_text("also mine")
    (target / "README.md").write_text("old readme")
    (target / "SECURITY.md").write_text("old policy")
    run = new(workdir, "acme", "--defaults", "--force")
    assert run.code == 0, run.stderr
    lines = run.stderr.splitlines()
    heading = lines.index("warning: --force overwrites 2 existing file(s):")
    assert lines[heading + 1 : heading + 3] == ["  README.md", "  SECURITY.md"]
    assert not lines[heading + 3].startswith("  ")
    assert "notes.txt" not in run.stderr and "plan.md" not in run.stderr

    committed = set(git(target, "ls-files").splitlines())
    on_disk = {
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(target).parts
    }
    assert committed == on_disk - {"notes.txt", "docs/plan.md"}
    assert git(target, "status", "--porcelain", "--untracked-files=all").splitlines() == [
        "?? docs/plan.md",
        "?? notes.txt",
    ]
    assert len(git(target, "log", "--oneline").splitlines()) == 1


def test_a_file_as_destination_is_refused(workdir: Path) -> None:
    (workdir / "acme").write_text("a file")
    run = new(workdir, "acme", "--defaults")
    assert "not a directory" in one_line_error(run)
    assert (workdir / "acme").read_text() == "a file"


def missing_answers(line: str) -> list[str]:
    names = line.partition("missing (")[2].partition(")")[0]
    return names.split(", ")


def test_without_a_terminal_missing_answers_are_named_with_a_working_command(
    workdir: Path,
) -> None:
    run = new(workdir, "acme")
    line = one_line_error(run)
    listed = missing_answers(line)
    # tests/test_answers.py pins which answers apply; here: the CLI lists exactly those.
    assert listed == [name for name in applicable_answers({}) if name != "project_name"]
    assert not [name for name in listed if name.startswith(("hmac_", "oauth_", "api_key"))]
    assert f"{len(listed)} answer(s) missing" in line
    assert "scaffold new acme --defaults" in line
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(
    ("data", "applies", "does_not_apply"),
    [
        (["webhook_preset=generic-hmac"], ["api_key_header", "hmac_prefix"], ["oauth_scopes"]),
        (["webhook_preset=shopify"], ["api_key_header"], ["hmac_prefix", "oauth_token_url"]),
        (
            ["webhook_preset=shopify", "api_auth=oauth2-client-credentials"],
            ["oauth_token_url", "oauth_scopes"],
            ["api_key_header", "hmac_encoding"],
        ),
    ],
)
def test_missing_answers_follow_the_chosen_preset_and_auth(
    workdir: Path, data: list[str], applies: list[str], does_not_apply: list[str]
) -> None:
    pairs = [arg for pair in data for arg in ("--data", pair)]
    listed = missing_answers(one_line_error(new(workdir, "acme", *pairs)))
    for name in applies:
        assert name in listed
    for name in does_not_apply + [pair.partition("=")[0] for pair in data]:
        assert name not in listed


def test_answers_file_yaml_and_data_pairs_are_combined(workdir: Path) -> None:
    answers = workdir.parent / "answers.yml"
    answers.write_text(
        yaml.safe_dump(
            {
                "upstream_name": "Zendesk",
                "webhook_preset": "zendesk",
                "resources": [{"name": "ticket", "verbs": ["get", "close"]}],
            }
        )
    )
    run = new(
        workdir,
        "zd",
        "--defaults",
        "--no-git",
        "--answers-file",
        str(answers),
        "--data",
        "features=[docker]",
        "--data",
        "description=Zendesk tickets",
    )
    assert run.code == 0, run.stderr
    recorded = yaml.safe_load((workdir / "zd" / ".copier-answers.yml").read_text())
    assert recorded["upstream_name"] == "Zendesk"
    assert recorded["features"] == ["docker"]
    assert recorded["description"] == "Zendesk tickets"
    assert recorded["resources"] == [{"name": "ticket", "verbs": ["get", "close"]}]


def test_answers_file_json_is_accepted(workdir: Path) -> None:
    answers = workdir.parent / "answers.json"
    answers.write_text(json.dumps({"project_name": "from-json", "webhook_preset": "github"}))
    run = new(workdir, "--defaults", "--no-git", "--answers-file", str(answers))
    assert run.code == 0, run.stderr
    assert (workdir / "from-json").is_dir()


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--data", "nonsense"], "key=value"),
        (["--data", "no_such_answer=1"], "unknown answer"),
        (["--data", "webhook_preset=carrier-pigeon"], "unknown webhook preset"),
        (["--data", "api_base_url=http://api.acme.example"], "https"),
        (["--answers-file", "/does/not/exist.yml"], "does not exist"),
        (
            [
                "--data",
                "api_auth=oauth2-client-credentials",
                "--data",
                "oauth_token_url=http://a.b",
            ],
            "oauth_token_url: the OAuth2 token URL must start with https://",
        ),
        (["--data", "features=[docker"], "--data features: not valid YAML: expected ',' or ']'"),
        (["--data", "project_name=other"], "two project names: 'acme' as NAME and 'other'"),
    ],
)
def test_bad_answers_fail_with_one_line_and_write_nothing(
    workdir: Path, args: list[str], reason: str
) -> None:
    run = new(workdir, "acme", "--defaults", *args)
    assert reason in one_line_error(run)
    assert run.code == 2
    assert list(workdir.iterdir()) == []


def test_a_malformed_answers_file_is_refused(workdir: Path) -> None:
    bad = workdir.parent / "bad.yml"
    bad.write_text("- just\n- a list\n")
    run = new(workdir, "acme", "--defaults", "--answers-file", str(bad))
    assert "mapping" in one_line_error(run)


def test_bad_yaml_in_an_answers_file_is_located_by_line_and_column(workdir: Path) -> None:
    bad = workdir.parent / "bad.yml"
    bad.write_text("upstream_name: Zendesk\nfeatures: [docker\nwebhook_preset: zendesk\n")
    line = one_line_error(new(workdir, "acme", "--defaults", "--answers-file", str(bad)))
    assert line.startswith(f"error: answers file {bad}: not valid YAML: ")
    assert "(line 3, column 15)" in line
    assert list(workdir.iterdir()) == []


def test_without_git_no_git_still_generates_and_says_what_it_cannot_record(
    workdir: Path, without_git: dict[str, str]
) -> None:
    run = new(workdir, "acme", "--defaults", "--no-git", env=without_git)
    assert run.code == 0, run.stderr
    project = workdir / "acme"
    assert (project / "src" / "acme" / "app.py").is_file()
    assert not (project / ".git").exists()
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "acme" and "_commit" not in answers
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert "git is not installed" in warnings[0] and "scaffold update" in warnings[0]


def test_without_git_the_git_repository_is_refused_before_anything_is_written(
    workdir: Path, without_git: dict[str, str]
) -> None:
    run = new(workdir, "acme", "--defaults", env=without_git)
    line = one_line_error(run)
    assert "git is not installed" in line and "pass --no-git" in line
    assert run.code == 8
    assert list(workdir.iterdir()) == []


def test_without_git_update_and_add_say_git_is_missing(
    workdir: Path, without_git: dict[str, str]
) -> None:
    assert new(workdir, "acme", "--defaults").code == 0
    project = workdir / "acme"
    before = snapshot(project)
    for command in (["update", str(project)], ["add", "feature", "redis", "-C", str(project)]):
        run = run_scaffold(
            *command, "--yes" if "add" in command else "--dry-run", cwd=workdir, env=without_git
        )
        errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
        assert errors == [
            "error: git is not installed (not found on PATH) and this command runs git; install git"
        ], run.stderr
        assert "Traceback" not in run.stderr
        assert run.code == 8
    assert snapshot(project) == before


def test_version_and_help(workdir: Path) -> None:
    version = run_scaffold("--version", cwd=workdir)
    assert version.code == 0 and version.stdout.startswith("scaffold ")
    for command in ([], ["new"], ["check"], ["presets"], ["questions"]):
        shown = run_scaffold(*command, "--help", cwd=workdir)
        assert shown.code == 0 and "Usage" in shown.stdout, command


def test_presets_and_questions_are_machine_readable(workdir: Path) -> None:
    presets = json.loads(run_scaffold("presets", "--json", cwd=workdir).stdout)
    assert {preset["name"] for preset in presets} >= {"stripe", "github", "none"}
    schema = json.loads(run_scaffold("questions", "--json", cwd=workdir).stdout)
    assert "webhook_preset" in schema["properties"]


def test_check_exit_code_reaches_the_shell(workdir: Path) -> None:
    corpus = Path(__file__).parent / "audit" / "corpus" / "debug_enabled"
    assert run_scaffold("check", str(corpus), cwd=workdir).code == 1
