# Query parameters of the list pages (src/ui/params.rs): the 400 messages and the pagination.

# Pagination: "41–60 of 9,774". $first, $last, $total: numbers with the language's separators.
params-count = { $first }–{ $last } of { $total }

## 400 messages. $value: the value or parameter name as sent.
params-bad-encoding = The address contains incorrectly encoded parameters.
params-repeated = The parameter ‘{ $value }’ is given more than once.
params-text-too-long = The search text (‘{ $value }’) is too long: 200 characters at most.
# $what: one of the params-what-… texts; $key: the parameter; $allowed: the allowed values, separated by commas.
params-invalid-value = ‘{ $value }’ is not a valid value for { $what } (parameter ‘{ $key }’). Allowed values: { $allowed }.
params-invalid-page = ‘{ $value }’ is not a valid page number (parameter ‘seite’): a whole number from 1 upwards is expected.
# $max: the largest page size.
params-invalid-page-size = ‘{ $value }’ is not a valid page size (parameter ‘pro_seite’): a whole number from 1 to { $max } is expected.
# $page: the page asked for; $last: the number of pages (one, or more).
params-no-such-page-one = There is no page { $page }; this list has { $last } page.
params-no-such-page-many = There is no page { $page }; this list has { $last } pages.

## What a parameter chooses, inside params-invalid-value ("… not a valid value for the project type …")
params-what-project-kind = the project type
params-what-status = the status
params-what-action-field = the action field
params-what-theme = the cross-cutting theme
params-what-unit = the organisational unit
params-what-sort = the sort order
params-what-topic-area = the OZG topic area
params-what-maturity = the maturity level
params-what-efa = EfA
params-what-addressee = the target group
params-what-view = the view
params-what-first-year = the year of the first report
params-what-second-year = the year of the second report

## The allowed values of `reifegrad`, inside params-invalid-value
params-allowed-maturity-v1 = 1.1-0 to 1.1-4 (Maturity Model 1.1)
params-allowed-maturity-v2 = 2.0-0 to 2.0-7 (Maturity Model 2.0)
