# The project list and project pages (templates/projects/, src/web/projects.rs).
projects-title = Projects
projects-description = All projects of the digitalisation strategy with their status and progress, with filters.
projects-lead = Quick wins, flagship projects and strategic projects of the digitalisation strategy, with their status and progress.
projects-filter-heading = Filter and sort
projects-filter-text = Search term
projects-kind = Type
projects-filter-kind-all = All types
projects-status = Status
projects-filter-status-all = All statuses
projects-action-field = Action field
projects-filter-action-field-all = All action fields
projects-theme = Cross-cutting theme
projects-filter-theme-all = All themes
projects-responsible = Responsible
projects-filter-unit-all = All organisational units
projects-filter-sort = Sort by
projects-filter-apply = Apply
projects-filter-reset = Reset all filters
projects-result = Results
# After "1–24 of 30" and in "No … found." (the pagination).
projects-noun = projects
# In "Download this selection (all …, not just this page)".
projects-noun-all = projects
projects-empty = No project matches these filters.
projects-empty-all = Show all projects

## The project page
projects-breadcrumbs = Breadcrumbs
projects-progress = Progress
projects-facts = Key facts
projects-not-stated = not stated
projects-lead-role = Project lead
projects-team-roles = Project team
projects-action-fields = Action fields
projects-none = none
projects-themes = Cross-cutting themes
projects-start = Start (planned / actual)
projects-end = End (planned / actual)
projects-source = Source
projects-description-heading = Description
projects-smart-goals = SMART goals
projects-smart-goals-none = The SMART goals are still being worked out and will be set in the project mandate.
projects-measures = Measures
projects-measures-none = No measures recorded yet.
projects-milestones = Milestones
projects-milestones-none = No milestones set yet.
# Before a date: "reached on 12 May 2023", "planned for 12 May 2023, forecast 30 June 2023".
projects-milestone-reached-on = reached on
projects-milestone-planned = planned for
projects-milestone-forecast = forecast
projects-milestone-originally-planned = originally planned for:
projects-milestone-forecast-reason = Reason for the new forecast:
projects-resources = Resources (‘price tag’)
projects-resources-caption = Staff and funding, planned and approved
projects-resource = Resource
projects-resources-planned = planned
projects-resources-approved = approved
projects-staff = Staff
projects-budget = Funding
# $value: full-time equivalents ("1.5").
projects-fte = { $value } FTE
# $value: euros ("120,000").
projects-eur = €{ $value }
projects-fte-hint = FTE = full-time equivalents.
projects-resources-none = The resources needed are being worked out along with the SMART goals and will be set in the project mandate.
projects-services = Linked online services
projects-final-report = Final report
# "Approved by the steering group on 12 May 2023"
projects-final-report-released-by = by the steering group on
projects-lessons-learned = Lessons learned
projects-final-report-draft = A draft of the final report is available. It will be published once the responsible departments and the steering group have reviewed and approved it.
projects-final-report-none = No final report yet.
projects-updates = Updates from the project
projects-updates-none = No updates yet.
projects-updates-all = All { $value } updates from this project
projects-inquiries = Mentioned in council inquiries
projects-states = Earlier versions
# "Since 12 May 2023 the public information has not changed."
projects-states-unchanged-since = Since
projects-states-unchanged = the public information has not changed.
projects-states-unchanged-since-publication = The public information has not changed since publication.
projects-states-intro = On these days, public information about this project or its milestones changed; each link shows the page as it was at the end of that day.
projects-history = Change history
projects-history-none = No public information has been changed since publication.
# "12 May 2023, 14:30: changed by CDO team"
projects-history-by = by
projects-feed-link = Subscribe to updates and changes in this project (Atom feed, no sign-in needed)
# The title of the project's feed; $value: the project's title.
projects-feed-title = { $value }: updates and changes
