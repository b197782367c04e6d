"""The daily practice drill's bank, scheduler and record."""
