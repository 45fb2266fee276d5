"""The reasons workflows/ gives for refusing a move, in the reader's language.

workflows/ returns a coded ``Reason`` with its English text; the portal words the code through the
gettext catalogues (design.md "Words"). A reason without a known code is shown as workflows/ wrote it.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from workflows.errors import Reason, WorkflowError

WORDS = {
    "identity_question_level_one": _l(
        "A consent withdrawal or an objection to direct marketing needs no proof of identity "
        "(GBA decision 145/2022): the clock cannot be paused to ask for it."
    ),
    "unverified_only_identity_outcome": _l(
        'The identity is not confirmed: the only possible decision is "identity not confirmed", '
        "answered with the reasons and the right to complain (GDPR Art. 12(4))."
    ),
    "identity_refusal_level_one": _l(
        "A consent withdrawal or an objection to direct marketing needs no proof of identity and "
        'cannot be refused: it cannot be decided as "identity not confirmed" (GDPR Art. 7(3), 21(3)).'
    ),
    "access_without_art15_information": _l(
        "An access answer must include the information of GDPR Art. 15(1)(a)-(h) (purposes, "
        "categories, recipients, retention, source, automated decisions). Describe the processing "
        "activities in the record of processing first: %(link)s"
    ),
    "extension_level_one": _l(
        "A consent withdrawal or an objection to direct marketing takes effect without delay: "
        "its deadline cannot be extended (GDPR Art. 7(3), 21(3))."
    ),
    "processor_answer_not_instructed": _l(
        "The client controller did not instruct us to answer the data subject on its behalf: "
        "nothing goes to the requester from us (processing agreement art. 9.5, GDPR Art. 28(3)(e))."
    ),
    # Same English as workflows/ gives, so an English page reads as before.
    "extended_once": _l("the deadline was already extended once (Art. 12(3))"),
    "art12_5_pending": _l("an Art. 12(5) refusal or fee waits for a DPO's approval (rules C3)"),
    "processor_not_instructed": _l(
        "no disclosure to the data subject before the client controller's instruction "
        "is recorded (DPA art. 9.5)"
    ),
    "undecided_rights": _l("every right in the request needs a decision before the answer goes out"),
    "forward_close_not_instructed": _l(
        "a forwarded request is closed only on the client controller's recorded instruction (rules 2.8)"
    ),
    "spam_identifiable": _l(
        "the requester is identifiable (address confirmed or registered by staff): answer it, "
        "or refuse it under Art. 12(5) with the Art. 12(4) information"
    ),
    "processor_does_not_decide": _l(
        "a processor does not decide on a request; forward it to the client controller (Art. 28(3)(e))"
    ),
    "processor_cannot_extend": _l(
        "only the client controller can extend its deadline (Art. 12(3), 28(3)(e))"
    ),
    "controller_cannot_forward": _l(
        "only a processor forwards a request to its client controller (rules 2.8)"
    ),
    "controller_has_no_client": _l("only a processor case has a client controller to hear from (rules 2.8)"),
    "auditor": _l("an auditor cannot change a case"),
    "not_possible_in_state": _l("'%(move)s' is not possible while the case is '%(state)s'"),
    "restriction_without_ground": _l(
        "A restriction names its ground, one of GDPR Art. 18(1)(a)-(d); the request does not give one."
    ),
    "restriction_not_in_force": _l("No restriction is in force for this right."),
    "restriction_lift_without_notice": _l(
        "The requester must be told before the restriction is lifted (GDPR Art. 18(3)): "
        "send the notice first."
    ),
    "reclassify_not_objection": _l(
        "Only an objection not yet marked as direct marketing can be reclassified."
    ),
    "reclassify_decided": _l("The objection was already decided; it cannot be reclassified afterwards."),
    "reclassify_without_reason": _l("Say why the objection concerns direct marketing."),
    "withdrawal_refused": _l("Consent can always be withdrawn (Art. 7(3)); it cannot be refused."),
    "direct_marketing_refused": _l("An objection to direct marketing cannot be refused (Art. 21(3))."),
    "late_refusal_unconfirmed": _l(
        "The one-month date (%(due)s) has passed. GDPR Art. 12(4) asks for the reasons for not acting "
        "within one month of receipt, and the extension may not cover a refusal: a supervisory "
        "authority may find this refusal late. Tick the confirmation to send it anyway."
    ),
    "close_before_no_answer_period": _l(
        "A case waiting for information is closed only after %(days)s days without an answer, "
        "with the closing letter. Until then, wait for the answer or decide and answer the request."
    ),
}


# Reasons whose wording links to the page where staff remove the cause: (endpoint, link text).
LINKS = {
    "access_without_art15_information": ("exports.processing", _l("record of processing")),
}


def reason_of(error: WorkflowError | Reason | str) -> Reason | None:
    if isinstance(error, Reason):
        return error
    return error.reason if isinstance(error, WorkflowError) else None


def text(error: WorkflowError | Reason | str) -> str:
    """The refusal in the current locale as plain text (templates escape it)."""
    reason = reason_of(error)
    if reason is None or reason.code not in WORDS:
        return str(error)
    params = dict(reason.params)
    if reason.code in LINKS:
        params["link"] = str(LINKS[reason.code][1])
    wording = str(WORDS[reason.code])
    return wording % params if params else wording


def word(error: WorkflowError | Reason | str) -> Markup:
    """The refusal in the current locale, escaped, with its link when it has one."""
    reason = reason_of(error)
    if reason is None or reason.code not in LINKS:
        return Markup.escape(text(error))
    endpoint, label = LINKS[reason.code]
    link = Markup('<a href="{}">{}</a>').format(url_for(endpoint), str(label))
    return Markup.escape(str(WORDS[reason.code])) % {**reason.params, "link": link}


def not_done(error: WorkflowError | Reason | str) -> Markup:
    """The flash message for a refused move: "Not done:" and the reason, in the reader's language."""
    return Markup.escape(gettext("Not done: %(reason)s")) % {"reason": word(error)}
