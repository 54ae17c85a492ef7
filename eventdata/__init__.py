"""eventdata: raw reports on political violence and protest to an ACLED-style event dataset."""

__version__ = "0.1.0"
