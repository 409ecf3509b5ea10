"""Provincial award commands, part 2: the review with its full operation trail, 复核 and the ranked list
(HLJ 第四条（二）, 第五条（三）; A22). Every operation of a reviewer is its own signed command."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain import ids
from domain.actors.aggregate import Actor
from domain.kernel.commands import Command
from domain.kernel.dates import local_date
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Id
from domain.kernel.fields import LongText
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import call_stream
from domain.province.ranking import TIE_BREAK
from domain.province.ranking import Scored
from domain.province.ranking import rank
from domain.province.review import ReviewerDeclaration
from domain.province.review import ReviewFile
from domain.province.review import declaration_stream
from domain.province.review import review_file_stream
from domain.province.rules import FROZEN
from domain.province.rules import LIST_LOCKED
from domain.province.rules import MATERIALS
from domain.province.rules import ORDER
from domain.province.rules import RANKING
from domain.province.rules import RECHECK
from domain.province.rules import RECUSAL
from domain.province.rules import REVIEWER
from domain.province.rules import SCORE
from domain.province.rules import TRAIL
from domain.province.rules import UNIQUE
from domain.publicity.subject import PublicitySubject
from domain.publicity.subject import publicity_subject_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

PROV_MIIT = frozenset({Role.PROV_MIIT})
REVIEWERS = frozenset({Role.EXPERT_REVIEWER, Role.THIRD_PARTY})
MAX_RELATED = 200


class ReviewerKind(StrEnum):
    EXPERT = "expert"  # 评审专家
    THIRD_PARTY = "third_party"  # 第三方机构


ROLE_OF = {ReviewerKind.EXPERT: Role.EXPERT_REVIEWER, ReviewerKind.THIRD_PARTY: Role.THIRD_PARTY}


class Relation(StrEnum):
    ENTERPRISE = "enterprise"
    PROVIDER = "provider"
    SHAREHOLDER = "shareholder"
    LEGAL_REPRESENTATIVE = "legal_representative"
    OTHER = "other"


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    CORRECTED = "corrected"


def load_file(ctx: Reader, application_id: str) -> tuple[BenchmarkApplication, ReviewFile, AnnualCall]:
    app = ctx.get(BenchmarkApplication, application_stream(application_id), field="application_id", what="application")
    file = ctx.find(ReviewFile, review_file_stream(application_id))
    if file is None:
        file = ReviewFile(application_id=application_id, call_id=app.call_id)
    call = ctx.get(AnnualCall, call_stream(app.call_id), field="application_id", what="provincial call")
    return app, file, call


def active_reviewer(file: ReviewFile, reviewer: str) -> None:
    entry = file.reviewers.get(reviewer)
    if entry is None:
        REVIEWER.refuse("application_id", f"{reviewer} is not assigned to {file.application_id}", error="unauthorised")
    if entry["recused"] is not None:
        RECUSAL.refuse("application_id", f"{reviewer} is recused from {file.application_id}: {entry['recused']}")


def not_ranked(call: AnnualCall, what: str) -> None:
    if call.ranked:
        FROZEN.refuse(
            "application_id",
            f"{what} is refused: the list of call {call.call_id} was proposed (version {len(call.rankings)}); "
            "only 省工信厅's 复核 can correct a score now",
        )


# -- declarations, assignment, recusal ----------------------------------------------------------------


class RelatedArgs(StrictModel):
    party: Annotated[str, Field(pattern=r"^([0-9A-Z]{18}|[0-9a-f]{64})$")]  # a USCC, or a person's salted hash
    relation: Annotated[Relation, enum_parser(Relation, FIELD_RULE)]


class DeclareArgs(StrictModel):
    call_id: Id
    related: list[RelatedArgs] = Field(default_factory=list, max_length=MAX_RELATED)
    sha256: Sha256  # the signed declaration form


class DeclareInterests(Command[DeclareArgs]):
    """利益关系声明 / A reviewer declares its interests for a call (again to add to them)."""

    name = "province.declare_interests"
    zh, en = "评审人员作出利益关系声明（可补充）", "a reviewer declares its interests for a call"
    roles = REVIEWERS
    enforces = (TRAIL,)
    args = DeclareArgs
    cli = ("province", "review", "declare")
    cli_arguments = ("call_id",)

    def execute(self, args: DeclareArgs, ctx: Reader) -> Sequence[Aggregate]:
        ctx.get(AnnualCall, call_stream(args.call_id), field="call_id", what="provincial call")
        me = ctx.actor.actor_id
        related = [r.model_dump(mode="json") for r in args.related]
        found = ctx.find(ReviewerDeclaration, declaration_stream(args.call_id, me))
        if found is None:
            return [ReviewerDeclaration(call_id=args.call_id, reviewer=me, related=related, sha256=args.sha256)]
        found.amend(related, args.sha256)
        return [found]


class AssignArgs(StrictModel):
    application_id: Id
    reviewer: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,62}$")]
    kind: Annotated[ReviewerKind, enum_parser(ReviewerKind, FIELD_RULE)]


class AssignReviewer(Command[AssignArgs]):
    """分配评审 / 省工信厅 assigns an expert or a third party to an application; a related one is refused."""

    name = "province.assign_reviewer"
    zh, en = "分配评审专家或第三方机构（关联人员回避）", "assign a reviewer to an application (related ones recused)"
    roles = PROV_MIIT
    enforces = (REVIEWER, RECUSAL, UNIQUE, FROZEN, TRAIL)
    args = AssignArgs
    cli = ("province", "review", "assign")
    cli_arguments = ("application_id", "reviewer")

    def execute(self, args: AssignArgs, ctx: Reader) -> Sequence[Aggregate]:
        app, file, call = load_file(ctx, args.application_id)
        not_ranked(call, "a new assignment")
        if args.reviewer in file.reviewers:
            UNIQUE.refuse("reviewer", f"{args.reviewer} is already assigned to {app.application_id}")
        actor = ctx.find(Actor, ids.actor_stream(args.reviewer))
        role = ROLE_OF[args.kind]
        if actor is None or not actor.has_role(role):
            REVIEWER.refuse("reviewer", f"{args.reviewer} is not a registered actor holding {role.value}")
        REVIEWER.check(args.reviewer != ctx.actor.actor_id, "reviewer", "省工信厅 does not review what it re-checks")
        declaration = ctx.find(ReviewerDeclaration, declaration_stream(call.call_id, args.reviewer))
        if declaration is None:
            REVIEWER.refuse("reviewer", f"{args.reviewer} has not declared its interests for call {call.call_id}")
        related = app.related()
        clash = sorted((declaration.parties() | {str(actor.organisation.get("code"))}) & related)
        if clash:
            RECUSAL.refuse(
                "reviewer",
                f"{args.reviewer} is related to {app.application_id} through {', '.join(clash)}: it must be recused",
            )
        file.assign(args.reviewer, args.kind.value, ctx.actor.actor_id)
        return [file]


class RecuseArgs(StrictModel):
    application_id: Id
    reviewer: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,62}$")]
    reason: LongText


class RecuseReviewer(Command[RecuseArgs]):
    """回避 / A reviewer withdraws (or 省工信厅 removes it) from an application; its scores no longer count."""

    name = "province.recuse_reviewer"
    zh, en = "评审人员回避（其评分不再计入）", "recuse a reviewer from an application (its scores stop counting)"
    roles = PROV_MIIT | REVIEWERS
    enforces = (REVIEWER, RECUSAL, FROZEN, TRAIL)
    args = RecuseArgs
    cli = ("province", "review", "recuse")
    cli_arguments = ("application_id", "reviewer")

    def execute(self, args: RecuseArgs, ctx: Reader) -> Sequence[Aggregate]:
        _, file, call = load_file(ctx, args.application_id)
        not_ranked(call, "a recusal")
        if not ctx.actor.has_role(Role.PROV_MIIT) and args.reviewer != ctx.actor.actor_id:
            RECUSAL.refuse("reviewer", "a reviewer recuses only itself", error="unauthorised")
        active_reviewer(file, args.reviewer)
        file.recuse(args.reviewer, args.reason, ctx.actor.actor_id)
        return [file]


# -- the reviewer's operations -----------------------------------------------------------------------------


class OpenArgs(StrictModel):
    application_id: Id
    sha256: Sha256
    purpose: Text


class OpenMaterial(Command[OpenArgs]):
    """查阅材料 / The access record of a reviewer opening one material of an application."""

    name = "province.open_material"
    zh, en = "评审人员查阅申报材料（访问留痕）", "record a reviewer opening a material (access record)"
    roles = REVIEWERS
    enforces = (REVIEWER, RECUSAL, MATERIALS, TRAIL)
    args = OpenArgs
    cli = ("province", "review", "open")
    cli_arguments = ("application_id", "sha256")

    def execute(self, args: OpenArgs, ctx: Reader) -> Sequence[Aggregate]:
        app, file, _ = load_file(ctx, args.application_id)
        active_reviewer(file, ctx.actor.actor_id)
        MATERIALS.check(
            args.sha256 in app.documents(),
            "sha256",
            f"{args.sha256[:12]}… is not a material of {app.application_id}",
            error="not_found",
        )
        file.open_material(ctx.actor.actor_id, args.sha256, args.purpose)
        return [file]


class ScoreArgs(StrictModel):
    application_id: Id
    criterion: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    points: int = Field(ge=0, le=100_00)  # hundredths of a point
    reason: LongText | None = None


class GiveScore(Command[ScoreArgs]):
    """评分 / A reviewer scores one criterion (a change of its own score needs a reason)."""

    name = "province.score"
    zh, en = "评审人员逐项评分或改分（改分须说明理由）", "score one criterion, or change a score with a reason"
    roles = REVIEWERS
    enforces = (REVIEWER, RECUSAL, SCORE, FROZEN, TRAIL)
    args = ScoreArgs
    cli = ("province", "review", "score")
    cli_arguments = ("application_id", "criterion")

    def execute(self, args: ScoreArgs, ctx: Reader) -> Sequence[Aggregate]:
        _, file, call = load_file(ctx, args.application_id)
        me = ctx.actor.actor_id
        active_reviewer(file, me)
        not_ranked(call, "a reviewer's score")
        criterion = call.criterion(args.criterion)
        if criterion is None:
            SCORE.refuse("criterion", f"call {call.call_id} publishes no criterion {args.criterion!r}")
        SCORE.check(
            args.points <= int(criterion["max_points"]),
            "points",
            f"{args.criterion} is worth at most {criterion['max_points']} hundredths, got {args.points}",
        )
        SCORE.check(
            bool(file.opened.get(me)), "application_id", f"{me} has opened no material of {file.application_id}"
        )
        before = file.scores.get(me, {}).get(args.criterion)
        if before is not None:
            SCORE.check(before != args.points, "points", f"{args.criterion} is already {before}")
            SCORE.check(bool(args.reason), "reason", f"changing {args.criterion} from {before} needs a reason")
        file.score(me, args.criterion, args.points, args.reason)
        return [file]


# -- 复核 and the list ---------------------------------------------------------------------------------------


class CorrectionArgs(StrictModel):
    criterion: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    points: int = Field(ge=0, le=100_00)
    reason: LongText


class RecheckArgs(StrictModel):
    application_id: Id
    outcome: Annotated[Outcome, enum_parser(Outcome, RECHECK.id)]
    corrections: list[CorrectionArgs] = Field(default_factory=list, max_length=30)
    reasons: LongText
    sha256: Sha256  # the 复核 record


class Recheck(Command[RecheckArgs]):
    """复核 / 省工信厅 re-checks an application's review: confirms it, or corrects scores with reasons."""

    name = "province.recheck"
    zh, en = "省工信厅复核评审结果（确认或说明理由更正）", "re-check (复核) a review: confirm or correct with reasons"
    roles = PROV_MIIT
    enforces = (RECHECK, SCORE, TRAIL)
    args = RecheckArgs
    cli = ("province", "review", "recheck")
    cli_arguments = ("application_id",)

    def execute(self, args: RecheckArgs, ctx: Reader) -> Sequence[Aggregate]:
        _, file, call = load_file(ctx, args.application_id)
        if ctx.actor.actor_id in file.reviewers:
            RECHECK.refuse("application_id", "a reviewer of the application cannot re-check it", error="unauthorised")
        corrected = args.outcome is Outcome.CORRECTED
        RECHECK.check(
            corrected == bool(args.corrections),
            "corrections",
            "a correction lists the corrected criteria; a confirmation lists none",
        )
        seen: set[str] = set()
        for i, c in enumerate(args.corrections):
            criterion = call.criterion(c.criterion)
            if criterion is None:
                SCORE.refuse(f"corrections[{i}].criterion", f"call {call.call_id} publishes no {c.criterion!r}")
            SCORE.check(c.criterion not in seen, f"corrections[{i}].criterion", f"{c.criterion} is listed twice")
            seen.add(c.criterion)
            SCORE.check(
                c.points <= int(criterion["max_points"]),
                f"corrections[{i}].points",
                f"{c.criterion} is worth at most {criterion['max_points']}",
            )
        active = file.active()
        RECHECK.check(
            len(active) >= call.reviewers_per_application,
            "application_id",
            f"{file.application_id} has {len(active)} active reviewers; call {call.call_id} asks for "
            f"{call.reviewers_per_application}",
        )
        results = file.results(call.codes())
        missing = [k for k, v in results.items() if v is None and k not in seen]
        RECHECK.check(not missing, "application_id", f"not every active reviewer has scored {', '.join(missing)}")
        file.record_recheck(
            args.outcome.value,
            [c.model_dump(mode="json") for c in args.corrections],
            args.reasons,
            args.sha256,
            ctx.actor.actor_id,
            after_list=call.ranked,  # FT-HLJ-FROZEN: flagged; the recomputed ranking names the difference
        )
        return [file]


