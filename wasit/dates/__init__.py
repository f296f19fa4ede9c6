"""Dates on three calendars: Gregorian, Hijri (Umm al-Qura) and Jalali; pure, no Django."""
