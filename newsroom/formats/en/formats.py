# One way to write a moment across the admin (lists, read-only fields, history): "4 Dec 2026, 09:30 UTC",
# in the site's time zone and naming it. Templates that spell a format out use the same one.
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
