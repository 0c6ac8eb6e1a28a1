from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Compile locale/*/LC_MESSAGES/django.po to .mo (pure Python, no gettext needed); "
            "--check refuses fuzzy or empty entries.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Only check that every entry is translated and none is fuzzy; write nothing.")

    def handle(self, *args, **options):
        problems, compiled = [], 0
        for po_path in sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as handle:
                # The locale comes from the folder name, so the catalog keeps its plural rules.
                catalog = read_po(handle, locale=po_path.parent.parent.name, abort_invalid=True)
            problems += [f"{po_path}: {issue}" for issue in _problems(catalog)]
            if not options["check"]:
                with po_path.with_suffix(".mo").open("wb") as handle:
                    write_mo(handle, catalog, use_fuzzy=False)
                compiled += 1
        if problems and options["check"]:
            raise CommandError("Translations incomplete:\n" + "\n".join(problems[:50]))
        if problems:  # compiling still helps: the finished entries show, the others fall back to English
            self.stderr.write(f"Warning: {len(problems)} entries untranslated or fuzzy (see --check).")
        self.stdout.write(self.style.SUCCESS(
            "Translations complete." if options["check"] else f"Compiled {compiled} catalogs."))


def _problems(catalog):
    for message in catalog:
        if not message.id:
            continue  # the header
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy and message.id:
            yield f"fuzzy: {label!r}"
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if not all(strings):
            yield f"untranslated: {label!r}"
