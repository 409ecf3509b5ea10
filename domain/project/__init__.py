"""project (see docs/commands.md): transformation projects from intake to the proposed subsidy (HRB 第八条)."""

from __future__ import annotations

from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream

__all__ = ["EnterpriseAccount", "Project", "enterprise_account_stream", "project_stream"]
