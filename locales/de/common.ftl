# The macros many pages share (templates/macros.html).
common-progress-none = Fortschritt: keine Angabe
common-illustrative-title = Beispieldaten, nicht aus den Quellen der Stadt
common-illustrative = Beispiel
common-stand = Stand:
common-stand-choose = Früheren Stand wählen
common-stand-label = Stand vom
common-stand-show = Anzeigen
common-stand-hint = Zeigt die Seite, wie sie am Ende dieses Tages war (Format TT.MM.JJJJ oder JJJJ-MM-TT).
# $value: what is downloaded ("Projekte"), given by the page.
common-downloads = Diese Auswahl herunterladen (alle { $value }, nicht nur diese Seite):
common-downloads-columns = Die Spalten erklärt die Seite
common-downloads-open-data = Offene Daten
# $value: what the list shows ("Projekten"), given by the page.
common-pagination-none = Keine { $value } gefunden.
common-pagination-nav = Seiten
common-pagination-prev = Zurück
common-pagination-prev-hidden = zur vorigen Seite
common-pagination-page = Seite
common-pagination-next = Weiter
common-pagination-next-hidden = zur nächsten Seite
# "40 % im Durchschnitt (3 von 5 Projekten mit Fortschrittsangabe)"
common-rollup-average = im Durchschnitt
common-rollup-of = von
common-rollup-with-progress = Projekten mit Fortschrittsangabe
common-rollup-none = Fortschritt: noch keine Angabe ({ $value } Projekte)
common-chart-table = Daten als Tabelle
common-chart-month = Monat
common-chart-total = Summe
common-chart-csv = Daten als CSV herunterladen
# Names of formats, the same in both languages.
common-format-csv = CSV
common-format-json = JSON
common-format-turtle = Turtle
common-format-jsonld = JSON-LD
common-format-oparl = OParl 1.1
