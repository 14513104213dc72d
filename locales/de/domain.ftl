# The domain's labels (src/domain.rs, src/model/): project kinds and statuses,
# milestone and service statuses, release states, maturity levels, priorities,
# sort orders, topic areas, history entries. The German texts are those the code
# names as its German labels (tests compare them).

## Project kinds
domain-project-kind-quick-win = Schnellboot
domain-project-kind-flagship = Leuchtturm
domain-project-kind-strategic = Strategisches Projekt

## Project statuses
domain-project-status-idea = Idee
domain-project-status-clarification = In operativer Klärung
domain-project-status-concretisation = In Konkretisierung
domain-project-status-implementation = In Umsetzung
domain-project-status-final-report-drafted = Abschlussbericht im Entwurf
domain-project-status-completed = Abgeschlossen
domain-project-status-paused = Pausiert
domain-project-status-stopped = Beendet ohne Abschluss

## Milestone statuses
domain-milestone-status-open = offen
domain-milestone-status-reached = erreicht
domain-milestone-status-dropped = entfallen
domain-milestone-overdue = überfällig

## Online services: status, addressees
domain-service-status-planned = Geplant
domain-service-status-in-design = In Konzeption
domain-service-status-online = Online
domain-service-status-online-rework = Online, in Überarbeitung
domain-service-status-discontinued = Eingestellt
domain-addressee-citizens = Bürgerinnen und Bürger
domain-addressee-businesses = Unternehmen
domain-addressee-both = Bürger und Unternehmen

## Release states of final and annual reports
domain-release-state-draft = Entwurf
domain-release-state-submitted = Zur Freigabe vorgelegt
domain-release-state-released = Freigegeben
domain-release-state-returned = Zurückgegeben

## Kinds of organisational units
domain-org-unit-kind-office = Amt / Fachbereich
domain-org-unit-kind-department = Dezernat
domain-org-unit-kind-municipal-enterprise = Eigenbetrieb
domain-org-unit-kind-city-company = Stadtnahe Gesellschaft
domain-org-unit-kind-staff-unit = Stabsstelle

## Roles of accounts
domain-role-admin = Administration (CDO-Team)
domain-role-coordinator = Handlungsfeldkoordination
domain-role-editor = Projektleitung / Redaktion
domain-role-approver = Freigabe (Lenkungsgruppe)

## OZG maturity models and levels
domain-maturity-model-v1 = Reifegradmodell 1.1
domain-maturity-model-v2 = Reifegradmodell 2.0
domain-maturity-ozg-rule-v1 = OZG-konform nach Reifegradmodell 1.1: ab Reifegrad 3
domain-maturity-v1-offline = Offline
domain-maturity-v1-information = Information
domain-maturity-v1-form-assistant = Formular-Assistent
domain-maturity-v1-online-service = Online-Leistung
domain-maturity-v1-online-transaction = Online-Transaktion
domain-maturity-v2-offline-only = nur offline
domain-maturity-v2-frontend = Frontend-Digitalisierung
domain-maturity-v2-process-data = Prozessorientierung und Datenzentrierung
domain-maturity-v2-end-to-end = Ende-zu-Ende digital

## Priority of a service
domain-priority-high = hoch
domain-priority-medium = mittel
domain-priority-low = niedrig
domain-priority-rule = Priorität nach jährlicher Fallzahl (letztes erfasstes Jahr): hoch ab 5.000 Fällen, mittel ab 500 Fällen, sonst niedrig.
domain-cases-none = keine Angabe

## Progress of a project
domain-progress-rule = Fortschritt: vom Projektteam angegebener Wert; fehlt er, der Anteil erreichter Meilensteine (ohne entfallene); abgeschlossene Projekte ohne Meilensteine 100 %. Handlungsfelder zeigen den Durchschnitt ihrer Projekte mit Fortschrittsangabe.
domain-progress-source-stated = Angabe des Projektteams
domain-progress-source-milestones = aus Meilensteinen berechnet
domain-progress-source-completed = abgeschlossen

