"""Evidence commands: contract, invoice, bank voucher, and submitting the claim (HRB 第八条; §1.5; A7, A16).

Evidence files are referenced by content hash; the file store is outside the domain. An invoice and a
bank voucher are single-use across the whole ledger: each creates a claim stream keyed by its natural
number (and one keyed by its file's hash), so a second use, even a racing one, conflicts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import Field

from domain.award.aggregate import PRODUCT as PRODUCT_AWARD
from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.fields import BasisPoints
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.project.aggregate import EVIDENCE_STATES
from domain.project.claims import EvidenceFileClaim
from domain.project.claims import InvoiceClaim
from domain.project.claims import VoucherClaim
from domain.project.claims import evidence_file_stream
from domain.project.claims import invoice_claim_stream
from domain.project.claims import invoice_key
from domain.project.claims import voucher_claim_stream
from domain.project.claims import voucher_key
from domain.project.context import CostType
from domain.project.context import DocNo
from domain.project.context import Uscc
from domain.project.context import load_project
from domain.project.context import own_enterprise
from domain.project.evidence import check_contract
from domain.project.evidence import check_invoice_number
from domain.project.evidence import check_invoice_sum
from domain.project.evidence import concession_warnings
from domain.project.rules import CLAIM_COMPLETE
from domain.project.rules import CONCESSION
from domain.project.rules import CONTRACT
from domain.project.rules import FILE_REUSE
from domain.project.rules import INVOICE_REUSE
from domain.project.rules import INVOICE_SHAPE
from domain.project.rules import INVOICE_SUM
from domain.project.rules import ORDER
from domain.project.rules import OWN
from domain.project.rules import PARTIES
from domain.project.rules import VOUCHER_REUSE
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.project.aggregate import Project

SUBMITTERS = frozenset({Role.APPLICANT, Role.DISTRICT_MIIT, Role.CITY_MIIT})
Last4 = Annotated[str, Field(pattern=r"^[0-9]{4}$")]
AccountHash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


def parties(buyer: str, seller: str, project: Project) -> None:
    """FT-PRJ-PARTIES: buyer = the project's enterprise, seller = its provider."""
    if buyer != project.enterprise_uscc:
        PARTIES.refuse("buyer_uscc", f"expected the project's enterprise {project.enterprise_uscc}, got {buyer}")
    if seller != project.provider_uscc:
        PARTIES.refuse("seller_uscc", f"expected the project's provider {project.provider_uscc}, got {seller}")


def claim_file(ctx: Reader, sha256: str, project: Project, used_as: str) -> EvidenceFileClaim:
    first = ctx.find(EvidenceFileClaim, evidence_file_stream(sha256))
    if first is not None:
        FILE_REUSE.refuse(
            "sha256", f"this file ({sha256[:16]}…) already backs {first.used_as} of project {first.project_id}"
        )
    return EvidenceFileClaim(sha256=sha256, project_id=project.project_id, used_as=used_as)


class ContractLine(StrictModel):
    line_id: Id
    cost_type: CostType
    description: Text
    incl_fen: Fen
    excl_fen: Fen
    unit_price_fen: Fen
    quantity: int = Field(ge=1, le=1_000_000)


class RecordContractArgs(StrictModel):
    project_id: Id
    contract_no: DocNo
    buyer_uscc: Uscc
    seller_uscc: Uscc
    signed_on: IsoDate
    amount_incl_fen: PositiveFen
    amount_excl_fen: PositiveFen
    tax_rate_bp: BasisPoints
    lines: list[ContractLine] = Field(min_length=1, max_length=200)
    list_price_fen: Fen | None = None
    product_award_id: Id | None = None  # the awarded 小快轻准/链式 product the contract buys (第二条, 第四条（二）)
    sha256: Sha256


