"""Roles and organisation kinds (docs/decisions.md §26), and who may issue which command."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Ledger roles. The comment gives the actor of docs/decisions.md §26 and the article."""

    LEDGER_ADMIN = "ledger_admin"  # registers actors, grants roles (docs/decisions.md §5)
    CITY_MIIT = "city_miit"  # 市工信局, HRB 第三条（一）
    CITY_FINANCE = "city_finance"  # 市财政局, HRB 第三条（二）
    DISTRICT_MIIT = "district_miit"  # 区县工信部门, HRB 第三条（三）
    DISTRICT_FINANCE = "district_finance"  # 区县财政部门, HRB 第三条（四）
    DISTRICT_GOV = "district_gov"  # 区县人民政府, HRB 第十二条
    CITY_GOV_CLERK = "city_gov_clerk"  # records 市政府 decisions, docs/decisions.md §8
    INSPECTOR = "inspector"  # 督察联合工作组, HRB 第十五条
    THIRD_PARTY = "third_party"  # 第三方机构, HRB 第四条（四）, HLJ 第四条（二）
    EXPERT_REVIEWER = "expert_reviewer"  # 评审专家, HLJ 第四条（二）
    APPLICANT = "applicant"  # 申报企业, HRB 第五条
    PROVIDER = "provider"  # 数字化服务商, HRB 第五条（一）
    LEAD_UNIT = "lead_unit"  # 试点行业组长单位, HRB 第四条（三）2
    PROV_MIIT = "prov_miit"  # 省工信厅, HLJ 第四条
    PROV_PARTY_GROUP_CLERK = "prov_party_group_clerk"  # 党组会 decisions, HLJ 第四条（三）
    PROV_FINANCE = "prov_finance"  # 省财政厅, HLJ 第四条（四）
    PROV_GOV_CLERK = "prov_gov_clerk"  # 省政府 批复, HLJ 第四条（四）
    COUNTY_FINANCE = "county_finance"  # 市县财政部门, HLJ 第五条（二）
    COUNTY_MIIT = "county_miit"  # 市县工信部门, HLJ 第六条
    WITNESS = "witness"  # cosigns checkpoints (docs/ledger-format.md §8)


class OrgKind(StrEnum):
    """Kinds of organisation an actor belongs to."""

    OPERATOR = "operator"  # runs the ledger
    CITY_MIIT = "city_miit"
    CITY_FINANCE = "city_finance"
    CITY_GOV = "city_gov"
    DISTRICT_MIIT = "district_miit"
    DISTRICT_FINANCE = "district_finance"
    DISTRICT_GOV = "district_gov"
    TASK_FORCE = "task_force"  # 督察联合工作组
    THIRD_PARTY = "third_party"
    EXPERT_PANEL = "expert_panel"
    ENTERPRISE = "enterprise"
    PROVIDER = "provider"
    PROV_MIIT = "prov_miit"
    PROV_FINANCE = "prov_finance"
    PROV_GOV = "prov_gov"
    COUNTY_FINANCE = "county_finance"
    COUNTY_MIIT = "county_miit"
