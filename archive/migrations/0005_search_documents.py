# Tables of the PostgreSQL search backend. They are created on every database so
# that the migration history is the same everywhere; their GIN indexes, the
# pg_trgm extension for "did you mean" and the column storage only on PostgreSQL.

import django.contrib.postgres.indexes
from django.db import migrations, models

import archive.search.models

GIN_INDEXES = [
    ("searchdocument", django.contrib.postgres.indexes.GinIndex(
        fields=["vector"], name="archive_searchdoc_vector_gin", fastupdate=False)),
    ("searchword", django.contrib.postgres.indexes.GinIndex(
        fields=["word"], name="archive_searchword_trgm", opclasses=["gin_trgm_ops"])),
]


def _trigrams_available(cursor):
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    return cursor.fetchone() is not None


def add_postgres_parts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # Without PostgreSQL's contrib extensions, search works without "did you mean".
        trigrams = _trigrams_available(cursor)
    if trigrams:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model_name, index in GIN_INDEXES:
        if trigrams or "gin_trgm_ops" not in index.opclasses:
            schema_editor.add_index(apps.get_model("archive", model_name), index)
    # Ranking reads every hit's vector: keep it uncompressed in the row (pglz
    # decompression was most of a search's time), and the stored fields out of it.
    schema_editor.execute(
        "ALTER TABLE archive_searchdocument ALTER COLUMN vector SET STORAGE MAIN, "
        "ALTER COLUMN fields SET STORAGE EXTERNAL"
    )


def remove_postgres_parts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index.name)}")


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0004_editors_group'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier', models.CharField(max_length=255, unique=True)),
                ('django_ct', models.CharField(max_length=100)),
                ('django_id', models.CharField(max_length=64)),
                ('date', models.DateField(null=True)),
                ('fields', models.JSONField(default=dict)),
                ('vector', archive.search.models.TsVectorField()),
                ('facet_vector', archive.search.models.TsVectorField()),
            ],
            options={
                'ordering': ['id'],
                'indexes': [models.Index(fields=['date'], name='archive_searchdoc_date')],
            },
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=64, unique=True)),
                ('frequency', models.PositiveIntegerField(default=1)),
            ],
            options={
                'ordering': ['word'],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name=model_name, index=index)
                for model_name, index in GIN_INDEXES
            ],
            database_operations=[
                migrations.RunPython(add_postgres_parts, remove_postgres_parts),
            ],
        ),
    ]
