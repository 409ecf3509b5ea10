"""The ``fundtrail`` command: the operator's and actors' tool (decisions.md §14).

The ledger is chosen by ``--ledger URL`` or FUNDTRAIL_LEDGER; the acting actor
by ``--key FILE`` or FUNDTRAIL_KEY; the clock by ``--at`` or FUNDTRAIL_AT
(tests and the demo run at fixed dates, decisions.md §10).
Exit codes: 0 ok, 1 refused, 2 usage, 3 could not run.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import sys
import uuid
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path
from typing import Any

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from domain.clock import Clock
from domain.clock import FixedClock
from domain.clock import SystemClock
from domain.errors import RuleViolation
from domain.ids import resolve_stream
from fundtrail.labels import label
from ledger import keys as keyfiles
from ledger.app import AlreadyApplied
from ledger.app import FundtrailLedger
from ledger.canonical import CanonicalError
from ledger.canonical import parse_time
from ledger.envelope import from_line

DEFAULT_LEDGER = "sqlite:///fundtrail.sqlite"


class CannotRun(click.ClickException):
    exit_code = 3


class Refused(click.ClickException):
    exit_code = 1


def _clock(at: str | None) -> Clock:
    if not at:
        return SystemClock()
    try:
        when = parse_time(at) if at.endswith("Z") and "." in at else datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"not an ISO time: {at!r}", param_hint="--at") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return FixedClock(when)


class Ctx:
    def __init__(self, ledger: str, key: str | None, at: str | None, lang: str, log_key: str | None = None) -> None:
        self.url = ledger
        self.key_path = key
        self.log_key_path = log_key
        self.clock = _clock(at)
        self.lang = lang
        self._app: FundtrailLedger | None = None

    def app(self, *, create: bool = False) -> FundtrailLedger:
        if self._app is None:
            try:
                self._app = FundtrailLedger(
                    self.url,
                    self.clock,
                    log_key=self.log_key(),
                    create_tables=create or self.url.startswith("sqlite"),
                )
            except CannotRun:
                raise
            except Exception as e:
                raise CannotRun(f"cannot open ledger {self.url}: {e}") from None
        return self._app

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
            raise click.UsageError("no acting key: pass --key FILE or set FUNDTRAIL_KEY")
        try:
            return keyfiles.read(Path(self.key_path))
        except keyfiles.KeyFileError as e:
            raise CannotRun(str(e)) from None


pass_ctx = click.make_pass_decorator(Ctx)


class _Root(click.Group):
    """Turns storage failures into "could not run" (exit 3) with one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (PersistenceError, sqlite3.Error, psycopg.Error) as e:
            raise CannotRun(f"the ledger could not be read or written: {e}") from None


@click.group(cls=_Root)
@click.option("--ledger", envvar="FUNDTRAIL_LEDGER", default=DEFAULT_LEDGER, show_default=True, help="Ledger URL.")
@click.option("--key", envvar="FUNDTRAIL_KEY", help="The acting actor's key file.")
@click.option("--at", envvar="FUNDTRAIL_AT", help="Fix the ledger clock (ISO time, UTC).")
@click.option(
    "--log-key",
    envvar="FUNDTRAIL_LOG_KEY",
    help="The log key file: seals every commit. Without it the ledger is read-only here.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=lambda: "zh" if os.environ.get("LANG", "").startswith("zh") else "en",
)
@click.version_option("0.1.0", prog_name="fundtrail")
@click.pass_context
def main(ctx: click.Context, ledger: str, key: str | None, at: str | None, log_key: str | None, lang: str) -> None:
    """fundtrail: a signed, hash-chained audit ledger for subsidy funds."""
    ctx.obj = Ctx(ledger, key, at, lang, log_key)


def _submit(c: Ctx, command: str, args: dict[str, Any], command_id: str | None) -> None:
    app = c.app()
    key = c.key()
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


@main.command()
@click.option("--origin", required=True, help="The ledger's origin, e.g. fundtrail.example/harbin-2025.")
@click.option("--hash", "hash_algorithm", type=click.Choice(["sha256", "sm3"]), default="sha256", show_default=True)
@click.option("--name", default="账本运营方", show_default=True)
@click.option("--org-code", default="OPERATOR", show_default=True)
@click.option("--org-name", default="账本运营方", show_default=True)
@pass_ctx
def init(c: Ctx, origin: str, hash_algorithm: str, name: str, org_code: str, org_name: str) -> None:
    """Create the ledger: genesis with origin, hash algorithm and the operator key (--key)."""
    app = c.app(create=True)
    key = c.key()
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
    click.echo(f"initialised {origin} ({hash_algorithm}): seq {applied.first_seq}–{applied.last_seq}")
    _echo_seal(app, applied.last_seq)


