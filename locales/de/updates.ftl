# News (templates/updates/list.html, src/web/updates.rs) and the Atom feeds (src/web/feeds.rs).
updates-title = Aktuelles
# $value: the project's title.
updates-title-project = Aktuelles: { $value }
updates-description = Neueste Meldungen aus den Projekten der Digitalisierungsstrategie.
# "Meldungen aus dem Projekt Datenplattform, die neuesten zuerst." (the project's title is a link between them)
updates-project-lead = Meldungen aus dem Projekt
updates-project-lead-order = , die neuesten zuerst.
updates-all-projects = Meldungen aller Projekte
updates-lead = Datierte Meldungen der Projektteams: was erreicht wurde, was sich verschiebt und warum.
updates-subscribe = Als Atom-Feed abonnieren
# After "1–24 von 30" and in "Keine … gefunden." (the pagination).
updates-noun = Meldungen
# In "Diese Auswahl herunterladen (alle …, nicht nur diese Seite)".
updates-noun-all = Meldungen
updates-none = Noch keine Meldungen.

## The Atom feeds ($value: the city's name, a project's or an action field's title)
updates-feed-site-subtitle = Meldungen aus den Digitalisierungsprojekten der Stadt { $value }
updates-feed-project-subtitle = Meldungen und Änderungen von Status, Fortschritt und Meilensteinen des Projekts „{ $value }“
updates-feed-field-title = Handlungsfeld { $value }
updates-feed-field-subtitle = Meldungen und Änderungen der Projekte im Handlungsfeld „{ $value }“
updates-feed-author = Stadt { $value }
updates-feed-illustrative = Beispielmeldung: nicht aus den Quellen der Stadt, zur Veranschaulichung ergänzt.
# Entries on changes: "Datenplattform: Meilenstein „Pilot“, Status jetzt „erreicht“",
# "Datenplattform: Projekt, 3 Angaben geändert", "Projekt (geändert am 12.05.2023, 14:30):".
updates-feed-milestone = Meilenstein „{ $value }“
updates-feed-project = Projekt
updates-feed-change-now = jetzt „{ $value }“
updates-feed-changes = { $value } Angaben geändert
updates-feed-changed-on = geändert am { $value }
