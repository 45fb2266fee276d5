"""What a decision on each right needs before it is lawful (rules.md section 2)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from workflows.errors import DecisionError
from workflows.states import Outcome, Right


class LegalGround(StrEnum):
    """Grounds for refusing, fully or partly. The text names the article the letter will cite."""

    ART_12_5 = "art_12_5"
    ART_23_NATIONAL = "art_23_national"
    ART_15_4 = "art_15_4"
    DATA_ACCURATE = "data_accurate"
    NO_ART_17_1_GROUND = "no_art_17_1_ground"
    ART_17_3_A = "art_17_3_a"
    ART_17_3_B = "art_17_3_b"
    ART_17_3_C = "art_17_3_c"
    ART_17_3_D = "art_17_3_d"
    ART_17_3_E = "art_17_3_e"
    NO_ART_18_1_GROUND = "no_art_18_1_ground"
    ART_20_CONDITIONS = "art_20_conditions"
    ART_20_3 = "art_20_3"
    ART_20_4 = "art_20_4"
    ART_21_1_COMPELLING = "art_21_1_compelling"
    ART_21_1_LEGAL_CLAIMS = "art_21_1_legal_claims"


GROUND_TEXT = {
    LegalGround.ART_12_5: "Art. 12(5): manifestly unfounded or excessive request",
    LegalGround.ART_23_NATIONAL: "Art. 23 restriction in national law",
    LegalGround.ART_15_4: "Art. 15(4): the rights and freedoms of others",
    LegalGround.DATA_ACCURATE: "Art. 16: the data were checked and are accurate",
    LegalGround.NO_ART_17_1_GROUND: "Art. 17(1): none of the grounds for erasure applies",
    LegalGround.ART_17_3_A: "Art. 17(3)(a): freedom of expression and information",
    LegalGround.ART_17_3_B: "Art. 17(3)(b): legal obligation or public-interest task",
    LegalGround.ART_17_3_C: "Art. 17(3)(c): public health",
    LegalGround.ART_17_3_D: "Art. 17(3)(d): archiving, research or statistics",
    LegalGround.ART_17_3_E: "Art. 17(3)(e): establishment, exercise or defence of legal claims",
    LegalGround.NO_ART_18_1_GROUND: "Art. 18(1): none of the grounds for restriction applies",
    LegalGround.ART_20_CONDITIONS: "Art. 20(1): not consent or contract, or not by automated means",
    LegalGround.ART_20_3: "Art. 20(3): public-interest or official-authority processing",
    LegalGround.ART_20_4: "Art. 20(4): the rights and freedoms of others",
    LegalGround.ART_21_1_COMPELLING: "Art. 21(1): compelling legitimate grounds that override",
    LegalGround.ART_21_1_LEGAL_CLAIMS: ("Art. 21(1): establishment, exercise or defence of legal claims"),
}

G = LegalGround
# Rules 2.0: Art. 12(5) and national Art. 23 restrictions come on top of each right's own limits.
_ALWAYS = {G.ART_12_5, G.ART_23_NATIONAL}
_ERASURE = {
    G.NO_ART_17_1_GROUND,
    G.ART_17_3_A,
    G.ART_17_3_B,
    G.ART_17_3_C,
    G.ART_17_3_D,
    G.ART_17_3_E,
}
ALLOWED_GROUNDS: dict[Right, frozenset[LegalGround]] = {
    Right.ACCESS: frozenset(_ALWAYS | {G.ART_15_4}),
    Right.RECTIFICATION: frozenset(_ALWAYS | {G.DATA_ACCURATE}),
    Right.ERASURE: frozenset(_ALWAYS | _ERASURE),
    Right.RESTRICTION: frozenset(_ALWAYS | {G.NO_ART_18_1_GROUND}),
    Right.PORTABILITY: frozenset(_ALWAYS | {G.ART_20_CONDITIONS, G.ART_20_3, G.ART_20_4}),
    Right.OBJECTION: frozenset(_ALWAYS | {G.ART_21_1_COMPELLING, G.ART_21_1_LEGAL_CLAIMS}),
    Right.CONSENT_WITHDRAWAL: frozenset(),  # Art. 7(3): withdrawal is always possible
}

# Art. 19: rectification, erasure and restriction are communicated to every recipient.
ART_19_RIGHTS = frozenset({Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION})
NOT_ACTING = frozenset({Outcome.REFUSED, Outcome.PARTLY_GRANTED})
# Recital 63: the rights of others lead to redaction, never to a refusal of everything.
PARTIAL_ONLY = frozenset({LegalGround.ART_15_4})
# Rules 2.6: "the controller demonstrates" - the balancing test is written down in the case.
ART_21_1_GROUNDS = frozenset({LegalGround.ART_21_1_COMPELLING, LegalGround.ART_21_1_LEGAL_CLAIMS})


def requires_art19(right: Right) -> bool:
    return Right(right) in ART_19_RIGHTS


def is_level_one(right: Right, direct_marketing: bool = False) -> bool:
    """A consent withdrawal (Art. 7(3)) or an objection to direct marketing (Art. 21(3)): honoured on
    the channel it came through, never refused, never held up by an identity check."""
    return Right(right) == Right.CONSENT_WITHDRAWAL or (Right(right) == Right.OBJECTION and direct_marketing)


def verification_level(right: Right, direct_marketing: bool = False) -> int:
    """Entry level of the ladder (rules 5.2): nothing beyond the channel to stop direct marketing or
    withdraw consent (GBA 145/2022); a link to the address on file for everything else."""
    return 1 if is_level_one(right, direct_marketing) else 2


def id_copy_allowed(right: Right, direct_marketing: bool = False) -> bool:
    """Rules 5.2 level 1 and 2.6: an ID copy is never asked to withdraw consent or to stop direct
    marketing (GBA/APD decision 145/2022: the same e-mail address is enough)."""
    return not is_level_one(right, direct_marketing)


def check_reclassification(right: Right, direct_marketing: bool, decided: bool, reason: str | None) -> None:
    """Staff may recognise an objection as one to direct marketing (Art. 21(2)-(3)) even when the
    requester did not tick it: from then on it is absolute (no balancing, no refusal, no ID). The
    reason is written down (Art. 5(2)); a decided right is not reclassified after the fact."""
    if Right(right) != Right.OBJECTION or direct_marketing:
        raise DecisionError("reclassify_not_objection")
    if decided:
        raise DecisionError("reclassify_decided")
    if not written(reason):
        raise DecisionError("reclassify_without_reason")


def check_late_refusal(extended: bool, today: date, one_month_due: date, confirmed: bool) -> None:
    """Art. 12(4) asks for the reasons for not acting "within one month of receipt"; Art. 12(3)
    extends the time to act, and whether it also extends the time to refuse is not settled. A
    refusal sent after the one-month date of an extended case therefore needs a confirmation that
    staff saw this risk (the EDPB reads Art. 12(4) strictly, Guidelines 01/2022)."""
    if extended and today > one_month_due and not confirmed:
        raise DecisionError("late_refusal_unconfirmed", due=one_month_due)


def check_identity_question(rights: list[tuple[Right, bool]]) -> None:
    """An identity question pauses the clock only for a right that has an identity check at all
    (Art. 12(6)); rights are (right, direct_marketing) pairs. A level-1 right is never paused for
    identity: with only those in the request there is nothing to ask (rules 5.2, 3.4)."""
    if rights and all(is_level_one(right, dm) for right, dm in rights):
        raise DecisionError("identity_question_level_one")


def check_unverified_decision(right: Right, outcome: Outcome, direct_marketing: bool = False) -> None:
    """While the requester's identity is not confirmed nothing is disclosed, changed or deleted
    (rules 5.5): the only decision is "identity not confirmed", answered with the Art. 12(4)
    information. A level-1 right needs no identity check and takes effect regardless (rules 2.7)."""
    if is_level_one(right, direct_marketing) or Outcome(outcome) == Outcome.IDENTITY_NOT_CONFIRMED:
        return
    raise DecisionError("unverified_only_identity_outcome")


# Rules 2.1(3): an access answer carries the Art. 15(1)(a)-(h) and 15(2) information.
ACCESS_ANSWERS = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})


def check_access_information(outcomes: list[tuple[Right, Outcome | None]], has_information: bool) -> None:
    """An access answer does not go out without the Art. 15(1)(a)-(h) information taken from the
    record of processing; "ask us for it" is not compliant (Art. 15(1), 12(1))."""
    grants_access = any(
        Right(right) == Right.ACCESS and outcome in ACCESS_ANSWERS for right, outcome in outcomes
    )
    if grants_access and not has_information:
        raise DecisionError("access_without_art15_information", link="record of processing")


class LegalClock(StrEnum):
    ONE_MONTH = "one_month"  # Art. 12(3), extendable by two further months
    TWO_WORKING_DAYS = "two_working_days"  # rules 2.7 [CHOICE]


def legal_clock(right: Right) -> LegalClock:
    """Consent withdrawal is not an Art. 15-22 right: its target is 2 working days (rules 2.7)."""
    if Right(right) == Right.CONSENT_WITHDRAWAL:
        return LegalClock.TWO_WORKING_DAYS
    return LegalClock.ONE_MONTH


def check_decision(
    right: Right,
    outcome: Outcome,
    *,
    legal_ground: str | None = None,
    dpo_approved: bool = False,
    art12_4_info: bool = False,
    recipients_notified: list[str] | None = None,
    art19_justification: str | None = None,
    balancing_note: str | None = None,
    direct_marketing: bool = False,
    justification: str | None = None,
) -> None:
    """Raise DecisionError when a decision lacks what the law requires; return None when lawful."""
    right, outcome = Right(right), Outcome(outcome)
    if outcome in NOT_ACTING:
        check_not_acting(right, outcome, legal_ground, direct_marketing)
        check_reasons_written(legal_ground, art12_4_info, dpo_approved, justification, balancing_note)
    if outcome == Outcome.IDENTITY_NOT_CONFIRMED and is_level_one(right, direct_marketing):
        # Art. 7(3), 21(3): no identity check applies, so "not confirmed" would be a refusal in disguise.
        raise DecisionError("identity_refusal_level_one")
    if outcome == Outcome.IDENTITY_NOT_CONFIRMED and not art12_4_info:
        raise DecisionError("identity_answer_needs_art12_4")  # rules 5.5
    acted = outcome in {Outcome.GRANTED, Outcome.PARTLY_GRANTED}
    if acted and requires_art19(right) and not (recipients_notified or written(art19_justification)):
        raise DecisionError("art19_recipients")


def check_not_acting(right: Right, outcome: Outcome, ground: str | None, direct_marketing: bool) -> None:
    """May this right be refused, fully or partly, on this ground?"""
    if right == Right.CONSENT_WITHDRAWAL:
        raise DecisionError("consent_cannot_be_refused")  # Art. 7(3)
    if right == Right.OBJECTION and direct_marketing:
        raise DecisionError("direct_marketing_objection")  # Art. 21(3)
    if ground is None or ground not in ALLOWED_GROUNDS[right]:
        raise DecisionError("refusal_needs_ground", right=right, grounds=sorted(ALLOWED_GROUNDS[right]))
    if outcome == Outcome.REFUSED and ground in PARTIAL_ONLY:
        raise DecisionError("art15_4_partial_only")  # Recital 63


def check_reasons_written(
    ground: str | None,
    art12_4_info: bool,
    dpo_approved: bool,
    justification: str | None,
    balancing_note: str | None,
) -> None:
    """What the file and the letter must show for a decision not to act."""
    if not art12_4_info:
        raise DecisionError("art12_4_information")
    if ground == LegalGround.ART_12_5:
        if not written(justification):
            raise DecisionError("art12_5_justification")
        if not dpo_approved:
            raise DecisionError("art12_5_dpo_approval")
    if ground in ART_21_1_GROUNDS and not written(balancing_note):
        raise DecisionError("art21_balancing")


def written(text: str | None) -> bool:
    return bool((text or "").strip())
