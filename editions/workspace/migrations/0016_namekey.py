"""Display names' keys, unique in the database: two look-alike names made at the same instant
can no longer both be kept. The accounts made before keep their keys; where two of them
already look alike, the older account keeps the keys they share."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from editions.workspace import names


def keep_keys(apps, schema_editor):
    users = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    name_keys = apps.get_model("workspace", "NameKey")
    accounts = users.objects.order_by("pk").values_list("pk", "username")
    name_keys.objects.bulk_create([name_keys(digest=digest, user_id=pk, rules=rule)
                                   for digest, pk, rule in names.key_rows(accounts)],
                                  ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("workspace", "0015_withdrawal_day"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="name_keys",
                                           to=settings.AUTH_USER_MODEL)),
                ("rules", models.CharField(max_length=100)),
            ],
        ),
        migrations.RunPython(keep_keys, migrations.RunPython.noop),
    ]
