"""The write commands of ``fundtrail``, generated from the catalogue (domain/catalogue.py).

Each catalogue command with a CLI path becomes a subcommand: positional arguments for the fields it
names, ``--field-name`` options for the rest (a nested object flattened one level, e.g.
``--organisation-kind``), JSON for lists and objects, ``@FILE`` for a content hash (the file is hashed),
a key file or base64 for a public key, and ``--json TEXT|@FILE|-`` for the whole argument object
(options given beside it override its fields). The typed checks are the catalogue's own: the CLI only
turns text into JSON values and lets the ledger refuse, naming the field and the rule.
"""

from __future__ import annotations

import hashlib
import json
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import click
from pydantic import BaseModel

from domain.catalogue import CATALOGUE

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from domain.kernel.commands import Command

GROUP_HELP = {
    "actor": "Actors: people and systems with roles and keys (操作人).",
    "role": "Grant and revoke roles (角色).",
    "key": "Register, rotate and revoke actors' keys (密钥).",
    "document": "Enter documents by content hash (文件).",
    "city": "The Harbin city-pilot fund, 哈工信联规〔2024〕1号 (市级试点专项资金).",
}


def _base(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` metadata and ``| None``, and whether None was allowed."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return annotation, True
        inner, _ = _base(args[0])  # ``Text | None`` is ``Annotated[str, …] | None``
        return inner, True
    return annotation, False


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _kind(annotation: Any) -> str:
    """How text from the command line becomes a JSON value: int, bool, enum, json or str."""
    base, _ = _base(annotation)
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    if isinstance(base, type) and issubclass(base, Enum):
        return "enum"
    if typing.get_origin(base) is list and _kind(typing.get_args(base)[0]) in ("str", "enum", "int"):
        return "list"
    if typing.get_origin(base) in (list, dict, tuple) or _is_model(base) or base in (list, dict):
        return "json"
    return "str"


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _hash_file(value: str) -> str:
    """``@FILE`` -> the SHA-256 of the file's bytes; anything else is passed on as typed."""
    if not value.startswith("@"):
        return value
    digest = hashlib.sha256()
    with Path(value[1:]).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _convert(c: Any, path: str, kind: str, value: str) -> Any:
    from fundtrail.cli import Usage
    from fundtrail.cli import _json_object
    from fundtrail.cli import _public_key

    if path.endswith("sha256"):
        return _hash_file(value)
    if path == "public_key":
        return _public_key(c, value)
    if kind == "int":
        try:
            return int(value, 10)
        except ValueError:
            raise Usage(f"expected an integer (分 for money), got {value[:40]!r}", hint=_option(path)) from None
    if kind == "json":
        text = _read_json_text(value)
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            _json_object(c, text, _option(path))  # raises the CLI's one-line usage error
            raise
    return value


def _read_json_text(value: str) -> str:
    if value == "-":
        return sys.stdin.read()
    if value.startswith("@"):
        return Path(value[1:]).read_text(encoding="utf-8")
    return value


class _Field:
    """One command-line parameter and the argument path it fills (``organisation.kind``)."""

    def __init__(self, path: str, info: FieldInfo, *, positional: bool) -> None:
        self.path = path
        self.param = path.replace(".", "__")
        self.kind = _kind(info.annotation)
        self.required = info.is_required()
        self.positional = positional
        self.info = info

    def decorator(self) -> Any:
        help_text = self.info.description or ""
        base, _ = _base(self.info.annotation)
        if self.kind == "enum":
            help_text = (help_text + " One of: " + ", ".join(str(m.value) for m in base) + ".").strip()
        if self.path.endswith("sha256"):
            help_text = (help_text + " 64 hex digits, or @FILE to hash a file.").strip()
        if self.kind == "json":
            help_text = (help_text + " JSON, @FILE or - (stdin).").strip()
        if self.positional:
            return click.argument(self.param, required=False)
        if self.kind == "list":
            item, _ = _base(typing.get_args(base)[0])
            if isinstance(item, type) and issubclass(item, Enum):
                help_text = (help_text + " One of: " + ", ".join(str(m.value) for m in item) + ".").strip()
            singular = (self.path[:-1] if self.path.endswith("s") else self.path).replace(".", "_")
            return click.option(_option(singular), self.param, multiple=True, help=f"{help_text} (repeatable)".strip())
        if self.kind == "bool":
            flag = _option(self.path.replace(".", "_"))
            return click.option(f"{flag}/--no-{flag[2:]}", self.param, default=None, help=help_text)
        return click.option(_option(self.path.replace(".", "_")), self.param, default=None, help=help_text)


def _fields(command: Command[Any]) -> list[_Field]:
    out: list[_Field] = []
    for name, info in command.args.model_fields.items():
        base, _ = _base(info.annotation)
        if _is_model(base) and name not in command.cli_arguments:
            # the whole object as JSON or @FILE (``--parameters @params.json``), then one option per field,
            # which override what the whole object says
            out.append(_Field(name, info, positional=False))
            for sub, sub_info in base.model_fields.items():
                out.append(_Field(f"{name}.{sub}", sub_info, positional=False))
            continue
        out.append(_Field(name, info, positional=name in command.cli_arguments))
    positional = {f.path: f for f in out if f.positional}
    return [positional[n] for n in command.cli_arguments if n in positional] + [f for f in out if not f.positional]


def build_args(c: Any, fields: list[_Field], values: dict[str, Any], json_arg: str | None) -> dict[str, Any]:
    """The argument object: --json first, then every parameter given on the command line."""
    from fundtrail.cli import _json_object

    args: dict[str, Any] = _json_object(c, _read_json_text(json_arg), "--json") if json_arg else {}
    for f in fields:
        value = values.get(f.param)
        if value is None or (f.kind == "list" and not value):
            continue
        if f.kind == "list":
            item_kind = _kind(typing.get_args(_base(f.info.annotation)[0])[0])
            converted: Any = [_convert(c, f.path, item_kind, v) for v in value]
        else:
            converted = value if f.kind == "bool" else _convert(c, f.path, f.kind, value)
        head, _, tail = f.path.partition(".")
        if tail:
            nested = args.setdefault(head, {})
            if isinstance(nested, dict):
                nested[tail] = converted
        else:
            args[head] = converted
    return args


def make_command(command: Command[Any]) -> click.Command:
    fields = _fields(command)

    def callback(**values: Any) -> None:
        from fundtrail.cli import Ctx
        from fundtrail.cli import _submit

        c = click.get_current_context().find_object(Ctx)
        assert c is not None
        json_arg = values.pop("json_args", None)
        command_id = values.pop("command_id", None)
        _submit(c, command.name, build_args(c, fields, values, json_arg), command_id)

    params: list[Any] = [f.decorator() for f in fields]
    params += [
        click.option("--json", "json_args", help="All arguments as one JSON object (TEXT, @FILE or - for stdin)."),
        click.option("--command-id", help="Your id for this command (default: a new UUID); re-running it is safe."),
    ]
    roles = ", ".join(sorted(r.value for r in command.roles))
    rules = ", ".join(r.id for r in command.enforces)
    doc = f"{command.en} ({command.zh}).\n\nCommand {command.name}; roles: {roles}."
    if rules:
        doc += f" Rules: {rules}."
    fn: Any = callback
    for p in reversed(params):
        fn = p(fn)
    assert command.cli is not None
    return click.command(command.cli[-1], help=doc)(fn)


def _group(parent: click.Group, name: str) -> click.Group:
    found = parent.commands.get(name)
    if isinstance(found, click.Group):
        return found
    group = click.Group(name, help=GROUP_HELP.get(name, f"{name} commands."))
    parent.add_command(group)
    return group


def install(root: click.Group) -> None:
    """Add every catalogue command that declares a CLI path under ``root``."""
    for command in CATALOGUE:
        if not command.cli:
            continue
        group = root
        for part in command.cli[:-1]:
            group = _group(group, part)
        group.add_command(make_command(command))
