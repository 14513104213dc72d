//! What every page shares: the site, the navigation, the stylesheet address and
//! the "Stand" date.

use std::sync::Arc;

use crate::AppState;
use crate::model::Date;
use crate::model::site::Site;

/// Main navigation sections; the current one is marked with `aria-current`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Strategy,
    Projects,
    Milestones,
    Services,
    Reports,
    Inquiries,
    Updates,
    Search,
    None,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub nav: Nav,
}

pub const NAV_ITEMS: &[NavItem] = &[
    NavItem { href: "/", label: "Übersicht", nav: Nav::Overview },
    NavItem { href: "/strategie", label: "Strategie", nav: Nav::Strategy },
    NavItem { href: "/projekte", label: "Projekte", nav: Nav::Projects },
    NavItem { href: "/meilensteine", label: "Meilensteine", nav: Nav::Milestones },
    NavItem { href: "/online-dienste", label: "Online-Dienste", nav: Nav::Services },
    NavItem { href: "/berichte", label: "Berichte", nav: Nav::Reports },
    NavItem { href: "/anfragen", label: "Anfragen", nav: Nav::Inquiries },
    NavItem { href: "/aktuelles", label: "Aktuelles", nav: Nav::Updates },
];

pub struct Layout {
    pub site: Arc<Site>,
    pub title: String,
    pub nav: Nav,
    pub today: Date,
    /// Shown as a notice when the page contains illustrative example data.
    pub illustrative: bool,
    pub css: &'static str,
    pub description: String,
    /// This page's own Atom feed (title, address), advertised beside the site's.
    pub feed: Option<(String, String)>,
}

impl Layout {
    pub fn new(state: &AppState, title: impl Into<String>, nav: Nav) -> Layout {
        Layout {
            site: state.site.clone(),
            title: title.into(),
            nav,
            today: Date::today(),
            illustrative: false,
            css: super::assets::stylesheet_path(),
            description: String::new(),
            feed: None,
        }
    }

    pub fn print_css(&self) -> &'static str {
        super::assets::print_stylesheet_path()
    }

    pub fn favicon(&self) -> &'static str {
        super::assets::favicon_path()
    }

    pub fn items(&self) -> &'static [NavItem] {
        NAV_ITEMS
    }

    pub fn is_current(&self, item: &NavItem) -> bool {
        item.nav == self.nav
    }

    /// `<title>`: page title, then the portal.
    pub fn full_title(&self) -> String {
        if self.nav == Nav::Overview {
            format!("{} – Digitalisierung in {}", self.site.portal_name, self.site.name)
        } else {
            format!("{} – {}", self.title, self.site.portal_name)
        }
    }
}
