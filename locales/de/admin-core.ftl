# The admin area's frame, login, account, start page, work screen, board,
# releases, conflict and history (templates/admin/…, src/admin/…).

## Frame (templates/admin/base.html, src/admin/layout.rs)
admin-editorial = Redaktion
admin-skip-to-content = Zum Inhalt springen
admin-to-portal = Zum Portal
admin-logout = Abmelden
admin-nav-start = Start
admin-nav-projects = Projekte
admin-nav-board = Board
admin-nav-releases = Freigaben
admin-nav-services = Online-Dienste
admin-nav-content = Weitere Inhalte
admin-nav-users = Benutzer
admin-nav-account = Mein Konto

## Shared
admin-problem = Es gibt ein Problem
admin-error-prefix = Fehler:
admin-breadcrumbs = Brotkrumen
admin-date-placeholder = TT.MM.JJJJ

## Login (templates/admin/login.html, totp_login.html, src/admin/login.rs, throttle.rs)
admin-login-title = Anmelden
admin-login-intro = Für das { $value }-Team, die Handlungsfeldkoordination, Projektleitungen und die Lenkungsgruppe.
admin-login-email = E-Mail-Adresse
admin-login-password = Passwort
admin-login-submit = Anmelden
admin-login-logged-out = Sie sind abgemeldet.
admin-login-failed = E-Mail-Adresse oder Passwort ist falsch.
admin-totp-title = Bestätigungscode
admin-totp-intro = Bitte geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.
admin-totp-code = Code
admin-totp-submit = Bestätigen
admin-totp-failed = Der Code ist falsch oder abgelaufen. Bitte geben Sie den aktuellen sechsstelligen Code aus Ihrer App ein.
admin-throttle-wait-one = Zu viele fehlgeschlagene Anmeldeversuche in kurzer Zeit. Bitte warten Sie noch 1 Sekunde und versuchen Sie es dann erneut. Ihr Konto ist nicht gesperrt.
# $value: the number of seconds (more than one).
admin-throttle-wait = Zu viele fehlgeschlagene Anmeldeversuche in kurzer Zeit. Bitte warten Sie noch { $value } Sekunden und versuchen Sie es dann erneut. Ihr Konto ist nicht gesperrt.

## Account (templates/admin/account.html, src/admin/login.rs, src/admin/auth.rs)
admin-account-title = Mein Konto
admin-account-password-heading = Passwort ändern
admin-account-current-password = Bisheriges Passwort
admin-account-new-password = Neues Passwort
admin-account-new-password-help = 12 bis 128 Zeichen; kein häufig verwendetes Passwort. Gut sind mehrere zufällige Wörter.
admin-account-repeat-password = Neues Passwort wiederholen
admin-account-password-submit = Passwort ändern
admin-account-totp-heading = Anmeldung mit Bestätigungscode (zweiter Faktor)
admin-account-totp-intro = Scannen Sie den QR-Code mit einer Authenticator-App oder geben Sie den Schlüssel ein. Bestätigen Sie dann mit dem angezeigten Code. Danach wird der Code bei jeder Anmeldung abgefragt.
admin-account-qr-label = QR-Code zum Einrichten der Authenticator-App
admin-account-secret = Schlüssel:
admin-account-totp-password = Ihr Passwort
admin-account-totp-code = Code aus der App
admin-account-totp-submit = Einrichten
admin-account-totp-enabled = Eingerichtet: Bei jeder Anmeldung wird ein Code aus Ihrer App abgefragt.
admin-account-password-changed = Ihr Passwort wurde geändert.
admin-account-totp-done = Die Anmeldung mit Bestätigungscode ist eingerichtet. Ab jetzt wird der Code bei jeder Anmeldung abgefragt.
admin-account-current-wrong = Das bisherige Passwort ist falsch.
admin-account-mismatch = Die beiden neuen Passwörter stimmen nicht überein.
admin-account-totp-password-wrong = Das Passwort stimmt nicht. Bitte bestätigen Sie die Einrichtung mit Ihrem aktuellen Passwort.
admin-account-totp-code-wrong = Der Code stimmt nicht. Bitte prüfen Sie die Uhrzeit Ihres Geräts und geben Sie den aktuellen Code ein.
# $value: the least / greatest number of characters.
admin-password-too-short = Das Passwort muss mindestens { $value } Zeichen lang sein.
admin-password-too-long = Das Passwort darf höchstens { $value } Zeichen lang sein.
admin-password-common = Dieses Passwort ist zu leicht zu erraten: Es steht auf einer Liste häufig verwendeter Passwörter oder folgt einem bekannten Muster. Bitte wählen Sie ein anderes, z. B. aus mehreren zufälligen Wörtern.

