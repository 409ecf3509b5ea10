"""fundtrail-verify: check a ledger, a receipt or two checkpoints with public keys only.

Exit codes (ux.md): 0 verified, 1 findings, 2 usage error, 3 could not verify.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from verify import note as notes
from verify import spec
from verify.checks import ChainVerifier
from verify.findings import Finding
from verify.receipts import check_receipt
from verify.render import finding_text
from verify.render import report_html
from verify.render import report_json
from verify.render import summary_text
from verify.sources import SourceError
from verify.sources import open_source

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_CANNOT = 0, 1, 2, 3


class CannotVerify(click.ClickException):
    exit_code = EXIT_CANNOT


def _lang(lang: str | None) -> str:
    if lang:
        return lang
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def load_verifier(text: str, default_name: str = "") -> notes.Verifier:
    """A C2SP vkey, a file holding one, or base64 of a raw 32-byte Ed25519 key."""
    path = Path(text)
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raw = b""
    if len(raw) == 32:
        return notes.Verifier(default_name, raw)
    try:
        return notes.Verifier.parse(text)
    except notes.NoteError as e:
        raise CannotVerify(str(e)) from None


@click.group()
@click.version_option("0.1.0", prog_name="fundtrail-verify")
def main() -> None:
    """Independent verifier of a fundtrail ledger (docs/ledger-format.md)."""


@main.command()
@click.argument("source")
@click.option("--admin-key", help="Pin the first administrator's key (base64, or a file holding it).")
@click.option("--log-key", help="Pin the genesis log key: C2SP vkey, a file holding one, or base64.")
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A checkpoint you kept; the ledger must contain it (repeatable).",
)
@click.option("--witness", "witnesses", multiple=True, help="Trusted witness vkey (repeatable).")
@click.option("--min-witnesses", type=int, default=0, help="Cosignatures each kept checkpoint needs (k of n).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default=None,
    help="Output format (default: from -o's extension, else text).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--jobs", type=int, default=None, help="Processes for signature checks (default: all cores).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def chain(
    source: str,
    admin_key: str | None,
    log_key: str | None,
    checkpoints: tuple[str, ...],
    witnesses: tuple[str, ...],
    min_witnesses: int,
    fmt: str | None,
    output: str | None,
    lang: str | None,
    jobs: int | None,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Verify every record of SOURCE (sqlite:///PATH, postgresql://…, or an export bundle)."""
    lang = _lang(lang)
    trusted = load_verifier(admin_key).public_key if admin_key else None
    trusted_log = load_verifier(log_key).public_key if log_key else None
    kept: list[tuple[str, notes.Note, notes.Checkpoint]] = []
    for path in checkpoints:
        text = Path(path).read_text(encoding="utf-8")
        try:
            note = notes.parse_note(text)
            kept.append((path, note, notes.parse_checkpoint(note.text)))
        except notes.NoteError as e:
            raise CannotVerify(f"{path}: {e}") from None
    try:
        src = open_source(source)
    except SourceError as e:
        raise CannotVerify(str(e)) from None
    show = sys.stderr.isatty() if progress is None else progress

    verifier = ChainVerifier(
        src,
        trusted_operator=trusted,
        trusted_log_key=trusted_log,
        jobs=jobs,
        progress=_progress(src, lang) if show else None,
    )
    verifier.want_roots = {cp.size for _, _, cp in kept}
    try:
        report = verifier.run()
    except SourceError as e:
        raise CannotVerify(str(e)) from None
    finally:
        if show:
            sys.stderr.write("\r\033[K")
        src.close()
    judge_checkpoints(
        report,
        verifier,
        kept,
        [trusted_log] if trusted_log and not verifier.log_keys() else verifier.log_keys(),
        [load_verifier(w) for w in witnesses],
        min_witnesses,
    )
    write_report(report, _format(fmt, output), output, lang, source)
    if not quiet:
        click.echo(summary_text(report, lang), err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def judge_checkpoints(
    report: Any,
    verifier: ChainVerifier,
    kept: list[tuple[str, notes.Note, notes.Checkpoint]],
    log_keys: list[bytes],
    witnesses: list[notes.Verifier],
    min_witnesses: int,
) -> None:
    """Each kept checkpoint against the ledger, against the others, and against the witness policy."""
    by_size: dict[int, tuple[str, bytes]] = {}
    for path, _, cp in kept:
        first_path, first_root = by_size.setdefault(cp.size, (path, cp.root))
        if first_root != cp.root:
            report.findings.append(
                Finding(
                    "CHECKPOINT_EQUIVOCATION",
                    seq=cp.size,
                    expected=f"{first_path}: {base64.b64encode(first_root).decode()}",
                    actual=f"{path}: {base64.b64encode(cp.root).decode()}",
                    detail="keep both files: together they are the proof",
                )
            )
    for path, note, cp in kept:
        result = check_checkpoint(report, verifier, path, note, cp, log_keys)
        cosigned = [w.name for w in witnesses if notes.verify_signature(note, w)]
        result["witnesses"] = cosigned
        if len(cosigned) < min_witnesses:
            report.findings.append(
                Finding(
                    "WITNESS_QUORUM",
                    expected=f"{min_witnesses} cosignatures",
                    actual=f"{len(cosigned)}: {', '.join(cosigned)}",
                    detail=path,
                )
            )
        report.checkpoints.append(result)


def _format(fmt: str | None, output: str | None) -> str:
    """As hledger and bean-query do: an explicit --format, else the output file's extension."""
    if fmt:
        return fmt
    if output and output.endswith((".json", ".html")):
        return output.rsplit(".", 1)[1]
    return "text"


def write_report(report: Any, fmt: str, output: str | None, lang: str, source: str) -> None:
    if fmt == "json":
        text = report_json(report) + "\n"
    elif fmt == "html":
        text = report_html(report, lang)
    else:
        text = "".join(finding_text(f, lang, source) + "\n" for f in report.findings)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _progress(src: Any, lang: str) -> Any:
    """A one-line bar on stderr, stdlib only (verify/ does not depend on rich)."""
    total = src.total()
    label = "核验中" if lang == "zh" else "verifying"

    def tick(n: int) -> None:
        if total:
            done = min(n / total, 1.0)
            bar = "█" * int(done * 30) + "·" * (30 - int(done * 30))
            sys.stderr.write(f"\r{label} {bar} {n:,}/{total:,} ({done:.0%})")
        else:
            sys.stderr.write(f"\r{label} {n:,} …")
        sys.stderr.flush()

    return tick


def check_checkpoint(
    report: Any, verifier: ChainVerifier, path: str, note: notes.Note, cp: notes.Checkpoint, log_keys: list[bytes]
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "file": path,
        "origin": cp.origin,
        "size": cp.size,
        "root": base64.b64encode(cp.root).decode(),
    }
    before = len(report.findings)
    # §8: a checkpoint is signed by the log key in force at its size; the verifier derived every
    # log key from signed rotations, starting from the genesis one (pinned with --log-key).
    signer = verifier.sealed.get(cp.size)
    candidates = [signer] if signer else log_keys
    signed = any(notes.verify_signature(note, notes.Verifier(cp.origin, k)) for k in candidates)
    result["log_signature"] = bool(signed)
    if not signed:
        report.findings.append(Finding("CHECKPOINT_SIGNATURE_INVALID", detail=path))
    if report.origin and cp.origin != report.origin:
        report.findings.append(
            Finding("CHECKPOINT_ORIGIN_MISMATCH", expected=cp.origin, actual=report.origin, detail=path)
        )
    elif cp.size > report.records:
        report.findings.append(
            Finding(
                "CHECKPOINT_TRUNCATED",
                seq=report.records + 1,
                expected=f"at least {cp.size} records",
                actual=f"{report.records} records",
                detail=f"{path}: records {report.records + 1}..{cp.size} are gone",
            )
        )
    else:
        root = verifier.roots.get(cp.size, spec.HASHES[report.hash_algorithm or "sha256"](b""))
        if root != cp.root:
            report.findings.append(
                Finding(
                    "CHECKPOINT_ROOT_MISMATCH",
                    seq=cp.size,
                    expected=base64.b64encode(cp.root).decode(),
                    actual=base64.b64encode(root).decode(),
                    detail=f"{path}: the first {cp.size} records are not the ones the checkpoint committed to",
                )
            )
    result["consistent"] = len(report.findings) == before
    return result


def _proof_lines(path: str | None) -> list[bytes]:
    if not path:
        return []
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(base64.b64decode(line.strip(), validate=True))
    return out


def _read_checkpoint(path: str) -> tuple[notes.Note, notes.Checkpoint]:
    try:
        note = notes.parse_note(Path(path).read_text(encoding="utf-8"))
        return note, notes.parse_checkpoint(note.text)
    except (OSError, notes.NoteError) as e:
        raise CannotVerify(f"{path}: {e}") from None


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--proof", type=click.Path(exists=True, dir_okay=False), help="Consistency proof: base64 hashes, one per line."
)
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option("--hash", "hash_name", type=click.Choice(sorted(spec.HASHES)), default="sha256")
def consistency(old: str, new: str, proof: str | None, log_key: str, hash_name: str) -> None:
    """Prove that checkpoint NEW extends checkpoint OLD (append-only growth)."""
    h = spec.HASHES[hash_name]
    (old_note, a), (new_note, b) = _read_checkpoint(old), _read_checkpoint(new)
    key = load_verifier(log_key).public_key
    for path, note, cp in ((old, old_note, a), (new, new_note, b)):
        if not notes.verify_signature(note, notes.Verifier(cp.origin, key)):
            click.echo(f"CHECKPOINT_SIGNATURE_INVALID {path}", err=True)
            sys.exit(EXIT_FINDINGS)
    if a.origin != b.origin:
        click.echo(f"CHECKPOINT_ORIGIN_MISMATCH {a.origin} != {b.origin}", err=True)
        sys.exit(EXIT_FINDINGS)
    if a.size == b.size and a.root != b.root:
        click.echo(
            f"EQUIVOCATION: two signed checkpoints of size {a.size} with different roots:\n"
            f"  {old}\n  {new}\nKeep both files: together they prove the operator forked the log.",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    try:
        spec.verify_consistency(h, a.size, b.size, a.root, b.root, _proof_lines(proof))
    except (spec.ProofError, ValueError) as e:
        click.echo(f"NOT_APPEND_ONLY {a.size} -> {b.size}: {e}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"consistent: {b.origin} grew {a.size} -> {b.size} and kept every earlier record", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option("--witness", "witnesses", multiple=True, help="Trusted witness vkey (repeatable).")
@click.option("--min-witnesses", type=int, default=0, help="Cosignatures required (k of n).")
def receipt(file: str, log_key: str, witnesses: tuple[str, ...], min_witnesses: int) -> None:
    """Check an offline receipt: the record, its inclusion proof, the checkpoint and its signatures."""
    try:
        doc = json.loads(Path(file).read_text(encoding="utf-8"))
        result = check_receipt(
            doc, load_verifier(log_key).public_key, [load_verifier(w) for w in witnesses], min_witnesses
        )
    except (OSError, ValueError, notes.NoteError) as e:  # ReceiptError is a ValueError
        raise CannotVerify(f"{file}: {e}") from None
    for line in result["lines"]:
        click.echo(line)
    if result["problems"]:
        for p in result["problems"]:
            click.echo(f"FAIL {p}", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"OK: record {result['seq']} is in {result['origin']} at size {result['size']}", err=True)


@main.command()
@click.argument("source")
@click.argument("seq", type=int)
def record(source: str, seq: int) -> None:
    """Show one record of SOURCE with its arithmetic: hash inputs, link, command, key, signature."""
    from verify.explain import explain

    try:
        src = open_source(source)
    except SourceError as e:
        raise CannotVerify(str(e)) from None
    try:
        result = explain(src, seq)
    except SourceError as e:
        raise CannotVerify(str(e)) from None
    finally:
        src.close()
    if result is None:
        raise CannotVerify(f"{source} holds no record {seq}")
    for line in result.lines:
        click.echo(line)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.group()
def witness() -> None:
    """Act as a witness: cosign only checkpoints that extend what you cosigned before."""


@witness.command("cosign")
@click.argument("checkpoint", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--proof", type=click.Path(exists=True, dir_okay=False), help="Consistency proof from your last cosigned size."
)
@click.option(
    "--state", "state_path", required=True, type=click.Path(dir_okay=False), help="The witness's own state file."
)
@click.option(
    "--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False), help="The witness's key file."
)
@click.option("--name", required=True, help="The witness's name (its signed-note key name).")
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option("--hash", "hash_name", type=click.Choice(sorted(spec.HASHES)), default="sha256")
@click.option("--time", "timestamp", type=int, default=None, help="Cosignature time (UNIX seconds); default now.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the cosigned checkpoint here (default: in place)."
)
def witness_cosign(
    checkpoint: str,
    proof: str | None,
    state_path: str,
    key_path: str,
    name: str,
    log_key: str,
    hash_name: str,
    timestamp: int | None,
    output: str | None,
) -> None:
    """Verify CHECKPOINT and its consistency with the last one cosigned, then add a cosignature."""
    import time

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    h = spec.HASHES[hash_name]
    note, cp = _read_checkpoint(checkpoint)
    key = load_verifier(log_key).public_key
    if not notes.verify_signature(note, notes.Verifier(cp.origin, key)):
        click.echo("refused: the log key's signature does not verify", err=True)
        sys.exit(EXIT_FINDINGS)
    state_file = Path(state_path)
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
    last = state.get(cp.origin)
    if last is not None:
        old_root = base64.b64decode(last["root"])
        if last["size"] == cp.size and old_root != cp.root:
            evidence = state_file.with_suffix(f".equivocation-{cp.size}.txt")
            evidence.write_text(last["note"] + "\n=====\n" + note.render(), encoding="utf-8")
            click.echo(f"refused: EQUIVOCATION at size {cp.size}; both checkpoints kept in {evidence}", err=True)
            sys.exit(EXIT_FINDINGS)
        if cp.size < last["size"]:
            click.echo(f"refused: size {cp.size} is older than the {last['size']} already cosigned", err=True)
            sys.exit(EXIT_FINDINGS)
        try:
            spec.verify_consistency(h, last["size"], cp.size, old_root, cp.root, _proof_lines(proof))
        except spec.ProofError as e:
            click.echo(f"refused: NOT_APPEND_ONLY from size {last['size']}: {e}", err=True)
            sys.exit(EXIT_FINDINGS)
    doc = json.loads(Path(key_path).read_text(encoding="utf-8"))
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(doc["private_key"]))
    sig = notes.cosign(note.text, name, private, int(time.time()) if timestamp is None else timestamp)
    note.signatures = [s for s in note.signatures if s.name != name] + [sig]
    rendered = note.render()
    Path(output or checkpoint).write_text(rendered, encoding="utf-8")
    state[cp.origin] = {"size": cp.size, "root": base64.b64encode(cp.root).decode(), "note": rendered}
    tmp = state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(state_file)  # atomic, as tlog-witness requires
    click.echo(f"cosigned {cp.origin} at size {cp.size} as {name}", err=True)


@witness.command("vkey")
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--name", required=True)
def witness_vkey(key_path: str, name: str) -> None:
    """Print the witness's C2SP verifier key (cosignature type 0x04)."""
    doc = json.loads(Path(key_path).read_text(encoding="utf-8"))
    click.echo(notes.Verifier(name, base64.b64decode(doc["public_key"]), notes.ALG_COSIGNATURE_V1).vkey())
