//! What the public site and the admin area share: the page frame of public and
//! error pages, strict query parameters and pagination, typed extractors whose
//! rejections become styled error pages, and the hashed static assets.

pub mod assets;
pub mod availability;
pub mod charts;
pub mod client;
pub mod csv;
pub mod download;
pub mod errors;
pub mod extract;
pub mod filters;
pub mod layout;
pub mod localised;
pub mod params;
pub mod report_figures;
pub mod stand;

pub use layout::{Layout, Nav};
pub use params::{Pagination, Params};
