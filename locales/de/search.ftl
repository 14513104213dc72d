# The search page (templates/search.html, src/web/search.rs) and the legal pages (templates/legal/page.html).
search-title = Suche
search-title-for = Suche nach „{ $value }“
search-description = Projekte, Online-Dienste, Berichte und Anfragen durchsuchen.
search-lead = Durchsucht Projekte, Online-Dienste, Sachstandsberichte und Anfragen.
search-term = Suchbegriff
search-submit = Suchen
# In "1–10 von 57 Treffern" and "Keine Treffern gefunden." (the pagination macro).
search-hits-noun = Treffern
search-no-hits = Keine Treffer für „{ $value }“.
search-tips = Tipps: andere oder allgemeinere Begriffe verwenden, auf Tippfehler prüfen, oder die
search-tips-project-list = Projektliste
search-tips-and = und den
search-tips-catalogue = Katalog der Online-Dienste
search-tips-end = mit Filtern durchsehen.
search-enter-term = Bitte einen Suchbegriff eingeben.
legal-last-changed = Zuletzt geändert:
