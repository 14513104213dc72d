//! Roles and what each may do, checked on the server for every request and
//! every record: an id changed in an address never reaches a record outside
//! one's scope.

use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;

use super::auth::CurrentUser;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// CDO team: everything, including users.
    Admin,
    /// The projects of their action fields, with their milestones and updates.
    Coordinator,
    /// The projects assigned to them: status, progress, milestones, updates, final-report draft.
    Editor,
    /// Steering group: releases or returns final reports and annual reports.
    Approver,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::Editor, Role::Approver];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Editor => "editor",
            Role::Approver => "approver",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administration (CDO-Team)",
            Role::Coordinator => "Handlungsfeldkoordination",
            Role::Editor => "Projektleitung / Redaktion",
            Role::Approver => "Freigabe (Lenkungsgruppe)",
        }
    }
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn can_release(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Approver)
    }

    /// Projects this user may work on; `None` means all of the city's.
    pub async fn project_scope(&self, db: impl PgExecutor<'_>) -> Result<Option<Vec<i64>>, sqlx::Error> {
        match self.role {
            Role::Admin => Ok(None),
            Role::Approver => Ok(Some(Vec::new())),
            Role::Coordinator => Ok(Some(
                sqlx::query_scalar(
                    "SELECT DISTINCT paf.project_id FROM project_action_fields paf \
                     JOIN user_action_fields uaf ON uaf.action_field_id = paf.action_field_id WHERE uaf.user_id = $1",
                )
                .bind(self.id)
                .fetch_all(db)
                .await?,
            )),
            Role::Editor => Ok(Some(
                sqlx::query_scalar("SELECT project_id FROM user_projects WHERE user_id = $1")
                    .bind(self.id)
                    .fetch_all(db)
                    .await?,
            )),
        }
    }

    /// May this user work on project `project_id` (its status, milestones, updates, report draft)?
    pub async fn can_work_on_project(&self, db: impl PgExecutor<'_>, project_id: i64) -> Result<bool, sqlx::Error> {
        match self.role {
            Role::Admin => Ok(true),
            Role::Approver => Ok(false),
            Role::Coordinator => {
                sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM project_action_fields paf JOIN user_action_fields uaf \
                 ON uaf.action_field_id = paf.action_field_id WHERE uaf.user_id = $1 AND paf.project_id = $2)",
                )
                .bind(self.id)
                .bind(project_id)
                .fetch_one(db)
                .await
            }
            Role::Editor => {
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM user_projects WHERE user_id = $1 AND project_id = $2)")
                    .bind(self.id)
                    .bind(project_id)
                    .fetch_one(db)
                    .await
            }
        }
    }

    /// May this user edit all of a project's fields (not only the daily work)?
    pub async fn can_edit_project(&self, db: impl PgExecutor<'_>, project_id: i64) -> Result<bool, sqlx::Error> {
        match self.role {
            Role::Admin => Ok(true),
            Role::Coordinator => self.can_work_on_project(db, project_id).await,
            Role::Editor | Role::Approver => Ok(false),
        }
    }
}
