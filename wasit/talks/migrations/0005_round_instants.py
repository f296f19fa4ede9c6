"""Rounds get UTC instants beside their dates (filled by 0006, the dates dropped by 0007)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0004_round_sequence'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='starts_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='round',
            name='ends_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='round',
            name='all_day',
            field=models.BooleanField(default=True),
        ),
    ]
