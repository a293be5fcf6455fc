"""Early-warning signals: detrending, rolling critical-slowing-down indicators, trends."""
