"""What the case file shows about letters and Art. 20(2) transmission (prepared for the template)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import current_user

from dsar.cases.decisions import answer_packages
from dsar.cases.models import Case, SubRequest
from dsar.core.access import can
from dsar.letters import service, transmission
from dsar.letters.forms import RefuseTransmissionForm, TransmissionForm
from dsar.letters.views import LetterLink, letter_links


@dataclass
class TransmissionRow:
    sub: SubRequest
    destination: str  # what the person wrote on the form
    history: list[transmission.DirectTransmission]
    form: TransmissionForm | None = None  # only for roles that may act, once the right is granted
    refuse_form: RefuseTransmissionForm | None = None


@dataclass
class LettersPanel:
    letters: list[LetterLink]
    transmissions: list[TransmissionRow] = field(default_factory=list)


def panel_for(case: Case) -> LettersPanel:
    history = transmission.transmissions_of(case)
    may_act = can(current_user, "cases.work")
    # The data go to the other controller, never our letters to the person.
    packages = [(r.public_id, r.display_name) for r in answer_packages(case) if not service.is_letter(r)]
    rows = []
    for sub in case.sub_requests:
        destination = transmission.asked_for(sub)
        if not destination:
            continue
        row = TransmissionRow(sub, destination, [t for t in history if t.sub_request_id == sub.id])
        if may_act and packages and sub.outcome in transmission.GRANTED:
            row.form = TransmissionForm(prefix=f"t{sub.id}", recipient_name=destination)
            row.form.package.choices = packages
        if may_act:
            row.refuse_form = RefuseTransmissionForm(prefix=f"r{sub.id}")
        rows.append(row)
    return LettersPanel(letters=letter_links(case), transmissions=rows)
