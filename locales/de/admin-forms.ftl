# The admin area's generic screens: lists, forms and their fields, content index,
# final report form, CSV import of online services, users
# (templates/admin/list.html, form.html, form_macros.html, fields.html,
# content_index.html, final_report.html, import.html, import_progress.html,
# user_form.html, users.html; src/admin/crud.rs, entities.rs, forms.rs, users.rs,
# services_csv.rs, store.rs).

## Shared
adminf-breadcrumbs = Brotkrumen
adminf-problem = Es gibt ein Problem
adminf-error-prefix = Fehler:
adminf-history = Verlauf
adminf-save = Speichern
adminf-preview-show = Vorschau anzeigen
adminf-submit-for-release = Der Lenkungsgruppe zur Freigabe vorlegen
adminf-release-status = Freigabestatus:
adminf-yes = ja
adminf-no = nein

## Entities' names, looked up by the entity's slug (src/admin/entities.rs:
## adminf-entity-SLUG-one / -many). The singular stands inside sentences
## ("Projekt anlegen", "Projekt bearbeiten").
adminf-entity-projekte-one = Projekt
adminf-entity-projekte-many = Projekte
adminf-entity-meilensteine-one = Meilenstein
adminf-entity-meilensteine-many = Meilensteine
adminf-entity-meldungen-one = Meldung
adminf-entity-meldungen-many = Meldungen
adminf-entity-online-dienste-one = Online-Dienst
adminf-entity-online-dienste-many = Online-Dienste
adminf-entity-handlungsfelder-one = Handlungsfeld
adminf-entity-handlungsfelder-many = Handlungsfelder
adminf-entity-ziele-one = Ziel
adminf-entity-ziele-many = Ziele
adminf-entity-leitlinien-one = Leitlinie
adminf-entity-leitlinien-many = Leitlinien
adminf-entity-themen-one = Querschnittsthema
adminf-entity-themen-many = Querschnittsthemen
adminf-entity-einheiten-one = Organisationseinheit
adminf-entity-einheiten-many = Organisationseinheiten
adminf-entity-gremien-one = Gremium
adminf-entity-gremien-many = Gremien
adminf-entity-berichte-one = Sachstandsbericht
adminf-entity-berichte-many = Sachstandsberichte
adminf-entity-anfragen-one = Anfrage
adminf-entity-anfragen-many = Anfragen
adminf-entity-seiten-one = Seite
adminf-entity-seiten-many = Seiten
adminf-entity-strategie-one = Strategie
adminf-entity-strategie-many = Strategie
adminf-entity-abschlussberichte-one = Abschlussbericht
adminf-entity-abschlussberichte-many = Abschlussberichte

## Lists (templates/admin/list.html, src/admin/crud.rs)
# $value: the entity's singular ("Projekt"); the list's button and the form's title.
adminf-create = { $value } anlegen
# $value: the entity's singular.
adminf-edit = { $value } bearbeiten
adminf-list-export-csv = Als CSV exportieren
adminf-list-import-csv = CSV importieren
adminf-list-current-only = Nur aktuelle anzeigen
adminf-list-with-archived = Auch archivierte anzeigen
adminf-list-empty = Noch keine Einträge.
adminf-list-empty-scope = Noch keine Einträge in Ihrer Zuständigkeit.
adminf-list-col-title = Titel
adminf-list-col-updated = Zuletzt geändert
adminf-list-col-version = Version
adminf-list-col-actions = Aktionen
adminf-list-archived = archiviert
adminf-daily-work = Tagesgeschäft
adminf-pagination-nav = Seiten
adminf-pagination-page = Seite
adminf-notice-archived = Archiviert. Der Eintrag ist nicht mehr öffentlich und kann hier wiederhergestellt werden.

## Content index (templates/admin/content_index.html)
adminf-content-title = Weitere Inhalte
adminf-content-strategy = Strategie (Leitbild, Beschluss)
adminf-content-all-milestones = Alle Meilensteine
adminf-content-all-updates = Alle Meldungen

