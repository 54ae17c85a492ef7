"""Prefect flows: they wire the stages of `eventdata` as tasks over batches, nothing more."""
