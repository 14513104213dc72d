# The open data page (templates/open_data.html, src/web/open_data.rs).
opendata-title = Open data
opendata-description = All of the portal's data as open data: a JSON API with an OpenAPI description, every field explained, licence and how to cite.
opendata-lead = Everything this portal shows is also available as open data: machine-readable through a JSON API, with the same filters, sort orders and pages as the portal's lists.
opendata-all-heading = Everything in one file
# "Download the complete dataset (ZIP): every dataset … (LIESMICH.txt) and the licence (LIZENZ.txt). The archive …"
opendata-all-download = Download the complete dataset (ZIP)
opendata-all-contents = every dataset on this page as CSV and as JSON, with a description of every file and every field
opendata-all-licence = and the licence
opendata-all-rebuilt = The archive is rebuilt whenever the data changes; its file name and the description state the date of the data.
opendata-access-heading = Access
opendata-and = and
# "API: <code>…/api/v1/…</code>, responses in JSON (UTF-8). Every response states its date (stand); lists have pagination and links (next, prev) as well as a Link header. At most 100 entries per page (pro_seite)."
opendata-api = API:
opendata-api-json = , responses in JSON (UTF-8). Every response states the date of its data
opendata-api-lists = ; lists have
opendata-api-link-before = as well as a
opendata-api-link-after = {" "}header.
opendata-api-page-size = At most 100 entries per page
# "API description: OpenAPI 3.1 document, generated from the program code. …"
opendata-openapi = API description:
opendata-openapi-link = OpenAPI 3.1 document
opendata-openapi-after = , generated from the program code. It lists every address, every parameter and every field.
# "Caching: every response carries ETag and Last-Modified; if you send them with your next request (If-None-Match, If-Modified-Since), you get 304, as long as nothing has changed."
opendata-cache = Caching: every response carries
opendata-cache-send = ; if you send them with your next request
opendata-cache-get = , you get
opendata-cache-unchanged = , as long as nothing has changed.
# "… an unknown filter value returns 400 and lists the permitted values."
opendata-errors = Errors are returned as Problem Details (RFC 9457) with an explanation in German; an unknown filter value returns
opendata-errors-after = and lists the permitted values.
opendata-cors = The API is open to requests from any browser
opendata-files = Every list is also available as a file, as CSV (UTF-8, semicolon-separated, for spreadsheet programs) and as JSON: the whole dataset or the filtered selection of a list page.
opendata-catalogue = Catalogue under DCAT-AP.de (for GovData and other data portals):
# "For council information systems: … under OParl 1.1 (papers, …; filters created_since, modified_since and more, archived inquiries as deleted)."
opendata-oparl = For council information systems: the inquiries and answers under
opendata-oparl-contents = council papers, political groups and answering bodies, the answers as files; filters
opendata-oparl-archived = and more, archived inquiries as
opendata-sitemap = All pages of the portal with the date they last changed:
# "Example data: every record states with illustrative whether it is an example entry; source_ref names the source."
opendata-illustrative = Example data: every record states with
opendata-illustrative-after = {" "}whether it is an example entry;
opendata-source-ref = names the source.
opendata-licence-heading = Licence and how to cite
opendata-licence = Licence of the data:
opendata-example = Example
opendata-licence-none = The city has not yet stated a licence for its data. Until it does, copyright applies; please ask using the contact details in the legal notice.
opendata-datasets-heading = Datasets and fields
opendata-datasets = Datasets
opendata-set-api = API
opendata-set-detail = Single record
opendata-set-download = Download
opendata-set-download-hint = the whole dataset; the list page also offers its filtered selection
opendata-set-page = On the portal
# "Object ProjectDetailRecord: … All fields of ProjectRecord, plus:"
opendata-object = Object
opendata-extends = All fields of
opendata-extends-after = , plus:
opendata-col-field = Field
opendata-col-kind = Type
opendata-col-presence = Present
opendata-col-about = Meaning
# The type of a field (the archive's LIESMICH.txt takes the German ones).
opendata-kind-object = Object
opendata-kind-or = or
opendata-kind-code = Code:
opendata-kind-date = Date (YYYY-MM-DD)
opendata-kind-date-time = Point in time (ISO 8601)
opendata-kind-text = Text
opendata-kind-integer = Whole number
opendata-kind-number = Number
opendata-kind-boolean = True or false
opendata-kind-list = List:
opendata-kind-value = Value
opendata-presence-always = always
opendata-presence-optional = may be empty
# The datasets (web::open_data::DATASETS, whose German texts the archive and the catalogue keep).
opendata-set-strategie-title = Strategy
opendata-set-strategie-about = The digitalisation strategy with its mission statement, goals, guidelines and cross-cutting themes.
opendata-set-handlungsfelder-title = Action fields
opendata-set-handlungsfelder-about = The strategy's action fields, in their order.
opendata-set-projekte-title = Projects
opendata-set-projekte-about = All projects with status and progress; individually with SMART goals, measures, milestones, resources and the approved final report.
opendata-set-meilensteine-title = Milestones
opendata-set-meilensteine-about = The milestones of all projects, in three sections: overdue, upcoming, reached.
opendata-set-meldungen-title = News
opendata-set-meldungen-about = Public news about the projects, newest first.
opendata-set-online-dienste-title = Online services
opendata-set-online-dienste-about = The council services under the Online Access Act (OZG) with status, maturity level, EfA and case numbers.
opendata-set-berichte-title = Annual status reports
opendata-set-berichte-about = The approved annual status reports with their key figures as frozen on approval.
opendata-set-anfragen-title = Council inquiries
opendata-set-anfragen-about = The city's answers to council inquiries, question by question.
opendata-set-organisation-title = Organisational units
opendata-set-organisation-about = Offices, departments and municipal companies responsible for projects and services.
