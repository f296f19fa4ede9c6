"""Negotiation domains, the parties' private scores, the frontier and proposed packages."""
