"""gunicorn settings for production: `gunicorn archive.wsgi -c archive/gunicorn_conf.py`.

Every value can be changed from the environment (see docs/deploy.md).
"""

import multiprocessing
import os

# Behind a reverse proxy on the same machine; the proxy terminates TLS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: searches are CPU-bound Whoosh reads, and each worker keeps
# its own searcher open. Two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request taking longer than this (a huge CSV export, a stuck query) is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that slow memory growth never adds up.
max_requests = 2000
max_requests_jitter = 200
# The proxy says whether the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Each worker imports the app itself: database connections and the search index
# are opened per process, never shared across a fork.
preload_app = False
