"""Background jobs of the documents app (django-tasks; the database backend needs no broker)."""

from django_tasks import task


@task()
def generate_document(document_id: int) -> str:
    from .services import document_generate

    return document_generate(document_id=document_id).status
