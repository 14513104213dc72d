//! `/aktuelles` (dated project updates, paged); its Atom feed is in `feeds`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::markdown::{SafeHtml, render_at};
use crate::model::projects::{self, NamedLink};
use crate::model::updates::{self, Update};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params};

pub fn router() -> Router<AppState> {
    Router::new().route("/aktuelles", get(list))
}

#[derive(Template, WebTemplate)]
#[template(path = "updates/list.html")]
struct ListPage {
    layout: Layout,
    updates: Vec<(Update, SafeHtml)>,
    pagination: Pagination,
    /// The project whose updates are listed (`?projekt=slug`), or all projects.
    project: Option<NamedLink>,
}

async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, ListPage)> {
    let page = params.page()?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let project = match params.get("projekt") {
        None => None,
        Some(slug) => Some(projects::link_by_slug(&mut *conn, state.site.city_id, slug).await?.ok_or(Error::NotFound)?),
    };
    let (rows, total, keep) = match &project {
        Some(p) => {
            let (rows, total) = updates::of_project(&mut conn, p.id, page).await?;
            (rows, total, vec![("projekt", p.slug.clone())])
        }
        None => {
            let (rows, total) = updates::latest(&mut conn, state.site.city_id, page).await?;
            (rows, total, vec![])
        }
    };
    let pagination = Pagination::new("/aktuelles", &keep, page, total)?;
    let title = project.as_ref().map_or_else(|| t("updates-title"), |p| t_arg("updates-title-project", &p.title));
    let mut layout = Layout::new(&state, title, Nav::Updates);
    layout.description = t("updates-description");
    layout.illustrative = rows.iter().any(|u| u.illustrative);
    let updates = rows
        .into_iter()
        .map(|u| {
            let html = render_at(&u.body_md, 3);
            (u, html)
        })
        .collect();
    let shows = match &project {
        Some(p) => Shows::new().one(Topic::Project, p.id),
        None => Shows::new().any(Topic::Project),
    };
    Ok((shows, ListPage { layout, updates, pagination, project }))
}
