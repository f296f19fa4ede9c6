"""The instants are the round's times now; its dates are read from them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0006_round_instants_data'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='round',
            name='round_ends_after_start',
        ),
        migrations.AlterField(
            model_name='round',
            name='starts_at',
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name='round',
            name='ends_at',
            field=models.DateTimeField(),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gte', models.F('starts_at'))),
                                              name='round_ends_after_it_starts'),
        ),
        migrations.RemoveField(
            model_name='round',
            name='starts_on',
        ),
        migrations.RemoveField(
            model_name='round',
            name='ends_on',
        ),
        migrations.RenameField(
            model_name='round',
            old_name='agenda_i18n',
            new_name='note_i18n',
        ),
    ]
