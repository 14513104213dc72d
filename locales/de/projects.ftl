# The project list and project pages (templates/projects/, src/web/projects.rs).
projects-title = Projekte
projects-description = Alle Projekte der Digitalisierungsstrategie mit Status und Fortschritt, filterbar.
projects-lead = Schnellboote, Leuchttürme und strategische Projekte der Digitalisierungsstrategie mit Status und Fortschritt.
projects-filter-heading = Filtern und sortieren
projects-filter-text = Suchbegriff
projects-kind = Art
projects-filter-kind-all = Alle Arten
projects-status = Status
projects-filter-status-all = Alle Status
projects-action-field = Handlungsfeld
projects-filter-action-field-all = Alle Handlungsfelder
projects-theme = Querschnittsthema
projects-filter-theme-all = Alle Themen
projects-responsible = Verantwortlich
projects-filter-unit-all = Alle Organisationseinheiten
projects-filter-sort = Sortierung
projects-filter-apply = Anwenden
projects-filter-reset = Alle Filter zurücksetzen
projects-result = Ergebnis
# After "1–24 von 30" and in "Keine … gefunden." (the pagination).
projects-noun = Projekten
# In "Diese Auswahl herunterladen (alle …, nicht nur diese Seite)".
projects-noun-all = Projekte
projects-empty = Kein Projekt passt zu diesen Filtern.
projects-empty-all = Alle Projekte anzeigen

## The project page
projects-breadcrumbs = Brotkrumen
projects-progress = Fortschritt
projects-facts = Steckbrief
projects-not-stated = keine Angabe
projects-lead-role = Projektleitung
projects-team-roles = Projektteam
projects-action-fields = Handlungsfelder
projects-none = keine
projects-themes = Querschnittsthemen
projects-start = Start (geplant / tatsächlich)
projects-end = Ende (geplant / tatsächlich)
projects-source = Quelle
projects-description-heading = Beschreibung
projects-smart-goals = SMART-Ziele
projects-smart-goals-none = Die SMART-Ziele werden noch erarbeitet und im Projektauftrag festgelegt.
projects-measures = Maßnahmen
projects-measures-none = Noch keine Maßnahmen erfasst.
projects-milestones = Meilensteine
projects-milestones-none = Noch keine Meilensteine festgelegt.
# Before a date: "erreicht am 12.05.2023", "geplant 12.05.2023, Prognose 30.06.2023".
projects-milestone-reached-on = erreicht am
projects-milestone-planned = geplant
projects-milestone-forecast = Prognose
projects-milestone-originally-planned = ursprünglich geplant:
projects-milestone-forecast-reason = Grund für die neue Prognose:
projects-resources = Ressourcen („Preisschild“)
projects-resources-caption = Personal und Finanzmittel, geplant und bewilligt
projects-resource = Ressource
projects-resources-planned = geplant
projects-resources-approved = bewilligt
projects-staff = Personal
projects-budget = Finanzmittel
# $value: full-time equivalents ("1,5").
projects-fte = { $value } VZÄ
# $value: euros ("120.000").
projects-eur = { $value } €
projects-fte-hint = VZÄ = Vollzeitäquivalente.
projects-resources-none = Der Ressourcenbedarf wird mit den SMART-Zielen erarbeitet und im Projektauftrag festgelegt.
projects-services = Verknüpfte Online-Dienste
projects-final-report = Abschlussbericht
# "Freigegeben durch die Lenkungsgruppe am 12.05.2023"
projects-final-report-released-by = durch die Lenkungsgruppe am
projects-lessons-learned = Lessons Learned
projects-final-report-draft = Ein Entwurf des Abschlussberichts liegt vor. Er wird veröffentlicht, sobald die Fachverantwortlichen und die Lenkungsgruppe ihn gesichtet und freigegeben haben.
projects-final-report-none = Noch kein Abschlussbericht.
projects-updates = Meldungen aus dem Projekt
projects-updates-none = Noch keine Meldungen.
projects-updates-all = Alle { $value } Meldungen des Projekts
projects-inquiries = Erwähnt in Anfragen des Stadtrats
projects-states = Frühere Stände
# "Seit dem 12.05.2023 haben sich die öffentlichen Angaben nicht geändert."
projects-states-unchanged-since = Seit dem
projects-states-unchanged = haben sich die öffentlichen Angaben nicht geändert.
projects-states-unchanged-since-publication = Seit der Veröffentlichung haben sich die öffentlichen Angaben nicht geändert.
projects-states-intro = An diesen Tagen änderten sich öffentliche Angaben dieses Projekts oder seiner Meilensteine; jeder Link zeigt die Seite, wie sie am Ende des Tages war.
projects-history = Änderungsverlauf
projects-history-none = Seit der Veröffentlichung wurden keine öffentlichen Angaben geändert.
# "12.05.2023, 14:30: geändert von CDO-Team"
projects-history-by = von
projects-feed-link = Meldungen und Änderungen dieses Projekts abonnieren (Atom-Feed, ohne Anmeldung)
# The title of the project's feed; $value: the project's title.
projects-feed-title = { $value }: Meldungen und Änderungen
