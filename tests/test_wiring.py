"""Every signal receiver, system check and patch of the archive is connected by
`ArchiveConfig.ready`, and importing a module connects nothing."""

import json
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.checks.registry import registry
from django.db.models.signals import post_delete, post_save
from simple_history.signals import post_create_historical_record

from archive import history
from archive.checks import check_proxy_bind, check_shared_cache
from archive.models import Answer, Speaker
from archive.search import results
from archive.search.accel import patches
from tests.processes import ROOT

# Importing (again) every module that once connected something as a side effect.
COUNT_AFTER_IMPORTS = """
import importlib, json, django
django.setup()
from django.core.checks.registry import registry
from django.db.models import signals
from simple_history.signals import post_create_historical_record
from whoosh.codec.whoosh3 import W3PerDocReader

def state():
    return [len(s.receivers) for s in (signals.post_save, signals.post_delete,
                                       signals.m2m_changed, post_create_historical_record)
            ] + [len(registry.registered_checks | registry.deployment_checks),
                 repr(W3PerDocReader._cached_reader)]

before = state()
for name in ("archive.history", "archive.checks", "archive.search.results",
             "archive.search.signals", "archive.search.whoosh_backend",
             "archive.search.accel.patches"):
    importlib.reload(importlib.import_module(name))
print(json.dumps([before, state()]))
"""


@pytest.mark.slow
def test_importing_a_module_connects_no_receiver_check_or_patch():
    done = subprocess.run([sys.executable, "-c", COUNT_AFTER_IMPORTS], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
                               "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert after == before


def receivers(signal, sender):
    return signal._live_receivers(sender)[0]


def test_ready_connects_every_receiver_the_check_and_the_patch():
    assert history.note_correction in receivers(post_create_historical_record, Answer)
    processor = apps.get_app_config("archive").signal_processor
    assert processor.statement_changed in receivers(post_save, Answer)
    assert processor.statement_changed in receivers(post_delete, Answer)
    assert processor.speaker_changed in receivers(post_save, Speaker)
    assert results.forget_names in receivers(post_save, Speaker)
    assert results.forget_names in receivers(post_delete, Speaker)
    deployment = registry.get_checks(include_deployment_checks=True)
    assert check_shared_cache in deployment and check_proxy_bind in deployment
    assert patches.installed() == settings.ARCHIVE_SEARCH_ACCEL


def test_ready_again_connects_nothing_twice():
    before = [len(signal.receivers) for signal in (post_save, post_delete,
                                                    post_create_historical_record)]
    apps.get_app_config("archive").ready()
    after = [len(signal.receivers) for signal in (post_save, post_delete,
                                                   post_create_historical_record)]
    assert after == before