## Forms (templates/admin/form.html, form_macros.html, src/admin/crud.rs)
adminf-form-archived = Dieser Eintrag ist archiviert und nicht öffentlich sichtbar.
adminf-form-public-page = Öffentliche Seite ansehen
adminf-form-daily-work = Tagesgeschäft (Meilensteine, Status, Meldungen)
adminf-form-release-public = Öffentlich ist nur ein freigegebener Bericht.
adminf-form-draft-pdf = Entwurf als PDF ansehen
adminf-form-draft-pdf-note = (mit Wasserzeichen „Entwurf“ und den heutigen Zahlen; nur im Verwaltungsbereich)
adminf-form-restore = Wiederherstellen
adminf-form-archive = Archivieren
adminf-form-archive-hint = Archivierte Einträge sind nicht mehr öffentlich, bleiben aber mit ihrem Verlauf erhalten.
adminf-notice-saved = Gespeichert. Die Änderung ist öffentlich sichtbar, sobald der Eintrag veröffentlicht ist.
adminf-notice-unchanged = Es gab keine Änderungen zu speichern.
adminf-notice-restored = Wiederhergestellt.
adminf-error-report-frozen = Dieser Bericht ist zur Freigabe vorgelegt oder freigegeben und kann nicht geändert werden. Unter „Freigaben“ kann ihn die Administration wieder öffnen.
adminf-conflict-title = Bearbeitungskonflikt
# Who saved the newer version and when ("redaktion@mainz.de am 12.05.2023, 14:30").
adminf-conflict-changed-by = { $actor } am { $at }

## Fields (templates/admin/fields.html)
adminf-field-pairs-help = In der gespeicherten Reihenfolge; leere Paare werden nicht gespeichert. Für mehr Paare speichern (oder „Vorschau“) – dann erscheinen zwei neue leere.
adminf-field-question = Frage
adminf-field-answer = Antwort
adminf-field-links-none = Keine Einträge vorhanden.
adminf-field-required = (Pflichtfeld)
adminf-field-choose = – bitte wählen –
adminf-field-preview = Vorschau
adminf-field-date-placeholder = TT.MM.JJJJ

## Field labels and help texts (src/admin/entities.rs)
adminf-field-title = Titel
adminf-field-slug = Kurzname (Adresse)
adminf-field-slug-help = Teil der Adresse, z. B. „ausbau-lorawan-netz“; kann später nicht geändert werden.
adminf-field-position = Reihenfolge
adminf-field-body = Text
adminf-field-source = Quelle
adminf-field-source-help = Woher die Angabe stammt, z. B. „Antwort zur Anfrage 0730/2023, Frage 1“.
adminf-field-illustrative = Beispieldaten (nicht aus den Quellen der Stadt)
adminf-field-archived-at = Archiviert
adminf-field-kind = Art
adminf-field-status = Status
adminf-field-project-unit = Verantwortliche Organisationseinheit
adminf-field-lead-role = Projektleitung (Rolle, keine Namen)
adminf-field-team-roles = Projektteam (Rollen, keine Namen)
adminf-field-action-fields = Handlungsfelder
adminf-field-themes = Querschnittsthemen
adminf-field-project-services = Verknüpfte Online-Dienste
adminf-field-project-summary = Kurzbeschreibung
adminf-field-description = Beschreibung
adminf-field-smart-goals = SMART-Ziele (eines je Zeile)
adminf-field-measures = Maßnahmen (eine je Zeile)
adminf-field-progress-override = Fortschritt in % (leer: aus Meilensteinen)
adminf-field-staff-planned = Personal geplant (VZÄ)
adminf-field-staff-approved = Personal bewilligt (VZÄ)
adminf-field-budget-planned = Finanzmittel geplant (€)
adminf-field-budget-approved = Finanzmittel bewilligt (€)
adminf-field-planned-start = Start geplant
adminf-field-planned-end = Ende geplant
adminf-field-actual-start = Start tatsächlich
adminf-field-actual-end = Ende tatsächlich
adminf-field-project = Projekt
adminf-field-planned-on = Geplant am
adminf-field-forecast-on = Prognose
adminf-field-forecast-reason = Grund für die Prognose
adminf-field-achieved-on = Erreicht am
adminf-field-published-on = Datum
adminf-field-internal = Intern (nicht öffentlich)
adminf-field-service-name = Name der Leistung
adminf-field-leika-key = LeiKa-Schlüssel
adminf-field-leika-key-help = 14 Ziffern
adminf-field-ozg-id = OZG-Leistung (Kennung)
adminf-field-topic-area = OZG-Themenfeld
adminf-field-life-situation = Lebenslage
adminf-field-addressee = Zielgruppe
adminf-field-service-unit = Zuständige Organisationseinheit
adminf-field-maturity-model = Reifegradmodell
adminf-field-maturity-model-help = Bewertungen nach Modell 1.1 bleiben auf dessen Skala gültig
adminf-field-maturity = Reifegrad
adminf-field-maturity-rated-on = Bewertet am
adminf-field-efa = EfA-Leistung („Einer für Alle“)
adminf-field-efa-lead-state = EfA: federführendes Land
adminf-field-online-since = Online seit
adminf-field-application-url = Adresse des Online-Antrags
adminf-field-application-url-help = beginnt mit https://
adminf-field-name = Name
adminf-field-unit-number = Nummer (z. B. 10.02.01)
adminf-field-parent = Gehört zu
adminf-field-governance-level = Ebene
adminf-field-governance-level-help = leer für Gremien oberhalb des Programms, z. B. den Stadtrat
adminf-field-chair = Vorsitz (Rolle)
adminf-field-figure-help = Markdown. Zahlen nicht abschreiben, sondern einfügen: eine Zeile {"{{kennzahlen}}"}, {"{{projekte-nach-status}}"}, {"{{projekte-nach-art}}"}, {"{{dienste-nach-reifegrad}}"}, {"{{meilensteine}}"}, {"{{verlauf-projekte}}"}, {"{{verlauf-meilensteine}}"} oder {"{{verlauf-dienste}}"}. Bis zur Freigabe zeigen sie die aktuellen Zahlen, mit der Freigabe werden sie festgeschrieben.
adminf-field-year = Jahr
adminf-field-foreword = Vorwort
adminf-field-report-body = Sachstand (Überblick und Governance)
adminf-field-report-action-fields = Handlungsfelder (je Handlungsfeld ein Abschnitt)
adminf-field-report-projects = Projekte
adminf-field-report-services = Online-Dienste (OZG)
adminf-field-outlook = Ausblick
adminf-field-inquiry-number = Nummer (z. B. 0730/2023)
adminf-field-faction = Fraktion
adminf-field-inquiry-body = Vorbemerkung zur Antwort
adminf-field-asked-on = Gestellt am
adminf-field-answered-on = Beantwortet am
adminf-field-answered-by = Beantwortet von
adminf-field-oparl-id = OParl-Kennung (Paper-ID im Ratsinformationssystem)
adminf-field-items = Fragen und Antworten
adminf-field-inquiry-projects = Genannte Projekte
adminf-field-inquiry-services = Genannte Online-Dienste
adminf-field-document-title = Titel des Strategiepapiers
adminf-field-vision = Leitbild
adminf-field-adopted-on = Beschlossen am
adminf-field-adopted-by = Beschlossen von
adminf-field-final-summary = Ergebnis und Zusammenfassung
adminf-field-lessons-learned = Lessons Learned

