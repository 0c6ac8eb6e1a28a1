"""The portal's settings plus the bare reference views the load runner compares every page with."""

from pms.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
