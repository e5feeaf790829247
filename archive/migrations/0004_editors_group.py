"""The "Editors" group: may upload, review and edit transcripts, but not publish them.

Publishing is a separate permission (archive.publish_interview), given to chosen
users or groups in the admin.
"""

from django.db import migrations

EDITED = ["interview", "question", "answer", "speaker", "upload"]
ACTIONS = ["add", "change", "delete", "view"]
# Needed to pick a source (or add a new one) and to tag topics and countries.
EXTRA = [("add", "source"), ("view", "source"), ("view", "topic"), ("view", "country")]


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations have run; this group
    # needs them now, in a fresh database too.
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    archive = apps.get_app_config("archive")
    archive.models_module = True  # the stub has none; create_permissions wants one
    create_contenttypes(archive, apps=apps, verbosity=0)
    create_permissions(archive, apps=apps, verbosity=0)
    archive.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [(a, m) for m in EDITED for a in ACTIONS] + EXTRA
    codenames = [f"{action}_{model}" for action, model in wanted]
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(*permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_history_uploads_publishing"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
