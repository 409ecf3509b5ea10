"""The ``fundtrail`` command: the operator's and actors' tool (decisions.md §14).

The ledger is chosen by ``--ledger URL`` or FUNDTRAIL_LEDGER; the acting actor
by ``--key FILE`` or FUNDTRAIL_KEY; the clock by ``--at`` or FUNDTRAIL_AT
(tests and the demo run at fixed dates, decisions.md §10).
Exit codes: 0 ok, 1 refused, 2 usage, 3 could not run. No input ends in a traceback:
an error nobody foresaw is reported in one line as "internal error" (exit 3);
FUNDTRAIL_DEBUG=1 shows its traceback.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import sys
import uuid
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any
from typing import BinaryIO

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from domain.clock import Clock
from domain.clock import FixedClock
from domain.clock import SystemClock
from domain.errors import InvalidField
from domain.errors import NotFound
from domain.errors import RuleViolation
from domain.ids import ACTOR_ID
from domain.ids import resolve_stream
from fundtrail.labels import label
from ledger import keys as keyfiles
from ledger.app import AlreadyApplied
from ledger.app import FundtrailLedger
from ledger.app import ReadOnlyLedger
from ledger.canonical import CanonicalError
from ledger.canonical import parse_time
from ledger.config import LedgerUnavailable
from ledger.config import LedgerUrl
from ledger.config import LedgerUrlError
from ledger.config import check_available
from ledger.config import parse_url
from ledger.config import redact
from ledger.envelope import RULE as ENVELOPE_RULE
from ledger.envelope import SignedCommand
from ledger.envelope import from_line
from ledger.envelope import make_envelope
from ledger.envelope import parse_fields
from ledger.envelope import sign
from ledger.hashing import hash_function

DEFAULT_LEDGER = "sqlite:///fundtrail.sqlite"
MAX_SEQ = 2**63 - 1  # SQLite INTEGER and PostgreSQL bigint; larger numbers are usage errors
SEQ = click.IntRange(1, MAX_SEQ)
SIZE = click.IntRange(0, MAX_SEQ)
# The clock ticks a second per reading and 北京时间 adds eight hours: a year of headroom keeps
# both inside datetime's range; a time before the UNIX epoch is a typing mistake.
AT_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
MAX_SMALL_FILE = 1024 * 1024  # checkpoints and verifier keys are a few hundred bytes
_SIZE_TEXT = re.compile(r"^(0|[1-9][0-9]{0,18})$", re.ASCII)

# Fixed messages in both languages (--lang); refusals carry the domain's own text.
TEXT: dict[str, tuple[str, str]] = {
    "clock_fixed": ("clock fixed at {at} (FUNDTRAIL_AT/--at)", "时钟固定为 {at}（FUNDTRAIL_AT/--at）"),
    "bad_at": (
        "not an ISO 8601 time: {value!r} (e.g. 2025-03-03T02:00:00Z)",
        "不是 ISO 8601 时间：{value!r}（例如 2025-03-03T02:00:00Z）",
    ),
    "at_range": (
        "{value!r} is outside 1970-01-01 … 9998-12-31 (UTC)",
        "{value!r} 超出 1970-01-01 至 9998-12-31（UTC）的范围",
    ),
    "no_key": (
        "no acting key: pass --key FILE or set FUNDTRAIL_KEY",
        "未指定操作密钥：请用 --key FILE 或设置 FUNDTRAIL_KEY",
    ),
    "exists": ("{path} exists; pass --force to overwrite it", "{path} 已存在；如需覆盖请加 --force"),
    "key_exists": (
        "{path} holds a private key; it is never overwritten, not even with --force",
        "{path} 是私钥文件，任何情况下都不会被覆盖（--force 也不行）",
    ),
    "no_folder": ("no folder {folder} to write {path} into", "目录 {folder} 不存在，无法写入 {path}"),
    "is_dir": ("{path} is a directory", "{path} 是目录"),
    "not_dir": ("{path} exists and is not a directory", "{path} 已存在且不是目录"),
    "not_initialised": (
        "the ledger at {where} is not initialised: run `fundtrail init`",
        "{where} 的账本尚未初始化：请先运行 `fundtrail init`",
    ),
    "genesis_unreadable": (
        "the genesis record of {where} is unreadable: {error}",
        "{where} 的创世记录无法读取：{error}",
    ),
    "no_record": ("no record {seq}", "没有序号 {seq} 的记录"),
    "sizes": ("OLD_SIZE {old} is larger than NEW_SIZE {new}", "OLD_SIZE {old} 大于 NEW_SIZE {new}"),
    "beyond_head": ("no size {size}: the ledger holds {head} records", "不存在规模 {size}：账本共有 {head} 条记录"),
    "bad_stream": (
        "{stream!r} is neither a stream UUID nor an alias actor:ID, document:ID, commands:ID, ledger:ORIGIN",
        "{stream!r} 既不是流 UUID，也不是 actor:ID、document:ID、commands:ID、ledger:ORIGIN 形式的别名",
    ),
    "no_stream": ("no stream {stream} in this ledger", "账本中没有流 {stream}"),
    "not_json": ("{what}: not JSON: {error}", "{what}：不是 JSON：{error}"),
    "not_object": ("{what}: expected a JSON object, got {kind}", "{what}：应为 JSON 对象，实为 {kind}"),
    "unreadable": ("{path}: cannot read: {error}", "{path}：无法读取：{error}"),
    "bad_checkpoint": ("{path}: not a C2SP checkpoint: {error}", "{path}：不是 C2SP 检查点：{error}"),
    "foreign_checkpoint": (
        "{path} is not this ledger's checkpoint of size {size} (origin or root differ)",
        "{path} 不是本账本规模 {size} 的检查点（来源或树根不同）",
    ),
    "bad_vkey": ("{path}: not a C2SP verifier key", "{path}：不是 C2SP 验证公钥"),
    "origin_conflict": (
        "--origin {origin!r} and the vkey's name {name!r} differ",
        "--origin {origin!r} 与验证公钥名称 {name!r} 不一致",
    ),
    "hash_conflict": (
        "--hash {given} but the ledger uses {used}; --hash is for offline signing (--origin or --vkey)",
        "--hash 为 {given}，但账本使用 {used}；--hash 仅用于离线签名（--origin 或 --vkey）",
    ),
    "bad_actor": (
        "{actor!r} is not an actor id: [a-z0-9][a-z0-9._-]{{1,62}}",
        "{actor!r} 不是合法的操作人标识：[a-z0-9][a-z0-9._-]{{1,62}}",
    ),
    "applied": ("applied {done}, skipped {skipped} already applied", "已应用 {done} 条，跳过已应用的 {skipped} 条"),
    "already": ("line {number}: already applied at seq {seq}", "第 {number} 行：已于序号 {seq} 应用"),
    "storage": ("the ledger could not be read or written: {error}", "账本无法读写：{error}"),
    "cannot_open": ("cannot open the ledger {where}: {error}", "无法打开账本 {where}：{error}"),
    "no_log_key": (
        "initialising a ledger needs its log key: pass --log-key FILE or set FUNDTRAIL_LOG_KEY",
        "初始化账本需要日志密钥：请用 --log-key FILE 或设置 FUNDTRAIL_LOG_KEY",
    ),
    "io": ("{path}: {error}", "{path}：{error}"),
    "internal": (
        "internal error (a bug; FUNDTRAIL_DEBUG=1 shows the traceback): {error}",
        "内部错误（程序缺陷；设置 FUNDTRAIL_DEBUG=1 可查看调用栈）：{error}",
    ),
}


def _t(lang: str, key: str, **values: Any) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _one_line(text: str, limit: int = 300) -> str:
    """Library errors may span lines (psycopg's hints): the first line, bounded."""
    lines = str(text).strip().splitlines()
    first = lines[0] if lines else ""
    return first if len(first) <= limit else first[:limit] + "…"


def _default_lang() -> str:
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


class CannotRun(click.ClickException):
    exit_code = 3


class Refused(click.ClickException):
    exit_code = 1


class Usage(click.ClickException):
    """A usage error found after parsing, in one line (click's own parse errors add usage lines)."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{hint}: {message}" if hint else message)


def _fixed_time(at: str | None, lang: str) -> datetime | None:
    """The time --at or FUNDTRAIL_AT fixes the clock at (UTC), or None for the system clock."""
    if not at:
        return None
    try:
        when = datetime.fromisoformat(at.strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        when = when.astimezone(UTC)
    except (ValueError, OverflowError):  # garbage, or year 1 moved across midnight by its offset
        raise Usage(_t(lang, "bad_at", value=at[:60]), hint="--at") from None
    if not AT_RANGE[0] <= when < AT_RANGE[1]:
        raise Usage(_t(lang, "at_range", value=at[:60]), hint="--at")
    return when


class Ctx:
    def __init__(self, ledger: str, key: str | None, at: str | None, lang: str, log_key: str | None = None) -> None:
        self.url = ledger
        self.key_path = key
        self.log_key_path = log_key
        self.lang = lang
        self.at = _fixed_time(at, lang)
        self.clock: Clock = FixedClock(self.at) if self.at else SystemClock()
        self._app: FundtrailLedger | None = None
        self._where = redact(ledger)

    def t(self, key: str, **values: Any) -> str:
        return _t(self.lang, key, **values)

    def open(self, *, create: bool = False, write: bool = False) -> FundtrailLedger:
        """The ledger; only ``init`` (create) may create tables or a SQLite file, and only
        commands that append (write) read the log key."""
        if self._app is None:
            try:
                parsed: LedgerUrl = parse_url(self.url, create_tables=create)
                self._where = parsed.where()
                check_available(parsed, must_exist=not create)
            except LedgerUrlError as e:
                raise Usage(str(e), hint="--ledger") from None
            except LedgerUnavailable as e:
                raise CannotRun(str(e)) from None
            log_key = self.log_key() if write else None
            try:
                self._app = FundtrailLedger(self.url, self.clock, log_key=log_key, create_tables=create)
            except Exception as e:  # the library's own connection and schema errors
                raise CannotRun(self.t("cannot_open", where=self._where, error=_one_line(redact(str(e))))) from None
        return self._app

    def reader(self) -> FundtrailLedger:
        """An existing, initialised ledger for a command that only reads."""
        app = self.open()
        try:
            app.info()
        except NotFound:
            raise CannotRun(self.t("not_initialised", where=self._where)) from None
        except (KeyError, ValueError, TypeError) as e:  # a genesis record edited by hand
            raise CannotRun(self.t("genesis_unreadable", where=self._where, error=f"{type(e).__name__}: {e}")) from None
        return app

    def log_key(self) -> Any:
        """The log key's private half, or None: then this process can read but not write (§7.4)."""
        if not self.log_key_path:
            return None
        try:
            return keyfiles.read(Path(self.log_key_path)).private_key
        except keyfiles.KeyFileError as e:
            raise CannotRun(f"--log-key: {e}") from None

    def key(self) -> keyfiles.ActorKey:
        if not self.key_path:
            raise Usage(self.t("no_key"))
        try:
            return keyfiles.read(Path(self.key_path))
        except keyfiles.KeyFileError as e:
            raise CannotRun(f"--key: {e}") from None

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


pass_ctx = click.make_pass_decorator(Ctx)


class _Root(click.Group):
    """Every failure ends in one line with its exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (PersistenceError, sqlite3.Error, psycopg.Error) as e:
            raise CannotRun(_t(_lang(ctx), "storage", error=_one_line(redact(str(e))))) from None
        except RuleViolation as e:
            raise Refused(f"refused: {e}") from None
        except OSError as e:
            raise CannotRun(_t(_lang(ctx), "io", path=e.filename or "", error=e.strerror or e)) from None
        except Exception as e:
            if os.environ.get("FUNDTRAIL_DEBUG"):
                raise
            error = f"{type(e).__name__}: {_one_line(redact(str(e)))}"
            raise CannotRun(_t(_lang(ctx), "internal", error=error)) from None


def _lang(ctx: click.Context) -> str:
    obj = ctx.find_object(Ctx)
    return obj.lang if obj is not None else str(ctx.params.get("lang") or _default_lang())


@click.group(cls=_Root)
@click.option(
    "--ledger",
    envvar="FUNDTRAIL_LEDGER",
    default=DEFAULT_LEDGER,
    show_default=True,
    help="Ledger URL: sqlite:///relative/path, sqlite:////absolute/path or postgresql://USER@HOST:PORT/DB.",
)
@click.option("--key", envvar="FUNDTRAIL_KEY", help="The acting actor's key file.")
@click.option(
    "--at",
    envvar="FUNDTRAIL_AT",
    help="Fix the ledger clock: ISO 8601 time from 1970 to 9998 (UTC if no zone); a notice goes to stderr.",
)
@click.option(
    "--log-key",
    envvar="FUNDTRAIL_LOG_KEY",
    help="The log key file: seals every commit. Without it the ledger is read-only here.",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=_default_lang, help="Language of messages.")
@click.version_option("0.1.0", prog_name="fundtrail")
@click.pass_context
def main(ctx: click.Context, ledger: str, key: str | None, at: str | None, log_key: str | None, lang: str) -> None:
    """fundtrail: a signed, hash-chained audit ledger for subsidy funds.

    Exit codes: 0 ok, 1 refused, 2 usage error, 3 could not run.
    """
    obj = Ctx(ledger, key, at, lang, log_key)
    ctx.obj = obj
    ctx.call_on_close(obj.close)
    if obj.at and not ctx.resilient_parsing:
        click.echo(obj.t("clock_fixed", at=obj.at.strftime("%Y-%m-%dT%H:%M:%SZ")), err=True)


def _submit(c: Ctx, command: str, args: dict[str, Any], command_id: str | None) -> None:
    key = c.key()
    app = c.open(write=True)
    try:
        signed = app.envelope(key, command, args, command_id or str(uuid.uuid4()))
        applied = app.submit(signed)
    except AlreadyApplied as e:
        click.echo(f"already applied: {e.detail}", err=True)
        return
    except RuleViolation as e:
        raise Refused(f"refused: {e}") from None
    except CanonicalError as e:  # e.g. a float where money (integer 分) belongs
        raise Refused(f"refused: args: {e} [rule FT-FIELD]") from None
    click.echo(f"{applied.command} {applied.command_id}: seq {applied.first_seq}–{applied.last_seq}")
    _echo_seal(app, applied.last_seq)


def _echo_seal(app: FundtrailLedger, size: int) -> None:
    """The log key's seal of the commit, as a C2SP checkpoint: the submitter's evidence (§7.4)."""
    from ledger.checkpoints import seal_note

    click.echo(seal_note(app, size).note, nl=False)


# -- files --------------------------------------------------------------------------------------


def _target(c: Ctx, output: str, *, force: bool, directory: bool = False) -> Path:
    """Where -o may write: an existing folder, and no existing file unless --force; never over a
    private key file, judged by its content, whatever its name."""
    path = Path(output)
    parent = path.parent
    if not parent.is_dir():
        raise Usage(c.t("no_folder", folder=parent, path=path))
    if path.is_file() and keyfiles.is_key_file(path):
        raise Usage(c.t("key_exists", path=path))
    if directory:
        if path.exists() and not path.is_dir():
            raise Usage(c.t("not_dir", path=path))
        inside = [path / "records.jsonl", path / "manifest.json"] if path.is_dir() else []
        for file in inside:
            if file.exists() and keyfiles.is_key_file(file):
                raise Usage(c.t("key_exists", path=file))
        if path.exists() and not force:
            raise Usage(c.t("exists", path=path))
        return path
    if path.is_dir():
        raise Usage(c.t("is_dir", path=path))
    if (path.exists() or path.is_symlink()) and not force:
        raise Usage(c.t("exists", path=path))
    return path


def _write(c: Ctx, path: Path, text: str, *, force: bool) -> None:
    try:
        with path.open("w" if force else "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:  # appeared since _target looked
        raise Usage(c.t("exists", path=path)) from None


def _read_small(c: Ctx, path: str, hint: str) -> str:
    """A checkpoint or verifier key file as text: bounded, UTF-8, else a usage error."""
    try:
        with Path(path).open("rb") as f:
            data = f.read(MAX_SMALL_FILE + 1)
        if len(data) > MAX_SMALL_FILE:
            raise ValueError(f"larger than {MAX_SMALL_FILE} bytes")
        return data.decode("utf-8")
    except (OSError, ValueError) as e:
        raise Usage(c.t("unreadable", path=path, error=e), hint=hint) from None


def _json_object(c: Ctx, text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except RecursionError:
        raise Usage(c.t("not_json", what=what, error="nested too deeply")) from None
    except ValueError as e:  # also integers of more than 4300 digits
        raise Usage(c.t("not_json", what=what, error=_one_line(str(e), 120))) from None
    if not isinstance(value, dict):
        raise Usage(c.t("not_object", what=what, kind=type(value).__name__))
    return value


# -- commands -----------------------------------------------------------------------------------


@main.command()
@click.option("--origin", required=True, help="The ledger's origin, e.g. fundtrail.example/harbin-2025.")
@click.option("--hash", "hash_algorithm", type=click.Choice(["sha256", "sm3"]), default="sha256", show_default=True)
@click.option("--name", default="账本运营方", show_default=True)
@click.option("--organisation-code", "org_code", default="OPERATOR", show_default=True)
@click.option("--organisation-name", "org_name", default="账本运营方", show_default=True)
@pass_ctx
def init(c: Ctx, origin: str, hash_algorithm: str, name: str, org_code: str, org_name: str) -> None:
    """Create the ledger: genesis with origin, hash algorithm and the operator key (--key)."""
    key = c.key()
    if not c.log_key_path:  # refuse before any table or file is created
        raise Refused(f"refused: {ReadOnlyLedger(c.t('no_log_key'))}")
    app = c.open(create=True, write=True)
    try:
        applied = app.initialise(
            origin=origin,
            operator=key,
            operator_name=name,
            organisation={"code": org_code, "name": org_name, "kind": "operator"},
            hash_algorithm=hash_algorithm,
        )
    except RuleViolation as e:
        raise Refused(f"refused: {e}") from None
    except CanonicalError as e:
        raise Refused(f"refused: {e} [rule FT-FIELD]") from None
    click.echo(f"initialised {origin} ({hash_algorithm}): seq {applied.first_seq}–{applied.last_seq}")
    _echo_seal(app, applied.last_seq)


@main.group()
def keys() -> None:
    """Key files."""


@keys.command("new")
@click.argument("actor")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="A new file (never overwritten).")
@pass_ctx
def keys_new(c: Ctx, actor: str, output: str) -> None:
    """Generate an Ed25519 key for ACTOR into a new 0600 file."""
    if not ACTOR_ID.fullmatch(actor):
        raise Usage(c.t("bad_actor", actor=actor[:80]), hint="ACTOR")
    path = _target(c, output, force=False)
    key = keyfiles.generate(actor)
    try:
        keyfiles.write(key, path)
    except FileExistsError:
        raise Usage(c.t("exists", path=path)) from None
    click.echo(f"{actor} key {key.key_id[:16]}… public {key.public_b64}")


@keys.command("show")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def keys_show(path: str) -> None:
    """Print a key file's actor, key id and public key (never the private key)."""
    try:
        key = keyfiles.read(Path(path))
    except keyfiles.KeyFileError as e:
        raise CannotRun(str(e)) from None
    click.echo(json.dumps({"actor": key.actor, "key_id": key.key_id, "public_key": key.public_b64}, indent=2))


@main.command("vkey")
@pass_ctx
def vkey_cmd(c: Ctx) -> None:
    """Print the log key as a C2SP verifier key (give it to auditors and witnesses)."""
    from ledger.checkpoints import vkey

    app = c.reader()
    # Seals and checkpoints are signed by the log key (docs/ledger-format.md §7.4), never by
    # an administrator's key.
    click.echo(vkey(app.info().origin, app.current_log_key()))


def _public_key(c: Ctx, value: str) -> str:
    """Base64 of a public key, or a key file whose public half is taken (never its private key)."""
    path = Path(value)
    if not path.is_file():
        return value
    try:
        doc = keyfiles.load_document(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("public_key"), str):
            raise ValueError("no public_key")
    except (OSError, ValueError, RecursionError) as e:
        raise Usage(
            c.t("unreadable", path=value, error=f"not a fundtrail key file ({e})"), hint="--public-key"
        ) from None
    return str(doc["public_key"])


@main.group("ledger")
def ledger_group() -> None:
    """The ledger itself: its log key."""


@ledger_group.command("rotate-log-key")
@click.option(
    "--new-log-key",
    "new_log_key",
    required=True,
    type=click.Path(dir_okay=False),
    help="The new log key's file (0600; `fundtrail keys new log -o FILE`).",
)
@click.option("--command-id")
@pass_ctx
def ledger_rotate_log_key(c: Ctx, new_log_key: str, command_id: str | None) -> None:
    """Replace the log key (an administrator, --key): sealed by the current log key (--log-key), with
    the new key's proof of possession; later commits are sealed by the new one (docs/ledger-format.md §6.5).
    Give the new key file to every ledger process afterwards."""
    key = c.key()
    try:
        new = keyfiles.read(Path(new_log_key)).private_key
    except keyfiles.KeyFileError as e:
        raise CannotRun(f"--new-log-key: {e}") from None
    app = c.open(write=True)
    try:
        applied = app.rotate_log_key(key, new, command_id or str(uuid.uuid4()))
    except AlreadyApplied as e:
        click.echo(f"already applied: {e.detail}", err=True)
        return
    except RuleViolation as e:
        raise Refused(f"refused: {e}") from None
    click.echo(f"{applied.command} {applied.command_id}: seq {applied.first_seq}–{applied.last_seq}")
    _echo_seal(app, applied.last_seq)


def _vkey_origin(c: Ctx, path: str) -> str:
    """The name of a C2SP verifier key, checked by rebuilding the key text from its parts."""
    from ledger.checkpoints import vkey

    text = _read_small(c, path, "--vkey").strip()
    name, _, rest = text.partition("+")
    _, _, encoded = rest.partition("+")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 33 or vkey(name, raw[1:], raw[0]) != text:
        raise Usage(c.t("bad_vkey", path=path), hint="--vkey")
    return name


@main.command("sign")
@click.argument("command")
@click.option("--args", "args_json", required=True, help="The command's arguments as a JSON object.")
@click.option("--command-id", required=True)
@click.option("--origin", help="Sign offline for this ledger origin: no ledger is opened.")
@click.option(
    "--vkey",
    "vkey_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Sign offline: the ledger's C2SP verifier key file (`fundtrail vkey`); its name is the origin.",
)
@click.option(
    "--hash",
    "hash_algorithm",
    type=click.Choice(["sha256", "sm3"]),
    default=None,
    help="The ledger's hash algorithm, for offline signing (default sha256, as `fundtrail init`).",
)
@pass_ctx
def sign_cmd(
    c: Ctx,
    command: str,
    args_json: str,
    command_id: str,
    origin: str | None,
    vkey_file: str | None,
    hash_algorithm: str | None,
) -> None:
    """Print one signed envelope line for `fundtrail apply`; offline with --origin or --vkey."""
    args = _json_object(c, args_json, "--args")
    if vkey_file:
        name = _vkey_origin(c, vkey_file)
        if origin is not None and origin != name:
            raise Usage(c.t("origin_conflict", origin=origin, name=name))
        origin = name
    key = c.key()
    try:
        if origin is None:
            app = c.open()
            if hash_algorithm and hash_algorithm != app.info().hash_algorithm:
                used = app.info().hash_algorithm
                raise Usage(c.t("hash_conflict", given=hash_algorithm, used=used))
            signed = app.envelope(key, command, args, command_id)
        else:
            fields = make_envelope(
                origin=origin,
                command=command,
                args=args,
                actor=key.actor,
                key_id=key.key_id,
                issued_at=c.clock.now(),
                command_id=command_id,
            )
            signed = sign(fields, key.private_key, hash_function(hash_algorithm or "sha256"))
        parse_fields(signed.fields)  # what `apply` would refuse for its shape, refused now
        click.echo(signed.to_line())
    except (RuleViolation, CanonicalError) as e:
        raise Refused(f"refused: {e}") from None
    except RecursionError:
        raise Refused(f"refused: {InvalidField('args', 'FT-FIELD', 'nested too deeply')}") from None


def _signed_line(number: int, raw: bytes) -> SignedCommand:
    """One line of an apply file; anything that is not a signed command is refused with FT-ENVELOPE."""
    try:
        return from_line(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        problem = f"not UTF-8 text (byte {e.start + 1})"
    except RecursionError:
        problem = "JSON nested too deeply"
    except CanonicalError as e:
        problem = str(e)
    except ValueError as e:  # integers beyond 4300 digits, text that does not encode
        problem = f"not JSON: {_one_line(str(e), 120)}"
    raise Refused(f"line {number} refused: {InvalidField('line', ENVELOPE_RULE, problem)}")


@main.command()
@click.argument("file", type=click.File("rb"))
@pass_ctx
def apply(c: Ctx, file: BinaryIO) -> None:
    """Apply a JSONL file of signed envelopes in order; skip applied ones; stop at the first refusal.

    After the last applied line the log key's seal of that commit is printed (a C2SP checkpoint).
    """
    app = c.open(write=True)
    done = skipped = 0
    last: int | None = None
    refusal: Refused | None = None
    for number, line in enumerate(file, start=1):
        raw = line.removeprefix(b"\xef\xbb\xbf")  # the byte order mark some editors write (RFC 8259 §8.1: ignored)
        if not raw.strip():
            continue
        try:
            applied = app.submit(_signed_line(number, raw))
        except Refused as e:
            refusal = e
            break
        except AlreadyApplied as e:  # only this very signed command (FT-IDEMPOTENT)
            skipped += 1
            click.echo(c.t("already", number=number, seq=e.seq), err=True)
            continue
        except RuleViolation as e:  # a different command under a used id is FT-COMMAND-ID-CONFLICT
            refusal = Refused(f"line {number} refused: {e}")
            break
        done += 1
        last = applied.last_seq
        click.echo(f"line {number}: {applied.command} {applied.command_id} seq {applied.first_seq}–{applied.last_seq}")
    if last is not None:
        _echo_seal(app, last)
    click.echo(c.t("applied", done=done, skipped=skipped), err=True)
    if refusal is not None:
        raise refusal


def _stream(c: Ctx, app: FundtrailLedger, alias: str, hint: str) -> uuid.UUID:
    try:
        sid = resolve_stream(alias)
    except ValueError:
        raise Usage(c.t("bad_stream", stream=alias[:80]), hint=hint) from None
    if not app.chain.existing_streams([sid]):
        raise Refused(c.t("no_stream", stream=alias[:80]))
    return sid


@main.command()
@click.option("--stream", "streams", multiple=True, help="Stream id or alias (actor:ID, document:ID, commands:ID).")
@click.option("--topic", "topics", multiple=True)
@click.option("--from", "start", type=SEQ, default=1)
@click.option("--limit", type=SEQ, default=None)
@click.option("--utc", is_flag=True, help="Show times in UTC instead of 北京时间 (UTC+8).")
@pass_ctx
def log(c: Ctx, streams: tuple[str, ...], topics: tuple[str, ...], start: int, limit: int | None, utc: bool) -> None:
    """One line per record, oldest first: seq, 北京时间, signature letter, label, stream, actor, hash.

    Letters (as git log): G good, B bad signature, R key revoked before the record, E key not the
    actor's then, N unsigned; the ledger's own admission check replayed by position.
    """
    app = c.reader()
    ids = [str(_stream(c, app, s, "--stream")) for s in streams]
    letters: dict[bytes, str] = {}  # the records of one command group share its signature and letter
    for n, row in enumerate(app.chain.records(start, streams=ids, topics=list(topics)), start=1):
        group = row["command_hash"] + row["signature"]
        if group not in letters:
            letters[group] = app.signature_at(row)
        when = _display_time(row["recorded_at"], utc=utc)
        click.echo(
            f"{row['seq']:>6}  {when}  {letters[group]}  {_pad(label(row['topic'], c.lang), 20)}  "
            f"{row['originator_id'][:8]} v{row['originator_version']:<3} {row['actor_id']:<16} {row['hash'].hex()[:8]}"
        )
        if limit and n >= limit:
            break


BEIJING = timezone(timedelta(hours=8), "CST")  # China has kept UTC+8 without DST since 1991


def _display_time(recorded_at: str, *, utc: bool) -> str:
    """Stored times are UTC; tables show 北京时间 unless asked for UTC (docs/decisions.md §23)."""
    try:
        when = parse_time(recorded_at)
        return when.strftime("%Y-%m-%d %H:%MZ") if utc else when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # a record time edited by hand: shown as stored
        return f"{str(recorded_at)[:16]:<16}"


def _pad(text: str, width: int) -> str:
    """Pad to a terminal width, counting CJK characters as two columns."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def _state(row: dict[str, Any]) -> Any:
    """The stored event as JSON, or its text if the stored bytes are not JSON (a damaged row)."""
    if not row["state"]:
        return None
    try:
        return json.loads(row["state"])
    except (ValueError, RecursionError):
        return bytes(row["state"]).decode("utf-8", "replace")


@main.command()
@click.argument("seq", type=SEQ)
@click.option("--raw", is_flag=True, help="Print the stored bytes exactly as chained.")
@pass_ctx
def show(c: Ctx, seq: int, raw: bool) -> None:
    """Show one record, decoded (or --raw)."""
    row = next(iter(c.reader().chain.records(seq, seq)), None)
    if row is None:
        raise Refused(c.t("no_record", seq=seq))
    if raw:
        sys.stdout.buffer.write((row["state"] or b"") + b"\n")
        return
    out = {k: (v.hex() if isinstance(v, bytes) and k != "state" else v) for k, v in row.items() if k != "nodes"}
    out["state"] = _state(row)
    out["label"] = label(row["topic"], c.lang)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command()
@click.argument("stream")
@pass_ctx
def history(c: Ctx, stream: str) -> None:
    """The timeline of one stream (UUID or alias actor:ID, document:ID, commands:ID)."""
    app = c.reader()
    sid = str(_stream(c, app, stream, "STREAM"))
    for row in app.chain.records(streams=[sid]):
        state = _state(row)
        if isinstance(state, dict):
            for name in ("timestamp", "originator_topic", "envelope", "signature"):
                state.pop(name, None)
        click.echo(
            f"v{row['originator_version']:<3} seq {row['seq']:<6} {row['recorded_at']}  {label(row['topic'], c.lang)}  "
            f"by {row['actor_id']}  {json.dumps(state, ensure_ascii=False, sort_keys=True)}"
        )


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(), help="A .zip file or a directory.")
@click.option("--force", is_flag=True, help="Overwrite an existing bundle (never a key file).")
@pass_ctx
def export(c: Ctx, output: str, force: bool) -> None:
    """Write an export bundle for verification without database access."""
    from ledger.checkpoints import export_bundle
    from ledger.checkpoints import seal_note

    path = _target(c, output, force=force, directory=not output.endswith(".zip"))
    app = c.reader()
    try:
        note = seal_note(app).note
    except LookupError as e:
        raise Refused(str(e)) from None
    count = export_bundle(app, path, note)
    click.echo(f"exported {count} records to {output}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the signed checkpoint here.")
@click.option("--force", is_flag=True, help="Overwrite an existing -o file (never a key file).")
@click.option("--size", type=SEQ, default=None, help="A sealed size (a group's last seq); default: the head.")
@pass_ctx
def checkpoint(c: Ctx, output: str | None, force: bool, size: int | None) -> None:
    """Print the log key's seal of the head (or SIZE) as a C2SP checkpoint; needs no key."""
    from ledger.checkpoints import seal_note

    path = _target(c, output, force=force) if output else None
    try:
        issued = seal_note(c.reader(), size)
    except LookupError as e:
        raise Refused(str(e)) from None
    if path:
        _write(c, path, issued.note, force=force)
    click.echo(issued.note, nl=False)


@main.group()
def proof() -> None:
    """Merkle proofs."""


@proof.command("consistency")
@click.argument("old_size", type=SIZE)
@click.argument("new_size", type=SIZE)
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing -o file (never a key file).")
@pass_ctx
def proof_consistency(c: Ctx, old_size: int, new_size: int, output: str | None, force: bool) -> None:
    """RFC 9162 consistency proof from OLD_SIZE to NEW_SIZE, base64 hashes one per line."""
    from ledger.checkpoints import consistency_proof

    if old_size > new_size:
        raise Usage(c.t("sizes", old=old_size, new=new_size))
    path = _target(c, output, force=force) if output else None
    app = c.reader()
    head = app.chain.chain_size()
    if new_size > head:
        raise Refused(c.t("beyond_head", size=new_size, head=head))
    text = "".join(base64.b64encode(p).decode() + "\n" for p in consistency_proof(app, old_size, new_size))
    if path:
        _write(c, path, text, force=force)
    else:
        click.echo(text, nl=False)


def _checkpoint_size(c: Ctx, path: str) -> tuple[str, int]:
    """The checkpoint text of FILE and its size; its signatures are the verifier's business."""
    text = _read_small(c, path, "--checkpoint")
    body, blank, _ = text.partition("\n\n")
    lines = body.split("\n")
    if not blank or len(lines) != 3 or not _SIZE_TEXT.match(lines[1]):
        error = "expected origin, size and root lines, a blank line and signatures"
        raise Usage(c.t("bad_checkpoint", path=path, error=error), hint="--checkpoint")
    return text, int(lines[1])


@main.command()
@click.argument("seq", type=SEQ)
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A (cosigned) checkpoint to prove against; default: the head's seal.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing -o file (never a key file).")
@pass_ctx
def receipt(c: Ctx, seq: int, checkpoint_file: str | None, output: str, force: bool) -> None:
    """Write an offline receipt proving record SEQ is in the ledger."""
    from ledger.checkpoints import receipt as make_receipt
    from ledger.checkpoints import seal_note

    path = _target(c, output, force=force)
    app = c.reader()
    try:
        if checkpoint_file:
            note, size = _checkpoint_size(c, checkpoint_file)
            if not note.startswith(seal_note(app, size).note.partition("\n\n")[0] + "\n\n"):
                raise Refused(c.t("foreign_checkpoint", path=checkpoint_file, size=size))
        else:
            issued = seal_note(app)
            note, size = issued.note, issued.size
        doc = make_receipt(app, seq, note, size)
    except LookupError as e:
        raise Refused(str(e)) from None
    _write(c, path, json.dumps(doc, ensure_ascii=False, indent=2), force=force)
    click.echo(f"receipt for record {seq} against checkpoint size {size} written to {output}")


@main.command("commands")
@pass_ctx
def commands_cmd(c: Ctx) -> None:
    """List every command of the catalogue: name, CLI path, roles, what it does."""
    from domain.catalogue import CATALOGUE

    for command in CATALOGUE:
        path = " ".join(command.cli) if command.cli else "(log operation)"
        roles = ",".join(sorted(r.value for r in command.roles))
        text = command.zh if c.lang == "zh" else command.en
        click.echo(f"{command.name:<34} {_pad(path, 34)} {_pad(roles, 30)} {text}")


@main.command("rules")
@click.argument("rule_id", required=False)
@pass_ctx
def rules_cmd(c: Ctx, rule_id: str | None) -> None:
    """List the rules (id, kind, article, text), or show one RULE_ID with the commands that enforce it."""
    from domain.catalogue import CATALOGUE

    if rule_id is not None:
        rule = CATALOGUE.rules.get(rule_id.upper())
        if rule is None:
            raise Usage(f"no rule {rule_id[:60]!r}; `fundtrail rules` lists them", hint="RULE_ID")
        by = [cmd.name for cmd in CATALOGUE if rule in cmd.enforces]
        click.echo(f"{rule.id}  {rule.kind.value}  {rule.citation}  (clock: {rule.clock.value})")
        click.echo(f"  {rule.zh}\n  {rule.en}")
        if rule.implements:
            click.echo(f"  implements: {', '.join(rule.implements)}")
        click.echo(f"  enforced by: {', '.join(by) or 'admission (every command)'}")
        return
    for rule in CATALOGUE.rules.values():
        click.echo(f"{rule.id:<24} {rule.kind.value:<6} {_pad(rule.citation, 34)} {rule.text(c.lang)}")


@main.group("check")
def check_group() -> None:
    """Checks that need the domain (the verifier needs none)."""


@check_group.command("commands")
@pass_ctx
def check_commands(c: Ctx) -> None:
    """Re-execute every signed command against the state before it; name any record it would not produce.

    The answer to a log-key holder who records more than was signed (docs/ledger-format.md §1).
    Exit 0 when every record is reproduced, 1 otherwise.
    """
    from ledger.recheck import Summary
    from ledger.recheck import recheck

    summary = Summary()
    found = 0
    for m in recheck(c.reader(), summary):
        found += 1
        click.echo(f"{m.code:<9} seq {m.seq:<7} {m.command} {m.command_id}: {m.detail}")
    click.echo(f"{summary.commands} commands re-executed over {summary.records} records; {found} mismatches")
    if found:
        raise Refused(f"{found} records are not what their signed commands produce")


@main.group("evidence")
@click.option(
    "--store",
    envvar="FUNDTRAIL_EVIDENCE",
    default="evidence",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The content-addressed evidence folder kept beside the ledger.",
)
@click.pass_context
def evidence(ctx: click.Context, store: str) -> None:
    """Evidence files, kept by content hash beside the ledger (合同、验收报告、发票、银行支付凭证)."""
    ctx.meta["evidence_store"] = store


@evidence.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def evidence_add(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Keep FILES in the store; print each one's SHA-256 (give it to a command as the hash, or @FILE)."""
    from ledger.evidence import EvidenceStore

    store = EvidenceStore(Path(ctx.meta["evidence_store"]))
    for name in files:
        sha, new = store.add(Path(name))
        click.echo(f"{sha}  {name}{'' if new else '  (already kept)'}")


@evidence.command("check")
@click.pass_context
def evidence_check(ctx: click.Context) -> None:
    """Every content hash the ledger records has its file in the store, byte for byte (exit 1 if not)."""
    from ledger.evidence import EvidenceStore

    c = ctx.find_object(Ctx)
    assert c is not None
    count, problems = EvidenceStore(Path(ctx.meta["evidence_store"])).check(c.reader().chain)
    for p in problems:
        click.echo(f"{p.code:<8} {p.sha256}  first named at seq {p.seq}: {p.detail}")
    click.echo(f"{count} content hashes recorded; {count - len(problems)} files present and intact")
    if problems:
        raise Refused(f"{len(problems)} evidence files missing or altered")


# Every write command of the catalogue (domain/catalogue.py) is generated here.
from fundtrail.generated import install  # noqa: E402 - after the root group and helpers it uses

install(main)


@click.command("explain")
@click.argument("project_id")
@pass_ctx
def city_explain(c: Ctx, project_id: str) -> None:
    """How a project's or an award's amount was computed: the policy version, each cap and total, articles."""
    from eventsourcing.application import AggregateNotFoundError

    from domain.award.aggregate import Award
    from domain.award.aggregate import award_stream
    from domain.award.explain import explain_award
    from domain.project import Project
    from domain.project import project_stream
    from domain.project.explain import explain

    repository = c.reader().repository
    for stream in (project_stream(project_id), award_stream(project_id)):
        try:
            found: object = repository.get(stream)
        except AggregateNotFoundError:
            continue
        if isinstance(found, Project):
            click.echo(explain(found, c.lang))
            return
        if isinstance(found, Award):
            click.echo(explain_award(found, c.lang))
            return
    raise Refused(f"no project or award {project_id[:100]!r} is recorded")


city = main.commands["city"]
assert isinstance(city, click.Group)
city.add_command(city_explain)


@main.command("proposal")
@click.argument("command")
@click.argument("key")
@pass_ctx
def show_proposal(c: Ctx, command: str, key: str) -> None:
    """Show a co-signed proposal (会签事项): its arguments, proposer, status and the digest to countersign.

    COMMAND is the co-signed command (``clawback.write_off``) and KEY the matter's key. The countersigner
    checks the arguments shown here and signs their digest with ``… --args-sha256 DIGEST``.
    """
    import json

    from eventsourcing.application import AggregateNotFoundError

    from domain.kernel.cosign import Proposal
    from domain.kernel.cosign import proposal_stream

    try:
        found: object = c.reader().repository.get(proposal_stream(command, key))
    except AggregateNotFoundError:
        raise Refused(f"no proposal of {command[:100]!r} with key {key[:200]!r} is recorded") from None
    if not isinstance(found, Proposal):
        raise Refused(f"{command[:100]!r} {key[:200]!r} is not a proposal")
    zh = c.lang == "zh"
    rows = [
        ("事项" if zh else "command", found.command),
        ("编号" if zh else "key", found.key),
        (
            "状态" if zh else "status",
            found.status + (f" ({found.closed_by}: {found.reason or ''})" if found.closed_by else ""),
        ),
        ("发起人" if zh else "proposed by", f"{found.proposed_by} ({found.proposed_by_org})"),
        ("会签角色" if zh else "countersigned by a role of", ", ".join(found.countersign_roles)),
        ("须为另一单位" if zh else "another organisation", str(found.distinct_org).lower()),
        ("内容摘要" if zh else "args_sha256", found.args_sha256),
    ]
    for name, value in rows:
        click.echo(f"{name}: {value}")
    click.echo(json.dumps(found.args, ensure_ascii=False, indent=2, sort_keys=True))


# Finance's read commands (balances, projections) attach themselves to the root group.
import fundtrail.finance  # noqa: E402 - registers its commands on ``main``
import fundtrail.province  # noqa: E402, F401 - the provincial award's read commands
