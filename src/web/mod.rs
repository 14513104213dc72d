//! The public site: one router per area, merged here. The layers every response
//! shares (error pages, compression, security headers, page cache) are added
//! where the application is composed, in [`crate::app`].

mod action_fields;
pub(crate) mod archive;
mod catalog;
mod crawl;
mod downloads;
mod feeds;
mod health;
mod inquiries;
mod legal;
mod milestones;
mod open_data;
mod overview;
mod projects;
mod reports;
mod search;
mod services;
mod strategy;
mod theme;
pub(crate) mod trends;
mod updates;

use axum::Router;

use crate::AppState;

/// Every public page.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(overview::router())
        .merge(strategy::router())
        .merge(action_fields::router())
        .merge(projects::router())
        .merge(milestones::router())
        .merge(services::router())
        .merge(reports::router())
        .merge(inquiries::router())
        .merge(updates::router())
        .merge(trends::router())
        .merge(feeds::router())
        .merge(search::router())
        .merge(legal::router())
        .merge(theme::router())
        .merge(open_data::router())
        .merge(downloads::router())
        .merge(archive::router())
        .merge(catalog::router())
        .merge(crawl::router())
        .merge(health::router())
}
