"""fundtrail-verify: check a ledger, a receipt or two checkpoints with public keys only.

Exit codes (docs/decisions.md §14): 0 verified, 1 findings, 2 usage error, 3 could not verify. No input ends in
a traceback: an error nobody foresaw is reported in one line as "internal error" (exit 3, never
"verified"); FUNDTRAIL_DEBUG=1 shows its traceback.

verify/ imports nothing of the write side (import-linter), so the few command-line helpers the
two tools both need (-o safety, URL redaction, key file mode) are written here a second time.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verify import note as notes
from verify import spec
from verify.checks import ChainVerifier
from verify.findings import Finding
from verify.receipts import check_receipt
from verify.render import finding_text
from verify.render import report_html
from verify.render import report_json
from verify.render import summary_text
from verify.sources import BundleSource
from verify.sources import Source
from verify.sources import SourceError
from verify.sources import open_source

if TYPE_CHECKING:
    from collections.abc import Iterator

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_CANNOT = 0, 1, 2, 3
MAX_SMALL_FILE = 1024 * 1024  # checkpoints, keys, proofs: a few KiB at most
MAX_DOCUMENT = 64 * 1024 * 1024  # receipts and witness state files
MAX_MANIFEST = 16 * 1024 * 1024  # a manifest lists keys and a checkpoint: kilobytes
MAX_SEQ = 2**64 - 1  # seq and versions are uint64 in the hash input (docs/ledger-format.md §4)
WITNESS_NAME = "[a-z0-9][a-z0-9._-]{1,62}, ASCII, as actor ids (e.g. witness.hlj-finance.example)"

TEXT: dict[str, tuple[str, str]] = {
    "exists": ("{path} exists; pass --force to overwrite it", "{path} 已存在；如需覆盖请加 --force"),
    "key_exists": (
        "{path} holds a private key; it is never overwritten, not even with --force",
        "{path} 是私钥文件，任何情况下都不会被覆盖（--force 也不行）",
    ),
    "no_folder": ("no folder {folder} to write {path} into", "目录 {folder} 不存在，无法写入 {path}"),
    "is_dir": ("{path} is a directory", "{path} 是目录"),
    "unreadable": ("{path}: cannot read: {error}", "{path}：无法读取：{error}"),
    "not_json": ("{path}: not JSON: {error}", "{path}：不是 JSON：{error}"),
    "bad_key_file": ("{path}: not a fundtrail key file: {error}", "{path}：不是 fundtrail 密钥文件：{error}"),
    "key_mode": (
        "key file {path} is readable by others (mode {mode:o}); chmod 600 it",
        "密钥文件 {path} 可被他人读取（权限 {mode:o}）；请执行 chmod 600",
    ),
    "bad_state": ("witness state {path} is malformed: {error}", "见证人状态文件 {path} 格式错误：{error}"),
    "bad_name": (
        "{name!r} is not a witness name: {grammar}",
        "{name!r} 不是合法的见证人名称：{grammar}",
    ),
    "quorum_without_checkpoint": (
        "--min-witnesses {k} needs at least one --checkpoint: cosignatures are on checkpoints",
        "--min-witnesses {k} 需要至少一个 --checkpoint：会签签在检查点上",
    ),
    "swapped": (
        "OLD ({old}) is larger than NEW ({new}): give the older checkpoint first",
        "OLD（{old}）大于 NEW（{new}）：请先给出较早的检查点",
    ),
    "proof_needed": (
        "a consistency proof from size {old} to {new} is needed: pass --proof FILE "
        "(fundtrail proof consistency {old} {new})",
        "需要规模 {old} 到 {new} 的一致性证明：请用 --proof FILE（fundtrail proof consistency {old} {new}）",
    ),
    "bad_proof": (
        "{path}: not a consistency proof (base64 hashes of {size} bytes, one per line): {error}",
        "{path}：不是一致性证明（每行一个 {size} 字节哈希的 base64）：{error}",
    ),
    "no_record": ("{source} holds no record {seq}", "{source} 中没有序号 {seq} 的记录"),
    "consistent": (
        "consistent: {origin} grew {old} -> {new} and kept every earlier record",
        "一致：{origin} 由 {old} 增长到 {new}，此前的记录全部保留",
    ),
    "not_consistent": ("NOT consistent: {count} finding(s)", "不一致：发现 {count} 处问题"),
    "refused": ("refused: {count} finding(s); nothing cosigned", "拒绝会签：发现 {count} 处问题"),
    "cosigned": ("cosigned {origin} at size {size} as {name}", "已以 {name} 身份会签 {origin}（规模 {size}）"),
    "evidence": ("both checkpoints kept in {path}", "两个检查点均已保存于 {path}"),
    "receipt_ok": (
        "OK: record {seq} is in {origin} at size {size}",
        "通过：序号 {seq} 的记录在 {origin} 规模 {size} 的日志中",
    ),
    "receipt_bad": ("NOT verified: {count} finding(s)", "核验未通过：发现 {count} 处问题"),
    "sqlite_relative": (
        " (sqlite:///{path} is relative to the current directory, so {full}; write sqlite:////absolute/path)",
        "（sqlite:///{path} 是相对当前目录的路径，即 {full}；绝对路径请写 sqlite:////absolute/path）",
    ),
    "unreachable": (
        "cannot reach the database server {server}: is it running and accepting TCP connections?",
        "无法连接数据库服务器 {server}：服务是否已启动并接受 TCP 连接？",
    ),
    "rejected": ("{server} rejected the user: wrong user name or password", "{server} 拒绝了该用户：用户名或密码错误"),
    "no_database": ("database {db} does not exist on {server}", "{server} 上不存在数据库 {db}"),
    "internal": (
        "internal error (a bug; FUNDTRAIL_DEBUG=1 shows the traceback): {error}",
        "内部错误（程序缺陷；设置 FUNDTRAIL_DEBUG=1 可查看调用栈）：{error}",
    ),
}


def _t(lang: str, key: str, **values: Any) -> str:
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


class CannotVerify(click.ClickException):
    exit_code = EXIT_CANNOT


class Usage(click.ClickException):
    """A usage error found after parsing, in one line (click's own parse errors add usage lines)."""

    exit_code = EXIT_USAGE


def _default_lang() -> str:
    return "zh" if os.environ.get("LANG", "").startswith("zh") else "en"


def _lang(lang: str | None = None) -> str:
    """--lang of the command, else of the tool, else from LANG."""
    if lang:
        return lang
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, str):
        return root.obj
    return _default_lang()


