//! Every integration test in one binary: one link step instead of six, and the
//! demo database is built once per run (see `common`). The modules are the
//! former `tests/*.rs` files, unchanged in what they test.

mod common;

mod admin;
mod api;
mod backups;
mod cities;
mod content_export;
mod content_loading;
mod dated;
mod documents;
mod embedded_default;
mod faults;
mod feeds;
mod fuzz;
mod i18n;
mod operations;
mod page_cache;
mod public_pages;
mod regressions;
mod scale;
mod security;
mod tallies;
