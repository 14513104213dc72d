"""Crawls the portal's OParl 1.1 endpoint as a client would, from
/oparl/v1/system through the body and every list it names, page by page, and
checks every object: its type, the properties OParl 1.1 requires of that type
with their JSON types, no `null` anywhere, and that each `id` answers with the
same object. The schemas below are our own transcription of the requirements
of the OParl 1.1 specification (https://spec.oparl.org/1.1/), not copies of
the OParl/spec schema files (see the closing note of the open-data issue).
Usage: oparl_check.py BASE_URL"""
import json
import sys
import urllib.request

from jsonschema import Draft202012Validator

base = sys.argv[1].rstrip("/")
V = "https://schema.oparl.org/1.1/"
URL = {"type": "string", "pattern": "^https?://"}
URLS = {"type": "array", "items": URL}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TIME = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"}
TEXT = {"type": "string", "minLength": 1}


def schema(kind, required, properties):
    props = {"id": URL, "type": {"const": V + kind}, "created": TIME, "modified": TIME, "web": URL,
             "deleted": {"type": "boolean"}, "keyword": {"type": "array", "items": TEXT}, **properties}
    return {"type": "object", "required": ["id", "type", *required], "properties": props}


FILE = schema("File", ["accessUrl"], {
    "name": TEXT, "fileName": TEXT, "mimeType": TEXT, "date": DATE, "accessUrl": URL, "paper": URLS})
SCHEMAS = {
    "System": schema("System", ["oparlVersion", "body"], {
        "oparlVersion": {"const": V}, "body": URL, "name": TEXT, "license": URL, "contactEmail": TEXT,
        "contactName": TEXT, "website": URL, "vendor": URL, "product": URL}),
    "Body": schema("Body", ["name", "organization", "person", "meeting", "paper", "legislativeTerm"], {
        "system": URL, "name": TEXT, "shortName": TEXT, "website": URL, "license": URL,
        "ags": {"type": "string", "pattern": r"^\d{8}$"}, "contactEmail": TEXT, "contactName": TEXT,
        "organization": URL, "person": URL, "meeting": URL, "paper": URL, "agendaItem": URL,
        "consultation": URL, "file": URL, "membership": URL, "locationList": URL, "legislativeTermList": URL,
        "legislativeTerm": {"type": "array"}, "classification": TEXT}),
    "Organization": schema("Organization", ["body", "name"], {
        "body": URL, "name": TEXT, "organizationType": TEXT, "classification": TEXT}),
    "Paper": schema("Paper", ["body", "name"], {
        "body": URL, "name": TEXT, "reference": TEXT, "date": DATE, "paperType": TEXT,
        "originatorOrganization": URLS, "underDirectionOf": URLS, "mainFile": FILE}),
    "File": FILE,
}
DELETED = {"type": "object", "required": ["id", "type", "deleted"],
           "properties": {"id": URL, "type": {"type": "string"}, "deleted": {"const": True}}}
LIST = {"type": "object", "required": ["data", "pagination", "links"], "properties": {
    "data": {"type": "array"},
    "pagination": {"type": "object", "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"]},
    "links": {"type": "object", "required": ["first", "last", "self"]}}}


def fetch(url):
    with urllib.request.urlopen(url) as answer:
        assert answer.headers.get("Access-Control-Allow-Origin") == "*", f"{url}: CORS"
        return json.load(answer)


def no_nulls(value, where):
    if value is None:
        raise AssertionError(f"null at {where}")
    if isinstance(value, dict):
        for k, v in value.items():
            no_nulls(v, f"{where}.{k}")
    if isinstance(value, list):
        for n, v in enumerate(value):
            no_nulls(v, f"{where}[{n}]")


checked = {}


def check(obj, where):
    no_nulls(obj, where)
    if obj.get("deleted"):
        Draft202012Validator(DELETED).validate(obj)
        return
    kind = obj["type"].removeprefix(V)
    Draft202012Validator(SCHEMAS[kind]).validate(obj)
    checked[kind] = checked.get(kind, 0) + 1
    if "mainFile" in obj:
        check(obj["mainFile"], where + ".mainFile")


def crawl(list_url):
    """Every object of a list, following `next`."""
    url, seen = list_url, 0
    while url:
        page = fetch(url)
        Draft202012Validator(LIST).validate(page)
        no_nulls(page, url)
        for obj in page["data"]:
            check(obj, url)
            seen += 1
            if not obj.get("deleted"):
                assert fetch(obj["id"]) == obj, f"{obj['id']} answers another object than its list"
        url = page["links"].get("next")
    total = fetch(list_url)["pagination"]["totalElements"]
    assert seen == total, f"{list_url}: {seen} objects crawled, {total} announced"
    return seen


system = fetch(base + "/oparl/v1/system")
check(system, "system")
bodies = fetch(system["body"])
assert len(bodies["data"]) == 1, "one body: the city"
body = bodies["data"][0]
check(body, "body")
assert fetch(body["id"]) == body
counts = {}
for prop in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file", "membership",
             "locationList", "legislativeTermList"):
    counts[prop] = crawl(body[prop])
assert counts["paper"] > 0 and counts["organization"] > 0 and counts["file"] == counts["paper"], counts
# Small pages: the links carry the filters and reach every object.
assert crawl(body["paper"] + "?limit=1") == counts["paper"]
# Changes since a time: archived papers would come as deleted; the future has none.
assert fetch(body["paper"] + "?modified_since=2999-01-01T00:00:00Z")["data"] == []
print(f"ok  OParl 1.1: {sum(checked.values())} objects valid ({checked}), lists {counts}")
