# Charts over months (src/ui/charts.rs) and the figures of annual reports
# (src/ui/report_figures.rs). The CSV downloads of the charts stay German
# (src/web/trends.rs makes them inside crate::i18n::in_german).

## Months, short, before the year: "May 2023"
charts-month-1 = Jan
charts-month-2 = Feb
charts-month-3 = Mar
charts-month-4 = Apr
charts-month-5 = May
charts-month-6 = Jun
charts-month-7 = Jul
charts-month-8 = Aug
charts-month-9 = Sep
charts-month-10 = Oct
charts-month-11 = Nov
charts-month-12 = Dec

## How a month's value is counted, after the unit in the table's caption ("Online services at the end of the month")
charts-counted-stock = at the end of the month
charts-counted-flow = in the month

## A chart's description (alt text): what, from when to when, stacked by which series;
## then the values, then where the numbers are. $unit: "Online services"; $first, $last: "May 2023";
## $series: the series' names, separated by commas.
charts-description-stock = { $unit } per month from { $first } to { $last }, stacked by { $series }.
charts-description-flow = { $unit } in each month from { $first } to { $last }, stacked by { $series }.
# A count of what happened in a month, of one series (the milestones reached): no stacking.
charts-description-flow-single = { $unit } in each month from { $first } to { $last }.
# $now: the latest month's total; $peak: the highest.
charts-description-values = Latest value { $now }, highest value { $peak }.
charts-description-table = The figures are also given in the table below the chart.

## Series and charts
# $level: the number; $name: the level's name.
charts-maturity-level = Maturity level { $level } – { $name }
charts-maturity-unknown = unknown
# $value: the maturity model ("Maturity Model 1.1").
charts-services-title = Online services per month by maturity level ({ $value })
charts-services-unit = Online services
charts-projects-title = Projects per month by status
charts-projects-unit = Projects
charts-milestones-title = Milestones reached per month
charts-milestones-unit = Milestones reached
charts-milestones-reached = reached

## The figures a report refers to: table titles and rows
charts-figure-key-figures = Key figures
charts-figure-projects-by-status = Projects by status
charts-figure-projects-by-kind = Projects by project type
charts-figure-services-by-maturity = Online services by maturity level
charts-figure-milestones = Milestones
charts-figure-projects-total = Projects in total
# $value: the project kind's label.
charts-figure-kind = Project type: { $value }
# $value: the status's label.
charts-figure-status = Status: { $value }
charts-figure-services-total = Online services in the catalogue
charts-figure-services-online-part = of which online
charts-figure-services-ozg = of which online at maturity level 3 or above (OZG-compliant under Maturity Model 1.1)
# $value: "Maturity level 3 – Online service (Maturity Model 1.1)".
charts-figure-services-online-with = of which online at { $value }
charts-figure-services-online = Online services that are online
charts-figure-milestones-reached = Milestones reached in the reporting year
charts-figure-milestones-moved = Milestones postponed (forecast later than the planned date)
charts-figure-milestones-overdue = Milestones overdue
# Below a figure. $portal: the portal's name; $day: the day the figures were frozen.
charts-source-frozen = Source: data held by the portal { $portal }, fixed as of { $day }.
# $value: the portal's name.
charts-source-live = Source: data held by the portal { $value }, calculated live (draft).