## Sort orders of the project list and the service catalogue
domain-project-sort-title = Titel (A–Z)
domain-project-sort-status = Status
domain-project-sort-progress = Fortschritt (höchster zuerst)
domain-project-sort-updated = Zuletzt aktualisiert
domain-service-sort-name = Name (A–Z)
domain-service-sort-cases = Fallzahl (höchste zuerst)
domain-service-sort-maturity = Reifegrad (höchster zuerst)
domain-service-sort-online-since = Online seit (neueste zuerst)

## OZG topic areas (as the first migration seeds them)
domain-topic-area-arbeit-ruhestand = Arbeit & Ruhestand
domain-topic-area-bauen-wohnen = Bauen & Wohnen
domain-topic-area-bildung = Bildung
domain-topic-area-ein-auswanderung = Ein- & Auswanderung
domain-topic-area-engagement-hobby = Engagement & Hobby
domain-topic-area-familie-kind = Familie & Kind
domain-topic-area-forschung-foerderung = Forschung & Förderung
domain-topic-area-gesundheit = Gesundheit
domain-topic-area-mobilitaet-reisen = Mobilität & Reisen
domain-topic-area-querschnitt = Querschnitt
domain-topic-area-recht-ordnung = Recht & Ordnung
domain-topic-area-steuern-zoll = Steuern & Zoll
domain-topic-area-umwelt = Umwelt
domain-topic-area-unternehmensfuehrung = Unternehmensführung & -entwicklung

## Kinds of search hits
domain-search-kind-project = Projekt
domain-search-kind-service = Online-Dienst
domain-search-kind-report = Sachstandsbericht
domain-search-kind-inquiry = Anfrage

## Annual reports: section headings, figures a text refers to
domain-report-section-foreword = Vorwort
domain-report-section-action-fields = Handlungsfelder
domain-report-section-projects = Projekte
domain-report-section-services = Online-Dienste
domain-report-section-outlook = Ausblick
domain-figure-key-figures = Tabelle aller Kennzahlen
domain-figure-projects-by-status = Projekte nach Status
domain-figure-projects-by-kind = Projekte nach Projektart
domain-figure-services-by-maturity = Online-Dienste nach Reifegrad
domain-figure-milestones = Meilensteine: erreicht, verschoben, überfällig
domain-figure-projects-chart = Diagramm: Projekte je Monat nach Status
domain-figure-milestones-chart = Diagramm: erreichte Meilensteine je Monat
domain-figure-services-chart = Diagramm: Online-Dienste je Monat nach Reifegrad
# Before a maturity level in a figure: "Reifegrad 3 – Online-Leistung (Reifegradmodell 1.1)".
domain-figure-maturity = Reifegrad

## Histories of records: what was done, fields, values
domain-history-action-create = angelegt
domain-history-action-update = geändert
domain-history-action-archive = archiviert
domain-history-action-restore = wiederhergestellt
domain-history-action-delete = gelöscht
domain-history-action-release = freigegeben
domain-history-action-return = zurückgegeben
domain-history-action-submit = zur Freigabe vorgelegt
domain-history-action-reopen = wieder geöffnet
domain-history-yes = ja
domain-history-no = nein
domain-history-field-title = Titel
domain-history-field-kind = Art
domain-history-field-status = Status
domain-history-field-progress-override = Fortschritt in % (leer: aus Meilensteinen)
domain-history-field-summary = Kurzbeschreibung
domain-history-field-planned-start = Start geplant
domain-history-field-planned-end = Ende geplant
domain-history-field-actual-start = Start tatsächlich
domain-history-field-actual-end = Ende tatsächlich
domain-history-field-planned-on = Geplant am
domain-history-field-forecast-on = Prognose
domain-history-field-forecast-reason = Grund für die Prognose
domain-history-field-achieved-on = Erreicht am
