"""Batches (批次): open an intake round pinning a policy version, close its intake (domain rules §2.3;
HRB 第四条（一）, 第十八条; A3, A7, A23)."""

from __future__ import annotations

import copy
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from domain.kernel.commands import Command
from domain.kernel.dates import local_date
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.policy.aggregate import ACTIVE
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.programme.rules import BATCH_BASIS
from domain.programme.rules import BATCH_POLICY
from domain.programme.rules import BATCH_STATE
from domain.programme.rules import BATCH_UNIQUE
from domain.programme.rules import BATCH_WINDOW
from domain.programme.rules import EXPIRED
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

MIIT = frozenset({Role.CITY_MIIT})


class InvestmentBasis(StrEnum):
    TAX_INCLUSIVE = "tax_inclusive"
    TAX_EXCLUSIVE = "tax_exclusive"


class BatchKind(StrEnum):
    TRANSFORMATION = "transformation"  # 第四条（一）
    PRODUCT_AWARD = "product_award"  # 第四条（二）
    DIAGNOSIS = "diagnosis"  # 第四条（三）2


BasisField = Annotated[InvestmentBasis, enum_parser(InvestmentBasis, BATCH_BASIS.id)]
BatchKindField = Annotated[BatchKind, enum_parser(BatchKind, FIELD_RULE)]


# -- batches (批次) -----------------------------------------------------------------------------------


class OpenBatchArgs(StrictModel):
    batch_id: Id
    programme_id: Id
    policy_version_id: Id
    investment_basis: BasisField | None = None  # A7: required, refused under FT-PRG-BATCH-BASIS when absent
    intake_from: IsoDate
    intake_to: IsoDate
    kind: BatchKindField = BatchKind.TRANSFORMATION
    notice_doc_no: Text | None = None


class OpenBatch(Command[OpenBatchArgs]):
    """开启批次 / Open an intake round pinning an active policy version and its hash (第四条（一）, A3, A7)."""

    name = "batch.open"
    zh, en = (
        "开启批次（固定参数版本及哈希、投入计税口径、申报期）",
        "open a batch: pinned policy version, tax basis, intake",
    )
    roles = MIIT
    enforces = (BATCH_UNIQUE, EXPIRED, BATCH_POLICY, BATCH_BASIS, BATCH_WINDOW)
    args = OpenBatchArgs
    cli = ("city", "batch", "open")
    cli_arguments = ("batch_id",)

    def execute(self, args: OpenBatchArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(batch_stream(args.batch_id)):
            BATCH_UNIQUE.refuse("batch_id", f"batch {args.batch_id!r} is already open")
        programme = ctx.get(Programme, programme_stream(args.programme_id), field="programme_id", what="programme")
        today = local_date(ctx.now)
        if today > date.fromisoformat(programme.valid_to) and not programme.in_force(today):
            EXPIRED.refuse("programme_id", f"the measures ended {programme.valid_to} and no successor policy continues")
        stream = policy_version_stream(args.policy_version_id)
        version = ctx.get(PolicyVersion, stream, field="policy_version_id", what="policy version")
        if version.programme_id != programme.programme_id:
            BATCH_POLICY.refuse("policy_version_id", f"{version.version_id} belongs to {version.programme_id}")
        if version.status != ACTIVE:
            BATCH_POLICY.refuse("policy_version_id", f"{version.version_id} is {version.status}, not active")
        if args.investment_basis is None and args.kind is BatchKind.TRANSFORMATION:
            # A7 concerns verified investment, which only transformation projects have
            BATCH_BASIS.refuse("investment_basis", "state tax_inclusive or tax_exclusive: there is no default")
        if args.intake_from > args.intake_to:
            BATCH_WINDOW.refuse("intake_to", f"ends {args.intake_to}, before it starts {args.intake_from}")
        if args.intake_from.isoformat() < version.effective_from or args.intake_to.isoformat() > version.effective_to:
            BATCH_WINDOW.refuse(
                "intake_from" if args.intake_from.isoformat() < version.effective_from else "intake_to",
                f"{args.intake_from}..{args.intake_to} is not within {version.version_id}'s effective window "
                f"{version.effective_from}..{version.effective_to}",
            )
        batch = Batch(
            batch_id=args.batch_id,
            programme_id=programme.programme_id,
            kind=args.kind.value,
            notice_doc_no=args.notice_doc_no,
            policy_version_id=version.version_id,
            policy_hash=version.params_hash,
            params=copy.deepcopy(version.params),
            investment_basis=args.investment_basis.value if args.investment_basis is not None else None,
            intake_from=args.intake_from.isoformat(),
            intake_to=args.intake_to.isoformat(),
            opened_by=ctx.actor.actor_id,
        )
        return [batch]


class BatchArgs(StrictModel):
    batch_id: Id


class CloseIntake(Command[BatchArgs]):
    """申报截止 / Close a batch's intake."""

    name = "batch.close_intake"
    zh, en = "批次申报截止", "close a batch's intake"
    roles = MIIT
    enforces = (BATCH_STATE,)
    args = BatchArgs
    cli = ("city", "batch", "close-intake")
    cli_arguments = ("batch_id",)

    def execute(self, args: BatchArgs, ctx: Reader) -> Sequence[Aggregate]:
        batch = ctx.get(Batch, batch_stream(args.batch_id), field="batch_id", what="batch")
        batch.close_intake(closed_at=ctx.now.isoformat(), closed_by=ctx.actor.actor_id)
        return [batch]


BATCH_COMMANDS = (OpenBatch(), CloseIntake())
