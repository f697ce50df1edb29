"""Print benchmark figures, one ``name value unit`` line each (``make bench``).

Runs every function in ``BENCHMARKS`` of ``awards.bench`` and ``scoring.bench`` (an app
without a bench module is skipped). Each function builds its own data and returns a list
of ``(name, value, unit)`` tuples. Meant for a fresh SQLite database (see the Makefile).
"""

import importlib
import importlib.util
import traceback

from django.core.management.base import BaseCommand, CommandError

APPS = ("awards", "scoring")


def bench_modules():
    for app in APPS:
        name = f"{app}.bench"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


class Command(BaseCommand):
    help = "Print benchmark figures (name value unit), one per line."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", default="", help="Run only benchmarks whose function name contains this."
        )

    def handle(self, *args, only="", **options):
        failed = []
        for module in bench_modules():
            for benchmark in getattr(module, "BENCHMARKS", []):
                label = f"{module.__name__}.{benchmark.__name__}"
                if only and only not in label:
                    continue
                try:
                    figures = benchmark()
                except Exception:
                    # One broken benchmark must not hide the others' figures.
                    self.stderr.write(f"{label} failed:\n{traceback.format_exc()}")
                    failed.append(label)
                    continue
                for name, value, unit in figures:
                    self.stdout.write(f"{name} {value} {unit}")
        if failed:
            raise CommandError(f"Benchmarks failed: {', '.join(failed)}")
