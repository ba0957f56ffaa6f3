"""Project names become a slug and a package name, or a clear refusal."""

from __future__ import annotations

import pytest

from scaffold.naming import InvalidNameError, derive_names


@pytest.mark.parametrize(
    ("raw", "slug", "package"),
    [
        ("acme-tickets", "acme-tickets", "acme_tickets"),
        ("My Project!", "my-project", "my_project"),
        ("  Zendesk  Sync ", "zendesk-sync", "zendesk_sync"),
        ("acme_tickets", "acme-tickets", "acme_tickets"),
        ("a1", "a1", "a1"),
    ],
)
def test_names_are_normalised(raw: str, slug: str, package: str) -> None:
    names = derive_names(raw)
    assert (names.slug, names.package) == (slug, package)
    assert names.normalised_from == (None if raw == slug else raw)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("!!!", "no letters"),
        ("class", "keyword"),
        ("match", "keyword"),
        ("123abc", "digit"),
        ("x" * 200, "at most 40"),
        ("json", "shadow"),
        ("fastapi", "shadow"),
        ("integrations-sdk", "shadow"),
    ],
)
def test_bad_names_are_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(InvalidNameError, match=reason) as refused:
        derive_names(raw)
    assert "\n" not in str(refused.value)


def test_title_capitalises_each_word() -> None:
    assert derive_names("acme-2go-sync").title == "Acme 2go Sync"