## Choices of select fields (src/admin/entities.rs)
adminf-maturity-0 = 0 – 1.1: Offline · 2.0: nur offline
adminf-maturity-1 = 1 – 1.1: Information · 2.0: Frontend-Digitalisierung
adminf-maturity-2 = 2 – 1.1: Formular-Assistent · 2.0: Frontend-Digitalisierung
adminf-maturity-3 = 3 – 1.1: Online-Leistung · 2.0: Frontend-Digitalisierung
adminf-maturity-4 = 4 – 1.1: Online-Transaktion · 2.0: Prozessorientierung und Datenzentrierung
adminf-maturity-5 = 5 – nur 2.0: Prozessorientierung und Datenzentrierung
adminf-maturity-6 = 6 – nur 2.0: Prozessorientierung und Datenzentrierung
adminf-maturity-7 = 7 – nur 2.0: Ende-zu-Ende digital
adminf-maturity-model-v1 = Reifegradmodell 1.1 (Stufen 0–4)
adminf-maturity-model-v2 = Reifegradmodell 2.0 (Stufen 0–7, seit Juli 2025)
adminf-level-1 = 1 – Strategische Steuerung
adminf-level-2 = 2 – Management
adminf-level-3 = 3 – Projektumsetzung

## Rules across fields (src/admin/entities.rs)
adminf-check-planned-end = Das geplante Ende liegt vor dem geplanten Start.
adminf-check-actual-end = Das tatsächliche Ende liegt vor dem tatsächlichen Start.
adminf-check-achieved-date = Ein erreichter Meilenstein braucht das Datum, an dem er erreicht wurde.
adminf-check-achieved-status = Mit einem Datum „Erreicht am“ muss der Status „erreicht“ sein.
adminf-check-leika = Der LeiKa-Schlüssel besteht aus 14 Ziffern.
adminf-check-url = Die Adresse muss mit https:// beginnen.
# $model: the maturity model's name ("Reifegradmodell 1.1"); $max: its highest level.
adminf-check-maturity-scale = Das { $model } kennt die Stufen 0 bis { $max }; bitte eine dieser Stufen oder Modell 2.0 wählen.
# $model: the maturity model's name; $date: the first day it applies.
adminf-check-maturity-from = Das { $model } gilt erst seit dem { $date }.
adminf-check-inquiry-number = Die Nummer hat die Form 0730/2023.

