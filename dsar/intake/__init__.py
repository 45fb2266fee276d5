"""The public side: request form, e-mail confirmation and the requester's status page."""