@main.group()
def keys() -> None:
    """Key files."""


@keys.command("new")
@click.argument("actor")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def keys_new(actor: str, output: str) -> None:
    """Generate an Ed25519 key for ACTOR into a 0600 file."""
    key = keyfiles.generate(actor)
    try:
        keyfiles.write(key, Path(output))
    except FileExistsError:
        raise CannotRun(f"{output} exists; refusing to overwrite a key") from None
    click.echo(f"{actor} key {key.key_id[:16]}… public {key.public_b64}")


@keys.command("show")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def keys_show(path: str) -> None:
    """Print a key file's actor, key id and public key (never the private key)."""
    key = keyfiles.read(Path(path))
    click.echo(json.dumps({"actor": key.actor, "key_id": key.key_id, "public_key": key.public_b64}, indent=2))


@main.command("vkey")
@pass_ctx
def vkey_cmd(c: Ctx) -> None:
    """Print the log key as a C2SP verifier key (give it to auditors and witnesses)."""
    from ledger.checkpoints import vkey

    app = c.app()
    # Seals and checkpoints are signed by the log key (docs/ledger-format.md §7.4), never by
    # an administrator's key.
    click.echo(vkey(app.info().origin, app.current_log_key()))


def _public_key(value: str) -> str:
    """Base64 of a public key, or a key file whose public half is taken (never its private key)."""
    path = Path(value)
    if path.is_file():
        try:
            return str(json.loads(path.read_text(encoding="utf-8"))["public_key"])
        except (OSError, ValueError, KeyError) as e:
            raise click.BadParameter(f"{value}: not a fundtrail key file ({e})", param_hint="--public-key") from None
    return value


@main.group()
def actor() -> None:
    """Register actors."""


@actor.command("register")
@click.argument("actor_id")
@click.option("--name", required=True)
@click.option("--org-code", required=True)
@click.option("--org-name", required=True)
@click.option("--org-kind", required=True)
@click.option("--role", "roles", multiple=True)
@click.option("--public-key", required=True, help="Base64 public key, or a key file.")
@click.option("--command-id")
@pass_ctx
def actor_register(
    c: Ctx,
    actor_id: str,
    name: str,
    org_code: str,
    org_name: str,
    org_kind: str,
    roles: tuple[str, ...],
    public_key: str,
    command_id: str | None,
) -> None:
    """Register ACTOR_ID with its organisation, roles and first key."""
    _submit(
        c,
        "actor.register",
        {
            "actor_id": actor_id,
            "name": name,
            "roles": list(roles),
            "public_key": _public_key(public_key),
            "organisation": {"code": org_code, "name": org_name, "kind": org_kind},
        },
        command_id,
    )


@main.group()
def role() -> None:
    """Grant and revoke roles."""


@role.command("grant")
@click.argument("actor_id")
@click.argument("role_name")
@click.option("--command-id")
@pass_ctx
def role_grant(c: Ctx, actor_id: str, role_name: str, command_id: str | None) -> None:
    _submit(c, "role.grant", {"actor_id": actor_id, "role": role_name}, command_id)


@role.command("revoke")
@click.argument("actor_id")
@click.argument("role_name")
@click.option("--command-id")
@pass_ctx
def role_revoke(c: Ctx, actor_id: str, role_name: str, command_id: str | None) -> None:
    _submit(c, "role.revoke", {"actor_id": actor_id, "role": role_name}, command_id)


@main.group("key")
def key_group() -> None:
    """Register, rotate and revoke actors' keys."""


@key_group.command("rotate")
@click.argument("actor_id")
@click.option("--public-key", required=True, help="The new key: base64 or a key file.")
@click.option("--revoke", "revoke_key_id", required=True, help="Key id (hex) of the key to retire.")
@click.option("--command-id")
@pass_ctx
def key_rotate(c: Ctx, actor_id: str, public_key: str, revoke_key_id: str, command_id: str | None) -> None:
    _submit(
        c,
        "key.rotate",
        {"actor_id": actor_id, "public_key": _public_key(public_key), "revoke_key_id": revoke_key_id},
        command_id,
    )


@key_group.command("revoke")
@click.argument("actor_id")
@click.argument("key_id")
@click.option("--reason", required=True)
@click.option("--command-id")
@pass_ctx
def key_revoke(c: Ctx, actor_id: str, key_id: str, reason: str, command_id: str | None) -> None:
    _submit(c, "key.revoke", {"actor_id": actor_id, "key_id": key_id, "reason": reason}, command_id)


