//! The frame of admin pages: the signed-in user, the admin navigation and the
//! CSRF token every form carries.

use std::sync::Arc;

use super::auth::CurrentUser;
use super::roles::Role;
use crate::AppState;
use crate::model::site::Site;

pub struct AdminNavItem {
    pub href: &'static str,
    /// The message key of its label.
    pub label: &'static str,
}

pub struct AdminLayout {
    pub site: Arc<Site>,
    pub title: String,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub css: &'static str,
    /// A confirmation shown once at the top ("Gespeichert.").
    pub notice: Option<String>,
    pub nav: Vec<AdminNavItem>,
    pub current: &'static str,
    /// The page's language (`/en/admin/…` is English).
    pub lang: crate::i18n::Lang,
}

impl AdminLayout {
    /// An interface text in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// An interface text with one value, `{ $value }` in the message.
    pub fn t_arg(&self, key: &str, value: impl std::fmt::Display) -> String {
        self.lang.t_with(key, &[("value", value.to_string().into())])
    }

    pub fn new(state: &AppState, title: impl Into<String>, user: &CurrentUser, current: &'static str) -> AdminLayout {
        let mut nav = vec![AdminNavItem { href: "/admin", label: "admin-nav-start" }];
        if user.role != Role::Approver {
            nav.push(AdminNavItem { href: "/admin/projekte", label: "admin-nav-projects" });
            nav.push(AdminNavItem { href: "/admin/board", label: "admin-nav-board" });
        }
        if user.can_release() {
            nav.push(AdminNavItem { href: "/admin/freigaben", label: "admin-nav-releases" });
        }
        if user.is_admin() {
            nav.push(AdminNavItem { href: "/admin/online-dienste", label: "admin-nav-services" });
            nav.push(AdminNavItem { href: "/admin/inhalte", label: "admin-nav-content" });
            nav.push(AdminNavItem { href: "/admin/benutzer", label: "admin-nav-users" });
        }
        nav.push(AdminNavItem { href: "/admin/konto", label: "admin-nav-account" });
        AdminLayout {
            site: state.site.clone(),
            title: title.into(),
            csrf: user.csrf_token.clone(),
            user: Some(user.clone()),
            css: crate::ui::assets::stylesheet_path(),
            notice: None,
            nav,
            current,
            lang: crate::i18n::lang(),
        }
    }

    /// For the login pages: no user, a signed anonymous token.
    pub fn anonymous(state: &AppState, title: impl Into<String>, csrf: String) -> AdminLayout {
        AdminLayout {
            site: state.site.clone(),
            title: title.into(),
            user: None,
            csrf,
            css: crate::ui::assets::stylesheet_path(),
            notice: None,
            nav: Vec::new(),
            current: "",
            lang: crate::i18n::lang(),
        }
    }

    pub fn admin_css(&self) -> &'static str {
        crate::ui::assets::admin_stylesheet_path()
    }

    pub fn favicon(&self) -> &'static str {
        crate::ui::assets::favicon_path()
    }

    pub fn is_current(&self, item: &AdminNavItem) -> bool {
        item.href == self.current
    }
}
