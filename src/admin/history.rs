//! The team's history of one record: every audited change with its author, as
//! readable before/after pairs (the diffing lives in `model::history`).

use askama::Template;
use askama_web::WebTemplate;

use super::auth::Screen;
use super::crud::{authorize, entity_of};
use super::entities::Entity;
use super::layout::AdminLayout;
use crate::error::Result;
use crate::model::history::{self, Actor, Revision};
use crate::ui::extract::Path;

#[derive(Template, WebTemplate)]
#[template(path = "admin/history.html")]
pub struct HistoryPage {
    layout: AdminLayout,
    entity: &'static Entity,
    id: i64,
    revisions: Vec<Revision>,
}

pub async fn page(Screen { state, user }: Screen, Path((slug, id)): Path<(String, i64)>) -> Result<HistoryPage> {
    let entity = entity_of(&slug)?;
    authorize(&state, &user, entity, Some(id)).await?;
    let rows = history::of_record(&state.db, entity.table, id).await?;
    let fields = entity.history_fields();
    Ok(HistoryPage {
        layout: AdminLayout::new(
            &state,
            crate::i18n::t_arg("admin-history-title", entity.singular()),
            &user,
            "/admin/projekte",
        ),
        entity,
        id,
        revisions: history::revisions(rows, Some(&fields), &Actor::Person),
    })
}
