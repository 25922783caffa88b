"""A withdrawal keeps the day it was made, no longer its time to the second."""

from django.db import migrations, models
from django.utils import timezone


def to_the_day(apps, schema_editor):
    withdrawals = apps.get_model("workspace", "Withdrawal")
    for row in withdrawals.objects.all():
        row.day = timezone.localdate(row.at)
        row.save(update_fields=["day"])


class Migration(migrations.Migration):

    dependencies = [
        ("workspace", "0014_builds"),
    ]

    operations = [
        migrations.AddField(model_name="withdrawal", name="day",
                            field=models.DateField(null=True)),
        migrations.RunPython(to_the_day, migrations.RunPython.noop),
        migrations.RemoveField(model_name="withdrawal", name="at"),
        migrations.RenameField(model_name="withdrawal", old_name="day", new_name="at"),
        migrations.AlterField(model_name="withdrawal", name="at",
                              field=models.DateField(auto_now_add=True)),
    ]