@main.command("sign")
@click.argument("command")
@click.option("--args", "args_json", required=True, help="The command's arguments as a JSON object.")
@click.option("--command-id", required=True)
@pass_ctx
def sign_cmd(c: Ctx, command: str, args_json: str, command_id: str) -> None:
    """Print one signed envelope line for `fundtrail apply`."""
    try:
        args = json.loads(args_json)
    except json.JSONDecodeError as e:
        raise click.BadParameter(str(e), param_hint="--args") from None
    try:
        click.echo(c.app().envelope(c.key(), command, args, command_id).to_line())
    except (RuleViolation, CanonicalError) as e:
        raise Refused(f"refused: {e}") from None


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@pass_ctx
def apply(c: Ctx, file: Any) -> None:
    """Apply a JSONL file of signed envelopes in order; skip applied ones; stop at the first refusal."""
    app = c.app()
    done = skipped = 0
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            applied = app.submit(from_line(line))
        except AlreadyApplied:
            skipped += 1
            continue
        except RuleViolation as e:
            click.echo(f"applied {done}, skipped {skipped} already applied", err=True)
            raise Refused(f"line {number} refused: {e}") from None
        done += 1
        click.echo(f"line {number}: {applied.command} {applied.command_id} seq {applied.first_seq}–{applied.last_seq}")
    click.echo(f"applied {done}, skipped {skipped} already applied", err=True)


@main.command()
@click.option("--stream", "streams", multiple=True, help="Stream id or alias (actor:ID, document:ID, commands:ID).")
@click.option("--topic", "topics", multiple=True)
@click.option("--from", "start", type=int, default=1)
@click.option("--limit", type=int, default=None)
@click.option("--utc", is_flag=True, help="Show times in UTC instead of 北京时间 (UTC+8).")
@pass_ctx
def log(c: Ctx, streams: tuple[str, ...], topics: tuple[str, ...], start: int, limit: int | None, utc: bool) -> None:
    """One line per record, oldest first: seq, 北京时间, signature letter, label, stream, actor, hash."""
    app = c.app()
    ids = [str(resolve_stream(s)) for s in streams]
    grades = _SignatureGrades(app)
    for n, row in enumerate(app.chain.records(start, streams=ids, topics=list(topics)), start=1):
        when = _display_time(row["recorded_at"], utc=utc)
        click.echo(
            f"{row['seq']:>6}  {when}  {grades.grade(row)}  {_pad(label(row['topic'], c.lang), 20)}  "
            f"{row['originator_id'][:8]} v{row['originator_version']:<3} {row['actor_id']:<16} {row['hash'].hex()[:8]}"
        )
        if limit and n >= limit:
            break


BEIJING = timezone(timedelta(hours=8), "CST")  # China has kept UTC+8 without DST since 1991


def _display_time(recorded_at: str, *, utc: bool) -> str:
    """Stored times are UTC; tables show 北京时间 unless asked for UTC (ux.md)."""
    when = parse_time(recorded_at)
    return when.strftime("%Y-%m-%d %H:%MZ") if utc else when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _pad(text: str, width: int) -> str:
    """Pad to a terminal width, counting CJK characters as two columns."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


class _SignatureGrades:
    """git-log-like letters (ux.md): G good, B bad, R revoked key, E unknown key, N none."""

    def __init__(self, app: FundtrailLedger) -> None:
        self.app = app
        self.cache: dict[bytes, str] = {}

    def grade(self, row: dict[str, Any]) -> str:
        if not row["signature"]:
            return "N"
        cached = self.cache.get(row["command_hash"] + row["signature"])
        if cached:
            return cached
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        from ledger.hashing import signed_message

        try:
            actor = self.app.find_actor(row["actor_id"])
            key = actor.keys.get(row["key_id"].hex()) if actor is not None else None
            if key is None:
                letter = "E"
            else:
                Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"])).verify(
                    row["signature"], signed_message(row["command_hash"])
                )
                letter = "G"
        except InvalidSignature:
            letter = "B"
        self.cache[row["command_hash"] + row["signature"]] = letter
        return letter


@main.command()
@click.argument("seq", type=int)
@click.option("--raw", is_flag=True, help="Print the stored bytes exactly as chained.")
@pass_ctx
def show(c: Ctx, seq: int, raw: bool) -> None:
    """Show one record, decoded (or --raw)."""
    row = next(iter(c.app().chain.records(seq, seq)), None)
    if row is None:
        raise Refused(f"no record {seq}")
    if raw:
        sys.stdout.buffer.write((row["state"] or b"") + b"\n")
        return
    out = {k: (v.hex() if isinstance(v, bytes) and k != "state" else v) for k, v in row.items() if k != "nodes"}
    out["state"] = json.loads(row["state"]) if row["state"] else None
    out["label"] = label(row["topic"], c.lang)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command()
@click.argument("stream")
@pass_ctx
def history(c: Ctx, stream: str) -> None:
    """The timeline of one stream (UUID or alias actor:ID, document:ID, commands:ID)."""
    app = c.app()
    sid = str(resolve_stream(stream))
    for row in app.chain.records(streams=[sid]):
        state = json.loads(row["state"]) if row["state"] else {}
        state.pop("timestamp", None)
        state.pop("originator_topic", None)
        state.pop("envelope", None)
        state.pop("signature", None)
        click.echo(
            f"v{row['originator_version']:<3} seq {row['seq']:<6} {row['recorded_at']}  {label(row['topic'], c.lang)}  "
            f"by {row['actor_id']}  {json.dumps(state, ensure_ascii=False, sort_keys=True)}"
        )


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(), help="A .zip file or a directory.")
@pass_ctx
def export(c: Ctx, output: str) -> None:
    """Write an export bundle for verification without database access."""
    from ledger.checkpoints import export_bundle
    from ledger.checkpoints import seal_note

    app = c.app()
    count = export_bundle(app, Path(output), seal_note(app).note)
    click.echo(f"exported {count} records to {output}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the signed checkpoint here.")
@click.option("--size", type=int, default=None, help="A sealed size (a group's last seq); default: the head.")
@pass_ctx
def checkpoint(c: Ctx, output: str | None, size: int | None) -> None:
    """Print the log key's seal of the head (or SIZE) as a C2SP checkpoint; needs no key."""
    from ledger.checkpoints import seal_note

    try:
        issued = seal_note(c.app(), size)
    except LookupError as e:
        raise Refused(str(e)) from None
    if output:
        Path(output).write_text(issued.note, encoding="utf-8")
    click.echo(issued.note, nl=False)


