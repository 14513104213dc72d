# The milestone overview (templates/milestones.html, src/web/milestones.rs).
milestones-title = Milestones
# The title of one section listed in pages; $value: the section ("Overdue").
milestones-title-section = Milestones: { $value }
milestones-description = Overdue, upcoming and reached milestones of all projects.
milestones-lead = Milestones make the projects’ progress verifiable. A milestone is ‘overdue’ if it is still open and its planned or forecast date has passed.
milestones-col-milestone = Milestone
milestones-col-project = Project
# Before the originally planned date of a milestone with a forecast.
milestones-forecast-planned = Forecast; originally planned for
milestones-back = Back to all sections
# After "1–24 of 30" and in "No … found." (the pagination).
milestones-noun = milestones
# In "Download this selection (all …, not just this page)".
milestones-noun-section = milestones in this section
milestones-noun-all = milestones in all three sections
milestones-toc = Contents of this page
milestones-overdue = Overdue
milestones-upcoming = Upcoming
milestones-reached = Reached
milestones-overdue-caption = Overdue milestones, oldest first
milestones-upcoming-caption = Upcoming milestones, soonest first
milestones-reached-caption = Reached milestones, most recent first
milestones-overdue-date = Overdue since
milestones-upcoming-date = Due on
milestones-reached-date = Reached on
milestones-overdue-none = No milestone is overdue.
milestones-upcoming-none = No open milestones are planned.
milestones-reached-none = No milestone has been reached yet.
# $value: how many ("1,234").
milestones-overdue-all = All { $value } overdue milestones
milestones-upcoming-all = All { $value } upcoming milestones
milestones-reached-all = All { $value } milestones reached
milestones-pages-one-section = Pages are only available for a single section, for example ‘?ansicht=ueberfaellig&seite=2’.
