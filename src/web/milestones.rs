//! `/meilensteine`: overdue, upcoming and reached milestones of all projects.
//! The page shows the first few of each section with its true count;
//! `?ansicht=ueberfaellig|anstehend|erreicht` lists one section in pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg, t_static};
use crate::model::PageRequest;
use crate::model::de_number;
use crate::model::projects::{MilestoneRow, MilestoneView, milestone_counts, milestones};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav, Pagination, Params};

pub fn router() -> Router<AppState> {
    Router::new().route("/meilensteine", get(page))
}

/// Rows per section on the page of all three; the rest is one click away.
const PREVIEW: i64 = 10;

/// One section: its rows, how many there are, and the words around it.
struct Section {
    view: MilestoneView,
    rows: Vec<MilestoneRow>,
    total: i64,
}

impl Section {
    fn id(&self) -> &'static str {
        self.view.code()
    }
    fn heading(&self) -> &'static str {
        t_static(match self.view {
            MilestoneView::Overdue => "milestones-overdue",
            MilestoneView::Upcoming => "milestones-upcoming",
            MilestoneView::Reached => "milestones-reached",
        })
    }
    fn caption(&self) -> &'static str {
        t_static(match self.view {
            MilestoneView::Overdue => "milestones-overdue-caption",
            MilestoneView::Upcoming => "milestones-upcoming-caption",
            MilestoneView::Reached => "milestones-reached-caption",
        })
    }
    fn date_label(&self) -> &'static str {
        t_static(match self.view {
            MilestoneView::Overdue => "milestones-overdue-date",
            MilestoneView::Upcoming => "milestones-upcoming-date",
            MilestoneView::Reached => "milestones-reached-date",
        })
    }
    fn empty(&self) -> &'static str {
        t_static(match self.view {
            MilestoneView::Overdue => "milestones-overdue-none",
            MilestoneView::Upcoming => "milestones-upcoming-none",
            MilestoneView::Reached => "milestones-reached-none",
        })
    }
    /// "Alle 1.234 überfälligen Meilensteine"
    fn all_label(&self) -> String {
        let key = match self.view {
            MilestoneView::Overdue => "milestones-overdue-all",
            MilestoneView::Upcoming => "milestones-upcoming-all",
            MilestoneView::Reached => "milestones-reached-all",
        };
        t_arg(key, de_number(self.total))
    }
    fn count(&self) -> String {
        de_number(self.total)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "milestones.html")]
struct MilestonesPage {
    layout: Layout,
    sections: Vec<Section>,
    /// Set when one section is listed in pages.
    pagination: Option<Pagination>,
}

async fn page(State(state): State<AppState>, params: Params) -> Result<(Shows, MilestonesPage)> {
    let allowed: Vec<&str> = MilestoneView::ALL.iter().map(|v| v.code()).collect();
    let single = params.choice("ansicht", "params-what-view", MilestoneView::from_code, &allowed)?;
    let page = params.page()?;
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let (overdue, upcoming, reached) = milestone_counts(&mut *conn, city).await?;
    let total_of = |view| match view {
        MilestoneView::Overdue => overdue,
        MilestoneView::Upcoming => upcoming,
        MilestoneView::Reached => reached,
    };
    let (sections, pagination, title) = match single {
        Some(view) => {
            let total = total_of(view);
            let pagination = Pagination::new("/meilensteine", &[("ansicht", view.code().to_string())], page, total)?;
            let rows = milestones(&mut *conn, city, view, page).await?;
            let section = Section { view, rows, total };
            let title = t_arg("milestones-title-section", section.heading());
            (vec![section], Some(pagination), title)
        }
        None => {
            if page.number != 1 {
                return Err(Error::BadRequest(t("milestones-pages-one-section")));
            }
            let mut sections = Vec::new();
            for view in MilestoneView::ALL {
                let rows = milestones(&mut *conn, city, view, PageRequest { number: 1, size: PREVIEW }).await?;
                sections.push(Section { view, rows, total: total_of(view) });
            }
            (sections, None, t("milestones-title"))
        }
    };
    drop(conn);
    let mut layout = Layout::new(&state, title, Nav::Milestones);
    layout.description = t("milestones-description");
    layout.illustrative = sections.iter().flat_map(|s| &s.rows).any(|m| m.illustrative);
    Ok((Shows::new().any(Topic::Project), MilestonesPage { layout, sections, pagination }))
}
