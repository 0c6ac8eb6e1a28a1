import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from pms.addresses import address_url


def child_environment(addr: str) -> dict:
    """The environment of the web server, worker and beat: PMS_ADDR tells their settings where the portal is."""
    return {**os.environ, "PMS_ADDR": addr}


class Command(BaseCommand):
    help = "Start the whole portal: web server, Celery worker and Celery beat, until Ctrl+C or one of them stops."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("PMS_ADDR", "127.0.0.1:8000"),
                            help="Address and port of the web server (default 127.0.0.1:8000).")
        parser.add_argument("--gunicorn", action="store_true",
                            help="Serve with gunicorn instead of Django's development server.")

    def handle(self, *args, **options):
        python, addr = sys.executable, options["addr"]
        web = ([python, "-m", "gunicorn", "pms.wsgi", "--bind", addr, "--workers", "2", "--access-logfile", "-"]
               if options["gunicorn"] else [python, "manage.py", "runserver", addr, "--noreload"])
        celery = [python, "-m", "celery", "-A", "pms"]
        env = child_environment(addr)  # so that links in emails (PMS_PORTAL_URL) follow --addr
        processes = {
            "web": subprocess.Popen(web, env=env),
            "worker": subprocess.Popen([*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"], env=env),
            "beat": subprocess.Popen([*celery, "beat", "--loglevel", "INFO",
                                      "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME], env=env),
        }
        broker = settings.CELERY_BROKER_URL.split("://")[0]
        links = os.environ.get("PMS_PORTAL_URL") or address_url(addr)
        self.stdout.write(self.style.SUCCESS(
            f"Portal on {address_url(addr)}/ (links in emails: {links}/) — worker and beat running on the {broker} "
            "broker. Ctrl+C stops all."))
        self._supervise(processes)

    def _supervise(self, processes: dict) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        for name, process in processes.items():
            if process.poll() is None:
                process.terminate()
            elif not stopping:
                self.stderr.write(f"{name} stopped (exit {process.returncode}); stopping the others.")
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
