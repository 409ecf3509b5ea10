"""The demo's shell: runs the real ``fundtrail`` and ``fundtrail-verify`` and prints what a person would see.

Every step is printed as the command line a person would type (``$``), with the business time the
ledger clock is fixed at (FUNDTRAIL_AT, 北京时间) and the acting actor, then what the tool printed
and its exit code. Most commands run as their own process; routine ones (marked ``›`` instead of
``$``) run the same click command inside this process, with the same arguments and environment, to
keep ``make demo`` within a couple of minutes on a small machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import click

BEIJING = timezone(timedelta(hours=8), "CST")
STEP = timedelta(minutes=2)  # between two commands of one business day: the ledger clock never goes back
_SUBMITTED = re.compile(r"^\S+ \S+: seq \d+–\d+$")  # "<command> <command id>: seq a–b", then the seal note
_CLOCK_NOTICE = re.compile(r"^(clock fixed at|时钟固定为) ")


class DemoFailed(Exception):
    """A step ended with another exit code than the story expects."""


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


class Shell:
    """Runs the tools against one SQLite ledger under ``out``, on a business clock that only moves forward."""

    def __init__(self, out: Path, *, all_inprocess: bool = False, echo: Callable[[str], None] = print) -> None:
        self.out = out
        self.db = out / "ledger.sqlite"
        self.keys = out / "keys"
        self.evidence = out / "evidence"
        self.all_inprocess = all_inprocess
        self.echo = echo
        self.now: datetime | None = None
        self.processes = 0
        self.inprocess = 0

    # -- the business clock ---------------------------------------------------------------------
    def day(self, when: str) -> None:
        """Move the ledger clock to ``when`` (北京时间, "YYYY-MM-DD" = 09:00 that day, or "YYYY-MM-DD HH:MM")."""
        text = when if " " in when else f"{when} 09:00"
        moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)
        if self.now is not None and moment <= self.now:
            msg = f"the demo's clock may only move forward: {moment} is not after {self.now}"
            raise DemoFailed(msg)
        self.now = moment

    def tick(self) -> str:
        """The time for the next command (ISO 8601 with +08:00); the clock then moves on two minutes."""
        assert self.now is not None, "call day() first"
        at = self.now
        self.now = at + STEP
        return at.isoformat()

    @property
    def today(self) -> str:
        assert self.now is not None
        return self.now.date().isoformat()

    # -- running --------------------------------------------------------------------------------
    def env(self, *, at: str | None, key: str | None, db: Path | None, log_key: bool) -> dict[str, str | None]:
        # The log key reaches the ledger process as a real deployment hands it over: a key file named
        # by an environment variable, readable by the ledger's user only.
        return {
            "FUNDTRAIL_LEDGER": f"sqlite:///{db or self.db}",
            "FUNDTRAIL_LOG_KEY": str(self.keys / "log.json") if log_key else None,
            "FUNDTRAIL_EVIDENCE": str(self.evidence),
            "FUNDTRAIL_AT": at,
            "FUNDTRAIL_KEY": str(self.keys / f"{key}.json") if key else None,
            "LANG": "zh_CN.UTF-8",
        }

    def run(
        self,
        *args: str,
        key: str | None = None,
        expect: int = 0,
        db: Path | None = None,
        log_key: bool = True,
        clock: bool = True,
        fast: bool = False,
        full: bool = False,
        max_lines: int = 0,
        caught: str | None = None,
    ) -> str:
        """Run one command and print it; return its standard output.

        ``key``: the acting actor's key file; ``clock``: fix the clock at the next business time;
        ``fast``: run in this process; ``full``: also print the seal note a submitted command ends with;
        ``max_lines``: print at most this many lines of its output (0: all). Exit 0 is not printed.
        ``caught``: what the output must name when the story expects a refusal or a finding (exit 1): the
        rule id or the verifier's finding, so that a step failing for another reason fails the demo.
        """
        at = self.tick() if clock and self.now is not None else None
        env = self.env(at=at, key=key, db=db, log_key=log_key)
        inprocess = fast or self.all_inprocess
        shown = " ".join(_quote(a) for a in args)
        who = " · ".join(x for x in (_beijing(at), key) if x)
        # a process gets a blank line before it; routine steps run here follow on, to keep the story short
        self.echo(("› " if inprocess else "\n$ ") + shown + (f"    # {who}" if who else ""))
        result = self._inprocess(args, env) if inprocess else self._subprocess(args, env)
        self._print(result, full=full, max_lines=max_lines)
        if result.code != expect:
            self.echo(f"!! exit {result.code}, expected {expect}")
            raise DemoFailed(f"{shown}: exit {result.code}, expected {expect}")
        if caught is not None and caught not in result.stdout + result.stderr:
            self.echo(f"!! expected the output to name {caught}")
            raise DemoFailed(f"{shown}: the output does not name {caught}")
        if result.code:
            self.echo(f"[exit {result.code}]")
        return result.stdout

    def _print(self, result: Result, *, full: bool, max_lines: int) -> None:
        out = result.stdout.rstrip()
        lines = out.splitlines()
        if lines and _SUBMITTED.match(lines[0]) and not full:
            out = lines[0]  # the seal note (a signed checkpoint) is shown once, in full, at the start
        elif max_lines and len(lines) > max_lines:
            out = "\n".join([*lines[:max_lines], f"… ({len(lines) - max_lines} more lines)"])
        if out:
            self.echo(out)
        err = "\n".join(x for x in result.stderr.rstrip().splitlines() if not _CLOCK_NOTICE.match(x))
        if err:
            self.echo(err)

    def _subprocess(self, args: tuple[str, ...], env: dict[str, str | None]) -> Result:
        self.processes += 1
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDTRAIL_")}
        full_env.update({k: v for k, v in env.items() if v is not None})
        tool = os.path.join(os.path.dirname(sys.executable), args[0])
        proc = subprocess.run(  # noqa: S603 - our own tools, from this interpreter's environment
            [tool, *args[1:]], env=full_env, capture_output=True, text=True, check=False
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def _inprocess(self, args: tuple[str, ...], env: dict[str, str | None]) -> Result:
        from click.testing import CliRunner

        self.inprocess += 1
        if args[0] == "fundtrail":
            from fundtrail.cli import main as fundtrail

            tool: click.Command = fundtrail
        elif args[0] == "fundtrail-verify":
            from verify.cli import main as verifier

            tool = verifier
        else:
            msg = f"unknown tool {args[0]}"
            raise DemoFailed(msg)
        outer = {k: None for k in os.environ if k.startswith("FUNDTRAIL_")}
        result = CliRunner().invoke(tool, list(args[1:]), env={**outer, **env}, prog_name=args[0])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise DemoFailed(f"{' '.join(args)}: {type(result.exception).__name__}: {result.exception}")
        return Result(result.exit_code, result.stdout, result.stderr)


def _quote(arg: str) -> str:
    return repr(arg) if (" " in arg or not arg) else arg


def _beijing(at: str | None) -> str:
    if at is None:
        return ""
    return datetime.fromisoformat(at).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M 北京时间")
