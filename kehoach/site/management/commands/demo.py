"""`kehoach demo`: a working installation with the sample plans, demo accounts and data, then serve it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kehoach.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from kehoach.core.hooks import app_modules
from kehoach.imports.services import import_bytes
from kehoach.organizations.services import countries_load, registry_load
from kehoach.plans.models import Plan
from kehoach.plans.services import plan_publish
from kehoach.site.demo_tracking import populate_tracking

SEEDS_DIR = Path(__file__).resolve().parents[3] / "imports" / "seeds"


class Command(BaseCommand):
    help = "Create the database, import the sample plans, create demo users and serve on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Cơ sở dữ liệu sẵn sàng.")
        self.load_registry()
        users = self.load_users()
        plans = self.import_seeds()
        today = timezone.localdate()
        for _label, module in app_modules("demo"):
            if hasattr(module, "populate"):
                with transaction.atomic():
                    module.populate(stdout=self.stdout, plans=plans, today=today)
        # Last: one task in each status class (after the reports the reporting demo accepts).
        populate_tracking(stdout=self.stdout, plans=plans, today=today)
        self.print_accounts(users, options)
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"], workers=2)

    def load_registry(self):
        counts = registry_load()
        countries = countries_load()
        self.stdout.write(f"Danh mục: {counts['units']} đơn vị, {counts['groups']} nhóm, {countries} quốc gia.")

    def load_users(self):
        return ensure_demo_users()

    def import_seeds(self) -> list:
        """Each bundled sample plan through the real importer, once (matched by the file's checksum)."""
        plans = []
        for path in sorted(SEEDS_DIR.glob("*.txt")):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            plan = Plan.objects.filter(source_sha256=digest).exclude(status="archived").order_by("id").first()
            if plan is None:
                plan = import_bytes(data=data, filename=path.name, actor=None)
                self.stdout.write(f"Đã nhập {path.name}: {plan.tasks.count()} nhiệm vụ.")
            if plan.status == "draft":
                plan = plan_publish(plan=plan, actor=None, create_unknown=True)
            plans.append(plan)
        return plans

    def print_accounts(self, users, options):
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        if options["no_serve"]:
            # Nothing is listening yet: say how to start it rather than where it is.
            self.stdout.write(self.style.SUCCESS("Dữ liệu thử đã sẵn sàng."))
            self.stdout.write(f"Chạy `kehoach serve --port {options['port']}` để mở tại {url}")
        else:
            self.stdout.write(self.style.SUCCESS(f"kehoach sẵn sàng tại {url}"))
        self.stdout.write(f"Tài khoản thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, unit in users:
            self.stdout.write(f"  {username:<14} {role:<28} {unit}")