## Start page (templates/admin/dashboard.html, src/admin/login.rs)
admin-dashboard-title = Redaktion
# $value: the number of submitted reports.
admin-dashboard-submitted = { $value } Bericht(e) warten auf Freigabe.
admin-dashboard-to-releases = Zu den Freigaben
# $value: "alle Projekte" or "3 Projekte in Ihrer Zuständigkeit".
admin-tile-projects-text = Status, Fortschritt, Meilensteine und Meldungen pflegen ({ $value }).
admin-tile-projects-all = alle Projekte
# $value: the number of projects.
admin-tile-projects-scope = { $value } Projekte in Ihrer Zuständigkeit
admin-tile-board-text = Projekte nach Status; Karten verschieben.
admin-tile-releases-text = Abschlussberichte und Sachstandsberichte freigeben oder zurückgeben.
admin-tile-services-text = Katalog pflegen, als CSV exportieren und importieren.
admin-tile-content-text = Strategie, Handlungsfelder, Gremien, Berichte, Anfragen, Seiten.
admin-tile-users-text = Konten anlegen, Rollen und Zuständigkeiten setzen, deaktivieren.

## Board (templates/admin/board.html, src/admin/work.rs)
admin-board-title = Board
admin-board-heading = Board: Projekte nach Status
admin-board-hint = Karte verschieben: neuen Status wählen und „Verschieben“ drücken. Jede Verschiebung erscheint als Meldung.
admin-board-empty = Keine Projekte.
# $value: the project's title.
admin-board-new-status = Neuer Status für { $value }
admin-board-move = Verschieben
admin-board-moved = Status geändert.

## Work screen (templates/admin/work.html, src/admin/work.rs)
# $value: the project's title.
admin-work-title = Tagesgeschäft: { $value }
admin-work-public-page = Öffentliche Seite
admin-work-edit-all = Alle Angaben bearbeiten
admin-work-final-report = Abschlussbericht
admin-work-history = Verlauf
admin-work-hint = Jede Änderung hier erscheint mit Datum als Meldung unter „Aktuelles“ und im Atom-Feed – außer sie ist als intern markiert.
admin-work-status-heading = Status und Fortschritt
admin-work-status = Status
admin-work-progress = Fortschritt in % (leer: aus Meilensteinen berechnet)
admin-work-status-note = Erläuterung für die Meldung (optional)
admin-work-status-internal = Intern (keine öffentliche Meldung)
admin-work-status-save = Status speichern
admin-work-milestones = Meilensteine
admin-work-milestone-new = Meilenstein anlegen
admin-work-milestones-none = Noch keine Meilensteine.
admin-work-badge-reached = erreicht
admin-work-badge-overdue = überfällig
admin-work-planned = Geplant
admin-work-forecast = Prognose
admin-work-reached-on = erreicht am
admin-work-edit = bearbeiten
admin-work-reached-label = Erreicht am
admin-work-internal = Intern
admin-work-mark-reached = Als erreicht markieren
admin-work-new-forecast = Neue Prognose
admin-work-reason = Grund
admin-work-move-forecast = Prognose verschieben
admin-work-update-heading = Meldung veröffentlichen
admin-work-update-title = Titel
admin-work-update-body = Text (Markdown)
admin-work-update-internal = Intern (nicht öffentlich)
admin-work-update-save = Meldung speichern
admin-work-updates-recent = Letzte Meldungen
admin-work-updates-none = Noch keine Meldungen.
admin-work-badge-internal = intern
admin-work-saved-status = Status und Fortschritt gespeichert.
admin-work-saved-reached = Meilenstein als erreicht eingetragen.
admin-work-saved-forecast = Prognose gespeichert.
admin-work-saved-update = Meldung gespeichert.
admin-work-error-status = Bitte einen Status wählen.
admin-work-error-progress = Fortschritt: bitte eine ganze Zahl von 0 bis 100 angeben oder leer lassen (dann zählen die Meilensteine).
admin-work-error-update-title = Bitte einen Titel für die Meldung angeben (höchstens 200 Zeichen).
admin-work-error-reached-date = Bitte das Datum angeben, an dem der Meilenstein erreicht wurde (TT.MM.JJJJ).
admin-work-error-future = Ein Meilenstein kann nicht in der Zukunft erreicht worden sein.
admin-work-error-forecast-date = Bitte das neue voraussichtliche Datum angeben (TT.MM.JJJJ).
admin-work-error-reason = Bitte einen Grund für die Verschiebung angeben; er wird mit veröffentlicht.
admin-work-error-reason-long = Der Grund darf höchstens 500 Zeichen lang sein.

