"""Demo scenarios, built by calling actions exactly as users would."""
