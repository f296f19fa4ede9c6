"""Positions of each party per agenda issue across rounds, and the mediators' position map."""
