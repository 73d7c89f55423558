"""Demo data: who signs for the coordinating department and the ministry, and the coordinator's draft
texts for the decision plan's consolidated report. Idempotent: rerunning updates, never duplicates."""

from __future__ import annotations

from kehoach.organizations.selectors import organization_by_name

from .models import ConsolidationDraft
from .services import consolidation_draft_save, signature_profile_set

SIGNERS = {
    "Cục Hợp tác quốc tế": ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Nguyễn Văn A"),
    "Bộ Văn hóa, Thể thao và Du lịch": ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn B"),
}


def populate(*, stdout, plans, today) -> None:
    for name, (authority, title, person) in SIGNERS.items():
        org = organization_by_name(name)
        if org is not None:
            signature_profile_set(actor=None, organization=org, authority=authority, title=title, name=person)
    if plans and not ConsolidationDraft.objects.filter(plan=plans[0], period_id=None).exists():
        consolidation_draft_save(
            actor=None, plan=plans[0],
            difficulties="Kinh phí cho các hoạt động hợp tác quốc tế còn hạn chế, chủ yếu lồng ghép trong nhiệm vụ "
                         "chuyên môn của các đơn vị.\nMột số đơn vị gửi báo cáo chậm so với thời hạn.",
            proposals="Đề nghị Lãnh đạo Bộ chỉ đạo các đơn vị chủ trì gửi báo cáo đúng hạn.\nĐề nghị Vụ Kế hoạch, "
                      "Tài chính ưu tiên bố trí kinh phí năm sau cho các nhiệm vụ chậm tiến độ.")
    stdout.write("Văn bản: đã có người ký và dự thảo báo cáo tổng hợp.")
