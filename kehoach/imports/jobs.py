"""Background jobs of the import flow (django-tasks; the database backend needs no broker)."""

from django_tasks import task

from kehoach.core.jobs import recoverable

# services enqueues these jobs and the jobs call services: each imports the other as a module.
from . import services


@task()
def run_import_job(job_id: int) -> str:
    return services.import_job_run(job_id=job_id).status


# Reading a file and storing its draft in one transaction can safely run again if the worker dies.
recoverable(run_import_job, idempotent=True,
            requeue=lambda job_id: services.import_job_requeue(job_id=job_id),
            fail=lambda job_id, message: services.import_job_fail(job_id=job_id, message=message))
