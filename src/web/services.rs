//! `/online-dienste` (the OZG catalogue with filters) and `/online-dienste/{slug}`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::domain::{Addressee, Maturity, MaturityModel, Priority, ServiceStatus};
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::markdown::{SafeHtml, render};
use crate::model::de_number;
use crate::model::projects::{self, Link, ProjectRow};
use crate::model::services::{self, ServiceDetail, ServiceFilter, ServiceRow, ServiceSort, TopicArea};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params, filters};

pub fn router() -> Router<AppState> {
    Router::new().route("/online-dienste", get(list)).route("/online-dienste/{slug}", get(detail))
}

#[derive(Template, WebTemplate)]
#[template(path = "services/list.html")]
struct ListPage {
    layout: Layout,
    services: Vec<ServiceRow>,
    pagination: Pagination,
    filter: ServiceFilter,
    sort: ServiceSort,
    topic_areas: Vec<TopicArea>,
    filtered: bool,
    /// Online services over time (only on the unfiltered first page).
    /// One chart per maturity model (unfiltered first page only).
    charts: Vec<crate::ui::charts::Chart>,
}

impl ListPage {
    fn statuses(&self) -> &'static [ServiceStatus] {
        ServiceStatus::ALL
    }
    fn addressees(&self) -> &'static [Addressee] {
        Addressee::ALL
    }
    fn models(&self) -> [MaturityModel; 2] {
        MaturityModel::ALL
    }
    fn sorts(&self) -> &'static [ServiceSort] {
        ServiceSort::ALL
    }
    fn text(&self) -> &str {
        self.filter.text.as_deref().unwrap_or("")
    }
    fn is_topic(&self, slug: &str) -> bool {
        self.filter.topic_area.as_deref() == Some(slug)
    }
    fn is_status(&self, s: &ServiceStatus) -> bool {
        self.filter.status == Some(*s)
    }
    fn is_level(&self, m: &Maturity) -> bool {
        self.filter.maturity == Some(*m)
    }
    fn is_addressee(&self, a: &Addressee) -> bool {
        self.filter.addressee == Some(*a)
    }
    fn priority_rule(&self) -> &'static str {
        Priority::rule()
    }
}

async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, ListPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let topic_areas = services::topic_areas(&mut *conn).await?;
    let (filter, sort) = filters::services(&params, &topic_areas)?;
    let page = params.page()?;
    let (services, total) = services::list(&mut conn, state.site.city_id, &filter, sort, page).await?;
    let keep = filters::service_keep(&filter, sort);
    let pagination = Pagination::new("/online-dienste", &keep, page, total)?;
    let filtered = keep[..6].iter().any(|(_, v)| !v.is_empty());
    // The catalogue's development over time, on its unfiltered first page.
    let charts = match filtered || page.number > 1 {
        true => Vec::new(),
        false => crate::web::trends::services_charts(&mut conn, state.site.city_id).await?,
    };
    let mut layout = Layout::new(&state, t("services-title"), Nav::Services);
    layout.description = t("services-description");
    layout.illustrative = services.iter().any(|s| s.illustrative);
    Ok((
        Shows::new().any(Topic::Service),
        ListPage { layout, services, pagination, filter, sort, topic_areas, filtered, charts },
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "services/detail.html")]
struct DetailPage {
    layout: Layout,
    s: ServiceDetail,
    description: SafeHtml,
    case_counts: Vec<(i32, i32)>,
    projects: Vec<ProjectRow>,
    /// Days on which public fields changed, newest first (links to the page as of each).
    state_dates: Vec<crate::model::Date>,
}

impl DetailPage {
    fn num(&self, n: &i32) -> String {
        de_number(i64::from(*n))
    }
    fn priority_rule(&self) -> &'static str {
        Priority::rule()
    }
}

async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let s = services::find(&mut *conn, state.site.city_id, &slug).await?.ok_or(Error::NotFound)?;
    let case_counts = services::case_counts(&mut *conn, s.row.id).await?;
    let projects = projects::linked(&mut *conn, Link::Service, s.row.id).await?;
    let state_dates = crate::model::history::state_dates(
        &mut *conn,
        crate::model::history::Dated::Service,
        s.row.id,
        crate::web::projects::STATE_DATES_SHOWN,
    )
    .await?;
    let mut layout = Layout::new(&state, s.row.name.clone(), Nav::Services);
    layout.description = format!(
        "{}: {} ({}).",
        s.row.name,
        s.row.status.label(),
        t_arg("services-description-maturity", s.row.maturity())
    );
    layout.illustrative = s.row.illustrative || projects.iter().any(|p| p.illustrative);
    Ok((
        Shows::new().one(Topic::Service, s.row.id).each(Topic::Project, projects.iter().map(|p| p.id)),
        DetailPage { layout, description: render(&s.description_md), s, case_counts, projects, state_dates },
    ))
}
