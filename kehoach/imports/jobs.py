"""Background jobs of the import flow (django-tasks; the database backend needs no broker)."""

from django_tasks import task

# services enqueues these jobs and the jobs call services: each imports the other as a module.
from . import services


@task()
def run_import_job(job_id: int) -> str:
    return services.import_job_run(job_id=job_id).status
