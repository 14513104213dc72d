# The macros many pages share (templates/macros.html).
common-progress-none = Progress: not stated
common-illustrative-title = Example data, not from the city's sources
common-illustrative = Example
common-stand = As of:
common-stand-choose = Choose an earlier date
common-stand-label = As of
common-stand-show = Show
common-stand-hint = Shows the page as it was at the end of that day (format DD.MM.YYYY or YYYY-MM-DD).
# $value: what is downloaded ("Projekte"), given by the page.
common-downloads = Download this selection (all { $value }, not just this page):
common-downloads-columns = For an explanation of the columns, see
common-downloads-open-data = Open data
# $value: what the list shows ("Projekten"), given by the page.
common-pagination-none = No { $value } found.
common-pagination-nav = Pages
common-pagination-prev = Previous
common-pagination-prev-hidden = page
common-pagination-page = Page
common-pagination-next = Next
common-pagination-next-hidden = page
# "40 % on average (3 of 5 projects with progress stated)"
common-rollup-average = on average
common-rollup-of = of
common-rollup-with-progress = projects with progress stated
common-rollup-none = Progress: not yet stated ({ $value } projects)
common-chart-table = Data as a table
common-chart-month = Month
common-chart-total = Total
common-chart-csv = Download data as CSV
# Names of formats, the same in both languages.
common-format-csv = CSV
common-format-json = JSON
common-format-turtle = Turtle
common-format-jsonld = JSON-LD
common-format-oparl = OParl 1.1
