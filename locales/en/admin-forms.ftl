# The admin area's generic screens: lists, forms and their fields, content index,
# final report form, CSV import of online services, users
# (templates/admin/list.html, form.html, form_macros.html, fields.html,
# content_index.html, final_report.html, import.html, import_progress.html,
# user_form.html, users.html; src/admin/crud.rs, entities.rs, forms.rs, users.rs,
# services_csv.rs, store.rs).

## Shared
adminf-breadcrumbs = Breadcrumbs
adminf-problem = There is a problem
adminf-error-prefix = Error:
adminf-history = History
adminf-save = Save
adminf-preview-show = Show preview
adminf-submit-for-release = Submit to the steering group for approval
adminf-release-status = Approval status:
adminf-yes = yes
adminf-no = no

## Entities' names, looked up by the entity's slug (src/admin/entities.rs:
## adminf-entity-SLUG-one / -many). The singular stands inside sentences
## ("Add project", "Edit project"), so it is in lower case.
adminf-entity-projekte-one = project
adminf-entity-projekte-many = Projects
adminf-entity-meilensteine-one = milestone
adminf-entity-meilensteine-many = Milestones
adminf-entity-meldungen-one = update
adminf-entity-meldungen-many = Updates
adminf-entity-online-dienste-one = online service
adminf-entity-online-dienste-many = Online services
adminf-entity-handlungsfelder-one = action field
adminf-entity-handlungsfelder-many = Action fields
adminf-entity-ziele-one = goal
adminf-entity-ziele-many = Goals
adminf-entity-leitlinien-one = guideline
adminf-entity-leitlinien-many = Guidelines
adminf-entity-themen-one = cross-cutting theme
adminf-entity-themen-many = Cross-cutting themes
adminf-entity-einheiten-one = organisational unit
adminf-entity-einheiten-many = Organisational units
adminf-entity-gremien-one = committee
adminf-entity-gremien-many = Committees
adminf-entity-berichte-one = annual status report
adminf-entity-berichte-many = Annual status reports
adminf-entity-anfragen-one = council inquiry
adminf-entity-anfragen-many = Council inquiries
adminf-entity-seiten-one = page
adminf-entity-seiten-many = Pages
adminf-entity-strategie-one = strategy
adminf-entity-strategie-many = Strategy
adminf-entity-abschlussberichte-one = final report
adminf-entity-abschlussberichte-many = Final reports

## Lists (templates/admin/list.html, src/admin/crud.rs)
# $value: the entity's singular ("project"); the list's button and the form's title.
adminf-create = Add { $value }
# $value: the entity's singular.
adminf-edit = Edit { $value }
adminf-list-export-csv = Export as CSV
adminf-list-import-csv = Import CSV
adminf-list-current-only = Show current entries only
adminf-list-with-archived = Show archived entries too
adminf-list-empty = No entries yet.
adminf-list-empty-scope = No entries within your remit yet.
adminf-list-col-title = Title
adminf-list-col-updated = Last changed
adminf-list-col-version = Version
adminf-list-col-actions = Actions
adminf-list-archived = archived
adminf-daily-work = Day-to-day work
adminf-pagination-nav = Pages
adminf-pagination-page = Page
adminf-notice-archived = Archived. The entry is no longer public and can be restored here.

## Content index (templates/admin/content_index.html)
adminf-content-title = Other content
adminf-content-strategy = Strategy (vision, council decision)
adminf-content-all-milestones = All milestones
adminf-content-all-updates = All updates

