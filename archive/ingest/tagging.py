"""What each statement mentions: the countries (gazetteer) and topics (topics) in its
own words, written to its rows; the interview keeps the union.

Run whenever statements are written from a text: loading, re-parsing, an editor's
correction, a restore, and once over existing rows (migration 0006). The functions
take the model classes from the rows they are given, so the migration's historical
models work the same way.
"""

from archive.ingest.gazetteer import find_countries
from archive.ingest.topics import tag_topics, tagger_for
from archive.models import Country, Topic


def subjects_of(text, topics):
    """(country codes, topic names) that `text` mentions; `topics`: rows or dicts
    with name and keywords."""
    return find_countries(text), tag_topics(text, topics)


def subjects_of_each(texts, topics):
    """subjects_of for each of `texts`, with the topics' tagger built once."""
    tagger = tagger_for(topics)
    for text in texts:
        names = tagger.topics_in(text) if isinstance(text, str) and text else []
        yield find_countries(text), names


def tag_statements(statements, countries, topics):
    """Replace the countries and topics of `statements` (questions and answers) with
    those their texts mention. `countries`: {ISO code: Country pk}; `topics`: Topic
    rows. Returns (country pks, topic pks) mentioned by any of them.

    In bulk, two queries per kind of statement and relation: a transcript has dozens
    of statements, and a signal per row would cost a query each."""
    topic_ids = {topic.name: topic.pk for topic in topics}
    found = {"countries": set(), "topics": set()}
    by_model = {}
    statements = list(statements)
    subjects = subjects_of_each([s.text for s in statements], topics)
    for statement, (codes, names) in zip(statements, subjects, strict=True):
        tags = {
            "countries": [countries[c] for c in codes if c in countries],
            "topics": [topic_ids[n] for n in names if n in topic_ids],
        }
        by_model.setdefault(type(statement), []).append((statement.pk, tags))
        for relation, ids in tags.items():
            found[relation].update(ids)
    for model, rows in by_model.items():
        for relation in ("countries", "topics"):
            _replace(model._meta.get_field(relation), rows, relation)
    return found["countries"], found["topics"]


def _replace(field, rows, relation):
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.filter(**{f"{source}_id__in": [pk for pk, _ in rows]}).delete()
    through.objects.bulk_create([
        through(**{f"{source}_id": pk, f"{target}_id": other})
        for pk, tags in rows for other in dict.fromkeys(tags[relation])
    ])


def tag_interview(interview, statements=None, *, add_to_interview=True):
    """Tag `statements` (default: all of the interview's) from their words and add
    what they mention to the interview's own countries and topics."""
    if statements is None:
        statements = [*interview.questions.all(), *interview.answers.all()]
    countries = dict(Country.objects.values_list("code", "pk"))
    country_ids, topic_ids = tag_statements(statements, countries, list(Topic.objects.all()))
    if add_to_interview and country_ids:
        interview.countries.add(*country_ids)
    if add_to_interview and topic_ids:
        interview.topics.add(*topic_ids)
