# News (templates/updates/list.html, src/web/updates.rs) and the Atom feeds (src/web/feeds.rs).
updates-title = News
# $value: the project's title.
updates-title-project = News: { $value }
updates-description = The latest updates from the projects of the digitalisation strategy.
# "Updates from the project Data platform, newest first." (the project's title is a link between them)
updates-project-lead = Updates from the project
updates-project-lead-order = , newest first.
updates-all-projects = Updates from all projects
updates-lead = Dated updates from the project teams: what has been achieved, what is being delayed and why.
updates-subscribe = Subscribe via Atom feed
# After "1–24 of 30" and in "No … found." (the pagination).
updates-noun = updates
# In "Download this selection (all …, not just this page)".
updates-noun-all = updates
updates-none = No updates yet.

## The Atom feeds ($value: the city's name, a project's or an action field's title)
updates-feed-site-subtitle = Updates from the digitalisation projects of the City of { $value }
updates-feed-project-subtitle = Updates and changes to the status, progress and milestones of the project ‘{ $value }’
updates-feed-field-title = Action field { $value }
updates-feed-field-subtitle = Updates and changes from the projects in the action field ‘{ $value }’
updates-feed-author = City of { $value }
updates-feed-illustrative = Example update: not from the city’s sources, added for illustration.
# Entries on changes: "Data platform: Milestone ‘Pilot’, Status now ‘reached’",
# "Data platform: Project, 3 details changed", "Project (changed on 12 May 2023, 14:30):".
updates-feed-milestone = Milestone ‘{ $value }’
updates-feed-project = Project
updates-feed-change-now = now ‘{ $value }’
updates-feed-changes = { $value } details changed
updates-feed-changed-on = changed on { $value }
