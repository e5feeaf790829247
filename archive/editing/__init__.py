"""The editors' area: upload, review, correct and publish transcripts.

Reading, parsing and loading a transcript is `archive.ingest`'s job; what an editor
changes afterwards (turns, people, details) is made here.
"""
