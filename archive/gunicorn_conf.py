"""gunicorn settings for production: `gunicorn archive.wsgi -c archive/gunicorn_conf.py`.

Every value can be changed from the environment (see docs/deploy.md).
"""

import multiprocessing
import os

# Behind a reverse proxy on the same machine; the proxy terminates TLS. Reachable
# only through it: the rate limits and the sign-in lockout trust what the proxy
# writes into X-Forwarded-For (`check --deploy` warns otherwise, archive.W002).
DEFAULT_BIND = "127.0.0.1:8000"


def bind_addresses(environ=os.environ):
    """GUNICORN_BIND: one address, or several separated by commas."""
    value = environ.get("GUNICORN_BIND", DEFAULT_BIND)
    return [address.strip() for address in value.split(",") if address.strip()]


bind = bind_addresses()
# Synchronous workers: searches are CPU-bound Whoosh reads, and each worker keeps
# its own searcher open. Two per core, plus one. `bench/load.py --worker-class gthread
# --threads N` compares threads; not yet measured on a quiet machine (docs/deploy.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request taking longer than this (a huge CSV export, a stuck query) is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A quote check is a GET (its address can be shared): 1,000 Chinese characters are
# some 9,000 bytes of request line, past gunicorn's default 4,094 and its finite
# maximum of 8,190. 0 lets gunicorn take up to 1 MB; the proxy in front bounds it
# (docs/deploy.md: large_client_header_buffers 4 16k).
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "0"))
keepalive = 5
# No recycling by default: a new worker's first search builds the in-memory facet
# tables, seconds of CPU on a large archive. Set it if memory grows over days.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The proxy says whether the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Each worker imports the app itself: database connections and the search index
# are opened per process, never shared across a fork.
preload_app = False
