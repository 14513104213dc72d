# The admin area's frame, login, account, start page, work screen, board,
# releases, conflict and history (templates/admin/…, src/admin/…).

## Frame (templates/admin/base.html, src/admin/layout.rs)
admin-editorial = Editorial area
admin-skip-to-content = Skip to content
admin-to-portal = Go to the portal
admin-logout = Sign out
admin-nav-start = Start
admin-nav-projects = Projects
admin-nav-board = Board
admin-nav-releases = Approvals
admin-nav-services = Online services
admin-nav-content = Other content
admin-nav-users = Users
admin-nav-account = My account

## Shared
admin-problem = There is a problem
admin-error-prefix = Error:
admin-breadcrumbs = Breadcrumbs
admin-date-placeholder = DD.MM.YYYY

## Login (templates/admin/login.html, totp_login.html, src/admin/login.rs, throttle.rs)
admin-login-title = Sign in
admin-login-intro = For the { $value } team, the action field coordinators, project managers and the steering group.
admin-login-email = Email address
admin-login-password = Password
admin-login-submit = Sign in
admin-login-logged-out = You have signed out.
admin-login-failed = The email address or password is incorrect.
admin-totp-title = Verification code
admin-totp-intro = Please enter the six-digit code from your authenticator app.
admin-totp-code = Code
admin-totp-submit = Confirm
admin-totp-failed = The code is incorrect or has expired. Please enter the current six-digit code from your app.
admin-throttle-wait-one = Too many failed sign-in attempts in a short time. Please wait 1 more second and then try again. Your account has not been locked.
# $value: the number of seconds (more than one).
admin-throttle-wait = Too many failed sign-in attempts in a short time. Please wait { $value } more seconds and then try again. Your account has not been locked.

## Account (templates/admin/account.html, src/admin/login.rs, src/admin/auth.rs)
admin-account-title = My account
admin-account-password-heading = Change password
admin-account-current-password = Current password
admin-account-new-password = New password
admin-account-new-password-help = 12 to 128 characters; not a commonly used password. Several random words work well.
admin-account-repeat-password = Repeat new password
admin-account-password-submit = Change password
admin-account-totp-heading = Signing in with a verification code (second factor)
admin-account-totp-intro = Scan the QR code with an authenticator app or enter the key. Then confirm with the code shown. From then on, the code will be asked for every time you sign in.
admin-account-qr-label = QR code for setting up the authenticator app
admin-account-secret = Key:
admin-account-totp-password = Your password
admin-account-totp-code = Code from the app
admin-account-totp-submit = Set up
admin-account-totp-enabled = Set up: a code from your app is asked for every time you sign in.
admin-account-password-changed = Your password has been changed.
admin-account-totp-done = Signing in with a verification code is now set up. From now on, the code will be asked for every time you sign in.
admin-account-current-wrong = The current password is incorrect.
admin-account-mismatch = The two new passwords do not match.
admin-account-totp-password-wrong = The password is incorrect. Please confirm the set-up with your current password.
admin-account-totp-code-wrong = The code is incorrect. Please check the time on your device and enter the current code.
# $value: the least / greatest number of characters.
admin-password-too-short = The password must be at least { $value } characters long.
admin-password-too-long = The password must be no more than { $value } characters long.
admin-password-common = This password is too easy to guess: it is on a list of commonly used passwords or follows a well-known pattern. Please choose another one, for example made up of several random words.

## Start page (templates/admin/dashboard.html, src/admin/login.rs)
admin-dashboard-title = Editorial area
# $value: the number of submitted reports.
admin-dashboard-submitted = { $value } report(s) awaiting approval.
admin-dashboard-to-releases = Go to approvals
# $value: "all projects" or "3 projects you are responsible for".
admin-tile-projects-text = Keep status, progress, milestones and updates up to date ({ $value }).
admin-tile-projects-all = all projects
# $value: the number of projects.
admin-tile-projects-scope = { $value } projects you are responsible for
admin-tile-board-text = Projects by status; move cards.
admin-tile-releases-text = Approve or return final reports and annual status reports.
admin-tile-services-text = Maintain the catalogue, export and import it as CSV.
admin-tile-content-text = Strategy, action fields, committees, reports, inquiries, pages.
admin-tile-users-text = Create accounts, set roles and responsibilities, deactivate accounts.

## Board (templates/admin/board.html, src/admin/work.rs)
admin-board-title = Board
admin-board-heading = Board: projects by status
admin-board-hint = To move a card: choose the new status and press ‘Move’. Every move appears as an update.
admin-board-empty = No projects.
# $value: the project's title.
admin-board-new-status = New status for { $value }
admin-board-move = Move
admin-board-moved = Status changed.

