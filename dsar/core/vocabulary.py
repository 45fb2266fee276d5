"""The words for the portal's stored codes: one map per kind of code (a state, a channel, an event
kind, an audit action...), each label marked for the catalogues. dsar/core/wording.py looks codes up
here; tests/i18n checks that every code has its word in nl and fr."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from workflows.next_step import NextStep
from workflows.states import CaseRole, CaseState, Move, Right, StaffRole

STATES = {
    CaseState.RECEIVED: _l("Received"),
    CaseState.AWAITING_VERIFICATION: _l("Awaiting verification"),
    CaseState.IN_PROGRESS: _l("In progress"),
    CaseState.AWAITING_INFORMATION: _l("Awaiting information (clock paused)"),
    CaseState.EXTENDED: _l("In progress, deadline extended"),
    CaseState.FORWARDED: _l("Forwarded to the client controller"),
    CaseState.ANSWERED: _l("Answered"),
    CaseState.CLOSED: _l("Closed"),
}

CASE_ROLES = {
    CaseRole.CONTROLLER: _l("We are the controller"),
    CaseRole.PROCESSOR: _l("We are the processor (for a client controller)"),
}

STAFF_ROLES = {
    StaffRole.ADMIN: _l("Administrator"),
    StaffRole.DPO: _l("Data protection officer"),
    StaffRole.HANDLER: _l("Case handler"),
    StaffRole.AUDITOR: _l("Auditor (read only)"),
}

CHANNELS = {
    "web": _l("Web form"),
    "email": _l("E-mail"),
    "letter": _l("Letter"),
    "phone": _l("Phone"),
    "in_person": _l("In person"),
}

# The right as a word inside a sentence ("a refusal of erasure ...").
RIGHTS = {
    Right.ACCESS: _l("access"),
    Right.RECTIFICATION: _l("rectification"),
    Right.ERASURE: _l("erasure"),
    Right.RESTRICTION: _l("restriction"),
    Right.PORTABILITY: _l("portability"),
    Right.OBJECTION: _l("objection"),
    Right.CONSENT_WITHDRAWAL: _l("withdrawal of consent"),
}

MOVES = {
    Move.CONFIRM_IDENTITY: _l("Confirm identity"),
    Move.START_WORK: _l("Start work"),
    Move.REQUEST_INFORMATION: _l("Ask the requester for information"),
    Move.RECEIVE_INFORMATION: _l("Record the information received"),
    Move.EXTEND: _l("Extend the deadline"),
    Move.DECIDE: _l("Decide a right"),
    Move.ANSWER: _l("Send the answer"),
    Move.CLOSE: _l("Close the case"),
    Move.FORWARD: _l("Forward to the client controller"),
    Move.RECORD_CONTROLLER_ACKNOWLEDGEMENT: _l("Record the controller's acknowledgement"),
    Move.RECORD_CONTROLLER_INSTRUCTION: _l("Record the controller's instruction"),
    Move.MARK_DUPLICATE: _l("Mark as duplicate"),
    Move.MARK_SPAM: _l("Mark as spam"),
    Move.WITHDRAW: _l("Record a withdrawal"),
}

EXTENSION_REASONS = {
    "large_volume": _l("A large volume of data"),
    "multiple_systems": _l("Data spread across several systems or units"),
    "redaction_needed": _l("Redaction needed for Art. 15(4) or 17(3) exceptions"),
    "intelligibility": _l("Making the data intelligible"),
    "multiple_requests": _l("Several requests from the same person"),
    "temporary_surge": _l("An exceptional, temporary surge of requests"),
}

LEGAL_GROUNDS = {
    "art_12_5": _l("Art. 12(5) GDPR: manifestly unfounded or excessive request"),
    "art_23_national": _l("Art. 23 GDPR: a restriction in national law"),
    "art_15_4": _l("Art. 15(4) GDPR: the rights and freedoms of others"),
    "data_accurate": _l("Art. 16 GDPR: the data were checked and are accurate"),
    "no_art_17_1_ground": _l("Art. 17(1) GDPR: none of the grounds for erasure applies"),
    "art_17_3_a": _l("Art. 17(3)(a) GDPR: freedom of expression and information"),
    "art_17_3_b": _l("Art. 17(3)(b) GDPR: a legal obligation or a task in the public interest"),
    "art_17_3_c": _l("Art. 17(3)(c) GDPR: public health"),
    "art_17_3_d": _l("Art. 17(3)(d) GDPR: archiving, research or statistics"),
    "art_17_3_e": _l("Art. 17(3)(e) GDPR: establishing, exercising or defending legal claims"),
    "no_art_18_1_ground": _l("Art. 18(1) GDPR: none of the grounds for restriction applies"),
    "art_20_conditions": _l("Art. 20(1) GDPR: not based on consent or contract, or not automated"),
    "art_20_3": _l("Art. 20(3) GDPR: processing in the public interest or by official authority"),
    "art_20_4": _l("Art. 20(4) GDPR: the rights and freedoms of others"),
    "art_21_1_compelling": _l("Art. 21(1) GDPR: compelling legitimate grounds that override"),
    "art_21_1_legal_claims": _l("Art. 21(1) GDPR: establishing, exercising or defending legal claims"),
}

# What the requester wrote per right (intake form fields, kept on the sub-request), and what the
# decision recorded with it (rules 6.3 items 7 and 9).
REQUEST_DETAILS = {
    "access_scope": _l("What the requester wants to receive"),
    "rectification_current": _l("Data that is wrong or incomplete"),
    "rectification_correct": _l("What it should be"),
    "erasure_scope": _l("Data to erase, and why"),
    "restriction_ground": _l("Ground for restriction"),
    "restriction_details": _l("Details"),
    "portability_scope": _l("Data to take along"),
    "portability_destination": _l("Send directly to"),
    "objection_processing": _l("Use objected to"),
    "objection_direct_marketing": _l("Concerns direct marketing"),
    "objection_reasons": _l("Reasons given"),
    "consent_scope": _l("Consent withdrawn"),
    "recipients_notified": _l("Recipients notified (Art. 19)"),
    "art19_justification": _l("Why recipients were not notified (Art. 19)"),
    "balancing_note": _l("Balancing test (Art. 21(1))"),
    "justification_12_5": _l("Justification (Art. 12(5))"),
    "dpo_approved_by": _l("Approved by the DPO (staff number)"),
}

RESTRICTION_GROUNDS = {
    "accuracy_contested": _l("I contest the accuracy of my data (Art. 18(1)(a))"),
    "unlawful_processing": _l("The use is unlawful, but I do not want erasure (Art. 18(1)(b))"),
    "legal_claims": _l("You no longer need it, but I need it for a legal claim (Art. 18(1)(c))"),
    "objection_pending": _l("I objected and await your assessment (Art. 18(1)(d))"),
}

# The Art. 18(1) ground a restriction is in force on, as staff and the lift notice name it.
RESTRICTION_BASES = {
    "accuracy_contested": _l("Art. 18(1)(a) GDPR: the accuracy of the data is contested"),
    "unlawful_processing": _l("Art. 18(1)(b) GDPR: unlawful processing, restriction instead of erasure"),
    "legal_claims": _l("Art. 18(1)(c) GDPR: the data subject needs the data for legal claims"),
    "objection_pending": _l("Art. 18(1)(d) GDPR: an objection awaits the balancing test"),
}

EVENTS = {
    "submitted": _l("Request received"),
    "acknowledgement_queued": _l("Acknowledgement queued"),
    "email_confirmed": _l("E-mail address confirmed"),
    "confirmation_sent_to_address_on_file": _l("Confirmation link sent to the address on file"),
    "answer_address_on_file": _l("Confirmed through the address on file: the answer goes there"),
    "backdated": _l("Receipt back-dated"),
    "assigned": _l("Assigned"),
    "unassigned": _l("Unassigned"),
    "possible_duplicate_flagged": _l("Flagged as a possible duplicate"),
    "closed_as_duplicate": _l("Closed as a duplicate"),
    "closed_as_spam": _l("Closed as spam"),
    "identity_confirmed": _l("Identity confirmed"),
    "identity_not_confirmed": _l("Identity not confirmed"),
    "knowledge_check_passed": _l("Knowledge check passed"),
    "knowledge_check_failed": _l("Knowledge check failed"),
    "id_copy_requested": _l("ID copy requested"),
    "id_copy_received": _l("ID copy received"),
    "id_copy_viewed": _l("ID copy viewed"),
    "id_copy_deleted": _l("ID copy deleted"),
    "id_copy_expired_unchecked": _l("ID copy deleted unchecked (time limit)"),
    "id_copy_inspection_failed": _l("ID copy could not be inspected"),
    "id_copy_integrity_failure": _l("ID copy failed its integrity check"),
    "id_check_passed": _l("ID check passed"),
    "id_check_failed": _l("ID check failed"),
    "unredacted_id_deleted": _l("Unredacted ID copy deleted"),
    "upload_refused_malware": _l("Upload refused: malware"),
    "information_requested": _l("Information requested (clock paused)"),
    "information_received": _l("Information received (clock runs again)"),
    "deadline_extended": _l("Deadline extended"),
    "decided": _l("Right decided"),
    "art12_5_proposed": _l("Art. 12(5) refusal or fee proposed"),
    "art12_5_approved": _l("Art. 12(5) proposal approved by the DPO"),
    "art12_5_rejected": _l("Art. 12(5) proposal rejected by the DPO"),
    "fee_notified": _l("Fee notice sent: amount and reasons, before anything is charged"),
    "fee_paid": _l("Fee paid"),
    "fee_withdrawn": _l("Request withdrawn after the fee notice"),
    "fee_waived": _l("Fee waived"),
    "art19_recorded": _l("Art. 19 recipients recorded"),
    "system_ticked": _l("System ticked"),
    "note_added": _l("Note added"),
    "time_logged": _l("Time logged"),
    "attachment_added": _l("Attachment added"),
    "attachment_downloaded": _l("Attachment downloaded"),
    "attachment_integrity_failure": _l("Attachment failed its integrity check"),
    "answer_package_attached": _l("Answer package attached"),
    "answer_downloaded": _l("Answer downloaded by the requester"),
    "file_viewed": _l("File viewed"),
    "download_interrupted": _l("Download broken off before the last byte"),
    "filed_through_api": _l("Filed through the API"),
    "mail_registered": _l("Registered from an incoming e-mail"),
    "mail_joined": _l("Incoming e-mail added to the case"),
    "held_file_infected": _l("Held file found infected"),
    "held_file_released": _l("Held file released by the malware scan"),
    "collection_started": _l("Data collection started"),
    "collection_finished": _l("Data collection finished"),
    "collection_failed": _l("Data collection failed"),
    "manual_dataset_added": _l("Dataset added by hand"),
    "change_dry_run": _l("Change tried without saving"),
    "change_executed": _l("Change carried out"),
    "change_failed": _l("Change failed"),
    "letter_attached": _l("Letter attached"),
    "letter_previewed": _l("Letter previewed"),
    "letter_downloaded": _l("Letter downloaded"),
    "transmission_proposed": _l("Direct transmission proposed"),
    "transmission_confirmed": _l("Direct transmission confirmed by the requester"),
    "transmission_refused": _l("Direct transmission refused"),
    "transmission_sent": _l("Direct transmission sent"),
    "transmission_downloaded": _l("Direct transmission downloaded"),
    "controller_assigned": _l("Client controller assigned"),
    "forwarded": _l("Forwarded to the client controller"),
    "controller_acknowledged": _l("Client controller acknowledged receipt"),
    "controller_instruction": _l("Client controller's instruction recorded"),
    "controller_message": _l("Message from the client controller"),
    "controller_file": _l("File from the client controller"),
    "answered": _l("Answer sent"),
    "closed": _l("Closed"),
    "reclassified_direct_marketing": _l("Objection treated as one to direct marketing"),
    "restricted": _l("Restricted"),
    "restriction_lift_notice_sent": _l("Requester told the restriction will be lifted"),
    "restriction_lifted": _l("Restriction lifted"),
    "suppression_listed": _l("Added to the suppression list"),
}

# Sweep notices (workflows.sweep); "reminder_<n>" carries its number of working days.
NOTICES = {
    "overdue": _l("Overdue"),
    "forward_overdue": _l("Forward-by date passed"),
    "forward_due_warning": _l("Forward-by date is near"),
    "forward_unanswered": _l("Client controller has not answered"),
    "information_reminder": _l("Reminder sent: no answer to the question yet"),
    "closure_proposal": _l("No answer in 30 days: closure proposed"),
    "withdrawal_overdue": _l("Consent withdrawal not in effect after 2 working days"),
}

MAIL_STATUSES = {
    "pending": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "kept_local": _l("Kept here (no mail server configured)"),
    "dead": _l("Not delivered"),
}

COLLECTION_STATUSES = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "done": _l("Done"),
    "partial": _l("Partly done"),
    "failed": _l("Failed"),
    "dry_run": _l("Tried without saving"),
    "executed": _l("Carried out"),
}

# Art. 20(2) direct transmissions (dsar/letters/transmission.py).
TRANSMISSION_STATUSES = {
    "awaiting_confirmation": _l("Waiting for the requester's confirmation"),
    "sent": _l("Sent"),
    "refused": _l("Refused"),
    "superseded": _l("Replaced by a newer proposal"),
}

FILE_KINDS = {
    "answer_package": _l("Answer package"),
    "controller_upload": _l("From the client controller"),
}

# Data sources and datasets (dsar/exports): what staff read on the sources page and the case file.
SOURCE_KINDS = {
    "sql": _l("SQL database"),
    "csv": _l("CSV file"),
    "json": _l("JSON file"),
}
DATA_ORIGINS = {
    "provided": _l("provided by the person"),
    "observed": _l("observed from their use of our services"),
    "inferred": _l("inferred or derived by us"),
}
IDENTIFIERS = {
    "email": _l("E-mail address"),
    "customer_number": _l("Customer number"),
    "phone": _l("Phone number"),
}

# Audit-trail actions outside a case's timeline (those are "case." + an EVENTS kind).
AUDIT_ACTIONS = {
    "api.call": _l("API call"),
    "api.client_created": _l("API client created"),
    "api.client_revoked": _l("API client revoked"),
    "api.client_rotated": _l("API client secret rotated"),
    "api.subscription_created": _l("Webhook subscription created"),
    "api.subscription_stopped": _l("Webhook subscription stopped"),
    "api.webhook_resent": _l("Webhook sent again"),
    "audit.exported": _l("Audit trail exported"),
    "audit.verified": _l("Audit chain checked"),
    "audit.viewed": _l("Audit trail viewed"),
    "case.viewed": _l("Case viewed"),
    "case.controller_page_viewed": _l("Client controller's page viewed"),
    "case.legal_hold_set": _l("Legal hold set"),
    "case.legal_hold_lifted": _l("Legal hold lifted"),
    "case.purged": _l("Case records purged"),
    "exports.change_statement_added": _l("Change statement added"),
    "exports.cli_export": _l("Data exported from the command line"),
    "exports.dataset_added": _l("Dataset added"),
    "exports.dataset_tested": _l("Dataset tested"),
    "exports.processing_saved": _l("Record of processing saved"),
    "exports.source_added": _l("Data source added"),
    "mail.viewed": _l("Mail viewed"),
    "mail_template.saved": _l("Mail text saved"),
    "mail_template.reset": _l("Mail text back to the built-in text"),
    "mailbox.downloaded": _l("Incoming mail downloaded"),
    "mailbox.received": _l("Mail received in the mailbox"),
    "mailbox.uidvalidity_changed": _l("Mailbox was reset on the server"),
    "mailbox.viewed": _l("Incoming mail viewed"),
    "mailbox.joined": _l("Incoming mail added to a case"),
    "mailbox.registered": _l("Incoming mail registered as a request"),
    "mailbox.not_request": _l("Incoming mail set aside: not a request"),
    "register.exported": _l("Register of requests exported"),
    "staff.account_created": _l("Staff account created"),
    "staff.account_deactivated": _l("Staff account deactivated"),
    "staff.account_locked": _l("Staff account locked"),
    "staff.account_reactivated": _l("Staff account reactivated"),
    "staff.account_unlocked": _l("Staff account unlocked"),
    "staff.address_locked": _l("Address locked after failed sign-ins"),
    "staff.password_accepted": _l("Password accepted"),
    "staff.reauth_failed": _l("Password confirmation failed"),
    "staff.reauthenticated": _l("Password confirmed"),
    "staff.recovery_code_used": _l("Recovery code used"),
    "staff.role_changed": _l("Staff role changed"),
    "staff.second_factor_failed": _l("Wrong two-factor code"),
    "staff.session_expired": _l("Session expired"),
    "staff.sign_in": _l("Signed in"),
    "staff.sign_in_failed": _l("Sign-in failed"),
    "staff.sign_out": _l("Signed out"),
    "staff.two_factor_enrolled": _l("Two-factor sign-in set up"),
    "staff.two_factor_enrolment_failed": _l("Two-factor set-up failed"),
    "staff.two_factor_reset": _l("Two-factor sign-in reset"),
    "suppression.exported": _l("Suppression list exported"),
    "suppression.queried": _l("Suppression list queried"),
    "system.activated": _l("System put back in use"),
    "system.added": _l("System added"),
    "system.retired": _l("System retired"),
    "time_report.exported": _l("Time report exported"),
}

EXPLANATIONS = {
    "receipt_date": _l("Receipt date"),
    "one_month_due": _l("Legal due date (one month, Art. 12(3))"),
    "extended_due": _l("Latest date if extended (Art. 12(3))"),
    "sla_target": _l("Internal target (30 days, not rolled)"),
    "forward_by": _l("Processor forward-by date (5 working days)"),
    "consent_withdrawal_due": _l("Consent withdrawal effective by (2 working days)"),
}

# What the case waits for (workflows/next_step.py), at the top of the staff case page.
NEXT_STEPS = {
    NextStep.CONFIRM_EMAIL: _l("Wait for the requester to confirm the e-mail address"),
    NextStep.VERIFY_IDENTITY: _l("Verify the requester's identity"),
    NextStep.WAIT_FOR_INFORMATION: _l("Wait for the requester's answer (clock paused)"),
    NextStep.FORWARD: _l("Forward the request to the client controller"),
    NextStep.WAIT_FOR_CONTROLLER: _l("Wait for the client controller's instruction"),
    NextStep.DECIDE: _l("Decide each right"),
    NextStep.ANSWER: _l("Send the answer"),
    NextStep.CLOSE: _l("Close the case"),
    NextStep.NOTHING: _l("Nothing: the case is closed"),
}

KINDS: dict[str, dict] = {
    "state": STATES,
    "case_role": CASE_ROLES,
    "staff_role": STAFF_ROLES,
    "channel": CHANNELS,
    "right": RIGHTS,
    "move": MOVES,
    "extension_reason": EXTENSION_REASONS,
    "legal_ground": LEGAL_GROUNDS,
    "detail": REQUEST_DETAILS,
    "restriction_ground": RESTRICTION_GROUNDS,
    "restriction_basis": RESTRICTION_BASES,
    "event": EVENTS,
    "notice": NOTICES,
    "mail_status": MAIL_STATUSES,
    "collection_status": COLLECTION_STATUSES,
    "file_kind": FILE_KINDS,
    "transmission_status": TRANSMISSION_STATUSES,
    "explanation": EXPLANATIONS,
    "source_kind": SOURCE_KINDS,
    "data_origin": DATA_ORIGINS,
    "identifier": IDENTIFIERS,
    "audit_action": AUDIT_ACTIONS,
    "next_step": NEXT_STEPS,
}
