"""Sentence-level extraction: what happened, who, where, when and how many.

Each extractor reads one sentence and answers with a small value type from
``eventdata.types``; the coder assembles those answers into events. The
knowledge (trigger words, patterns, number words) lives in data files under
``eventdata/data/`` so that users can extend it without touching code.
"""