## Work screen (templates/admin/work.html, src/admin/work.rs)
# $value: the project's title.
admin-work-title = Day-to-day work: { $value }
admin-work-public-page = Public page
admin-work-edit-all = Edit all details
admin-work-final-report = Final report
admin-work-history = History
admin-work-hint = Every change made here appears, with its date, as an update under ‘Updates’ and in the Atom feed – unless it is marked as internal.
admin-work-status-heading = Status and progress
admin-work-status = Status
admin-work-progress = Progress in % (empty: calculated from the milestones)
admin-work-status-note = Explanation for the update (optional)
admin-work-status-internal = Internal (no public update)
admin-work-status-save = Save status
admin-work-milestones = Milestones
admin-work-milestone-new = Add a milestone
admin-work-milestones-none = No milestones yet.
admin-work-badge-reached = reached
admin-work-badge-overdue = overdue
admin-work-planned = Planned
admin-work-forecast = Forecast
admin-work-reached-on = reached on
admin-work-edit = edit
admin-work-reached-label = Reached on
admin-work-internal = Internal
admin-work-mark-reached = Mark as reached
admin-work-new-forecast = New forecast
admin-work-reason = Reason
admin-work-move-forecast = Move forecast
admin-work-update-heading = Publish an update
admin-work-update-title = Title
admin-work-update-body = Text (Markdown)
admin-work-update-internal = Internal (not public)
admin-work-update-save = Save update
admin-work-updates-recent = Recent updates
admin-work-updates-none = No updates yet.
admin-work-badge-internal = internal
admin-work-saved-status = Status and progress saved.
admin-work-saved-reached = Milestone recorded as reached.
admin-work-saved-forecast = Forecast saved.
admin-work-saved-update = Update saved.
admin-work-error-status = Please choose a status.
admin-work-error-progress = Progress: please enter a whole number from 0 to 100, or leave it empty (the milestones then count).
admin-work-error-update-title = Please enter a title for the update (no more than 200 characters).
admin-work-error-reached-date = Please enter the date on which the milestone was reached (DD.MM.YYYY).
admin-work-error-future = A milestone cannot have been reached in the future.
admin-work-error-forecast-date = Please enter the new expected date (DD.MM.YYYY).
admin-work-error-reason = Please give a reason for the postponement; it is published with it.
admin-work-error-reason-long = The reason must be no more than 500 characters long.

## Releases (templates/admin/releases.html, src/admin/releases.rs)
admin-releases-title = Approvals
admin-releases-pending = Submitted for approval
admin-releases-pending-none = Nothing is awaiting approval at the moment.
admin-releases-read = Read the report
admin-releases-release = Approve and publish
admin-releases-comment = Comment for the team
admin-releases-return = Return
admin-releases-released = Approved
admin-releases-released-none = Nothing approved yet.
admin-releases-reopen = Reopen
admin-releases-done-released = Approved. The report is now public.
admin-releases-done-returned = Returned. The team can see your comment.
admin-releases-done-reopened = Reopened: the report is no longer public and can be edited.
admin-releases-error-comment = Please give your reason for returning the report in the comment box; the team needs it.
admin-releases-error-typeset = The report could not be typeset as a PDF, so it has not been approved. Please check the text (for example very long tables) or contact the operations team.
admin-releases-error-stale = The report has been changed in the meantime or is no longer in this state. Please check the current version below.
admin-releases-error-four-eyes = Four-eyes principle: you submitted or last edited this report. Someone else must approve or return it.
admin-releases-error-submit = The report has been changed in the meantime or has already been submitted. Please reload the page.
# $value: the project's title (page title and the entry in the list of releases).
admin-final-report-title = Final report: { $value }
admin-final-report-saved = Draft saved. It is not public until the steering group approves it.
admin-final-report-submitted = Submitted for approval.
admin-final-report-locked = The report has been submitted or approved and can no longer be changed.
admin-final-report-conflict = Someone has saved the report in the meantime. Your version is below; you will see the saved one after reloading. Save again to keep your version.

## Editing conflict (templates/admin/conflict.html)
admin-conflict-heading = Editing conflict
admin-conflict-title = Someone saved this entry while you were editing it
admin-conflict-text = Your changes have not been saved and are not lost: they are in the form below. Compare both versions and then save deliberately – or keep the saved version.
admin-conflict-region = Comparison of the versions
admin-conflict-caption = Your version and the saved version compared
admin-conflict-field = Field
admin-conflict-yours = Your version
admin-conflict-theirs = Saved version
admin-conflict-differs = different
admin-conflict-discard = Keep the saved version and discard your changes
admin-conflict-save-mine = Save my version (replaces the saved one)

## History (templates/admin/history.html, src/admin/history.rs)
# $value: the kind of record ("Projekt").
admin-history-title = History: { $value }
admin-history-entry = Entry
admin-history-none = No changes recorded.
# "12 May 2023 14:03: changed by Anna Beispiel"
admin-history-by = by
admin-history-no-fields = No field changes.
# $value: when the change was made.
admin-history-changes-of = Changes of { $value }
admin-history-field = Field
admin-history-before = before
admin-history-after = after
admin-history-empty = (empty)
