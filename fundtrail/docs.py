"""docs/commands.md, docs/rules.md and the registry table of docs/ledger-format.md, from the catalogue.

``python -m fundtrail.docs`` rewrites them; tests/test_catalogue.py fails when one is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from domain.catalogue import CATALOGUE
from domain.catalogue import FEATURES
from domain.coverage import NOT_BY_SOFTWARE
from domain.coverage import RULE_TABLE
from domain.kernel.admission import RULES as ADMISSION_RULES
from fundtrail.generated import _base
from fundtrail.generated import _is_model
from fundtrail.generated import _kind

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from domain.kernel.commands import Command
    from domain.kernel.rules import Rule

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- generated:registry-commands:begin -->", "<!-- generated:registry-commands:end -->"

ADMISSION = """# Commands

Generated from the catalogue (`domain/catalogue.py`) by `python -m fundtrail.docs`; do not edit.
Every change to a fundtrail ledger is a signed command (docs/ledger-format.md §5). The ledger admits
it through ordered checks (`ledger/admission.py`) and appends nothing if one fails; each refusal is a
typed error naming the field and the rule with its article (docs/rules.md):

| order | check | field | rule | error |
| --- | --- | --- | --- | --- |
| 1 | envelope shape: exactly the eight fields, `v` the integer 1, strings where strings belong, `command_id` 1–100 of `[A-Za-z0-9._:-]`, `issued_at` exactly `YYYY-MM-DDTHH:MM:SS.ffffffZ`, canonical JSON without duplicate keys | `envelope.<field>` | `FT-ENVELOPE` | `InvalidField` |
| 2 | the envelope is for this ledger | `envelope.origin` | `FT-ORIGIN` | `Unauthorised` |
| 3 | this process holds the ledger's current log key (else the ledger is read-only here) | `log_key` | `FT-LOG-KEY` | `Unauthorised` |
| 4 | issued at most 300 s after and at most `max_command_age` (genesis; default 30 days) before the ledger's time | `envelope.issued_at` | `FT-TIME` | `InvalidField` |
| 5 | a command of the catalogue | `envelope.command` | `FT-COMMAND` | `InvalidField` |
| 6 | the actor is registered | `envelope.actor` | `FT-ACTOR` | `Unauthorised` |
| 7 | the key is the actor's and not revoked | `envelope.key_id` | `FT-KEY-UNKNOWN`, `FT-KEY-REVOKED` | `Unauthorised` |
| 8 | the Ed25519 signature verifies | `signature` | `FT-SIG` | `Unauthorised` |
| 9 | the actor holds a role the command admits (or acts on itself where the command allows it) | `envelope.actor` | `FT-ROLE` | `Unauthorised` |
| 10 | the arguments: the command's strict model (unknown fields refused) | the argument's path | per field | `InvalidField` |
| 11 | the command's own rules, judged on the aggregates it reads | the argument | per rule | `Conflict`, `NotFound`, … |
| 12 | at the append, under the write lock: every stream the command read and did not write is unchanged (else it is checked again), this actor's `command_id` is unused, the clock has not gone back | `envelope.command_id`, `clock` | `FT-COMMAND-ID-CONFLICT`, `FT-CLOCK` | `Conflict`, `InvalidField` |

The **same signed command** sent again is never applied twice (`FT-IDEMPOTENT`); `fundtrail apply`
counts it as skipped. Every accepted command is sealed by the log key (docs/ledger-format.md §7.4).