@main.group()
def proof() -> None:
    """Merkle proofs."""


@proof.command("consistency")
@click.argument("old_size", type=int)
@click.argument("new_size", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False))
@pass_ctx
def proof_consistency(c: Ctx, old_size: int, new_size: int, output: str | None) -> None:
    """RFC 9162 consistency proof from OLD_SIZE to NEW_SIZE, base64 hashes one per line."""
    from ledger.checkpoints import consistency_proof

    text = "".join(base64.b64encode(p).decode() + "\n" for p in consistency_proof(c.app(), old_size, new_size))
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("seq", type=int)
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A (cosigned) checkpoint to prove against; default: the head's seal.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@pass_ctx
def receipt(c: Ctx, seq: int, checkpoint_file: str | None, output: str) -> None:
    """Write an offline receipt proving record SEQ is in the ledger."""
    from ledger.checkpoints import receipt as make_receipt

    app = c.app()
    if checkpoint_file:
        note = Path(checkpoint_file).read_text(encoding="utf-8")
    else:
        from ledger.checkpoints import seal_note

        note = seal_note(app).note
    size = int(note.split("\n")[1])
    try:
        doc = make_receipt(app, seq, note, size)
    except LookupError as e:
        raise Refused(str(e)) from None
    Path(output).write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"receipt for record {seq} against checkpoint size {size} written to {output}")


@main.group()
def document() -> None:
    """Enter documents by content hash (decisions.md §11)."""


@document.command("register")
@click.argument("doc_id")
@click.option("--type", "doc_type", required=True)
@click.option("--number", required=True)
@click.option("--title", required=True)
@click.option("--issued-on", required=True)
@click.option("--file", "file_path", type=click.Path(exists=True, dir_okay=False), help="Hash this file's content.")
@click.option("--sha256", help="Content hash, if the file is kept elsewhere.")
@click.option("--issuer", required=True)
@click.option("--amount-fen", type=int, default=None, help="Amount in 分 (integer).")
@click.option("--command-id")
@pass_ctx
def document_register(
    c: Ctx,
    doc_id: str,
    doc_type: str,
    number: str,
    title: str,
    issued_on: str,
    file_path: str | None,
    sha256: str | None,
    issuer: str,
    amount_fen: int | None,
    command_id: str | None,
) -> None:
    import hashlib

    digest = hashlib.sha256(Path(file_path).read_bytes()).hexdigest() if file_path else sha256
    args: dict[str, Any] = {
        "doc_id": doc_id,
        "doc_type": doc_type,
        "number": number,
        "title": title,
        "issued_on": issued_on,
        "sha256": digest,
        "issuer": issuer,
    }
    if amount_fen is not None:
        args["amount_fen"] = amount_fen
    _submit(c, "document.register", args, command_id)