def _one_line(text: str, limit: int = 300) -> str:
    lines = str(text).strip().splitlines()
    first = lines[0] if lines else ""
    return first if len(first) <= limit else first[:limit] + "…"


# -- database URLs ------------------------------------------------------------------------------


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (a postgresql:// source may carry one)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    userinfo, at, host = rest[:cut].rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}{rest[cut:]}"


def _explain_source_error(source: str, message: str, lang: str) -> str:
    """A source error with its cause named: a relative SQLite path, or why PostgreSQL refused."""
    text = redact(message)
    if source.startswith("sqlite:///") and not os.path.isabs(path := source[len("sqlite:///") :]):
        return text + _t(lang, "sqlite_relative", path=path, full=Path.cwd() / path)
    low = text.lower()
    if not source.startswith(("postgresql://", "postgres://")) or "cannot connect" not in low:
        return _one_line(text)
    try:
        from urllib.parse import urlsplit

        parts = urlsplit(source)
        server, db = f"{parts.hostname}:{parts.port or 5432}", parts.path.lstrip("/")
    except ValueError:
        server, db = "?", "?"
    if "database" in low and "does not exist" in low:
        return _t(lang, "no_database", db=db, server=server)
    if any(p in low for p in ("password authentication failed", "no password supplied", "role ")):
        return _t(lang, "rejected", server=server)
    if any(p in low for p in ("connection refused", "resolve host", "translate host", "timeout", "unreachable")):
        return _t(lang, "unreachable", server=server)
    return _one_line(text)


# -- files --------------------------------------------------------------------------------------


def _read_bytes(path: str, limit: int = MAX_SMALL_FILE) -> bytes:
    try:
        with Path(path).open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise CannotVerify(_t(_lang(), "unreadable", path=path, error=e.strerror or e)) from None
    if len(data) > limit:
        raise CannotVerify(_t(_lang(), "unreadable", path=path, error=f"larger than {limit} bytes"))
    return data


def _read_text(path: str, limit: int = MAX_SMALL_FILE) -> str:
    try:
        return _read_bytes(path, limit).decode("utf-8")
    except UnicodeDecodeError as e:
        raise CannotVerify(_t(_lang(), "unreadable", path=path, error=f"not UTF-8 text (byte {e.start + 1})")) from None


def _read_json(path: str, limit: int = MAX_SMALL_FILE) -> Any:
    text = _read_text(path, limit)
    try:
        return json.loads(text)
    except RecursionError:
        raise CannotVerify(_t(_lang(), "not_json", path=path, error="nested too deeply")) from None
    except ValueError as e:  # also integers of more than 4300 digits
        raise CannotVerify(_t(_lang(), "not_json", path=path, error=_one_line(str(e), 120))) from None


def _is_key_file(path: Path) -> bool:
    """A private key file, judged by content: a JSON object with a ``private_key`` field."""
    try:
        with path.open("rb") as f:
            doc = json.loads(f.read(MAX_SMALL_FILE).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and "private_key" in doc


def _target(output: str, *, force: bool) -> Path:
    """Where -o may write: an existing folder, and no existing file unless --force; never over a
    private key file, whatever its name."""
    lang = _lang()
    path = Path(output)
    if not path.parent.is_dir():
        raise Usage(_t(lang, "no_folder", folder=path.parent, path=path))
    if path.is_dir():
        raise Usage(_t(lang, "is_dir", path=path))
    if path.exists() or path.is_symlink():
        if _is_key_file(path):
            raise Usage(_t(lang, "key_exists", path=path))
        if not force:
            raise Usage(_t(lang, "exists", path=path))
    return path


def _write(path: Path, text: str, *, force: bool) -> None:
    try:
        with path.open("w" if force else "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:  # appeared since _target looked
        raise Usage(_t(_lang(), "exists", path=path)) from None


def _private_key(path: str) -> Ed25519PrivateKey:
    """A witness's key file (as `fundtrail keys new` writes it): 0600, JSON, base64 private key."""
    lang = _lang()
    try:
        mode = Path(path).stat().st_mode & 0o777
    except OSError as e:
        raise CannotVerify(_t(lang, "unreadable", path=path, error=e.strerror or e)) from None
    if mode & 0o077:
        raise CannotVerify(_t(lang, "key_mode", path=path, mode=mode))
    doc = _read_json(path)
    try:
        if not isinstance(doc, dict) or not isinstance(doc.get("private_key"), str):
            raise ValueError("expected a JSON object with a private_key")
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(doc["private_key"], validate=True))
    except ValueError as e:
        raise CannotVerify(_t(lang, "bad_key_file", path=path, error=_one_line(str(e), 120))) from None


def _witness_name(name: str) -> str:
    if not spec.ACTOR_ID.fullmatch(name):
        raise Usage(_t(_lang(), "bad_name", name=name[:80], grammar=WITNESS_NAME))
    return name


def load_verifier(text: str, default_name: str = "") -> notes.Verifier:
    """A C2SP vkey, a file holding one, or base64 of a raw 32-byte Ed25519 key."""
    if Path(text).is_file():
        text = _read_text(text).strip(" \t\r\n")  # ASCII blanks only, as C2SP text
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


def _witnesses(values: tuple[str, ...]) -> list[notes.Verifier]:
    """Trusted witnesses, each counted once however often it is given (a quorum counts keys)."""
    found: list[notes.Verifier] = []
    for value in values:
        w = load_verifier(value)
        _witness_name(w.name)
        if w not in found:
            found.append(w)
    return found


def _read_checkpoint(path: str) -> tuple[notes.Note, notes.Checkpoint]:
    try:
        note = notes.parse_note(_read_text(path))
        return note, notes.parse_checkpoint(note.text)
    except notes.NoteError as e:
        raise CannotVerify(f"{path}: {e}") from None


def _proof_lines(path: str, h: spec.HashFn) -> list[bytes]:
    """A proof file: base64 hashes one per line; anything else is a broken file, not a finding."""
    size = len(h(b""))
    out = []
    # Lines end at "\n" only and lose only ASCII blanks: str.splitlines() and str.strip() would
    # also eat control characters such as \x1c, and a broken file would pass for an empty proof.
    for number, raw in enumerate(_read_text(path).split("\n"), start=1):
        line = raw.strip(" \t\r")
        if not line:
            continue
        try:
            node = base64.b64decode(line, validate=True)
        except ValueError:
            node = b""
        if len(node) != size:
            error = f"line {number}"
            raise CannotVerify(_t(_lang(), "bad_proof", path=path, size=size, error=error))
        out.append(node)
    return out


# -- sources ------------------------------------------------------------------------------------


class _Guarded(Source):
    """A source whose damage, whatever the reader raised, is "could not verify" (SourceError)."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.name = redact(inner.name)
        self.has_nodes = inner.has_nodes

    def records(self) -> Iterator[dict[str, Any]]:
        for row in _guard(self.inner.records(), self.name):
            # What cannot enter the hash input (§4) cannot be judged: seq and version beyond uint64,
            # text that is not UTF-8 (a bundle's JSON may escape a lone surrogate).
            for name in ("seq", "originator_version"):
                if not 0 <= row.get(name, 0) <= MAX_SEQ:
                    msg = f"{self.name}: record {name} {str(row[name])[:30]} is outside 0..2^64-1"
                    raise SourceError(msg)
            for name, value in row.items():
                if isinstance(value, str) and not _utf8(value):
                    msg = f"{self.name}: record {row.get('seq')}: {name} is not UTF-8 text"
                    raise SourceError(msg)
            row.setdefault("state", None)  # a bundle line without state: its event is missing (STATE_MISSING)
            yield row

    def unchained_events(self) -> Iterator[dict[str, Any]]:
        return _guard(self.inner.unchained_events(), self.name)

    def total(self) -> int | None:
        try:
            return self.inner.total()
        except (SourceError, AttributeError, TypeError, ValueError):  # a manifest that is not an object
            return None

    def close(self) -> None:
        self.inner.close()


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _guard(rows: Iterator[dict[str, Any]], name: str) -> Iterator[dict[str, Any]]:
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except SourceError:
            raise
        except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as e:
            # e.g. a records.jsonl line that is JSON but not an object, or a truncated zip member
            msg = f"{name}: record {number + 1} is malformed: {type(e).__name__}: {_one_line(str(e), 120)}"
            raise SourceError(msg) from None
        except RecursionError:
            msg = f"{name}: record {number + 1} is malformed: JSON nested too deeply"
            raise SourceError(msg) from None
        number += 1
        yield row


def _manifest_size(source: str) -> int:
    """The size of a bundle's manifest.json, read from the directory or the zip's index."""
    path = Path(source)
    try:
        if path.is_dir():
            return (path / "manifest.json").stat().st_size
        if path.is_file() and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return archive.getinfo("manifest.json").file_size
    except (OSError, KeyError, zipfile.BadZipFile):
        pass  # the bundle reader says what is missing
    return 0


def _open(source: str, lang: str) -> Source:
    if _manifest_size(source) > MAX_MANIFEST:  # read whole, and only informational (§9): bounded
        raise CannotVerify(f"{source}: manifest.json is larger than {MAX_MANIFEST} bytes")
    try:
        src = open_source(source)
    except SourceError as e:
        raise CannotVerify(_explain_source_error(source, str(e), lang)) from None
    except RecursionError:  # a manifest.json nested deeper than json can parse
        raise CannotVerify(f"{source} is not a fundtrail bundle: manifest.json is nested too deeply") from None
    if isinstance(src, BundleSource) and not isinstance(src.manifest, dict):
        src.close()
        raise CannotVerify(f"{source}: manifest.json is not a JSON object (docs/ledger-format.md §9)")
    return _Guarded(src)


# -- the tool -----------------------------------------------------------------------------------


class _Root(click.Group):
    """Every failure ends in one line with its exit code, never a traceback, never "verified"."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except SourceError as e:
            raise CannotVerify(_one_line(redact(str(e)))) from None
        except notes.NoteError as e:
            raise CannotVerify(str(e)) from None
        except OSError as e:
            raise CannotVerify(f"{e.filename or ''}: {e.strerror or e}") from None
        except Exception as e:
            if os.environ.get("FUNDTRAIL_DEBUG"):
                raise
            error = f"{type(e).__name__}: {_one_line(redact(str(e)))}"
            lang = ctx.obj if isinstance(ctx.obj, str) else _default_lang()
            raise CannotVerify(_t(lang, "internal", error=error)) from None


@click.group(cls=_Root)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Language of messages (default: LANG).")
@click.version_option("0.1.0", prog_name="fundtrail-verify")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """Independent verifier of a fundtrail ledger (docs/ledger-format.md).

    Exit codes: 0 verified, 1 findings, 2 usage error, 3 could not verify.
    """
    ctx.obj = lang or _default_lang()


def _print_findings(findings: list[Finding], lang: str, source: str = "SOURCE") -> None:
    """Findings on stdout, as `chain` prints them (docs/decisions.md §23)."""
    for f in findings:
        click.echo(finding_text(f, lang, source))


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
@click.option(
    "--witness",
    "witnesses",
    multiple=True,
    help=f"Trusted witness vkey (repeatable; each key counts once). Names: {WITNESS_NAME}.",
)
@click.option(
    "--min-witnesses",
    type=click.IntRange(min=0),
    default=0,
    help="Cosignatures each kept checkpoint needs (k of n); needs --checkpoint.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default=None,
    help="Output format (default: from -o's extension, else text).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing -o file (never a key file).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="Processes for signature checks (default: all cores)."
)
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
    force: bool,
    lang: str | None,
    jobs: int | None,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Verify every record of SOURCE (sqlite:///PATH, postgresql://…, or an export bundle)."""
    lang = _lang(lang)
    if min_witnesses and not checkpoints:
        raise Usage(_t(lang, "quorum_without_checkpoint", k=min_witnesses))
    target = _target(output, force=force) if output else None
    trusted = load_verifier(admin_key).public_key if admin_key else None
    trusted_log = load_verifier(log_key).public_key if log_key else None
    trusted_witnesses = _witnesses(witnesses)
    kept = [(path, *_read_checkpoint(path)) for path in checkpoints]
    src = _open(source, lang)
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
        raise CannotVerify(_explain_source_error(source, str(e), lang)) from None
    finally:
        if show:
            sys.stderr.write("\r\033[K")
        src.close()
    judge_checkpoints(
        report,
        verifier,
        kept,
        [trusted_log] if trusted_log and not verifier.log_keys() else verifier.log_keys(),
        trusted_witnesses,
        min_witnesses,
    )
    write_report(report, _format(fmt, output), target, lang, redact(source), force=force)
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
            report.findings.append(_equivocation(cp.size, first_path, first_root, path, cp.root))
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


def _equivocation(size: int, old_path: str, old_root: bytes, new_path: str, new_root: bytes) -> Finding:
    return Finding(
        "CHECKPOINT_EQUIVOCATION",
        seq=size,
        expected=f"{old_path}: {base64.b64encode(old_root).decode()}",
        actual=f"{new_path}: {base64.b64encode(new_root).decode()}",
        detail="keep both files: together they are the proof",
    )


def _format(fmt: str | None, output: str | None) -> str:
    """As hledger and bean-query do: an explicit --format, else the output file's extension."""
    if fmt:
        return fmt
    if output and output.endswith((".json", ".html")):
        return output.rsplit(".", 1)[1]
    return "text"


def write_report(report: Any, fmt: str, output: Path | None, lang: str, source: str, *, force: bool = False) -> None:
    if fmt == "json":
        text = report_json(report) + "\n"
    elif fmt == "html":
        text = report_html(report, lang)
    else:
        text = "".join(finding_text(f, lang, source) + "\n" for f in report.findings)
    if output:
        _write(output, text, force=force)
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
        elif cp.size > 0 and cp.size not in verifier.sealed:
            # Every checkpoint is a seal (§7.4): its size ended a group. If the ledger holds no seal
            # there now, that group was extended after the log key sealed it.
            report.findings.append(
                Finding(
                    "CHECKPOINT_NOT_SEALED",
                    seq=cp.size,
                    detail=f"{path}: the ledger holds no seal at size {cp.size}: the group that ended there "
                    "was extended after it was sealed",
                )
            )
    result["consistent"] = len(report.findings) == before
    return result


def _signed_by_log(path: str, note: notes.Note, cp: notes.Checkpoint, key: notes.Verifier) -> list[Finding]:
    """The log key's signature on a checkpoint; a vkey's name is the origin it may sign for."""
    if key.name and cp.origin != key.name:
        return [Finding("CHECKPOINT_ORIGIN_MISMATCH", expected=key.name, actual=cp.origin, detail=path)]
    if not notes.verify_signature(note, notes.Verifier(cp.origin, key.public_key)):
        return [Finding("CHECKPOINT_SIGNATURE_INVALID", detail=f"{path}: the log key's signature does not verify")]
    return []


def _consistency_findings(
    h: spec.HashFn, old: tuple[str, notes.Checkpoint], new: tuple[str, notes.Checkpoint], proof: str | None
) -> list[Finding]:
    """NEW extends OLD: an equal size needs the same root, a larger one a proof (RFC 9162)."""
    (old_path, a), (new_path, b) = old, new
    if a.size == b.size and a.root != b.root:
        return [_equivocation(a.size, old_path, a.root, new_path, b.root)]
    needed = 0 < a.size < b.size
    if needed and not proof:
        raise Usage(_t(_lang(), "proof_needed", old=a.size, new=b.size))
    lines = _proof_lines(proof, h) if proof and needed else []
    try:
        spec.verify_consistency(h, a.size, b.size, a.root, b.root, lines)
    except spec.ProofError as e:
        return [
            Finding(
                "CONSISTENCY_PROOF_INVALID",
                expected=f"{old_path} ({a.size}) extended by {new_path} ({b.size})",
                actual=str(e),
                detail=proof or "",
            )
        ]
    return []


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--proof",
    type=click.Path(exists=True, dir_okay=False),
    help="Consistency proof (`fundtrail proof consistency`): base64 hashes, one per line.",
)
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option("--hash", "hash_name", type=click.Choice(sorted(spec.HASHES)), default="sha256")
def consistency(old: str, new: str, proof: str | None, log_key: str, hash_name: str) -> None:
    """Prove that checkpoint NEW extends checkpoint OLD (append-only growth).

    Findings (exit 1): CHECKPOINT_SIGNATURE_INVALID, CHECKPOINT_ORIGIN_MISMATCH, CHECKPOINT_EQUIVOCATION,
    CONSISTENCY_PROOF_INVALID. A missing proof is a usage error (2), an unreadable one exit 3.
    """
    lang = _lang()
    (old_note, a), (new_note, b) = _read_checkpoint(old), _read_checkpoint(new)
    key = load_verifier(log_key)
    if a.size > b.size:
        raise Usage(_t(lang, "swapped", old=a.size, new=b.size))
    findings = _signed_by_log(old, old_note, a, key) + _signed_by_log(new, new_note, b, key)
    if not findings and a.origin != b.origin:
        findings.append(Finding("CHECKPOINT_ORIGIN_MISMATCH", expected=a.origin, actual=b.origin, detail=new))
    if not findings:
        findings = _consistency_findings(spec.HASHES[hash_name], (old, a), (new, b), proof)
    if findings:
        _print_findings(findings, lang)
        click.echo(_t(lang, "not_consistent", count=len(findings)), err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(_t(lang, "consistent", origin=b.origin, old=a.size, new=b.size), err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option(
    "--witness",
    "witnesses",
    multiple=True,
    help=f"Trusted witness vkey (repeatable; each key counts once). Names: {WITNESS_NAME}.",
)
@click.option("--min-witnesses", type=click.IntRange(min=0), default=0, help="Cosignatures required (k of n).")
def receipt(file: str, log_key: str, witnesses: tuple[str, ...], min_witnesses: int) -> None:
    """Check an offline receipt: the record, its inclusion proof, the checkpoint and its signatures."""
    lang = _lang()
    doc = _read_json(file, MAX_DOCUMENT)
    key = load_verifier(log_key).public_key
    trusted = _witnesses(witnesses)
    try:
        result = check_receipt(doc, key, trusted, min_witnesses)
    except (ValueError, notes.NoteError) as e:  # ReceiptError is a ValueError
        raise CannotVerify(f"{file}: {_one_line(str(e))}") from None
    except (TypeError, KeyError, AttributeError) as e:  # a JSON value of the wrong type, e.g. a list as hash_algorithm
        raise CannotVerify(f"{file}: malformed receipt: {type(e).__name__}: {_one_line(str(e), 120)}") from None
    except struct.error as e:  # a seq or version beyond uint64 cannot enter a record hash (§4)
        raise CannotVerify(f"{file}: a number is out of range: {e}") from None
    for line in result["lines"]:
        click.echo(line)
    if result["findings"]:
        _print_findings(result["findings"], lang)
        click.echo(_t(lang, "receipt_bad", count=len(result["findings"])), err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(_t(lang, "receipt_ok", seq=result["seq"], origin=result["origin"], size=result["size"]), err=True)


@main.command()
@click.argument("source")
@click.argument("seq", type=click.IntRange(1, MAX_SEQ))
def record(source: str, seq: int) -> None:
    """Show one record of SOURCE with its arithmetic: hash inputs, link, command, key, signature."""
    from verify.explain import explain

    lang = _lang()
    src = _open(source, lang)
    try:
        result = explain(src, seq)
    except SourceError as e:
        raise CannotVerify(_explain_source_error(source, str(e), lang)) from None
    finally:
        src.close()
    if result is None:
        raise CannotVerify(_t(lang, "no_record", source=redact(source), seq=seq))
    for line in result.lines:
        click.echo(line)
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.group()
def witness() -> None:
    """Act as a witness: cosign only checkpoints that extend what you cosigned before."""


def _read_state(path: Path) -> dict[str, dict[str, Any]]:
    """The witness's memory: per origin the last cosigned size, root and note."""
    if not path.exists():
        return {}
    lang = _lang()
    if _is_key_file(path):
        raise Usage(_t(lang, "key_exists", path=path))
    state = _read_json(str(path), MAX_DOCUMENT)
    if not isinstance(state, dict):
        raise CannotVerify(_t(lang, "bad_state", path=path, error="expected a JSON object"))
    for origin, last in state.items():
        try:
            if not isinstance(last, dict) or not isinstance(last.get("note"), str):
                raise ValueError("expected {size, root, note}")
            size = last.get("size")
            if type(size) is not int or not 0 <= size <= notes.MAX_SIZE:
                raise ValueError("size is not a uint64")
            if len(base64.b64decode(last.get("root", ""), validate=True)) != 32:
                raise ValueError("root is not base64 of 32 bytes")
        except (ValueError, TypeError) as e:
            raise CannotVerify(_t(lang, "bad_state", path=path, error=f"{origin[:80]}: {e}")) from None
    return state


def _keep_evidence(state_file: Path, size: int, old_note: str, new_note: str) -> Path:
    """Both checkpoints of an equivocation, side by side; an existing file is evidence too and stays."""
    evidence = state_file.with_name(f"{state_file.stem}.equivocation-{size}.txt")
    try:
        with evidence.open("x", encoding="utf-8") as f:
            f.write(old_note + "\n=====\n" + new_note)
    except FileExistsError:
        pass
    return evidence


def _save_state(path: Path, state: dict[str, Any]) -> None:
    """Atomically, as tlog-witness requires: a temporary file in the same folder, then rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=2)
    Path(tmp).replace(path)


@witness.command("cosign")
@click.argument("checkpoint", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--proof", type=click.Path(exists=True, dir_okay=False), help="Consistency proof from your last cosigned size."
)
@click.option(
    "--state", "state_path", required=True, type=click.Path(dir_okay=False), help="The witness's own state file."
)
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The witness's key file (`fundtrail keys new`, mode 0600).",
)
@click.option("--name", required=True, help=f"The witness's name (its signed-note key name): {WITNESS_NAME}.")
@click.option("--log-key", required=True, help="Trusted log key (vkey, file or base64).")
@click.option("--hash", "hash_name", type=click.Choice(sorted(spec.HASHES)), default="sha256")
@click.option(
    "--time",
    "timestamp",
    type=click.IntRange(0, 2**64 - 1),
    default=None,
    help="Cosignature time (UNIX seconds); default now.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the cosigned checkpoint here (default: in place)."
)
@click.option("--force", is_flag=True, help="Overwrite an existing -o file (never a key file).")
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
    force: bool,
) -> None:
    """Verify CHECKPOINT and its consistency with the last one cosigned, then add a cosignature.

    Refusals are findings (exit 1): CHECKPOINT_SIGNATURE_INVALID, CHECKPOINT_ORIGIN_MISMATCH,
    CHECKPOINT_EQUIVOCATION (both notes kept beside the state file), CHECKPOINT_TRUNCATED (older than
    the size cosigned before), CONSISTENCY_PROOF_INVALID.
    """
    import time

    lang = _lang()
    name = _witness_name(name)
    target = _target(output, force=force) if output else Path(checkpoint)
    state_file = Path(state_path)
    if not state_file.parent.is_dir():
        raise Usage(_t(lang, "no_folder", folder=state_file.parent, path=state_file))
    note, cp = _read_checkpoint(checkpoint)
    private = _private_key(key_path)
    findings = _signed_by_log(checkpoint, note, cp, load_verifier(log_key))
    state = _read_state(state_file)
    last = state.get(cp.origin)
    if not findings and last is not None:
        old_root = base64.b64decode(last["root"])
        if cp.size < last["size"]:
            findings.append(
                Finding(
                    "CHECKPOINT_TRUNCATED",
                    seq=cp.size,
                    expected=f"at least size {last['size']}, cosigned before",
                    actual=f"size {cp.size}",
                    detail=checkpoint,
                )
            )
        else:
            last_cp = ("the last cosigned checkpoint", notes.Checkpoint(cp.origin, last["size"], old_root))
            findings = _consistency_findings(spec.HASHES[hash_name], last_cp, (checkpoint, cp), proof)
            if findings and findings[0].code == "CHECKPOINT_EQUIVOCATION":
                evidence = _keep_evidence(state_file, cp.size, last["note"], note.render())
                findings[0].detail = _t(lang, "evidence", path=evidence)
    if findings:
        _print_findings(findings, lang)
        click.echo(_t(lang, "refused", count=len(findings)), err=True)
        sys.exit(EXIT_FINDINGS)
    sig = notes.cosign(note.text, name, private, int(time.time()) if timestamp is None else timestamp)
    note.signatures = [s for s in note.signatures if s.name != name] + [sig]
    rendered = note.render()
    _write(target, rendered, force=True if output is None else force)
    state[cp.origin] = {"size": cp.size, "root": base64.b64encode(cp.root).decode(), "note": rendered}
    _save_state(state_file, state)
    click.echo(_t(lang, "cosigned", origin=cp.origin, size=cp.size, name=name), err=True)


@witness.command("vkey")
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--name", required=True, help=f"The witness's name: {WITNESS_NAME}.")
def witness_vkey(key_path: str, name: str) -> None:
    """Print the witness's C2SP verifier key (cosignature type 0x04)."""
    from cryptography.hazmat.primitives import serialization

    name = _witness_name(name)
    public = (
        _private_key(key_path).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    click.echo(notes.Verifier(name, public, notes.ALG_COSIGNATURE_V1).vkey())
