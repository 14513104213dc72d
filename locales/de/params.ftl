# Query parameters of the list pages (src/ui/params.rs): the 400 messages and the pagination.

# Pagination: "41–60 von 9.774". $first, $last, $total: numbers with the language's separators.
params-count = { $first }–{ $last } von { $total }

## 400 messages. $value: the value or parameter name as sent.
params-bad-encoding = Die Adresse enthält ungültig kodierte Parameter.
params-repeated = Der Parameter „{ $value }“ ist mehrfach angegeben.
params-text-too-long = Der Suchtext („{ $value }“) ist zu lang: höchstens 200 Zeichen.
# $what: one of the params-what-… texts; $key: the parameter; $allowed: the allowed values, separated by commas.
params-invalid-value = „{ $value }“ ist kein gültiger Wert für { $what } (Parameter „{ $key }“). Erlaubt sind: { $allowed }.
params-invalid-page = „{ $value }“ ist keine gültige Seitenzahl (Parameter „seite“): erwartet wird eine ganze Zahl ab 1.
# $max: the largest page size.
params-invalid-page-size = „{ $value }“ ist keine gültige Seitengröße (Parameter „pro_seite“): erwartet wird eine ganze Zahl von 1 bis { $max }.
# $page: the page asked for; $last: the number of pages (one, or more).
params-no-such-page-one = Seite { $page } gibt es nicht; diese Liste hat { $last } Seite.
params-no-such-page-many = Seite { $page } gibt es nicht; diese Liste hat { $last } Seiten.

## What a parameter chooses, inside params-invalid-value ("… kein gültiger Wert für die Projektart …")
params-what-project-kind = die Projektart
params-what-status = den Status
params-what-action-field = das Handlungsfeld
params-what-theme = das Querschnittsthema
params-what-unit = die Organisationseinheit
params-what-sort = die Sortierung
params-what-topic-area = das OZG-Themenfeld
params-what-maturity = den Reifegrad
params-what-efa = EfA
params-what-addressee = die Zielgruppe
params-what-view = die Ansicht
params-what-first-year = das Jahr des ersten Berichts
params-what-second-year = das Jahr des zweiten Berichts

## The allowed values of `reifegrad`, inside params-invalid-value
params-allowed-maturity-v1 = 1.1-0 bis 1.1-4 (Reifegradmodell 1.1)
params-allowed-maturity-v2 = 2.0-0 bis 2.0-7 (Reifegradmodell 2.0)
