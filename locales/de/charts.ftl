# Charts over months (src/ui/charts.rs) and the figures of annual reports
# (src/ui/report_figures.rs). The CSV downloads of the charts stay German
# (src/web/trends.rs makes them inside crate::i18n::in_german).

## Months, short, before the year: "Mai 2023"
charts-month-1 = Jan.
charts-month-2 = Feb.
charts-month-3 = März
charts-month-4 = Apr.
charts-month-5 = Mai
charts-month-6 = Juni
charts-month-7 = Juli
charts-month-8 = Aug.
charts-month-9 = Sep.
charts-month-10 = Okt.
charts-month-11 = Nov.
charts-month-12 = Dez.

## How a month's value is counted, after the unit in the table's caption ("Online-Dienste am Monatsende")
charts-counted-stock = am Monatsende
charts-counted-flow = im Monat

## A chart's description (alt text): what, from when to when, stacked by which series;
## then the values, then where the numbers are. $unit: "Online-Dienste"; $first, $last: "Mai 2023";
## $series: the series' names, separated by commas.
charts-description-stock = { $unit } je Monat von { $first } bis { $last }, gestapelt nach { $series }.
charts-description-flow = { $unit } im jeweiligen Monat von { $first } bis { $last }, gestapelt nach { $series }.
# A count of what happened in a month, of one series (the milestones reached): no stacking.
charts-description-flow-single = { $unit } im jeweiligen Monat von { $first } bis { $last }.
# $now: the latest month's total; $peak: the highest.
charts-description-values = Zuletzt { $now }, höchster Wert { $peak }.
charts-description-table = Die Zahlen stehen auch in der Tabelle unter dem Diagramm.

## Series and charts
# $level: the number; $name: the level's name.
charts-maturity-level = Reifegrad { $level } – { $name }
charts-maturity-unknown = unbekannt
# $value: the maturity model ("Reifegradmodell 1.1").
charts-services-title = Online-Dienste je Monat nach Reifegrad ({ $value })
charts-services-unit = Online-Dienste
charts-projects-title = Projekte je Monat nach Status
charts-projects-unit = Projekte
charts-milestones-title = Erreichte Meilensteine je Monat
charts-milestones-unit = Erreichte Meilensteine
charts-milestones-reached = erreicht

## The figures a report refers to: table titles and rows
charts-figure-key-figures = Kennzahlen
charts-figure-projects-by-status = Projekte nach Status
charts-figure-projects-by-kind = Projekte nach Projektart
charts-figure-services-by-maturity = Online-Dienste nach Reifegrad
charts-figure-milestones = Meilensteine
charts-figure-projects-total = Projekte insgesamt
# $value: the project kind's label.
charts-figure-kind = Projektart: { $value }
# $value: the status's label.
charts-figure-status = Status: { $value }
charts-figure-services-total = Online-Dienste im Katalog
charts-figure-services-online-part = davon online
charts-figure-services-ozg = davon online ab Reifegrad 3 (OZG-konform nach Reifegradmodell 1.1)
# $value: "Reifegrad 3 – Online-Leistung (Reifegradmodell 1.1)".
charts-figure-services-online-with = davon online mit { $value }
charts-figure-services-online = Online-Dienste online
charts-figure-milestones-reached = Meilensteine im Berichtsjahr erreicht
charts-figure-milestones-moved = Meilensteine verschoben (Prognose nach dem geplanten Termin)
charts-figure-milestones-overdue = Meilensteine überfällig
# Below a figure. $portal: the portal's name; $day: the day the figures were frozen.
charts-source-frozen = Quelle: Datenbestand des Portals { $portal }, festgeschrieben zum Stand { $day }.
# $value: the portal's name.
charts-source-live = Quelle: Datenbestand des Portals { $value }, live berechnet (Entwurf).
