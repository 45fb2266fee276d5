"""The case aggregate (one submission, one clock, one sub-request per right) and the staff views."""
