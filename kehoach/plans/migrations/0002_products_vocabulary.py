from django.db import migrations

from kehoach.core.text import clean, name_key

# The products plans promise, in the order a form lists them; importing a plan may add more.
PRODUCTS = [
    "Báo cáo", "Đề án", "Kế hoạch", "Chương trình", "Chiến lược", "Sự kiện", "Văn kiện hợp tác quốc tế",
    "Cơ sở dữ liệu", "Hệ thống phần mềm", "Nghiên cứu", "Cơ chế", "Chính sách", "Biện pháp", "Định hướng",
    "Chỉ đạo", "Hoạt động", "Văn bản quy phạm pháp luật", "Quyết định", "Thông tư", "Nghị định",
    "Hội nghị", "Hội thảo", "Triển lãm", "Ấn phẩm", "Tài liệu", "Lớp tập huấn",
]


def add_products(apps, schema_editor):
    Product = apps.get_model("plans", "Product")
    for position, name in enumerate(PRODUCTS, start=1):
        Product.objects.get_or_create(name_key=name_key(name), defaults={"name": clean(name), "position": position})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_products, migrations.RunPython.noop)]
