"""Background jobs of the documents app (django-tasks; the database backend needs no broker)."""

from django_tasks import task

# services enqueues these jobs and the jobs call services: each imports the other as a module.
from . import services


@task()
def generate_document(document_id: int) -> str:
    return services.document_generate(document_id=document_id).status
