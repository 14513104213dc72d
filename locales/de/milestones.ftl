# The milestone overview (templates/milestones.html, src/web/milestones.rs).
milestones-title = Meilensteine
# The title of one section listed in pages; $value: the section ("Überfällig").
milestones-title-section = Meilensteine: { $value }
milestones-description = Überfällige, anstehende und erreichte Meilensteine aller Projekte.
milestones-lead = Meilensteine machen den Fortschritt der Projekte überprüfbar. „Überfällig“ ist ein offener Meilenstein, dessen geplanter oder prognostizierter Termin verstrichen ist.
milestones-col-milestone = Meilenstein
milestones-col-project = Projekt
# Before the originally planned date of a milestone with a forecast.
milestones-forecast-planned = Prognose, geplant war
milestones-back = Zurück zu allen Abschnitten
# After "1–24 von 30" and in "Keine … gefunden." (the pagination).
milestones-noun = Meilensteine
# In "Diese Auswahl herunterladen (alle …, nicht nur diese Seite)".
milestones-noun-section = Meilensteine dieses Abschnitts
milestones-noun-all = Meilensteine aller drei Abschnitte
milestones-toc = Inhalt dieser Seite
milestones-overdue = Überfällig
milestones-upcoming = Anstehend
milestones-reached = Erreicht
milestones-overdue-caption = Überfällige Meilensteine, älteste zuerst
milestones-upcoming-caption = Anstehende Meilensteine, nächste zuerst
milestones-reached-caption = Erreichte Meilensteine, neueste zuerst
milestones-overdue-date = Fällig seit
milestones-upcoming-date = Fällig am
milestones-reached-date = Erreicht am
milestones-overdue-none = Kein Meilenstein ist überfällig.
milestones-upcoming-none = Keine offenen Meilensteine geplant.
milestones-reached-none = Noch kein Meilenstein erreicht.
# $value: how many ("1.234").
milestones-overdue-all = Alle { $value } überfälligen Meilensteine
milestones-upcoming-all = Alle { $value } anstehenden Meilensteine
milestones-reached-all = Alle { $value } erreichten Meilensteine
milestones-pages-one-section = Seiten gibt es nur für einen Abschnitt, zum Beispiel „?ansicht=ueberfaellig&seite=2“.
