# The annual status reports (templates/reports/*.html, src/web/reports.rs).
reports-title = Sachstandsberichte
reports-description = Die jährlichen Sachstandsberichte zur Digitalisierungsstrategie im Vergleich.
reports-lead = Einmal im Jahr berichtet die Verwaltung über den Stand der Umsetzung. Veröffentlicht werden Berichte nach Freigabe durch die Lenkungsgruppe; ihre Kennzahlen werden bei der Freigabe festgeschrieben.
reports-none = Es ist noch kein Sachstandsbericht freigegeben.
reports-released-on = Freigegeben am
reports-years-heading = Kennzahlen im Jahresvergleich
reports-years-caption = Kennzahlen der Sachstandsberichte je Jahr, zum Zeitpunkt der Freigabe
reports-figure = Kennzahl
reports-value = Wert
reports-years-hint = „–“: Für diesen Bericht wurden keine Kennzahlen festgeschrieben.
reports-years-compare = Zwei Jahre mit der Veränderung jeder Kennzahl vergleichen
# The rows of the year comparison and of a report's key figures (src/web/reports.rs).
reports-row-projects = Projekte insgesamt
reports-row-projects-completed = davon abgeschlossen oder mit Abschlussbericht
reports-row-services-online = Online-Dienste online
# "12 von 40": $value is the number of services in the catalogue.
reports-row-services-of = von { $value }
reports-row-services-ozg = davon ab Reifegrad 3 (OZG-konform nach Reifegradmodell 1.1)
reports-row-milestones-reached = Meilensteine im Berichtsjahr erreicht
reports-row-milestones-overdue = Meilensteine überfällig
reports-breadcrumbs = Brotkrumen
# $value: the report's year.
reports-eyebrow = Sachstandsbericht { $value }
reports-page-description = Sachstandsbericht { $value } zur Digitalisierungsstrategie.
# $value: the size in kilobytes.
reports-pdf = Bericht als PDF herunterladen (barrierefrei, PDF/UA, { $value } KB)
reports-checksum = Prüfsumme (SHA-256) des freigegebenen Dokuments:
reports-checksum-fixed = Das Dokument ändert sich nach der Freigabe nicht mehr.
reports-pdf-unavailable = Das PDF dieses Berichts ist gerade nicht verfügbar.
reports-figures-heading = Kennzahlen zum Zeitpunkt der Freigabe
reports-figures-none = Für diesen Bericht wurden keine Kennzahlen festgeschrieben.
reports-pager = Weitere Berichte
# $value: a year.
reports-report-year = Bericht { $value }
reports-compare-with = Mit dem Bericht { $value } vergleichen
reports-compare-all = Alle Jahre vergleichen
# The comparison of two years (templates/reports/compare.html).
reports-compare-title = Sachstandsberichte im Vergleich
# "Sachstandsberichte 2023 und 2024 im Vergleich": $value is the first year, then the second.
reports-compare-title-from = Sachstandsberichte { $value } und
reports-compare-title-to = { $value } im Vergleich
reports-compare-description = Zwei Sachstandsberichte nebeneinander: jede festgeschriebene Kennzahl und ihre Veränderung.
reports-compare-lead = Die Kennzahlen zweier Sachstandsberichte nebeneinander, so wie sie bei der Freigabe festgeschrieben wurden, und wie sie sich verändert haben.
# "Für einen Vergleich braucht es …; bisher ist nur der Bericht 2024 freigegeben. Zu den Sachstandsberichten"
reports-compare-needs-two = Für einen Vergleich braucht es zwei freigegebene Sachstandsberichte;
reports-compare-none-released = bisher ist keiner freigegeben
reports-compare-only-before = bisher ist nur der Bericht
reports-compare-only-after = freigegeben
reports-compare-to-reports = Zu den Sachstandsberichten
reports-compare-choose = Jahre wählen
reports-compare-from = Bericht
reports-compare-to = verglichen mit dem Bericht
reports-compare-submit = Vergleichen
# "Kennzahlen 2023 und 2024": $value is the first year, the second follows.
reports-compare-figures = Kennzahlen { $value } und
reports-compare-self = Sie vergleichen einen Bericht mit sich selbst; wählen Sie oben zwei verschiedene Jahre.
# "Festgeschriebene Kennzahlen der Sachstandsberichte 2023 (…) und 2024 (…), Veränderung von 2023 zu 2024"
reports-compare-caption = Festgeschriebene Kennzahlen der Sachstandsberichte
reports-compare-caption-and = und
reports-compare-caption-change = , Veränderung von
reports-compare-caption-to = zu
reports-compare-change = Veränderung
# "Stand der Kennzahlen: 2023: 31.12.2023; 2024: keine festgeschrieben."
reports-compare-as-of = Stand der Kennzahlen:
reports-compare-as-of-none = keine festgeschrieben
reports-compare-hint = „–“: Der Bericht hat diese Kennzahl nicht festgeschrieben. Die Veränderung ist der Unterschied vom ersten zum zweiten Bericht, in Klammern bezogen auf den ersten.
