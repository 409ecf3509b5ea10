"""What a target set measures, resolved against the ledger when it is proposed (HRB 第十三条).

Returns the projects the set covers (a clawback case on ground C5 may name them) and the budget
commitments whose execution its snapshots read (``budget.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any
from typing import Protocol

from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.performance.budget import project_budget_ref
from domain.performance.measure import Scope
from domain.performance.rules import SCOPE
from domain.policy.params import Category
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.province.call import AnnualCall
from domain.province.call import call_stream

if TYPE_CHECKING:
    from domain.kernel.commands import Reader
    from domain.programme.aggregate import Programme

CategoryField = Annotated[Category, enum_parser(Category, SCOPE.id)]
PROVINCIAL = "provincial_award"  # the budget reference of a provincial award's set: the call's approved awards


class BudgetRefArgs(StrictModel):
    """A budget line and the reference its feature committed the money under (an award's, a contract's)."""

    category: CategoryField
    ref: Text


class ScopeArgs(Protocol):
    @property
    def projects(self) -> list[str]: ...

    @property
    def budget_line(self) -> BudgetRefArgs | None: ...


class ProvincialArgs(ScopeArgs, Protocol):
    @property
    def programme_id(self) -> str: ...

    @property
    def scope_ref(self) -> str: ...


Resolved = tuple[list[str], list[dict[str, Any]], str | None]


def resolve_scope(ctx: Reader, scope: Scope, ref: str, args: ScopeArgs, programme: Programme) -> Resolved:
    """(projects, budget references, the programme's part-1 set id) of the scope, or a refusal."""
    programme_id = programme.programme_id
    if scope == Scope.DISTRICT:
        SCOPE.check(args.budget_line is None, "budget_line", "a district's budget is its projects'", error="invalid")
        return _district(ctx, ref, args.projects, programme_id), [project_budget_ref(p) for p in args.projects], None
    SCOPE.check(not args.projects, "projects", f"a {scope.value} scope names no projects", error="invalid")
    if scope == Scope.PROGRAMME:
        SCOPE.check(ref == programme_id, "scope_ref", f"the programme scope is {programme_id}, not {ref}")
        SCOPE.check(args.budget_line is None, "budget_line", "the programme's budget is all its lines", error="invalid")
        return [], [], programme.target_set_id
    if scope == Scope.CATEGORY:
        SCOPE.check(args.budget_line is None, "budget_line", "a category's budget is its line", error="invalid")
        known = {c.value for c in Category}
        SCOPE.check(ref in known, "scope_ref", f"{ref} is not a category of 第四条 ({', '.join(sorted(known))})")
        _line(ctx, programme_id, ref, "scope_ref")
        return [], [{"category": ref, "ref": None}], None
    if args.budget_line is not None:  # an award of another feature, or a contract: by its budget reference
        line = args.budget_line
        _line(ctx, programme_id, line.category.value, "budget_line.category")
        return [], [{"category": line.category.value, "ref": line.ref}], None
    SCOPE.check(scope == Scope.AWARD, "budget_line", "a contract names the budget line and reference it is held by")
    return [_approved(ctx, ref, programme_id, "scope_ref")], [project_budget_ref(ref)], None


def provincial_scope(ctx: Reader, args: ProvincialArgs) -> Resolved:
    """A provincial award's targets cover one call's awards (HLJ 第七条); its budget is what 省政府 approved."""
    call = ctx.get(AnnualCall, call_stream(args.scope_ref), field="scope_ref", what="provincial call")
    SCOPE.check(
        call.programme_id == args.programme_id,
        "programme_id",
        f"call {call.call_id} belongs to {call.programme_id}, not {args.programme_id}",
    )
    SCOPE.check(not args.projects, "projects", "a provincial award's scope names no projects", error="invalid")
    SCOPE.check(args.budget_line is None, "budget_line", "its budget is the call's awards", error="invalid")
    return [], [{"category": PROVINCIAL, "ref": call.call_id}], None


def _line(ctx: Reader, programme_id: str, category: str, field: str) -> None:
    if ctx.find(BudgetLine, budget_line_stream(programme_id, category)) is None:
        SCOPE.refuse(field, f"{programme_id} has no {category} budget line")


def _approved(ctx: Reader, project_id: str, programme_id: str, field: str) -> str:
    project = ctx.get(Project, project_stream(project_id), field=field, what="project")
    SCOPE.check(project.programme_id == programme_id, field, f"{project_id} belongs to {project.programme_id}")
    SCOPE.check(project.approved_fen is not None, field, f"{project_id} is {project.state}, not approved by 市政府")
    return project_id


def _district(ctx: Reader, district: str, projects: list[str], programme_id: str) -> list[str]:
    SCOPE.check(bool(projects), "projects", f"name the approved projects of {district} the indicators cover")
    for i, project_id in enumerate(projects):
        field = f"projects[{i}]"
        SCOPE.check(project_id not in projects[:i], field, f"{project_id} is named twice", error="invalid")
        _approved(ctx, project_id, programme_id, field)
        found = ctx.get(Project, project_stream(project_id), field=field, what="project")
        SCOPE.check(found.district == district, field, f"{project_id} is in {found.district}, not {district}")
    return list(projects)
