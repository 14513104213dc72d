# The council inquiries (templates/inquiries/*.html, src/web/inquiries.rs).
inquiries-title = Anfragen aus dem Stadtrat
inquiries-description = Anfragen der Stadtratsfraktionen zur Digitalisierung und die Antworten der Verwaltung.
inquiries-lead = Schriftliche Anfragen der Fraktionen zur Digitalisierung und die Antworten der Verwaltung, Frage für Frage.
# In "1–20 von 35 Anfragen", "Keine Anfragen gefunden." and "(alle Anfragen, nicht nur diese Seite)".
inquiries-noun = Anfragen
inquiries-none = Es sind noch keine Anfragen erfasst.
inquiries-caption = Anfragen mit Nummer, Fraktion, Titel und Datum der Antwort, neueste zuerst
inquiries-col-number = Nummer
inquiries-col-title = Titel
inquiries-col-faction = Fraktion
inquiries-col-answered = Beantwortet
# $value: the number of questions.
inquiries-question-count = ({ $value } Fragen)
inquiries-open = offen
# $value: the inquiry's number ("0730/2023"), in the page's title and description.
inquiries-page-title = Anfrage { $value }
inquiries-breadcrumbs = Brotkrumen
inquiries-breadcrumb-list = Anfragen
inquiries-eyebrow = Anfrage Nr. { $value }
inquiries-asked-on = Gestellt am
inquiries-answered-on = Beantwortet am
inquiries-not-answered = noch nicht beantwortet
inquiries-answered-by = Beantwortet von
inquiries-source = Quelle
inquiries-pdf = Antwort als PDF herunterladen (barrierefrei, PDF/UA)
inquiries-checksum = Prüfsumme (SHA-256) des Dokuments:
inquiries-questions = Fragen
# $value: the question's position.
inquiries-question = Frage { $value }
inquiries-answer = Antwort
inquiries-no-questions = Zu dieser Anfrage sind noch keine Fragen erfasst.
inquiries-projects = Genannte Projekte und ihr heutiger Stand
inquiries-services = Genannte Online-Dienste
