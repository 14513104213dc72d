# The domain's labels (src/domain.rs, src/model/): project kinds and statuses,
# milestone and service statuses, release states, maturity levels, priorities,
# sort orders, topic areas, history entries.

## Project kinds
domain-project-kind-quick-win = Quick win
domain-project-kind-flagship = Flagship project
domain-project-kind-strategic = Strategic project

## Project statuses
domain-project-status-idea = Idea
domain-project-status-clarification = Operational clarification
domain-project-status-concretisation = Detailed planning
domain-project-status-implementation = Implementation
domain-project-status-final-report-drafted = Final report in draft
domain-project-status-completed = Completed
domain-project-status-paused = Paused
domain-project-status-stopped = Stopped before completion

## Milestone statuses
domain-milestone-status-open = open
domain-milestone-status-reached = reached
domain-milestone-status-dropped = dropped
domain-milestone-overdue = overdue

## Online services: status, addressees
domain-service-status-planned = Planned
domain-service-status-in-design = In design
domain-service-status-online = Online
domain-service-status-online-rework = Online, being revised
domain-service-status-discontinued = Discontinued
domain-addressee-citizens = Residents
domain-addressee-businesses = Businesses
domain-addressee-both = Residents and businesses

## Release states of final and annual reports
domain-release-state-draft = Draft
domain-release-state-submitted = Submitted for approval
domain-release-state-released = Approved
domain-release-state-returned = Returned

## Kinds of organisational units
domain-org-unit-kind-office = Office / service area
domain-org-unit-kind-department = Directorate
domain-org-unit-kind-municipal-enterprise = Municipal enterprise
domain-org-unit-kind-city-company = City-owned company
domain-org-unit-kind-staff-unit = Staff unit

## Roles of accounts
domain-role-admin = Administration (CDO team)
domain-role-coordinator = Action field coordination
domain-role-editor = Project lead / editorial
domain-role-approver = Approval (steering group)

## OZG maturity models and levels
domain-maturity-model-v1 = Maturity Model 1.1
domain-maturity-model-v2 = Maturity Model 2.0
domain-maturity-ozg-rule-v1 = OZG-compliant under Maturity Model 1.1: from maturity level 3
domain-maturity-v1-offline = Offline
domain-maturity-v1-information = Information
domain-maturity-v1-form-assistant = Form assistant
domain-maturity-v1-online-service = Online service
domain-maturity-v1-online-transaction = Online transaction
domain-maturity-v2-offline-only = offline only
domain-maturity-v2-frontend = Front-end digitalisation
domain-maturity-v2-process-data = Process orientation and data centricity
domain-maturity-v2-end-to-end = End-to-end digital

## Priority of a service
domain-priority-high = high
domain-priority-medium = medium
domain-priority-low = low
domain-priority-rule = Priority by yearly case numbers (latest year recorded): high from 5,000 cases, medium from 500 cases, otherwise low.
domain-cases-none = not stated

## Progress of a project
domain-progress-rule = Progress: the figure given by the project team; where there is none, the share of milestones reached (not counting dropped ones); completed projects without milestones count as 100 %. Action fields show the average of their projects that have a progress figure.
domain-progress-source-stated = given by the project team
domain-progress-source-milestones = calculated from milestones
domain-progress-source-completed = completed

## Sort orders of the project list and the service catalogue
domain-project-sort-title = Title (A–Z)
domain-project-sort-status = Status
domain-project-sort-progress = Progress (highest first)
domain-project-sort-updated = Last updated
domain-service-sort-name = Name (A–Z)
domain-service-sort-cases = Case numbers (highest first)
domain-service-sort-maturity = Maturity level (highest first)
domain-service-sort-online-since = Online since (newest first)

## OZG topic areas
domain-topic-area-arbeit-ruhestand = Work & retirement
domain-topic-area-bauen-wohnen = Building & housing
domain-topic-area-bildung = Education
domain-topic-area-ein-auswanderung = Immigration & emigration
domain-topic-area-engagement-hobby = Volunteering & hobbies
domain-topic-area-familie-kind = Family & children
domain-topic-area-forschung-foerderung = Research & funding
domain-topic-area-gesundheit = Health
domain-topic-area-mobilitaet-reisen = Mobility & travel
domain-topic-area-querschnitt = Cross-cutting services
domain-topic-area-recht-ordnung = Law & order
domain-topic-area-steuern-zoll = Tax & customs
domain-topic-area-umwelt = Environment
domain-topic-area-unternehmensfuehrung = Running & developing a business

## Kinds of search hits
domain-search-kind-project = Project
domain-search-kind-service = Online service
domain-search-kind-report = Annual status report
domain-search-kind-inquiry = Council inquiry

## Annual reports: section headings, figures a text refers to
domain-report-section-foreword = Foreword
domain-report-section-action-fields = Action fields
domain-report-section-projects = Projects
domain-report-section-services = Online services
domain-report-section-outlook = Outlook
domain-figure-key-figures = Table of all key figures
domain-figure-projects-by-status = Projects by status
domain-figure-projects-by-kind = Projects by type
domain-figure-services-by-maturity = Online services by maturity level
domain-figure-milestones = Milestones: reached, moved, overdue
domain-figure-projects-chart = Chart: projects per month by status
domain-figure-milestones-chart = Chart: milestones reached per month
domain-figure-services-chart = Chart: online services per month by maturity level
# Before a maturity level in a figure: "Maturity level 3 – Online service (Maturity Model 1.1)".
domain-figure-maturity = Maturity level

## Histories of records: what was done, fields, values
domain-history-action-create = created
domain-history-action-update = changed
domain-history-action-archive = archived
domain-history-action-restore = restored
domain-history-action-delete = deleted
domain-history-action-release = approved
domain-history-action-return = returned
domain-history-action-submit = submitted for approval
domain-history-action-reopen = reopened
domain-history-yes = yes
domain-history-no = no
domain-history-field-title = Title
domain-history-field-kind = Type
domain-history-field-status = Status
domain-history-field-progress-override = Progress in % (empty: from milestones)
domain-history-field-summary = Summary
domain-history-field-planned-start = Planned start
domain-history-field-planned-end = Planned end
domain-history-field-actual-start = Actual start
domain-history-field-actual-end = Actual end
domain-history-field-planned-on = Planned for
domain-history-field-forecast-on = Forecast
domain-history-field-forecast-reason = Reason for the forecast
domain-history-field-achieved-on = Reached on
