"""The record as the parties keep it: receipts, consistency proofs, reports of a forked log."""
