"""SCF303: signatures, digests and tokens compared with `==`/`!=` (REFERENCE §2.2).

`==` stops at the first differing byte, so its timing tells an attacker how much of a forged
signature or token is right ("never use a plain `==` operator", GitHub). What counts as such a
value, followed through assignments with `scaffold.audit.flow`: the result of `.digest()` or
`.hexdigest()` (hmac, hashlib), `<x>.secrets` and `.get_secret_value()`, and names, attributes,
keys and headers that say signature, digest, mac, token, secret or password.

Only comparisons with something that is not a literal count: `token == ""` is a presence
check and `status != 200` compares nothing secret. Test modules are left alone: a fake
upstream checking the header it was sent is no timing oracle anyone can reach.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from scaffold.audit.flow import Taint, carried, taint
from scaffold.audit.model import Finding, Rule, Severity
from scaffold.audit.naming import is_digest_name, is_secret_name
from scaffold.audit.project import Project
from scaffold.audit.rules.base import finding
from scaffold.audit.source import SourceFile
from scaffold.audit.syntax import string_value

NON_CONSTANT_TIME_COMPARE = Rule(
    id="SCF303",
    name="non-constant-time-compare",
    severity=Severity.HIGH,
    checklist="Signatures and tokens are compared in constant time (hmac.compare_digest).",
    summary="A signature, digest or token is compared with == or != (not constant-time).",
    hint=(
        "Compare bytes with hmac.compare_digest(expected, supplied) (or "
        "secrets.compare_digest); `==` leaks through its timing how much of a guess is right."
    ),
)

RULES = (NON_CONSTANT_TIME_COMPARE,)

_DIGEST_METHODS = frozenset({"digest", "hexdigest"})
_LOOKUPS = frozenset({"get", "getenv", "pop"})
_OPERATORS = {ast.Eq: "==", ast.NotEq: "!="}


def _compared_secret(expr: ast.expr) -> Taint | None:
    """A value whose comparison must be constant-time (see the module docstring)."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        method = expr.func.attr
        if method in _DIGEST_METHODS:
            return Taint("the digest `{code}`", survives_selection=False, code=expr)
        if method == "get_secret_value":
            return Taint("the secret `{code}`", survives_selection=False, code=expr)
        if method in _LOOKUPS and expr.args and _secret_key(expr.args[0]):
            return Taint("`{code}`", survives_selection=False, code=expr)
        return None
    if isinstance(expr, ast.Subscript):
        return Taint("`{code}`", False, code=expr) if _secret_key(expr.slice) else None
    if isinstance(expr, ast.Attribute):
        if expr.attr == "secrets":
            return Taint("a value from `{code}`", survives_selection=True, code=expr)
        return Taint("`{code}`", False, code=expr) if _secret_identifier(expr.attr) else None
    # A bare `secrets` is the stdlib module far more often than a dict of secrets.
    if isinstance(expr, ast.Name) and expr.id != "secrets" and _secret_identifier(expr.id):
        return Taint("`{code}`", survives_selection=False, code=expr)
    return None


def _secret_identifier(name: str) -> bool:
    return is_digest_name(name) or is_secret_name(name)


def _secret_key(key: ast.expr) -> bool:
    """A literal key or header name that names a secret (`"X-Hub-Signature-256"`)."""
    text = string_value(key)
    return text is not None and _secret_identifier(text)


def check_comparisons(source: SourceFile, project: Project) -> Iterator[Finding]:
    """SCF303 on `==`/`!=` between a signature, digest or token and a non-literal."""
    if source.is_test:
        return
    for scope in source.scopes:
        for node in scope.compares:
            pairs = _equality_pairs(node)
            if not pairs:
                continue
            tainted = taint(scope, _compared_secret)
            for operator, left, right in pairs:
                secret = carried(left, _compared_secret, tainted) or carried(
                    right, _compared_secret, tainted
                )
                if secret is not None:
                    message = (
                        f"{secret.description} is compared with `{operator}`, which is not "
                        "constant-time"
                    )
                    yield finding(NON_CONSTANT_TIME_COMPARE, source, node, message)
                    break


def _equality_pairs(node: ast.Compare) -> list[tuple[str, ast.expr, ast.expr]]:
    """(operator, left, right) for each `==`/`!=` in `node` between two non-literals."""
    operands = [node.left, *node.comparators]
    pairs = []
    for index, operator in enumerate(node.ops):
        symbol = _OPERATORS.get(type(operator))
        left, right = operands[index], operands[index + 1]
        if symbol and not isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
            pairs.append((symbol, left, right))
    return pairs


CHECKS = (check_comparisons,)
