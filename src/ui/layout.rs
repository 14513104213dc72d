//! What every page shares: the site, the navigation, the stylesheet address and
//! the "Stand" date.

use std::sync::Arc;

use crate::AppState;
use crate::i18n::{self, Lang};
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
    /// The message key of its label.
    pub label: &'static str,
    pub nav: Nav,
}

pub const NAV_ITEMS: &[NavItem] = &[
    NavItem { href: "/", label: "nav-overview", nav: Nav::Overview },
    NavItem { href: "/strategie", label: "nav-strategy", nav: Nav::Strategy },
    NavItem { href: "/projekte", label: "nav-projects", nav: Nav::Projects },
    NavItem { href: "/meilensteine", label: "nav-milestones", nav: Nav::Milestones },
    NavItem { href: "/online-dienste", label: "nav-services", nav: Nav::Services },
    NavItem { href: "/berichte", label: "nav-reports", nav: Nav::Reports },
    NavItem { href: "/anfragen", label: "nav-inquiries", nav: Nav::Inquiries },
    NavItem { href: "/aktuelles", label: "nav-updates", nav: Nav::Updates },
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
    /// The day a dated page shows (`?stand=`); `today` is then that day.
    pub dated: Option<Date>,
    /// The real date, the latest a visitor can choose.
    pub real_today: Date,
    /// This page's path (the date picker sends to it), its other parameters
    /// (the picker keeps them) and the address of the same page today.
    pub path: String,
    pub keep: Vec<(String, String)>,
    pub today_href: String,
    /// The page's language (from its address: `/en/…` is English).
    pub lang: Lang,
}

impl Layout {
    pub fn new(state: &AppState, title: impl Into<String>, nav: Nav) -> Layout {
        let viewing = super::stand::viewing();
        let dated = viewing.as_ref().and_then(|v| v.stand).map(|s| s.day);
        let real_today = Date::today();
        let (path, keep, today_href) =
            viewing.map_or_else(|| ("/".into(), Vec::new(), "/".into()), |v| (v.path, v.keep, v.today_href));
        Layout {
            site: state.site.clone(),
            title: title.into(),
            nav,
            today: dated.unwrap_or(real_today),
            dated,
            real_today,
            path,
            keep,
            today_href,
            illustrative: false,
            css: super::assets::stylesheet_path(),
            description: String::new(),
            feed: None,
            lang: i18n::lang(),
        }
    }

    /// An interface text in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A record's title in the page's language (see `ui::localised`).
    pub fn text(&self, german: &str, en: &crate::model::En) -> crate::markdown::SafeHtml {
        super::localised::line(self.lang, german, &en.title)
    }

    /// Another one-line text of a record in the page's language, given its English.
    pub fn line(&self, german: &str, english: &str) -> crate::markdown::SafeHtml {
        super::localised::line(self.lang, german, english)
    }

    /// An interface text with one value, `{ $value }` in the message.
    pub fn t_arg(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.lang.t_with(key, &[("value", value.to_string().into())])
    }

    /// This page in the other language (the language switch), and in each language (`hreflang`).
    pub fn other_lang(&self) -> Lang {
        self.lang.other()
    }

    pub fn href_in(&self, lang: &Lang) -> String {
        i18n::href_in(*lang)
    }

    pub fn langs(&self) -> [Lang; 2] {
        Lang::ALL
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
            format!("{} – {} {}", self.site.portal_name, self.t("title-overview-prefix"), self.site.name)
        } else {
            format!("{} – {}", self.title, self.site.portal_name)
        }
    }
}