class RecordContract(Command[RecordContractArgs]):
    """改造合同 / Record the service contract with its lines and the provider's list price (HRB 第八条, 第二条)."""

    name = "project.record_contract"
    zh, en = "登记改造合同（明细、含税/不含税金额、目录价）", "record the service contract (lines, tax, list price)"
    roles = SUBMITTERS
    enforces = (ORDER, OWN, PARTIES, CONTRACT, DATE, CONCESSION)
    args = RecordContractArgs
    cli = ("city", "project", "contract")
    cli_arguments = ("project_id", "contract_no")

    def execute(self, args: RecordContractArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        own_enterprise(ctx, project.enterprise_uscc, "project_id")
        project.require(EVIDENCE_STATES, "a contract")
        parties(args.buyer_uscc, args.seller_uscc, project)
        lines = [line.model_dump() for line in args.lines]
        check_contract(lines, args.amount_incl_fen, args.amount_excl_fen, set(project.contract_lines))
        list_price = args.list_price_fen
        if args.product_award_id is not None:
            product = ctx.get(Award, award_stream(args.product_award_id), field="product_award_id", what="award")
            if product.kind != PRODUCT_AWARD or product.provider_uscc != args.seller_uscc:
                PARTIES.refuse(
                    "product_award_id",
                    f"{args.product_award_id} is a {product.kind} award of {product.provider_uscc}, not a product "
                    f"of the seller {args.seller_uscc}",
                )
            if list_price is None:
                listed = product.details.get("list_price_fen")
                list_price = int(listed) if listed is not None else None
        contract = {
            "contract_no": args.contract_no,
            "buyer_uscc": args.buyer_uscc,
            "seller_uscc": args.seller_uscc,
            "signed_on": not_after_today(ctx, args.signed_on, "signed_on"),
            "amount_incl_fen": args.amount_incl_fen,
            "amount_excl_fen": args.amount_excl_fen,
            "tax_rate_bp": args.tax_rate_bp,
            "lines": [{**line, "contract_no": args.contract_no} for line in lines],
            "list_price_fen": list_price,
            "product_award_id": args.product_award_id,
            "concession_fen": None if list_price is None else list_price - args.amount_incl_fen,
            "sha256": args.sha256,
        }
        warnings = concession_warnings(list_price, args.amount_incl_fen, args.product_award_id is not None)
        project.record_contract(contract, warnings)
        return [project]


class InvoiceKind(StrEnum):
    DIGITAL = "digital"  # 数电票
    LEGACY = "legacy"  # 增值税发票 (代码 + 号码)


class FileMeta(StrictModel):
    """What the file says about itself (PDF metadata): kept for the task force's red-flag review."""

    author: Name | None = None
    producer: Name | None = None
    created_at: Name | None = None


class RecordInvoiceArgs(StrictModel):
    project_id: Id
    invoice_kind: Annotated[InvoiceKind, enum_parser(InvoiceKind, INVOICE_SHAPE.id)]
    invoice_code: str | None = Field(default=None, max_length=20)
    invoice_number: str = Field(min_length=1, max_length=30)
    issue_date: IsoDate
    seller_uscc: Uscc
    buyer_uscc: Uscc
    excl_fen: Fen
    tax_fen: Fen
    incl_fen: PositiveFen
    sha256: Sha256
    file: FileMeta | None = None


class RecordInvoice(Command[RecordInvoiceArgs]):
    """发票 / Record an invoice; one invoice supports one claim in the whole ledger (HRB 第八条; A16, R2)."""

    name = "project.record_invoice"
    zh, en = (
        "登记发票（数电票或旧版发票；同一发票全账本只能使用一次）",
        ("record an invoice (数电票 or legacy; one invoice is used once in the whole ledger)"),
    )
    roles = SUBMITTERS
    enforces = (ORDER, OWN, INVOICE_SHAPE, INVOICE_SUM, PARTIES, DATE, INVOICE_REUSE, FILE_REUSE)
    args = RecordInvoiceArgs
    cli = ("city", "project", "invoice")
    cli_arguments = ("project_id", "invoice_number")

    def execute(self, args: RecordInvoiceArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        own_enterprise(ctx, project.enterprise_uscc, "project_id")
        project.require(EVIDENCE_STATES, "an invoice")
        kind = args.invoice_kind.value
        check_invoice_number(kind, args.invoice_code, args.invoice_number)
        check_invoice_sum(args.excl_fen, args.tax_fen, args.incl_fen)
        parties(args.buyer_uscc, args.seller_uscc, project)
        issued = not_after_today(ctx, args.issue_date, "issue_date")
        key = invoice_key(kind, args.invoice_code, args.invoice_number)
        first = ctx.find(InvoiceClaim, invoice_claim_stream(key))
        if first is not None:
            INVOICE_REUSE.refuse(
                "invoice_number",
                f"invoice {key} already supports project {first.project_id} (enterprise {first.enterprise_uscc}, "
                f"programme {first.programme_id})",
            )
        file_claim = claim_file(ctx, args.sha256, project, f"invoice {key}")
        claim = InvoiceClaim(
            key=key,
            project_id=project.project_id,
            enterprise_uscc=project.enterprise_uscc,
            programme_id=project.programme_id,
        )
        invoice: dict[str, Any] = {
            "key": key,
            "invoice_kind": kind,
            "invoice_code": args.invoice_code,
            "invoice_number": args.invoice_number,
            "issue_date": issued,
            "seller_uscc": args.seller_uscc,
            "buyer_uscc": args.buyer_uscc,
            "excl_fen": args.excl_fen,
            "tax_fen": args.tax_fen,
            "incl_fen": args.incl_fen,
            "sha256": args.sha256,
            "file": args.file.model_dump() if args.file else None,
        }
        project.record_invoice(invoice)
        return [project, claim, file_claim]


class RecordBankVoucherArgs(StrictModel):
    project_id: Id
    bank: Name
    serial_no: DocNo
    payer_account_hash: AccountHash
    payer_last4: Last4
    payee_name: Name
    payee_uscc: Uscc
    payee_account_hash: AccountHash | None = None
    payee_last4: Last4 | None = None
    amount_fen: PositiveFen
    value_date: IsoDate
    sha256: Sha256


class RecordBankVoucher(Command[RecordBankVoucherArgs]):
    """银行支付凭证 / Record a bank voucher from the enterprise's own account to its provider (A7, A16, R3)."""

    name = "project.record_bank_voucher"
    zh, en = (
        "登记银行支付凭证（企业登记账户付给服务商；同一凭证全账本只能使用一次）",
        ("record a bank voucher (from the enterprise's recorded account to the provider; used once in the ledger)"),
    )
    roles = SUBMITTERS
    enforces = (ORDER, OWN, PARTIES, DATE, VOUCHER_REUSE, FILE_REUSE)
    args = RecordBankVoucherArgs
    cli = ("city", "project", "voucher")
    cli_arguments = ("project_id", "serial_no")

    def execute(self, args: RecordBankVoucherArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        own_enterprise(ctx, project.enterprise_uscc, "project_id")
        project.require(EVIDENCE_STATES, "a bank voucher")
        enterprise = ctx.get(
            Enterprise, enterprise_stream(project.enterprise_uscc), field="project_id", what="enterprise"
        )
        accounts = [(a["account_hash"], a["last4"]) for a in enterprise.bank_accounts]
        if (args.payer_account_hash, args.payer_last4) not in accounts:
            PARTIES.refuse(
                "payer_account_hash",
                f"the payer account (…{args.payer_last4}) is not one of enterprise {project.enterprise_uscc}'s "
                "recorded accounts",
            )
        if args.payee_uscc != project.provider_uscc:
            PARTIES.refuse(
                "payee_uscc", f"expected the project's provider {project.provider_uscc}, got {args.payee_uscc}"
            )
        value_date = not_after_today(ctx, args.value_date, "value_date")
        key = voucher_key(args.bank, args.serial_no)
        first = ctx.find(VoucherClaim, voucher_claim_stream(key))
        if first is not None:
            VOUCHER_REUSE.refuse(
                "serial_no",
                f"voucher {key} already supports project {first.project_id} (enterprise {first.enterprise_uscc}, "
                f"programme {first.programme_id})",
            )
        file_claim = claim_file(ctx, args.sha256, project, f"bank voucher {key}")
        claim = VoucherClaim(
            key=key,
            project_id=project.project_id,
            enterprise_uscc=project.enterprise_uscc,
            programme_id=project.programme_id,
        )
        voucher = {
            "key": key,
            "bank": args.bank,
            "serial_no": args.serial_no,
            "payer_account_hash": args.payer_account_hash,
            "payer_last4": args.payer_last4,
            "payee_name": args.payee_name,
            "payee_uscc": args.payee_uscc,
            "payee_account_hash": args.payee_account_hash,
            "payee_last4": args.payee_last4,
            "amount_fen": args.amount_fen,
            "value_date": value_date,
            "sha256": args.sha256,
        }
        project.record_bank_voucher(voucher)
        return [project, claim, file_claim]


class SubmitClaimArgs(StrictModel):
    project_id: Id


class SubmitClaim(Command[SubmitClaimArgs]):
    """提交有效凭据 / Submit the claim: contract, passed acceptance, invoices and vouchers (HRB 第八条)."""

    name = "project.submit_claim"
    zh, en = (
        "提交有效凭据（合同、验收报告、发票、银行支付凭证）",
        ("submit the claim evidence (contract, acceptance report, invoices, bank vouchers)"),
    )
    roles = frozenset({Role.APPLICANT, Role.DISTRICT_MIIT})
    enforces = (ORDER, OWN, CLAIM_COMPLETE)
    args = SubmitClaimArgs
    cli = ("city", "project", "claim")
    cli_arguments = ("project_id",)

    def execute(self, args: SubmitClaimArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        own_enterprise(ctx, project.enterprise_uscc, "project_id")
        project.submit_claim(ctx.actor.actor_id)
        return [project]


EVIDENCE_COMMANDS = (RecordContract(), RecordInvoice(), RecordBankVoucher(), SubmitClaim())
