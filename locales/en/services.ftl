# The online services catalogue (templates/services/list.html, templates/services/detail.html, src/web/services.rs).
services-title = Online services
services-description = Council services under the Online Access Act: status, maturity level, EfA and case numbers.
# $value: the service's maturity level, in the detail page's description.
services-description-maturity = maturity level { $value }
# $value: the city's name.
services-lead = Council services of the City of { $value } under the Online Access Act (OZG): which are already online, how far they have got (maturity level under the OZG maturity model) and which are taken over from another federal state as EfA (“one for all”) services.
services-filter-heading = Filter and sort
services-filter-text = Search term
services-topic-area = OZG topic area
services-filter-topic-all = All topic areas
services-status = Status
services-filter-status-all = All statuses
services-maturity = Maturity level
services-filter-maturity-all = All maturity levels
services-efa-label = EfA (“one for all”)
services-filter-efa-all = All
services-filter-efa-only = EfA services only
services-filter-efa-without = Without EfA services
services-addressee = Target group
services-filter-addressee-all = All target groups
services-filter-sort = Sort by
services-filter-apply = Apply
services-filter-reset = Reset all filters
services-result = Results
# In "1–20 of 45 online services" and "No online services found." (the pagination macro).
services-noun = online services
# In "Download this selection (all online services, not just this page):".
services-noun-all = online services
services-empty = No online service matches these filters.
services-empty-all = Show all online services
services-table-caption = Online services with topic area, status, maturity level, EfA and case numbers
services-col-service = Service
services-col-topic = Topic area
services-efa = EfA
services-col-cases = Case numbers (year)
services-priority = Priority
# $value: the code of the maturity model ("1.1").
services-maturity-model = (model { $value })
services-yes = yes
services-no = no
services-none = not stated
services-trends = Trends
services-notes = Notes
services-notes-maturity = Each rating states its maturity model; the two scales are not converted into each other or added together. Ratings under the old model remain valid on its scale.
services-notes-v1-name = Maturity model 1.1
services-notes-v1 = (since June 2020): 0 offline · 1 information · 2 form assistant · 3 online service · 4 online transaction (once-only). The OZG counts as implemented from maturity level 3 (“OZG-compliant”).
services-notes-v2-name = Maturity model 2.0
services-notes-v2 = (since July 2025): levels 0 to 7 based on 13 criteria. 0: offline only; 1–3: front-end digitalisation (online application service); 4–6: process orientation and data centricity within the administration; 7: digital end to end. For this model the portal does not count “OZG compliance”, because the source sets no threshold for it.
services-notes-source = Source: ozg.sachsen-anhalt.de, “Reifegradmodell”, as of 02-2026.
services-notes-efa = “One for all”: one federal state develops a service and all the others take it over.
services-breadcrumbs = Breadcrumbs
services-eyebrow = Online service
services-efa-service = EfA service
services-apply-online = Apply online
services-profile = At a glance
# "3 – Online service, under maturity model 1.1, rated on 12 May 2023 (OZG-compliant: from maturity level 3)"
services-maturity-by = , under
services-maturity-rated-on = , rated on
services-maturity-ozg = (OZG-compliant: from maturity level 3)
services-life-situation = Life event
# "yes, lead state: Hamburg"
services-efa-lead = , lead state:
services-online-since = Online since
services-responsible = Responsible
services-leika = LeiKa key
services-ozg-service = OZG service
services-source = Source
services-case-numbers = Case numbers
services-case-numbers-none = No case numbers recorded.
services-cases-caption = Cases per year
services-year = Year
services-cases = Cases
services-projects = Projects for this service
services-history = Earlier versions
# "Since 12 May 2023 the public details …" / "Since publication the public details …"
services-history-since-date = Since
services-history-since-publication = Since publication
services-history-unchanged = the public details have not changed.
services-history-intro = On these days the public details of this service changed; each link shows the page as it was at the end of that day.