## Releases (templates/admin/releases.html, src/admin/releases.rs)
admin-releases-title = Freigaben
admin-releases-pending = Zur Freigabe vorgelegt
admin-releases-pending-none = Derzeit liegt nichts zur Freigabe vor.
admin-releases-read = Bericht lesen
admin-releases-release = Freigeben und veröffentlichen
admin-releases-comment = Kommentar für das Team
admin-releases-return = Zurückgeben
admin-releases-released = Freigegeben
admin-releases-released-none = Noch nichts freigegeben.
admin-releases-reopen = Wieder öffnen
admin-releases-done-released = Freigegeben. Der Bericht ist jetzt öffentlich.
admin-releases-done-returned = Zurückgegeben. Das Team sieht Ihren Kommentar.
admin-releases-done-reopened = Wieder geöffnet: Der Bericht ist nicht mehr öffentlich und kann bearbeitet werden.
admin-releases-error-comment = Bitte begründen Sie die Rückgabe im Kommentarfeld; das Team braucht den Hinweis.
admin-releases-error-typeset = Der Bericht konnte nicht als PDF gesetzt werden; die Freigabe ist deshalb nicht erfolgt. Bitte prüfen Sie den Text (z. B. sehr lange Tabellen) oder wenden Sie sich an den Betrieb.
admin-releases-error-stale = Der Bericht wurde inzwischen geändert oder ist nicht mehr in diesem Zustand. Bitte prüfen Sie die aktuelle Fassung unten.
admin-releases-error-four-eyes = Vier-Augen-Prinzip: Sie haben diesen Bericht vorgelegt oder zuletzt bearbeitet. Freigeben oder zurückgeben muss ihn eine andere Person.
admin-releases-error-submit = Der Bericht wurde inzwischen geändert oder ist schon vorgelegt. Bitte laden Sie die Seite neu.
# $value: the project's title (page title and the entry in the list of releases).
admin-final-report-title = Abschlussbericht: { $value }
admin-final-report-saved = Entwurf gespeichert. Er ist nicht öffentlich, bis die Lenkungsgruppe ihn freigibt.
admin-final-report-submitted = Zur Freigabe vorgelegt.
admin-final-report-locked = Der Bericht ist vorgelegt oder freigegeben und kann nicht mehr geändert werden.
admin-final-report-conflict = Jemand hat den Bericht inzwischen gespeichert. Ihre Fassung steht unten; die gespeicherte sehen Sie nach dem Neuladen. Speichern Sie erneut, um Ihre Fassung zu übernehmen.

## Editing conflict (templates/admin/conflict.html)
admin-conflict-heading = Bearbeitungskonflikt
admin-conflict-title = Jemand hat diesen Eintrag gespeichert, während Sie ihn bearbeitet haben
admin-conflict-text = Ihre Änderungen sind nicht gespeichert und nicht verloren: Sie stehen unten im Formular. Vergleichen Sie beide Fassungen und speichern Sie dann bewusst – oder übernehmen Sie die gespeicherte Fassung.
admin-conflict-region = Vergleich der Fassungen
admin-conflict-caption = Ihre Fassung und die gespeicherte Fassung im Vergleich
admin-conflict-field = Feld
admin-conflict-yours = Ihre Fassung
admin-conflict-theirs = Gespeicherte Fassung
admin-conflict-differs = unterschiedlich
admin-conflict-discard = Gespeicherte Fassung übernehmen und Ihre Eingaben verwerfen
admin-conflict-save-mine = Meine Fassung speichern (ersetzt die gespeicherte)

## History (templates/admin/history.html, src/admin/history.rs)
# $value: the kind of record ("Projekt").
admin-history-title = Verlauf: { $value }
admin-history-entry = Eintrag
admin-history-none = Keine Änderungen verzeichnet.
# "12.05.2023 14:03: geändert von Anna Beispiel"
admin-history-by = von
admin-history-no-fields = Keine Feldänderungen.
# $value: when the change was made.
admin-history-changes-of = Änderungen vom { $value }
admin-history-field = Feld
admin-history-before = vorher
admin-history-after = nachher
admin-history-empty = (leer)
