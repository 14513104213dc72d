//! The frame of admin pages: the signed-in user, the admin navigation and the
//! CSRF token every form carries.

use std::sync::Arc;

use super::auth::CurrentUser;
use super::roles::Role;
use crate::AppState;
use crate::model::site::Site;

pub struct AdminNavItem {
    pub href: &'static str,
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
}

impl AdminLayout {
    pub fn new(state: &AppState, title: impl Into<String>, user: &CurrentUser, current: &'static str) -> AdminLayout {
        let mut nav = vec![AdminNavItem { href: "/admin", label: "Start" }];
        if user.role != Role::Approver {
            nav.push(AdminNavItem { href: "/admin/projekte", label: "Projekte" });
            nav.push(AdminNavItem { href: "/admin/board", label: "Board" });
        }
        if user.can_release() {
            nav.push(AdminNavItem { href: "/admin/freigaben", label: "Freigaben" });
        }
        if user.is_admin() {
            nav.push(AdminNavItem { href: "/admin/online-dienste", label: "Online-Dienste" });
            nav.push(AdminNavItem { href: "/admin/inhalte", label: "Weitere Inhalte" });
            nav.push(AdminNavItem { href: "/admin/benutzer", label: "Benutzer" });
        }
        nav.push(AdminNavItem { href: "/admin/konto", label: "Mein Konto" });
        AdminLayout {
            site: state.site.clone(),
            title: title.into(),
            csrf: user.csrf_token.clone(),
            user: Some(user.clone()),
            css: crate::ui::assets::stylesheet_path(),
            notice: None,
            nav,
            current,
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
