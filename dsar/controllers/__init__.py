"""Client controllers (for whom the organisation is a processor) and forwarding requests to them."""
