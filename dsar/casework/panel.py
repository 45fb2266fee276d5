"""What the case file shows of its internal side (prepared values: templates never query or decide
permissions), including every move workflows/ knows for this case with the reason it is not
possible now."""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select

from dsar.accounts import service as accounts
from dsar.cases.forms import ActionForm
from dsar.cases.models import Case, SubRequest
from dsar.cases.service import snapshot_of
from dsar.casework import approvals, checklists, forms, notes, timesheet, verification
from dsar.casework.models import Art125Approval, CaseAttachment, CaseNote, RecipientNotice, TimeEntry
from dsar.core import vocabulary
from dsar.core.access import can
from dsar.core.db import db
from workflows.checklists import needs_system_checklist
from workflows.rights import requires_art19
from workflows.states import Move, StaffRole
from workflows.transitions import MOVE_ROLES, refusal

MOVE_LABELS = vocabulary.MOVES


@dataclass
class ActionRow:
    move: str
    label: str
    reason: str | None  # None: possible now


@dataclass
class SystemRow:
    system_id: int
    name: str
    owner: str
    status: str | None
    note: str | None
    evidence: CaseAttachment | None
    checked_by_id: int | None


@dataclass
class SubPanel:
    sub: SubRequest
    art19: bool
    notices: list[RecipientNotice]
    systems: list[SystemRow] | None
    approvals: list[Art125Approval]
    names: dict[int, str]
    works: bool
    is_dpo: bool
    recipient_form: forms.RecipientForm | None = None
    tick_form: forms.SystemTickForm | None = None
    proposal_form: forms.ProposalForm | None = None
    approval_form: forms.ApprovalDecisionForm | None = None
    decidable: frozenset[int] = frozenset()  # proposals this DPO may decide: never their own
    fee_form: ActionForm | None = None  # record an announced fee as paid, withdrawn or waived


@dataclass
class CaseworkPanel:
    actions: list[ActionRow]
    notes: list[CaseNote]
    attachments: list[CaseAttachment]
    time_entries: list[TimeEntry]
    total_minutes: int
    names: dict[int, str]
    works: bool
    may_download: bool
    note_form: forms.NoteForm | None = None
    time_form: forms.TimeForm | None = None
    confirm_form: forms.ConfirmIdentityForm | None = None


def staff_names(ids) -> dict[int, str]:
    return accounts.staff_names({i for i in ids if i})


def works_cases(user) -> bool:
    return can(user, "cases.work")


def action_rows(case: Case, role: str) -> list[ActionRow]:
    """The moves this kind of case knows, in workflow order, each with why it is not possible now."""
    snapshot = snapshot_of(case)
    return [
        ActionRow(move.value, str(MOVE_LABELS[move]), refusal(snapshot, move, StaffRole(role)))
        for move in Move
        if snapshot.case_role in MOVE_ROLES[move]
    ]


def panel_for(case: Case) -> CaseworkPanel:
    works = works_cases(current_user)
    case_notes = notes.notes_of(case)
    files = list(
        db.session.scalars(
            select(CaseAttachment).where(CaseAttachment.case_id == case.id).order_by(CaseAttachment.id)
        )
    )
    entries = timesheet.entries_of(case)
    actions = action_rows(case, current_user.role)
    can_confirm = any(a.move == Move.CONFIRM_IDENTITY and a.reason is None for a in actions)
    ids = (
        [n.author_id for n in case_notes] + [f.uploaded_by_id for f in files] + [e.staff_id for e in entries]
    )
    return CaseworkPanel(
        actions=actions,
        notes=case_notes,
        attachments=files,
        time_entries=entries,
        total_minutes=sum(e.minutes for e in entries),
        names=staff_names(ids),
        works=works,
        may_download=works,
        note_form=forms.NoteForm() if works else None,
        time_form=forms.TimeForm() if works else None,
        confirm_form=(
            forms.ConfirmIdentityForm()
            if works and can_confirm and verification.may_confirm_here(case)
            else None
        ),
    )


def rights_panels(case: Case) -> dict[int, SubPanel]:
    """The casework part of each right's section, by sub-request id."""
    return {sub.id: sub_panel_for(sub) for sub in case.sub_requests}


def sub_panel_for(sub: SubRequest) -> SubPanel:
    works = works_cases(current_user)
    art19 = requires_art19(sub.right)
    notices = checklists.notices_of(sub) if art19 else []
    rows = None
    if needs_system_checklist(sub.right):
        latest = checklists.latest_checks(sub)
        evidence = {
            a.id: a
            for a in db.session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == sub.case_id))
        }
        rows = []
        for system in checklists.active_systems():
            check = latest.get(system.id)
            rows.append(
                SystemRow(
                    system.id,
                    system.name,
                    system.owner,
                    check.status if check else None,
                    check.note if check else None,
                    evidence.get(check.evidence_id) if check and check.evidence_id else None,
                    check.checked_by_id if check else None,
                )
            )
    found = approvals.approvals_of(sub)
    ids = (
        [n.recorded_by_id for n in notices]
        + [a.proposed_by_id for a in found]
        + [a.decided_by_id for a in found]
    )
    ids += [row.checked_by_id for row in rows or []]
    open_sub = works and sub.outcome is None and sub.case.role == "controller"
    panel = SubPanel(
        sub=sub,
        art19=art19,
        notices=notices,
        systems=rows,
        approvals=found,
        names=staff_names(ids),
        works=works,
        is_dpo=can(current_user, "casework.approve_art125"),
    )
    if works:
        panel.recipient_form = forms.RecipientForm(prefix=f"r{sub.id}") if art19 else None
        panel.tick_form = forms.SystemTickForm(prefix=f"s{sub.id}") if rows else None
    if works and approvals.unpaid_fee(sub) is not None:
        panel.fee_form = ActionForm()
    if open_sub and approvals.pending_for(sub) is None:
        panel.proposal_form = forms.ProposalForm(prefix=f"p{sub.id}")
    if panel.is_dpo:
        panel.approval_form = forms.ApprovalDecisionForm(prefix=f"a{sub.id}")
        panel.decidable = frozenset(
            a.id for a in found if a.status == "proposed" and a.proposed_by_id != current_user.id
        )
    return panel
