//! What each role (`domain::Role`) may do, checked on the server for every request and
//! every record: an id changed in an address never reaches a record outside
//! one's scope.

use sqlx::PgExecutor;

use super::auth::CurrentUser;
pub use crate::domain::Role;

impl CurrentUser {
    /// This user as the author of a write for the city being served.
    pub fn writer(&self, city_id: i64) -> crate::model::write::Writer<'_> {
        crate::model::write::Writer { city_id, actor: &self.email }
    }

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
