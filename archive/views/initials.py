"""Long lists of names by initial letter, A to Z: the speaker and country lists.

The database gives each row's first character (one grouped query); folding it to a
letter happens here, because SQLite's UPPER knows only ASCII: "Émile" and "Eden" are
both under E, "王毅" and "'Abd" under "Other". A letter's rows are then those whose
first character is one of the characters folded to it, so filtering needs no
function the database may lack.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr, Upper

OTHER = "other"  # the letter of names that start with no Latin letter


def letter_of(character):
    """"A"–"Z" for a Latin letter with or without accents, else OTHER."""
    base = unicodedata.normalize("NFKD", character or " ")[:1].upper()
    return base if "A" <= base <= "Z" else OTHER


def read_letter(raw):
    """The letter a `?letter=` value names ("k" is K, "other" is OTHER), or ""."""
    text = (raw or "").strip()
    return OTHER if text.lower() == OTHER else text.upper()[:1]


def with_initial(queryset, name_field="name"):
    """The queryset with `initial`, the upper-cased first character of the name."""
    return queryset.annotate(initial=Upper(Substr(name_field, 1, 1)))


@dataclass
class Letter:
    letter: str  # "A"… or OTHER
    count: int = 0
    characters: set = field(default_factory=set)

    @property
    def label(self):
        return "Other" if self.letter == OTHER else self.letter


def letter_index(queryset, name_field="name"):
    """Letters that have rows, in order, each with its count: one query."""
    rows = (with_initial(queryset.order_by(), name_field)
            .values("initial").annotate(n=Count("pk")).order_by())
    letters = {}
    for row in rows:
        letter = letters.setdefault(letter_of(row["initial"]), Letter(letter_of(row["initial"])))
        letter.count += row["n"]
        letter.characters.add(row["initial"])
    return sorted(letters.values(), key=lambda x: (x.letter == OTHER, x.letter))


def under_letter(queryset, index, letter, name_field="name"):
    """The rows of `queryset` filed under `letter` of `index` (none for a letter
    without rows)."""
    found = next((x for x in index if x.letter == letter), None)
    characters = found.characters if found else set()
    return with_initial(queryset, name_field).filter(initial__in=characters)


def group_by_letter(rows, name_attribute="name"):
    """[(letter label, rows)] in letter order, Other last (no query)."""
    groups = {}
    for row in rows:
        groups.setdefault(letter_of(getattr(row, name_attribute)[:1]), []).append(row)
    order = sorted(groups, key=lambda letter: (letter == OTHER, letter))
    return [(Letter(letter).label, groups[letter]) for letter in order]
