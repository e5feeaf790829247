"""Whole collections read in place, one statement at a time; no database.

    read_ungdc(path)        the UN General Debate Corpus (ungdc.py)
    read_whitehouse(path)   the White House briefing room (whitehouse.py)

Both take the shipped .tar.xz or the folder it unpacks to (walk.py) and yield, in
path order, a `Statement` (exact raw text, a parser-shaped `Document`, and what a
Document has no field for: date precision, source, source URL, speaking country),
a `Skipped` stray or a `Refused` file, each with its reason (entries.py).
"""
