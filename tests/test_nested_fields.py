"""A dotted payload field (`requester.id`) is really dispatched from the nested JSON object.

The spec records it as `requester__id`; this renders the template's payloads.py with the spec's
data and validates upstream-shaped JSON against the generated model (no project, no copier).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import jinja2

from scaffold.render import template_dir
from scaffold.spec import ProjectSpec

PAYLOADS = "project/src/{{package_name}}/{% if has_webhooks %}payloads.py{% endif %}.jinja"
EVENT = "zen:event-type:ticket.created"


def generated_payloads(spec: ProjectSpec, tmp_path: Path) -> ModuleType:
    env = jinja2.Environment(  # noqa: S701 - renders Python source, not HTML
        loader=jinja2.FileSystemLoader(template_dir()), keep_trailing_newline=True
    )
    source = tmp_path / "generated_payloads.py"
    source.write_text(env.get_template(PAYLOADS).render(**spec.template_data()))
    module_spec = importlib.util.spec_from_file_location("generated_payloads", source)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules["generated_payloads"] = module  # pydantic resolves annotations through it
    try:
        module_spec.loader.exec_module(module)
    finally:
        del sys.modules["generated_payloads"]
    return module


def test_dotted_fields_dispatch_the_nested_values_only(tmp_path: Path) -> None:
    spec = ProjectSpec(
        project_name="desk",
        webhook_preset="zendesk",
        events=[{"name": EVENT, "fields": ["id", "requester.id", "via.source.from.address"]}],
    )
    payloads = generated_payloads(spec, tmp_path)
    model = payloads.PAYLOADS[EVENT]
    detail = {
        "id": 7,
        "requester": {"id": 42, "email": "not-allowlisted@example.com"},
        "via": {"source": {"from": {"address": "caller@example.com"}}},
    }
    assert model.model_validate(detail).model_dump() == {
        "id": 7,
        "requester__id": 42,
        "via__source__from__address": "caller@example.com",
    }
    assert payloads.PAYLOAD_PATH == ("detail",)
