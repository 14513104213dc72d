//! `/strategie` (vision, goals, guidelines, themes, action fields) and
//! `/organisation` (the governance on its three levels and the units).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg, t_static};
use crate::markdown::{SafeHtml, render, render_at};
use crate::model::strategy::{self, Body, OrgUnit, Section, SectionKind, Strategy};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new().route("/strategie", get(strategy_page)).route("/organisation", get(organisation_page))
}

/// A section with its Markdown rendered.
pub struct RenderedSection {
    pub section: Section,
    pub html: SafeHtml,
}

pub fn rendered(sections: Vec<Section>) -> Vec<RenderedSection> {
    sections
        .into_iter()
        .map(|s| RenderedSection {
            html: crate::ui::localised::body(crate::i18n::lang(), &s.body_md, &s.en, render),
            section: s,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "strategy/strategy.html")]
struct StrategyPage {
    layout: Layout,
    strategy: Strategy,
    vision: SafeHtml,
    goals: Vec<RenderedSection>,
    guidelines: Vec<RenderedSection>,
    themes: Vec<RenderedSection>,
    action_fields: Vec<RenderedSection>,
}

async fn strategy_page(State(state): State<AppState>) -> Result<(Shows, StrategyPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let strategy = strategy::strategy(&mut *conn, city).await?.ok_or(Error::NotFound)?;
    let goals = rendered(strategy::sections(&mut *conn, city, SectionKind::Goals).await?);
    let guidelines = rendered(strategy::sections(&mut *conn, city, SectionKind::Guidelines).await?);
    let themes = rendered(strategy::sections(&mut *conn, city, SectionKind::Themes).await?);
    let action_fields = rendered(strategy::sections(&mut *conn, city, SectionKind::ActionFields).await?);
    let mut layout = Layout::new(&state, t("strategy-title"), Nav::Strategy);
    layout.description = t_arg("strategy-description", &strategy.title);
    layout.illustrative =
        [&goals, &guidelines, &themes, &action_fields].iter().any(|g| g.iter().any(|s| s.section.illustrative));
    Ok((
        Shows::new().any(Topic::Project),
        StrategyPage {
            layout,
            vision: crate::ui::localised::body(crate::i18n::lang(), &strategy.vision_md, &strategy.en, render),
            strategy,
            goals,
            guidelines,
            themes,
            action_fields,
        },
    ))
}

pub struct Level {
    pub number: i16,
    pub title: &'static str,
    pub bodies: Vec<(Body, SafeHtml)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "strategy/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    above: Vec<(Body, SafeHtml)>,
    levels: Vec<Level>,
    units: Vec<OrgUnit>,
}

async fn organisation_page(State(state): State<AppState>) -> Result<(Shows, OrganisationPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let bodies = strategy::bodies(&mut *conn, city).await?;
    let units = strategy::org_units(&mut *conn, city).await?;
    let mut layout = Layout::new(&state, t("strategy-organisation-title"), Nav::Strategy);
    layout.description = t("strategy-organisation-description");
    layout.illustrative = bodies.iter().any(|b| b.illustrative) || units.iter().any(|u| u.illustrative);
    let mut above = Vec::new();
    let mut levels: Vec<Level> = [(1, "strategy-level-1"), (2, "strategy-level-2"), (3, "strategy-level-3")]
        .into_iter()
        .map(|(number, key)| Level { number, title: t_static(key), bodies: Vec::new() })
        .collect();
    for body in bodies {
        let html = render_at(&body.body_md, 4);
        match body.governance_level {
            Some(level) if (1..=3).contains(&level) => levels[(level - 1) as usize].bodies.push((body, html)),
            _ => above.push((body, html)),
        }
    }
    Ok((Shows::new().any(Topic::Project), OrganisationPage { layout, above, levels, units }))
}