## Validation of single fields (src/admin/forms.rs)
adminf-error-version = Dem Formular fehlt die Versionsnummer.
# $value: the field's label.
adminf-error-required = Bitte geben Sie „{ $value }“ an.
# $label: the field's label; $max: the greatest number of characters.
adminf-error-too-long = „{ $label }“ darf höchstens { $max } Zeichen lang sein.
adminf-error-slug = Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. „ausbau-lorawan-netz“.
adminf-error-text-too-long = Der Text ist zu lang (höchstens 100.000 Zeichen).
adminf-error-date = Bitte ein Datum in der Form TT.MM.JJJJ angeben, z. B. 12.05.2023.
# $min, $max: the smallest and greatest number allowed.
adminf-error-integer = Bitte eine ganze Zahl von { $min } bis { $max } angeben.
adminf-error-decimal = Bitte eine Zahl ab 0 angeben, z. B. 1,5.
# $value: the field's label.
adminf-error-choice = Bitte einen der angebotenen Werte für „{ $value }“ wählen.
# $value: the field's label.
adminf-error-ref = Bitte einen Eintrag aus der Liste für „{ $value }“ wählen.
# $value: the field's label.
adminf-error-links = Unbekannte Auswahl bei „{ $value }“.
# $value: the number of the pair.
adminf-error-pair = Paar { $value }: Frage und Antwort gehören zusammen; bitte beide ausfüllen oder beide leeren.

## Unique keys (src/admin/store.rs)
adminf-unique-slug = Dieser Kurzname ist schon vergeben; er muss eindeutig sein.
adminf-unique-year = Für dieses Jahr gibt es schon einen Eintrag.
adminf-unique-number = Diese Nummer ist schon vergeben.
adminf-unique-position = Diese Position ist in diesem Projekt schon vergeben.
adminf-unique-email = Diese E-Mail-Adresse ist schon vergeben.

## Final report (templates/admin/final_report.html)
adminf-final-breadcrumb-projects = Projekte
adminf-final-heading = Abschlussbericht:
adminf-final-not-created = noch nicht angelegt
adminf-final-public = Öffentlich ist der Bericht erst nach Freigabe durch die Lenkungsgruppe.
adminf-final-comment = Kommentar der Lenkungsgruppe
adminf-final-save-draft = Entwurf speichern
# $value: the report's release state ("Freigegeben").
adminf-final-frozen = Der Bericht ist { $value } und kann nicht mehr bearbeitet werden.

