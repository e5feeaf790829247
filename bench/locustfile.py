"""The visitors of the load test (bench/load.py runs this with locust, headless).

Each simulated user reads and searches the way the archive's visitors do: mostly
searches and answer or transcript pages, some listings, subject pages and feeds,
with a pause between pages. What to ask for comes from LOAD_TARGETS (a JSON file
bench/load.py writes from the database).
"""

import json
import os
import random

from locust import HttpUser, between, constant, task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())


class Visitor(HttpUser):
    # LOAD_NO_WAIT: a closed loop, each user asking again at once (capacity).
    wait_time = constant(0) if os.environ.get("LOAD_NO_WAIT") else between(0.5, 2.5)

    def page(self, url, name, **params):
        self.client.get(url, params=params or None, name=name, timeout=60)

    @task(6)
    def search(self):
        self.page("/search/", "search", q=random.choice(TARGETS["queries"]))

    @task(2)
    def search_filtered(self):
        self.page("/search/", "search, filtered", q=random.choice(TARGETS["queries"]),
                  year=random.choice(TARGETS["years"]))

    @task(1)
    def search_api(self):
        self.page("/api/search/", "search API", q=random.choice(TARGETS["queries"]))

    @task(4)
    def answer(self):
        slug, position = random.choice(TARGETS["answers"])
        self.page(f"/interviews/{slug}/answers/{position}/", "answer page")

    @task(3)
    def interview(self):
        self.page(f"/interviews/{random.choice(TARGETS['interviews'])}/", "transcript page")

    @task(2)
    def listing(self):
        self.page("/interviews/", "interview list",
                  page=random.randint(1, TARGETS["list_pages"]))

    @task(2)
    def subject(self):
        kind = random.choice(["topics", "countries", "speakers"])
        self.page(f"/{kind}/{random.choice(TARGETS[kind])}/", "topic/country/speaker page")

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(2)
    def feed(self):
        if random.random() < 0.5:
            self.page("/feeds/interviews/", "feed")
        else:
            self.page(f"/topics/{random.choice(TARGETS['topics'])}/feed/", "feed")
