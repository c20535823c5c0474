"""Edition settings for the stages that run, the default passing grade and the groups
of the Outstanding tier; the independent panel round kind; quota dimensions for
province, group and the remote/border (3T) flag.

Editions that exist already keep no default passing grade, so results finalised before
this migration still verify (their checksum covers the passing grade used); a new
edition defaults to 85, the passing grade of 2025.
"""

import judging.models.competition
from django.db import migrations, models


def keep_existing_results(apps, schema_editor):
    apps.get_model("judging", "Competition").objects.update(default_passing_grade=None)


class Migration(migrations.Migration):

    dependencies = [
        ('judging', '0010_secretariat_edits_categories'),
    ]

    operations = [
        migrations.AddField(
            model_name='competition',
            name='default_passing_grade',
            field=models.DecimalField(blank=True, decimal_places=2, default=85, help_text='Used by a scored round whose own passing grade is empty (85 in 2025). Empty: no passing grade.', max_digits=6, null=True, verbose_name='default passing grade'),
        ),
        migrations.AddField(
            model_name='competition',
            name='outstanding_groups',
            field=models.JSONField(blank=True, default=judging.models.competition.default_outstanding_groups, help_text='By default the special group (kelompok khusus).', verbose_name='groups the Outstanding tier is chosen from'),
        ),
        migrations.AddField(
            model_name='competition',
            name='stages',
            field=models.JSONField(blank=True, default=judging.models.competition.default_stages, help_text='In their real order: screening, desk evaluation, independent panel, presentation and interview, field verification, award.', verbose_name='stages that run'),
        ),
        migrations.AlterField(
            model_name='round',
            name='kind',
            field=models.CharField(choices=[('screening', 'Administrative screening'), ('desk', 'Desk evaluation'), ('panel', 'Independent panel'), ('interview', 'Presentation and interview'), ('field_verification', 'Field verification'), ('award', 'Award')], max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='roundquota',
            name='cluster',
            field=models.CharField(help_text='One value of the dimension, chosen from the data (checked when saved).', max_length=80, verbose_name='cluster'),
        ),
        migrations.AlterField(
            model_name='roundquota',
            name='dimension',
            field=models.CharField(choices=[('agency_type', 'Agency type'), ('region_group', 'Region group'), ('province', 'Province'), ('category', 'Category'), ('group', 'Group'), ('remote_border', 'Remote/border region (3T)')], max_length=20, verbose_name='dimension'),
        ),
        migrations.RunPython(keep_existing_results, migrations.RunPython.noop),
    ]