## CSV import of online services (templates/admin/import.html, import_progress.html, src/admin/services_csv.rs)
adminf-import-breadcrumb = Online-Dienste
adminf-import-heading = Online-Dienste aus CSV importieren
adminf-import-title = Online-Dienste importieren
adminf-import-bad-rows = Fehlerhafte Zeilen
adminf-import-col-line = Zeile
adminf-import-col-reason = Grund
# The explanation is cut around its link to the export and the column name "slug".
adminf-import-intro-before-link = Die Datei hat dieselben Spalten wie der
adminf-import-intro-link = CSV-Export
adminf-import-intro-before-column = : Exportieren, in der Tabellenkalkulation bearbeiten, wieder importieren. Trennzeichen Semikolon oder Komma; UTF-8 (mit oder ohne BOM) oder Windows-1252. Einträge werden über die Spalte
adminf-import-intro-after-column = zugeordnet: vorhandene werden aktualisiert, neue angelegt. Enthält auch nur eine Zeile einen Fehler, wird nichts importiert.
adminf-import-file = CSV-Datei
adminf-import-submit = Prüfen und importieren
adminf-progress-title = Import
adminf-progress-heading = Import der Online-Dienste
# "Import läuft: 40 von 300 Zeilen verarbeitet."
adminf-progress-running = Import läuft:
adminf-progress-of = von
adminf-progress-rows = Zeilen verarbeitet.
adminf-progress-label = Fortschritt des Imports
adminf-progress-refresh = Stand aktualisieren
adminf-progress-to-services = Zu den Online-Diensten
adminf-progress-done = Import abgeschlossen:
adminf-progress-retry = Erneut versuchen
adminf-csv-windows-1252 = Die Datei war nicht UTF-8-kodiert und wurde als Windows-1252 (ANSI) gelesen.
# $value: the CSV reader's error.
adminf-csv-header-unreadable = Kopfzeile nicht lesbar: { $value }
# $value: the missing column names, separated by commas.
adminf-csv-missing-columns = In der Kopfzeile fehlen die Spalten: { $value }
# $value: the unknown column names, separated by commas.
adminf-csv-unknown-columns = Unbekannte Spalten: { $value }
# $value: the CSV reader's error.
adminf-csv-row-unreadable = Zeile nicht lesbar: { $value }
# $slug: the short name; $line: the line where it stood first.
adminf-csv-duplicate-slug = Kurzname „{ $slug }“ steht schon in Zeile { $line }
# $value: the organisational unit's short name in the file.
adminf-csv-unknown-unit = Organisationseinheit „{ $value }“ gibt es nicht
# $column: the column ("faelle_2023"); $value: the cell.
adminf-csv-bad-cases = Spalte { $column }: „{ $value }“ ist keine Fallzahl
# $value: the largest file size in MB.
adminf-csv-too-large = Die Datei ist zu groß (höchstens { $value } MB).
adminf-csv-no-file = Bitte eine CSV-Datei auswählen.
# $value: the number of invalid rows.
adminf-csv-invalid-rows = { $value } fehlerhafte Zeile(n): Es wurde nichts importiert. Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch.
# $created, $updated, $unchanged: numbers of services.
adminf-csv-report = { $created } neu, { $updated } geändert, { $unchanged } unverändert.
adminf-csv-failed = Der Import ist fehlgeschlagen; es wurde nichts geändert.

## Users (templates/admin/users.html, user_form.html, src/admin/users.rs)
adminf-users-title = Benutzer
adminf-user-create = Benutzer anlegen
adminf-user-edit = Benutzer bearbeiten
adminf-users-col-name = Name
adminf-users-col-email = E-Mail
adminf-users-col-role = Rolle
adminf-users-col-second-factor = Zweiter Faktor
adminf-users-col-status = Status
adminf-users-totp-set = eingerichtet
adminf-users-active = aktiv
adminf-users-inactive = deaktiviert
adminf-user-email = E-Mail-Adresse
adminf-user-name = Name
adminf-user-role = Rolle
adminf-user-password = Erstes Passwort
adminf-user-password-help = 12 bis 128 Zeichen, kein häufig verwendetes Passwort; die Person kann es danach selbst ändern.
adminf-user-repeat = Passwort wiederholen
adminf-user-active = Konto aktiv
adminf-user-action-fields = Handlungsfelder (für die Handlungsfeldkoordination)
adminf-user-projects = Projekte (für Projektleitung / Redaktion)
adminf-user-second-factor = Zweiter Faktor
adminf-user-second-factor-text = Die Person meldet sich mit einem Code aus ihrer App an. Hat sie das Gerät verloren, setzen Sie den zweiten Faktor zurück; sie wird abgemeldet und richtet ihn neu ein.
adminf-user-second-factor-reset = Zweiten Faktor zurücksetzen
adminf-user-error-email = Bitte eine gültige E-Mail-Adresse angeben, z. B. name@example.org.
adminf-user-error-name = Bitte einen Namen angeben.
# $value: the hashing library's error.
adminf-user-error-hash = Das Passwort konnte nicht verarbeitet werden: { $value }
adminf-user-error-role = Bitte eine Rolle wählen.
adminf-user-error-mismatch = Die beiden Passwörter stimmen nicht überein.
adminf-user-error-self = Sie können sich nicht selbst die Administration entziehen oder deaktivieren.
adminf-user-error-conflict = Jemand hat dieses Konto inzwischen geändert. Bitte laden Sie die Seite neu; Ihre Eingaben stehen noch im Formular.
adminf-user-notice-created = Das Konto ist angelegt.
adminf-user-notice-saved = Gespeichert.
adminf-user-notice-second-factor = Der zweite Faktor ist zurückgesetzt; die Person richtet ihn bei der nächsten Anmeldung neu ein.