**Two ways to give a command.** `fundtrail <path> …` (below) signs with `--key` and submits; the same
arguments as one JSON object go to `fundtrail sign COMMAND --args JSON --command-id ID`, whose output is
one line of an `apply` file: `{"envelope": {"v": 1, "origin", "command", "args", "actor", "key_id",
"issued_at", "command_id"}, "signature": BASE64}` (docs/ledger-format.md §5.1). Options of the generated
commands: positional arguments where shown, `--field-name` for each field, `--parent-field` for a
nested object's fields, JSON (or `@FILE`, `-`) for lists and objects, `@FILE` for a content hash
(the file is hashed), a key file or base64 for a public key, `--json` for the whole object.
Money is always integer 分.
"""


def _type(info: FieldInfo, name: str) -> str:
    base, optional = _base(info.annotation)
    kind = _kind(info.annotation)
    if name.endswith("_fen"):
        text = "integer 分"
    elif name.endswith("_bp"):
        text = "basis points (7000 = 70%)"
    elif name == "sha256" or name.endswith("_sha256"):
        text = "64 hex (or @FILE)"
    elif _is_model(base):
        text = "{" + ", ".join(base.model_fields) + "}"
    elif kind == "enum":
        text = " \\| ".join(f"`{m.value}`" for m in base)
    elif kind in ("list", "json"):
        text = "list" if kind == "list" or "list" in str(base) else "object"
        inner = [a for a in getattr(base, "__args__", ()) if _is_model(_base(a)[0])]
        if inner:
            text = "list of {" + ", ".join(_base(inner[0])[0].model_fields) + "}"
    elif "date" in str(base):
        text = "YYYY-MM-DD"
    else:
        text = getattr(base, "__name__", str(base))
    return text + ("" if info.is_required() and not optional else ", optional")


def _args(command: Command[Any]) -> str:
    fields = command.args.model_fields
    return "<br>".join(f"`{n}` ({_type(i, n)})" for n, i in fields.items()) or "—"


def _cli(command: Command[Any]) -> str:
    if not command.cli:
        return "by hand (log operation)"
    positional = " ".join(a.upper() for a in command.cli_arguments)
    return f"`fundtrail {' '.join(command.cli)}{' ' + positional if positional else ''}`"


def _roles(command: Command[Any]) -> str:
    roles = ", ".join(f"`{r.value}`" for r in sorted(command.roles))
    return roles + (f"; or the actor named by `{command.self_service}` itself" if command.self_service else "")


def commands_md() -> str:
    out = [ADMISSION]
    for feature in FEATURES:
        if not feature.COMMANDS:
            continue
        title = (feature.__doc__ or feature.__name__).strip().splitlines()[0]
        out.append(f"\n## {feature.__name__.split('.')[1]}: {title}\n")
        out.append("| command | CLI | what | roles | arguments | rules |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for c in feature.COMMANDS:
            rules = ", ".join(f"`{r.id}`" for r in c.enforces) or "—"
            out.append(f"| `{c.name}` | {_cli(c)} | {c.zh}<br>{c.en} | {_roles(c)} | {_args(c)} | {rules} |")
    return "\n".join(out) + "\n"


def _rule_row(rule: Rule, enforced_by: dict[str, list[str]]) -> str:
    implements = ", ".join(rule.implements) or "—"
    by = ", ".join(f"`{n}`" for n in enforced_by.get(rule.id, [])) or "admission"
    return (
        f"| `{rule.id}` | {rule.kind.value} | {rule.clock.value} | {rule.citation} | {implements} | "
        f"{rule.zh}<br>{rule.en} | {by} |"
    )


def rules_md() -> str:
    enforced_by: dict[str, list[str]] = {}
    for c in CATALOGUE:
        for r in c.enforces:
            enforced_by.setdefault(r.id, []).append(c.name)
    out = [
        "# Rules",
        "",
        "Generated from the catalogue (`domain/catalogue.py`) by `python -m fundtrail.docs`; do not edit.",
        "Each rule is a declared object (`domain/kernel/rules.py`): its id, kind, the time it judges by, its",
        "article, the ids of the rule table it implements, and its text in Chinese and English. Kinds: **BLOCK**",
        "refuses the command; **GATE** is a precondition of a transition; **WARN** is recorded in the event",
        "for a person to decide; **RECORD** must be captured. Clocks: `record` = the ledger clock when the",
        "command is recorded; `business` = a date the command carries, checked against the ledger clock.",
        "",
        "| rule | kind | clock | article | implements | text | enforced by |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    admission_ids = {r.id for r in ADMISSION_RULES}
    ordered = [r for r in CATALOGUE.rules.values() if r.id in admission_ids]
    ordered += [r for r in CATALOGUE.rules.values() if r.id not in admission_ids]
    out += [_rule_row(r, enforced_by) for r in ordered]
    out += [
        "",
        "## Coverage of the rule table (哈工信联规〔2024〕1号)",
        "",
        "| id | article | the measures demand | implemented by |",
        "| --- | --- | --- | --- |",
    ]
    for rid, (article, text) in RULE_TABLE.items():
        by = [f"`{r.id}`" for r in CATALOGUE.rules.values() if rid in r.implements]
        reason = NOT_BY_SOFTWARE.get(rid)
        cell = ", ".join(by) if by else (f"not by software: {reason}" if reason else "**not yet implemented**")
        out.append(f"| {rid} | {article} | {text} | {cell} |")
    return "\n".join(out) + "\n"


def _who(command: Command[Any]) -> str:
    if command.name == "ledger.init":
        return "the first administrator, as the genesis group only"
    roles = ", ".join(f"`{r.value}`" for r in sorted(command.roles))
    return roles + (", or the actor itself" if command.self_service else "")


def _spec_args(command: Command[Any]) -> str:
    parts = []
    for name, info in command.args.model_fields.items():
        base, _ = _base(info.annotation)
        if _is_model(base):
            parts.append(f"`{name} {{{', '.join(base.model_fields)}}}`")
        elif _kind(info.annotation) == "list":
            parts.append(f"`{name}` (list)")
        else:
            parts.append(f"`{name}`")
    return ", ".join(parts)


def registry_table() -> str:
    rows = [
        "| command | who may give it | args | registry events (facts) | applies when |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in CATALOGUE:
        if c.registry:
            facts, when = c.registry
            rows.append(f"| `{c.name}` | {_who(c)} | {_spec_args(c)} | {facts} | {when} |")
    return "\n".join(rows)


def ledger_format_md(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{registry_table()}\n{END}{tail}"


def documents() -> dict[Path, str]:
    spec = ROOT / "docs" / "ledger-format.md"
    return {
        ROOT / "docs" / "commands.md": commands_md(),
        ROOT / "docs" / "rules.md": rules_md(),
        spec: ledger_format_md(spec.read_text(encoding="utf-8")),
    }


def main() -> int:
    for path, text in documents().items():
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