## Forms (templates/admin/form.html, form_macros.html, src/admin/crud.rs)
adminf-form-archived = This entry is archived and not visible to the public.
adminf-form-public-page = View the public page
adminf-form-daily-work = Day-to-day work (milestones, status, updates)
adminf-form-release-public = Only an approved report is public.
adminf-form-draft-pdf = View the draft as PDF
adminf-form-draft-pdf-note = (with the watermark ‘Draft’ and today's figures; in the admin area only)
adminf-form-restore = Restore
adminf-form-archive = Archive
adminf-form-archive-hint = Archived entries are no longer public, but are kept with their history.
adminf-notice-saved = Saved. The change is visible to the public as soon as the entry is published.
adminf-notice-unchanged = There were no changes to save.
adminf-notice-restored = Restored.
adminf-error-report-frozen = This report has been submitted for approval or approved and cannot be changed. The administration can reopen it under ‘Approvals’.
adminf-conflict-title = Editing conflict
# Who saved the newer version and when ("redaktion@mainz.de on 12 May 2023, 14:30").
adminf-conflict-changed-by = { $actor } on { $at }

## Fields (templates/admin/fields.html)
adminf-field-pairs-help = In the order saved; empty pairs are not saved. For more pairs, save (or ‘Preview’) – two new empty ones then appear.
adminf-field-question = Question
adminf-field-answer = Answer
adminf-field-links-none = There are no entries.
adminf-field-required = (required)
adminf-field-choose = – please choose –
adminf-field-preview = Preview
adminf-field-date-placeholder = DD.MM.YYYY

## Field labels and help texts (src/admin/entities.rs)
adminf-field-title = Title
adminf-field-slug = Short name (address)
adminf-field-slug-help = Part of the address, for example ‘ausbau-lorawan-netz’; cannot be changed later.
adminf-field-position = Order
adminf-field-body = Text
adminf-field-source = Source
adminf-field-source-help = Where the information comes from, for example ‘Answer to inquiry 0730/2023, question 1’.
adminf-field-illustrative = Example data (not from the city's sources)
adminf-field-archived-at = Archived
adminf-field-kind = Type
adminf-field-status = Status
adminf-field-project-unit = Responsible organisational unit
adminf-field-lead-role = Project lead (role, no names)
adminf-field-team-roles = Project team (roles, no names)
adminf-field-action-fields = Action fields
adminf-field-themes = Cross-cutting themes
adminf-field-project-services = Linked online services
adminf-field-project-summary = Short description
adminf-field-description = Description
adminf-field-smart-goals = SMART goals (one per line)
adminf-field-measures = Measures (one per line)
adminf-field-progress-override = Progress in % (empty: from the milestones)
adminf-field-staff-planned = Staff planned (FTE)
adminf-field-staff-approved = Staff approved (FTE)
adminf-field-budget-planned = Funding planned (€)
adminf-field-budget-approved = Funding approved (€)
adminf-field-planned-start = Planned start
adminf-field-planned-end = Planned end
adminf-field-actual-start = Actual start
adminf-field-actual-end = Actual end
adminf-field-project = Project
adminf-field-planned-on = Planned for
adminf-field-forecast-on = Forecast
adminf-field-forecast-reason = Reason for the forecast
adminf-field-achieved-on = Reached on
adminf-field-published-on = Date
adminf-field-internal = Internal (not public)
adminf-field-service-name = Name of the service
adminf-field-leika-key = LeiKa key
adminf-field-leika-key-help = 14 digits
adminf-field-ozg-id = OZG service (identifier)
adminf-field-topic-area = OZG topic area
adminf-field-life-situation = Life situation
adminf-field-addressee = Target group
adminf-field-service-unit = Responsible organisational unit
adminf-field-maturity-model = Maturity model
adminf-field-maturity-model-help = Ratings under model 1.1 remain valid on that model's scale
adminf-field-maturity = Maturity level
adminf-field-maturity-rated-on = Rated on
adminf-field-efa = EfA service (‘one for all’)
adminf-field-efa-lead-state = EfA: lead federal state
adminf-field-online-since = Online since
adminf-field-application-url = Address of the online application
adminf-field-application-url-help = starts with https://
adminf-field-name = Name
adminf-field-unit-number = Number (for example 10.02.01)
adminf-field-parent = Part of
adminf-field-governance-level = Level
adminf-field-governance-level-help = empty for committees above the programme, for example the city council
adminf-field-chair = Chair (role)
adminf-field-figure-help = Markdown. Do not copy figures; insert them: a line {"{{kennzahlen}}"}, {"{{projekte-nach-status}}"}, {"{{projekte-nach-art}}"}, {"{{dienste-nach-reifegrad}}"}, {"{{meilensteine}}"}, {"{{verlauf-projekte}}"}, {"{{verlauf-meilensteine}}"} or {"{{verlauf-dienste}}"}. Until approval they show the current figures; on approval they are fixed.
adminf-field-year = Year
adminf-field-foreword = Foreword
adminf-field-report-body = Status (overview and governance)
adminf-field-report-action-fields = Action fields (one section per action field)
adminf-field-report-projects = Projects
adminf-field-report-services = Online services (OZG)
adminf-field-outlook = Outlook
adminf-field-inquiry-number = Number (for example 0730/2023)
adminf-field-faction = Political group
adminf-field-inquiry-body = Preliminary remarks on the answer
adminf-field-asked-on = Asked on
adminf-field-answered-on = Answered on
adminf-field-answered-by = Answered by
adminf-field-oparl-id = OParl identifier (paper ID in the council information system)
adminf-field-items = Questions and answers
adminf-field-inquiry-projects = Projects mentioned
adminf-field-inquiry-services = Online services mentioned
adminf-field-document-title = Title of the strategy paper
adminf-field-vision = Vision
adminf-field-adopted-on = Adopted on
adminf-field-adopted-by = Adopted by
adminf-field-final-summary = Result and summary
adminf-field-lessons-learned = Lessons learned

## Choices of select fields (src/admin/entities.rs)
adminf-maturity-0 = 0 – 1.1: Offline · 2.0: offline only
adminf-maturity-1 = 1 – 1.1: Information · 2.0: Front-end digitalisation
adminf-maturity-2 = 2 – 1.1: Form assistant · 2.0: Front-end digitalisation
adminf-maturity-3 = 3 – 1.1: Online service · 2.0: Front-end digitalisation
adminf-maturity-4 = 4 – 1.1: Online transaction · 2.0: Process orientation and data centricity
adminf-maturity-5 = 5 – 2.0 only: Process orientation and data centricity
adminf-maturity-6 = 6 – 2.0 only: Process orientation and data centricity
adminf-maturity-7 = 7 – 2.0 only: End-to-end digital
adminf-maturity-model-v1 = Maturity Model 1.1 (levels 0–4)
adminf-maturity-model-v2 = Maturity Model 2.0 (levels 0–7, since July 2025)
adminf-level-1 = 1 – Strategic steering
adminf-level-2 = 2 – Management
adminf-level-3 = 3 – Project delivery

## Rules across fields (src/admin/entities.rs)
adminf-check-planned-end = The planned end is before the planned start.
adminf-check-actual-end = The actual end is before the actual start.
adminf-check-achieved-date = A reached milestone needs the date on which it was reached.
adminf-check-achieved-status = With a ‘Reached on’ date, the status must be ‘reached’.
adminf-check-leika = The LeiKa key consists of 14 digits.
adminf-check-url = The address must start with https://.
# $model: the maturity model's name ("Maturity Model 1.1"); $max: its highest level.
adminf-check-maturity-scale = { $model } has levels 0 to { $max }; please choose one of these levels or model 2.0.
# $model: the maturity model's name; $date: the first day it applies.
adminf-check-maturity-from = { $model } only applies from { $date }.
adminf-check-inquiry-number = The number has the form 0730/2023.

## Validation of single fields (src/admin/forms.rs)
adminf-error-version = The form is missing its version number.
# $value: the field's label.
adminf-error-required = Enter ‘{ $value }’.
# $label: the field's label; $max: the greatest number of characters.
adminf-error-too-long = ‘{ $label }’ must be { $max } characters or fewer.
adminf-error-slug = Only lower-case letters a–z, digits and hyphens, for example ‘ausbau-lorawan-netz’.
adminf-error-text-too-long = The text is too long (100,000 characters at most).
adminf-error-date = Enter a date in the form DD.MM.YYYY, for example 12.05.2023.
# $min, $max: the smallest and greatest number allowed.
adminf-error-integer = Enter a whole number from { $min } to { $max }.
adminf-error-decimal = Enter a number of 0 or more, with a decimal comma, for example 1,5.
# $value: the field's label.
adminf-error-choice = Choose one of the values offered for ‘{ $value }’.
# $value: the field's label.
adminf-error-ref = Choose an entry from the list for ‘{ $value }’.
# $value: the field's label.
adminf-error-links = Unknown choice for ‘{ $value }’.
# $value: the number of the pair.
adminf-error-pair = Pair { $value }: a question and its answer belong together; fill in both or empty both.

## Unique keys (src/admin/store.rs)
adminf-unique-slug = This short name is already taken; it must be unique.
adminf-unique-year = There is already an entry for this year.
adminf-unique-number = This number is already taken.
adminf-unique-position = This position is already taken in this project.
adminf-unique-email = This email address is already taken.

## Final report (templates/admin/final_report.html)
adminf-final-breadcrumb-projects = Projects
adminf-final-heading = Final report:
adminf-final-not-created = not created yet
adminf-final-public = The report becomes public only once the steering group has approved it.
adminf-final-comment = Comment from the steering group
adminf-final-save-draft = Save draft
# $value: the report's release state ("Approved").
adminf-final-frozen = This report can no longer be edited (status: { $value }).

## CSV import of online services (templates/admin/import.html, import_progress.html, src/admin/services_csv.rs)
adminf-import-breadcrumb = Online services
adminf-import-heading = Import online services from CSV
adminf-import-title = Import online services
adminf-import-bad-rows = Rows with errors
adminf-import-col-line = Line
adminf-import-col-reason = Reason
# The explanation is cut around its link to the export and the column name "slug".
adminf-import-intro-before-link = The file has the same columns as the
adminf-import-intro-link = CSV export
adminf-import-intro-before-column = : export, edit in a spreadsheet, import again. Separator: semicolon or comma; UTF-8 (with or without BOM) or Windows-1252. Entries are matched by the
adminf-import-intro-after-column = column: existing entries are updated, new ones are created. If even one row contains an error, nothing is imported.
adminf-import-file = CSV file
adminf-import-submit = Check and import
adminf-progress-title = Import
adminf-progress-heading = Import of online services
# "Import running: 40 of 300 rows processed."
adminf-progress-running = Import running:
adminf-progress-of = of
adminf-progress-rows = rows processed.
adminf-progress-label = Progress of the import
adminf-progress-refresh = Refresh
adminf-progress-to-services = Go to online services
adminf-progress-done = Import complete:
adminf-progress-retry = Try again
adminf-csv-windows-1252 = The file was not UTF-8 encoded and was read as Windows-1252 (ANSI).
# $value: the CSV reader's error.
adminf-csv-header-unreadable = Header row cannot be read: { $value }
# $value: the missing column names, separated by commas.
adminf-csv-missing-columns = Columns missing from the header row: { $value }
# $value: the unknown column names, separated by commas.
adminf-csv-unknown-columns = Unknown columns: { $value }
# $value: the CSV reader's error.
adminf-csv-row-unreadable = Row cannot be read: { $value }
# $slug: the short name; $line: the line where it stood first.
adminf-csv-duplicate-slug = Short name ‘{ $slug }’ already appears in line { $line }
# $value: the organisational unit's short name in the file.
adminf-csv-unknown-unit = There is no organisational unit ‘{ $value }’
# $column: the column ("faelle_2023"); $value: the cell.
adminf-csv-bad-cases = Column { $column }: ‘{ $value }’ is not a case number
# $value: the largest file size in MB.
adminf-csv-too-large = The file is too large ({ $value } MB at most).
adminf-csv-no-file = Choose a CSV file.
# $value: the number of invalid rows.
adminf-csv-invalid-rows = { $value } row(s) with errors: nothing has been imported. Please correct the file and upload it again.
# $created, $updated, $unchanged: numbers of services.
adminf-csv-report = { $created } new, { $updated } changed, { $unchanged } unchanged.
adminf-csv-failed = The import failed; nothing has been changed.

## Users (templates/admin/users.html, user_form.html, src/admin/users.rs)
adminf-users-title = Users
adminf-user-create = Add user
adminf-user-edit = Edit user
adminf-users-col-name = Name
adminf-users-col-email = Email
adminf-users-col-role = Role
adminf-users-col-second-factor = Second factor
adminf-users-col-status = Status
adminf-users-totp-set = set up
adminf-users-active = active
adminf-users-inactive = deactivated
adminf-user-email = Email address
adminf-user-name = Name
adminf-user-role = Role
adminf-user-password = First password
adminf-user-password-help = 12 to 128 characters, not a commonly used password; the person can change it themselves afterwards.
adminf-user-repeat = Repeat password
adminf-user-active = Account active
adminf-user-action-fields = Action fields (for action field coordination)
adminf-user-projects = Projects (for project lead / editorial)
adminf-user-second-factor = Second factor
adminf-user-second-factor-text = The person signs in with a code from their app. If they have lost the device, reset the second factor; they will be signed out and set it up again.
adminf-user-second-factor-reset = Reset second factor
adminf-user-error-email = Enter a valid email address, for example name@example.org.
adminf-user-error-name = Enter a name.
# $value: the hashing library's error.
adminf-user-error-hash = The password could not be processed: { $value }
adminf-user-error-role = Choose a role.
adminf-user-error-mismatch = The two passwords do not match.
adminf-user-error-self = You cannot remove your own administration role or deactivate yourself.
adminf-user-error-conflict = Someone has changed this account in the meantime. Please reload the page; your entries are still in the form.
adminf-user-notice-created = The account has been created.
adminf-user-notice-saved = Saved.
adminf-user-notice-second-factor = The second factor has been reset; the person will set it up again the next time they sign in.
