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


def word(error: WorkflowError | Reason | str) -> Markup:
    """The refusal in the current locale, escaped, with its link when it has one."""
    reason = reason_of(error)
    if reason is None or reason.code not in WORDS:
        return Markup.escape(str(error))
    params = dict(reason.params)
    if reason.code in LINKS:
        endpoint, label = LINKS[reason.code]
        params["link"] = Markup('<a href="{}">{}</a>').format(url_for(endpoint), str(label))
    text = Markup.escape(str(WORDS[reason.code]))
    return text % params if params else text


def not_done(error: WorkflowError | Reason | str) -> Markup:
    """The flash message for a refused move: "Not done:" and the reason, in the reader's language."""
    return Markup.escape(gettext("Not done: %(reason)s")) % {"reason": word(error)}
