"""Per-hotel booking rules, read from the settings service."""
from __future__ import annotations

from typing import Protocol


class SettingsService(Protocol):
    def fetch(self, hotel_id: str, name: str) -> str | None:
        """The hotel's value for setting `name`, or None when the hotel has not set it."""


DEFAULTS: dict[str, str] = {"free_cancellation_hours": "48", "max_nights": "14"}

_cache: dict[str, str] = {}


def setting(service: SettingsService, hotel_id: str, name: str) -> str:
    """The hotel's value for `name`, falling back to the default.

    Settings change rarely and this runs on every search, so values are cached after the first fetch.
    """
    if name not in _cache:
        value = service.fetch(hotel_id, name)
        _cache[name] = value if value is not None else DEFAULTS[name]
    return _cache[name]


def free_cancellation(service: SettingsService, hotel_id: str, hours_before_check_in: float) -> bool:
    """Whether a guest cancelling now (this many hours before check-in) pays nothing."""
    return hours_before_check_in >= int(setting(service, hotel_id, "free_cancellation_hours"))
