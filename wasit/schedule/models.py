"""How dates are shown to each user (calendar, digits) and the private calendar feed."""
