# The online services catalogue (templates/services/list.html, templates/services/detail.html, src/web/services.rs).
services-title = Online-Dienste
services-description = Verwaltungsleistungen nach dem Onlinezugangsgesetz: Status, Reifegrad, EfA und Fallzahlen.
# $value: the service's maturity level, in the detail page's description.
services-description-maturity = Reifegrad { $value }
# $value: the city's name.
services-lead = Verwaltungsleistungen der Stadt { $value } nach dem Onlinezugangsgesetz (OZG): welche schon online sind, wie weit (Reifegrad nach dem OZG-Reifegradmodell) und welche als „Einer für Alle“-Leistung (EfA) von einem anderen Land übernommen werden.
services-filter-heading = Filtern und sortieren
services-filter-text = Suchbegriff
services-topic-area = OZG-Themenfeld
services-filter-topic-all = Alle Themenfelder
services-status = Status
services-filter-status-all = Alle Status
services-maturity = Reifegrad
services-filter-maturity-all = Alle Reifegrade
services-efa-label = EfA („Einer für Alle“)
services-filter-efa-all = Alle
services-filter-efa-only = Nur EfA-Leistungen
services-filter-efa-without = Ohne EfA-Leistungen
services-addressee = Zielgruppe
services-filter-addressee-all = Alle Zielgruppen
services-filter-sort = Sortierung
services-filter-apply = Anwenden
services-filter-reset = Alle Filter zurücksetzen
services-result = Ergebnis
# In "1–20 von 45 Online-Diensten" and "Keine Online-Diensten gefunden." (the pagination macro).
services-noun = Online-Diensten
# In "Diese Auswahl herunterladen (alle Online-Dienste, nicht nur diese Seite):".
services-noun-all = Online-Dienste
services-empty = Kein Online-Dienst passt zu diesen Filtern.
services-empty-all = Alle Online-Dienste anzeigen
services-table-caption = Online-Dienste mit Themenfeld, Status, Reifegrad, EfA und Fallzahl
services-col-service = Leistung
services-col-topic = Themenfeld
services-efa = EfA
services-col-cases = Fallzahl (Jahr)
services-priority = Priorität
# $value: the code of the maturity model ("1.1").
services-maturity-model = (Modell { $value })
services-yes = ja
services-no = nein
services-none = keine Angabe
services-trends = Entwicklung
services-notes = Erläuterungen
services-notes-maturity = Jede Bewertung nennt ihr Reifegradmodell; die beiden Skalen werden nicht ineinander umgerechnet und nicht zusammengezählt. Bewertungen nach dem alten Modell bleiben auf dessen Skala gültig.
services-notes-v1-name = Reifegradmodell 1.1
services-notes-v1 = (seit Juni 2020): 0 Offline · 1 Information · 2 Formular-Assistent · 3 Online-Leistung · 4 Online-Transaktion (Once-Only). Das OZG gilt ab Reifegrad 3 als umgesetzt („OZG-konform“).
services-notes-v2-name = Reifegradmodell 2.0
services-notes-v2 = (seit Juli 2025): Stufen 0 bis 7 nach 13 Kriterien. 0: nur offline; 1–3: Frontend-Digitalisierung (Online-Antragsdienst); 4–6: Prozessorientierung und Datenzentrierung in der Verwaltung; 7: Ende-zu-Ende digital. Für dieses Modell zählt das Portal keine „OZG-Konformität“, weil die Quelle dafür keine Schwelle nennt.
services-notes-source = Quelle: ozg.sachsen-anhalt.de, „Reifegradmodell“, Stand 02-2026.
services-notes-efa = „Einer für Alle“: Ein Land entwickelt eine Leistung, alle anderen übernehmen sie.
services-breadcrumbs = Brotkrumen
services-eyebrow = Online-Dienst
services-efa-service = EfA-Leistung
services-apply-online = Zum Online-Antrag
services-profile = Steckbrief
# "3 – Online-Leistung, nach dem Reifegradmodell 1.1, bewertet am 12.05.2023 (OZG-konform: ab Reifegrad 3)"
services-maturity-by = , nach dem
services-maturity-rated-on = , bewertet am
services-maturity-ozg = (OZG-konform: ab Reifegrad 3)
services-life-situation = Lebenslage
# "ja, federführend: Hamburg"
services-efa-lead = , federführend:
services-online-since = Online seit
services-responsible = Zuständig
services-leika = LeiKa-Schlüssel
services-ozg-service = OZG-Leistung
services-source = Quelle
services-case-numbers = Fallzahlen
services-case-numbers-none = Keine Fallzahlen erfasst.
services-cases-caption = Fälle je Jahr
services-year = Jahr
services-cases = Fälle
services-projects = Projekte zu diesem Dienst
services-history = Frühere Stände
# "Seit dem 12.05.2023 haben sich …" / "Seit der Veröffentlichung haben sich …"
services-history-since-date = Seit dem
services-history-since-publication = Seit der Veröffentlichung
services-history-unchanged = haben sich die öffentlichen Angaben nicht geändert.
services-history-intro = An diesen Tagen änderten sich öffentliche Angaben dieses Dienstes; jeder Link zeigt die Seite, wie sie am Ende des Tages war.
