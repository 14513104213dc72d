# The open data page (templates/open_data.html, src/web/open_data.rs).
opendata-title = Offene Daten
opendata-description = Alle Daten des Portals als offene Daten: JSON-Schnittstelle mit OpenAPI-Beschreibung, jedes Feld erklärt, Lizenz und Zitierweise.
opendata-lead = Alles, was dieses Portal zeigt, steht auch als offene Daten bereit: maschinenlesbar über eine JSON-Schnittstelle, mit denselben Filtern, Sortierungen und Seiten wie die Listen des Portals.
opendata-all-heading = Alles in einer Datei
# "Gesamtdatensatz herunterladen (ZIP): jeder Datensatz … (LIESMICH.txt) und die Lizenz (LIZENZ.txt). Das Archiv …"
opendata-all-download = Gesamtdatensatz herunterladen (ZIP)
opendata-all-contents = jeder Datensatz dieser Seite als CSV und als JSON, dazu eine Beschreibung jeder Datei und jedes Feldes
opendata-all-licence = und die Lizenz
opendata-all-rebuilt = Das Archiv wird neu erstellt, sobald sich die Daten ändern; sein Dateiname und die Beschreibung nennen den Stand.
opendata-access-heading = Zugang
opendata-and = und
# "Schnittstelle: <code>…/api/v1/…</code>, Antworten als JSON (UTF-8). Jede Antwort nennt ihren Stand (stand); Listen haben pagination und links (next, prev) sowie einen Link-Header. Höchstens 100 Einträge je Seite (pro_seite)."
opendata-api = Schnittstelle:
opendata-api-json = , Antworten als JSON (UTF-8). Jede Antwort nennt ihren Stand
opendata-api-lists = ; Listen haben
opendata-api-link-before = sowie einen
opendata-api-link-after = -Header.
opendata-api-page-size = Höchstens 100 Einträge je Seite
# "Beschreibung der Schnittstelle: OpenAPI-3.1-Dokument, aus dem Programmcode erzeugt. …"
opendata-openapi = Beschreibung der Schnittstelle:
opendata-openapi-link = OpenAPI-3.1-Dokument
opendata-openapi-after = , aus dem Programmcode erzeugt. Es nennt jede Adresse, jeden Parameter und jedes Feld.
# "Zwischenspeicher: jede Antwort trägt ETag und Last-Modified; wer sie … mitschickt (If-None-Match, If-Modified-Since), bekommt 304, solange sich nichts geändert hat."
opendata-cache = Zwischenspeicher: jede Antwort trägt
opendata-cache-send = ; wer sie bei der nächsten Abfrage mitschickt
opendata-cache-get = , bekommt
opendata-cache-unchanged = , solange sich nichts geändert hat.
# "… ein unbekannter Filterwert ergibt 400 und nennt die erlaubten Werte."
opendata-errors = Fehler kommen als Problem Details (RFC 9457) mit einer deutschen Erklärung; ein unbekannter Filterwert ergibt
opendata-errors-after = und nennt die erlaubten Werte.
opendata-cors = Die Schnittstelle ist für Abfragen aus jedem Browser offen
opendata-files = Jede Liste gibt es auch als Datei, als CSV (UTF-8, Semikolon, für Tabellenprogramme) und als JSON: der ganze Datensatz oder die gefilterte Auswahl einer Listenseite.
opendata-catalogue = Katalog nach DCAT-AP.de (für GovData und andere Datenportale):
# "Für Ratsinformationssysteme: … nach OParl 1.1 (Drucksachen, …; Filter created_since, modified_since und weitere, archivierte Anfragen als deleted)."
opendata-oparl = Für Ratsinformationssysteme: die Anfragen und Antworten nach
opendata-oparl-contents = Drucksachen, Fraktionen und antwortende Stellen, die Antworten als Dateien; Filter
opendata-oparl-archived = und weitere, archivierte Anfragen als
opendata-sitemap = Alle Seiten des Portals mit Änderungsdatum:
# "Beispieldaten: Jeder Datensatz sagt mit illustrative, ob er eine Beispielangabe ist; source_ref nennt die Quelle."
opendata-illustrative = Beispieldaten: Jeder Datensatz sagt mit
opendata-illustrative-after = , ob er eine Beispielangabe ist;
opendata-source-ref = nennt die Quelle.
opendata-licence-heading = Lizenz und Zitierweise
opendata-licence = Lizenz der Daten:
opendata-example = Beispielangabe
opendata-licence-none = Die Stadt hat für ihre Daten noch keine Lizenz angegeben. Bis dahin gilt das Urheberrecht; bitte fragen Sie über das Impressum nach.
opendata-datasets-heading = Datensätze und Felder
opendata-datasets = Datensätze
opendata-set-api = Schnittstelle
opendata-set-detail = Einzeln
opendata-set-download = Herunterladen
opendata-set-download-hint = der ganze Datensatz; die Listenseite bietet auch ihre gefilterte Auswahl an
opendata-set-page = Im Portal
# "Objekt ProjectDetailRecord: … Alle Felder von ProjectRecord, dazu:"
opendata-object = Objekt
opendata-extends = Alle Felder von
opendata-extends-after = , dazu:
opendata-col-field = Feld
opendata-col-kind = Art
opendata-col-presence = Vorhanden
opendata-col-about = Bedeutung
# The type of a field (the archive's LIESMICH.txt takes the German ones).
opendata-kind-object = Objekt
opendata-kind-or = oder
opendata-kind-code = Code:
opendata-kind-date = Datum (JJJJ-MM-TT)
opendata-kind-date-time = Zeitpunkt (ISO 8601)
opendata-kind-text = Text
opendata-kind-integer = ganze Zahl
opendata-kind-number = Zahl
opendata-kind-boolean = Wahrheitswert
opendata-kind-list = Liste:
opendata-kind-value = Wert
opendata-presence-always = immer
opendata-presence-optional = kann leer sein
# The datasets (web::open_data::DATASETS, whose German texts the archive and the catalogue keep).
opendata-set-strategie-title = Strategie
opendata-set-strategie-about = Die Digitalisierungsstrategie mit Leitbild, Zielen, Leitlinien und Querschnittsthemen.
opendata-set-handlungsfelder-title = Handlungsfelder
opendata-set-handlungsfelder-about = Die Handlungsfelder der Strategie, in ihrer Reihenfolge.
opendata-set-projekte-title = Projekte
opendata-set-projekte-about = Alle Projekte mit Status und Fortschritt; einzeln mit SMART-Zielen, Maßnahmen, Meilensteinen, Ressourcen und freigegebenem Abschlussbericht.
opendata-set-meilensteine-title = Meilensteine
opendata-set-meilensteine-about = Die Meilensteine aller Projekte, in drei Abschnitten: überfällig, anstehend, erreicht.
opendata-set-meldungen-title = Meldungen
opendata-set-meldungen-about = Öffentliche Meldungen zu den Projekten, neueste zuerst.
opendata-set-online-dienste-title = Online-Dienste
opendata-set-online-dienste-about = Die Verwaltungsleistungen nach dem Onlinezugangsgesetz (OZG) mit Status, Reifegrad, EfA und Fallzahlen.
opendata-set-berichte-title = Sachstandsberichte
opendata-set-berichte-about = Die freigegebenen jährlichen Sachstandsberichte mit ihren bei der Freigabe eingefrorenen Kennzahlen.
opendata-set-anfragen-title = Anfragen aus dem Stadtrat
opendata-set-anfragen-about = Die Antworten der Stadt auf Anfragen, Frage für Frage.
opendata-set-organisation-title = Organisationseinheiten
opendata-set-organisation-about = Ämter, Dezernate und städtische Gesellschaften, die Projekte und Dienste verantworten.
