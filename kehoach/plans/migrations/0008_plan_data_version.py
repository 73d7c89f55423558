from django.db import migrations


class Migration(migrations.Migration):
    """The public pages' cache counter keys every figure cached for a plan now (plans.cache)."""

    dependencies = [("plans", "0007_monitoring_role")]

    operations = [migrations.RenameField("plan", "public_version", "data_version")]
