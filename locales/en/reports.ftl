# The annual status reports (templates/reports/*.html, src/web/reports.rs).
reports-title = Annual status reports
reports-description = The annual status reports on the digitalisation strategy, compared.
reports-lead = Once a year the administration reports on how implementation is progressing. Reports are published once the steering group has approved them; their key figures are fixed on approval.
reports-none = No annual status report has been approved yet.
reports-released-on = Approved on
reports-years-heading = Key figures year on year
reports-years-caption = Key figures of the annual status reports by year, as at approval
reports-figure = Key figure
reports-value = Value
reports-years-hint = “–”: no key figures were fixed for this report.
reports-years-compare = Compare two years, with the change in each key figure
# The rows of the year comparison and of a report's key figures (src/web/reports.rs).
reports-row-projects = Projects in total
reports-row-projects-completed = of which completed or with a final report
reports-row-services-online = Online services available
# "12 of 40": $value is the number of services in the catalogue.
reports-row-services-of = of { $value }
reports-row-services-ozg = of which at maturity level 3 or above (OZG-compliant under maturity model 1.1)
reports-row-milestones-reached = Milestones reached in the reporting year
reports-row-milestones-overdue = Milestones overdue
reports-breadcrumbs = Breadcrumbs
# $value: the report's year.
reports-eyebrow = Annual status report { $value }
reports-page-description = Annual status report { $value } on the digitalisation strategy.
# $value: the size in kilobytes.
reports-pdf = Download the report as PDF (accessible, PDF/UA, { $value } KB)
reports-checksum = Checksum (SHA-256) of the approved document:
reports-checksum-fixed = The document does not change after approval.
reports-pdf-unavailable = The PDF of this report is not available at the moment.
reports-figures-heading = Key figures as at approval
reports-figures-none = No key figures were fixed for this report.
reports-pager = More reports
# $value: a year.
reports-report-year = Report { $value }
reports-compare-with = Compare with the { $value } report
reports-compare-all = Compare all years
# The comparison of two years (templates/reports/compare.html).
reports-compare-title = Annual status reports compared
# "Annual status reports 2023 and 2024 compared": $value is the first year, then the second.
reports-compare-title-from = Annual status reports { $value } and
reports-compare-title-to = { $value } compared
reports-compare-description = Two annual status reports side by side: every fixed key figure and how it has changed.
reports-compare-lead = The key figures of two annual status reports side by side, as they were fixed on approval, and how they have changed.
# "A comparison needs …; so far only the 2024 report has been approved. Go to the annual status reports"
reports-compare-needs-two = A comparison needs two approved annual status reports;
reports-compare-none-released = so far none has been approved
reports-compare-only-before = so far only the report for
reports-compare-only-after = has been approved
reports-compare-to-reports = Go to the annual status reports
reports-compare-choose = Choose years
reports-compare-from = Report
reports-compare-to = compared with the report
reports-compare-submit = Compare
# "Key figures 2023 and 2024": $value is the first year, the second follows.
reports-compare-figures = Key figures { $value } and
reports-compare-self = You are comparing a report with itself; choose two different years above.
# "Fixed key figures of the annual status reports 2023 (…) and 2024 (…), change from 2023 to 2024"
reports-compare-caption = Fixed key figures of the annual status reports
reports-compare-caption-and = and
reports-compare-caption-change = , change from
reports-compare-caption-to = to
reports-compare-change = Change
# "Key figures as of: 2023: 31 December 2023; 2024: none fixed."
reports-compare-as-of = Key figures as of:
reports-compare-as-of-none = none fixed
reports-compare-hint = “–”: the report did not fix this key figure. The change is the difference from the first to the second report, in brackets relative to the first.
