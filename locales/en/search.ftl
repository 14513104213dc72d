# The search page (templates/search.html, src/web/search.rs) and the legal pages (templates/legal/page.html).
search-title = Search
search-title-for = Search for “{ $value }”
search-description = Search projects, online services, reports and inquiries.
search-lead = Searches projects, online services, annual status reports and council inquiries.
search-term = Search term
search-submit = Search
# In "1–10 of 57 results" and "No results found." (the pagination macro).
search-hits-noun = results
search-no-hits = No results for “{ $value }”.
search-tips = Tips: try different or more general terms, check the spelling, or browse the
search-tips-project-list = project list
search-tips-and = and the
search-tips-catalogue = online services catalogue
search-tips-end = using the filters.
search-enter-term = Please enter a search term.
legal-last-changed = Last updated:
