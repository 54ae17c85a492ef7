"""Normalisation: turn extracted phrases (places, dates, actors) into codes."""