class ProposeArgs(StrictModel):
    call_id: Id
    doc_no: Text


class ProposeList(Command[ProposeArgs]):
    """拟认定名单 / Rank every application from its re-checked scores and propose the list within the quota."""

    name = "province.propose_list"
    zh, en = "按评分从高到低排序并按名额提出拟认定名单", "rank the call's applications and propose the list"
    roles = PROV_MIIT
    enforces = (ORDER, RECHECK, RANKING, LIST_LOCKED)
    args = ProposeArgs
    cli = ("province", "propose-list")
    cli_arguments = ("call_id",)

    def execute(self, args: ProposeArgs, ctx: Reader) -> Sequence[Aggregate]:
        call = ctx.get(AnnualCall, call_stream(args.call_id), field="call_id", what="provincial call")
        today = local_date(ctx.now).isoformat()
        ORDER.check(today > call.deadline, "call_id", f"the call is open to {call.deadline}; today is {today}")
        ORDER.check(bool(call.applications), "call_id", f"call {call.call_id} has no application")
        for subject in call.listed:
            if ctx.find(PublicitySubject, publicity_subject_stream(subject)) is not None:
                LIST_LOCKED.refuse("call_id", f"the list is on publicity ({subject} is listed): it cannot be replaced")
        ctx.prefetch([s for a in call.applications for s in (application_stream(a), review_file_stream(a))])
        scored: list[Scored] = []
        apps: list[BenchmarkApplication] = []
        for aid in call.applications:
            app = ctx.get(BenchmarkApplication, application_stream(aid), field="call_id", what="application")
            if app.state not in ("applied", "proposed", "not_listed", "ineligible"):
                ORDER.refuse("call_id", f"{aid} is {app.state}: the list cannot be proposed again")
            file = ctx.find(ReviewFile, review_file_stream(aid))
            points: dict[str, int] = {}
            if app.eligible:
                if file is None or not file.rechecked():
                    RECHECK.refuse("call_id", f"{aid}'s review has not been re-checked (复核) since its last score")
                results = file.results(call.codes())
                points = {k: v for k, v in results.items() if v is not None}
                RECHECK.check(len(points) == len(results), "call_id", f"{aid} is not scored on every criterion")
                apps.append(app)
            scored.append(Scored(aid, app.eligible, app.ceiling_fen or 0, app.submitted_at, points))
        entries = rank(scored, call.codes("financial"), call.quota)
        version = len(call.rankings) + 1
        call.propose(
            {
                "version": version,
                "doc_no": args.doc_no,
                "quota": call.quota,
                "tie_break": list(TIE_BREAK),
                "entries": entries,
                "proposed_by": ctx.actor.actor_id,
                "proposed_at": ctx.now.isoformat(),
            }
        )
        award = {str(e["application_id"]): e["award_fen"] for e in entries}
        for app in apps:
            app.list_on(version, award[app.application_id])
        return [call, *apps]


COMMANDS = (
    DeclareInterests(),
    AssignReviewer(),
    RecuseReviewer(),
    OpenMaterial(),
    GiveScore(),
    Recheck(),
    ProposeList(),
)
