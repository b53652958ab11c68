"""Maritime and sanctions monitoring.

``ais`` and ``nmea`` read ship positions, ``places`` holds the watched ports and
thresholds from the profile, ``detect`` finds port calls, gaps, dark port calls,
encounters, loitering and shuttles, ``vessels`` tells each ship's identity story,
``sanctions`` loads lists, ``screen`` matches against them, ``events`` turns it all
into events and map features, ``listing`` gives the rows the verbs print.
"""
