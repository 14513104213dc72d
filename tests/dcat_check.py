"""Parses the portal's DCAT-AP.de catalogue as RDF, in Turtle and JSON-LD, and
checks what GovData's harvester needs: one catalogue with a publisher, every
dataset with title, description, publisher, contact point and distributions,
every distribution with an access URL, a format and a licence. Both syntaxes
must give the same graph. Usage: dcat_check.py BASE_URL"""
import sys
import urllib.request

from rdflib import Graph, Namespace, RDF
from rdflib.compare import isomorphic

base = sys.argv[1].rstrip("/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
# Item access, not attributes: `format` and `title` are also methods of str.


def fetch(path):
    with urllib.request.urlopen(base + path) as answer:
        return answer.read().decode("utf-8")


turtle = Graph().parse(data=fetch("/daten/katalog.ttl"), format="turtle")
json_ld = Graph().parse(data=fetch("/daten/katalog.jsonld"), format="json-ld")
assert len(turtle) > 100, f"only {len(turtle)} statements"
assert isomorphic(turtle, json_ld), "Turtle and JSON-LD differ"

catalogues = list(turtle.subjects(RDF.type, DCAT["Catalog"]))
assert len(catalogues) == 1, catalogues
assert turtle.value(catalogues[0], DCT["publisher"]) is not None, "the catalogue has a publisher"
datasets = list(turtle.objects(catalogues[0], DCAT["dataset"]))
assert len(datasets) == 9, f"{len(datasets)} datasets"
for dataset in datasets:
    assert (dataset, RDF.type, DCAT["Dataset"]) in turtle
    for prop in (DCT["title"], DCT["description"], DCT["publisher"], DCAT["contactPoint"]):
        assert turtle.value(dataset, prop) is not None, f"{dataset} lacks {prop}"
    distributions = list(turtle.objects(dataset, DCAT["distribution"]))
    assert distributions, f"{dataset} has no distribution"
    for distribution in distributions:
        for prop in (DCAT["accessURL"], DCT["format"], DCT["license"]):
            assert turtle.value(distribution, prop) is not None, f"{distribution} lacks {prop}"
print(f"ok  DCAT-AP.de: {len(turtle)} statements, {len(datasets)} datasets, Turtle and JSON-LD isomorphic")
