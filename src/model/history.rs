//! The history of records, read from the audit log as readable changes: the
//! team's full history of one record, and the public change history of a
//! project (public fields only, the actor shown as the city's programme).

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Berlin;
use serde_json::Value;
use sqlx::PgExecutor;

/// A field a history shows: column name and label.
pub type Labelled = (&'static str, &'static str);

/// The public fields with their labels in the request's language (the
/// constants below name them in German).
fn public_fields(fields: &[Labelled]) -> Vec<Labelled> {
    fields.iter().map(|&(column, german)| (column, public_label(column).unwrap_or(german))).collect()
}

/// The label of a public field of a project or milestone in the request's language.
fn public_label(column: &str) -> Option<&'static str> {
    let key = match column {
        "title" => "domain-history-field-title",
        "kind" => "domain-history-field-kind",
        "status" => "domain-history-field-status",
        "progress_override" => "domain-history-field-progress-override",
        "summary_md" => "domain-history-field-summary",
        "planned_start" => "domain-history-field-planned-start",
        "planned_end" => "domain-history-field-planned-end",
        "actual_start" => "domain-history-field-actual-start",
        "actual_end" => "domain-history-field-actual-end",
        "planned_on" => "domain-history-field-planned-on",
        "forecast_on" => "domain-history-field-forecast-on",
        "forecast_reason" => "domain-history-field-forecast-reason",
        "achieved_on" => "domain-history-field-achieved-on",
        _ => return None,
    };
    Some(crate::i18n::t_static(key))
}

/// Public fields of a project, as its page names them.
pub const PROJECT_PUBLIC_FIELDS: &[Labelled] = &[
    ("title", "Titel"),
    ("kind", "Art"),
    ("status", "Status"),
    ("progress_override", "Fortschritt in % (leer: aus Meilensteinen)"),
    ("summary_md", "Kurzbeschreibung"),
    ("planned_start", "Start geplant"),
    ("planned_end", "Ende geplant"),
    ("actual_start", "Start tatsächlich"),
    ("actual_end", "Ende tatsächlich"),
];

/// Public fields of a milestone.
pub const MILESTONE_PUBLIC_FIELDS: &[Labelled] = &[
    ("title", "Titel"),
    ("planned_on", "Geplant am"),
    ("forecast_on", "Prognose"),
    ("forecast_reason", "Grund für die Prognose"),
    ("achieved_on", "Erreicht am"),
    ("status", "Status"),
];

/// One changed field: label, before, after.
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

pub struct Revision {
    at_utc: DateTime<Utc>,
    /// Local time in Germany at the moment of the change (summer or winter time as it was then).
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub changes: Vec<Change>,
}

/// What a revision did, in the request's language.
fn action_label(action: &str) -> &'static str {
    crate::i18n::t_static(match action {
        "create" => "domain-history-action-create",
        "archive" => "domain-history-action-archive",
        "restore" => "domain-history-action-restore",
        "delete" => "domain-history-action-delete",
        "release" => "domain-history-action-release",
        "return" => "domain-history-action-return",
        "submit" => "domain-history-action-submit",
        "reopen" => "domain-history-action-reopen",
        _ => "domain-history-action-update",
    })
}

/// A value as a reader sees it: dates in the request's language, yes/no, lists joined.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "–".into(),
        Value::Bool(true) => crate::i18n::t("domain-history-yes"),
        Value::Bool(false) => crate::i18n::t("domain-history-no"),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => super::Date(d).to_string(),
            Err(_) => s.clone(),
        },
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Time of a revision as shown in Germany, with the offset valid at that time
/// (the date in the request's language: 12.05.2023, 14:00 / 12 May 2023, 14:00).
pub fn berlin_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Berlin);
    format!("{}, {}", super::Date(local.date_naive()), local.format("%H:%M"))
}

/// The fields that differ between two documents. With `fields`, only those, with
/// their labels; without, every key of the documents under its own name.
pub fn diff(fields: Option<&[Labelled]>, before: &Value, after: &Value) -> Vec<Change> {
    let keys: Vec<(String, String)> = match fields {
        Some(fields) => fields.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect(),
        None => after
            .as_object()
            .or(before.as_object())
            .map(|m| m.keys().map(|k| (k.clone(), k.clone())).collect())
            .unwrap_or_default(),
    };
    keys.into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "version" | "updated_at" | "search" | "id" | "city_id"))
        .filter_map(|(k, label)| {
            let (b, a) = (before.get(&k).unwrap_or(&Value::Null), after.get(&k).unwrap_or(&Value::Null));
            (b != a).then(|| Change { label, before: show(b), after: show(a) })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    entity: String,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    before: Option<Value>,
    after: Option<Value>,
}

/// Who a revision names: the person for the team, the programme for the public.
pub enum Actor<'a> {
    Person,
    Programme(&'a str),
}

/// Turns audit rows into revisions. Publicly (`Actor::Programme`) only changes of
/// the listed fields count: creation by the loader or the team is not news.
pub fn revisions(rows: Vec<AuditRow>, fields: Option<&[Labelled]>, actor: &Actor<'_>) -> Vec<Revision> {
    let public = matches!(actor, Actor::Programme(_));
    rows.into_iter()
        .filter_map(|r| {
            let changes =
                diff(fields, r.before.as_ref().unwrap_or(&Value::Null), r.after.as_ref().unwrap_or(&Value::Null));
            if public && (changes.is_empty() || r.action == "create") {
                return None;
            }
            Some(Revision {
                at_utc: r.at,
                at: berlin_time(r.at),
                actor: match actor {
                    Actor::Person => r.actor,
                    // The public sees the programme, not people.
                    Actor::Programme(name) => name.to_string(),
                },
                action: action_label(&r.action),
                changes,
            })
        })
        .collect()
}

/// The audit rows of one record, newest first.
pub async fn of_record(db: impl PgExecutor<'_>, table: &str, id: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entity, at, actor, action, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 \
         ORDER BY id DESC LIMIT 500",
    )
    .bind(table)
    .bind(id)
    .fetch_all(db)
    .await
}

/// Public changes of a project and its milestones, newest first; `programme` is
/// the name the public history gives as the actor (the city's programme name).
pub async fn public_changes(
    db: impl PgExecutor<'_>,
    project_id: i64,
    programme: &str,
) -> Result<Vec<Revision>, sqlx::Error> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        // Two index lookups, each limited, instead of one OR that the planner answers by
        // walking the whole log backwards (1.4 s at a million audit rows); `id + 0` keeps it
        // from walking the primary key backwards for each part as well.
        "SELECT entity, at, actor, action, before, after FROM ( \
             (SELECT id, entity, at, actor, action, before, after FROM audit_log \
              WHERE entity = 'projects' AND entity_id = $1 ORDER BY id + 0 DESC LIMIT 50) \
             UNION ALL \
             (SELECT id, entity, at, actor, action, before, after FROM audit_log \
              WHERE entity = 'milestones' AND (after->>'project_id')::bigint = $1 ORDER BY id + 0 DESC LIMIT 50)) r \
         ORDER BY id DESC LIMIT 50",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let (projects, milestones): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.entity == "projects");
    let actor = Actor::Programme(programme);
    let project_fields = public_fields(PROJECT_PUBLIC_FIELDS);
    let milestone_fields = public_fields(MILESTONE_PUBLIC_FIELDS);
    let mut out = revisions(projects, Some(project_fields.as_slice()), &actor);
    out.extend(revisions(milestones, Some(milestone_fields.as_slice()), &actor));
    out.sort_by_key(|r| std::cmp::Reverse(r.at_utc));
    Ok(out)
}

/// A public change of a project or of one of its milestones, for the feeds.
pub struct PublicChange {
    pub project_id: i64,
    pub at: DateTime<Utc>,
    /// The milestone's position and title; `None` for the project itself.
    pub milestone: Option<(i32, String)>,
    pub changes: Vec<Change>,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    entity: String,
    at: DateTime<Utc>,
    before: Option<Value>,
    after: Value,
    project_id: i64,
}

/// The newest public changes of these projects and their milestones (public
/// fields only, creation left out: it is not news), at most `limit`.
pub async fn public_changes_of(
    db: impl PgExecutor<'_>,
    project_ids: &[i64],
    limit: usize,
) -> Result<Vec<PublicChange>, sqlx::Error> {
    // Rows that change only internal fields are dropped below, so read more than asked.
    let rows: Vec<ChangeRow> = sqlx::query_as(
        // As in `public_changes`: each kind from its index, limited, then merged.
        "SELECT entity, at, before, after, project_id FROM ( \
             (SELECT id, entity, at, before, after, entity_id AS project_id FROM audit_log \
              WHERE entity = 'projects' AND entity_id = ANY($1) AND action NOT IN ('create', 'delete') AND after IS NOT NULL \
              ORDER BY at DESC, id DESC LIMIT $2) \
             UNION ALL \
             (SELECT id, entity, at, before, after, (after->>'project_id')::bigint FROM audit_log \
              WHERE entity = 'milestones' AND (after->>'project_id')::bigint = ANY($1) \
                AND action NOT IN ('create', 'delete') AND after IS NOT NULL \
              ORDER BY at DESC, id DESC LIMIT $2)) r \
         ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(project_ids)
    .bind(i64::try_from(limit * 4).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?;
    let project_fields = public_fields(PROJECT_PUBLIC_FIELDS);
    let milestone_fields = public_fields(MILESTONE_PUBLIC_FIELDS);
    // The labels of the fields whose codes are named (as `diff` labels them).
    let (status, kind) = (public_label("status").unwrap_or("Status"), public_label("kind").unwrap_or("Art"));
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let milestone = r.entity == "milestones";
            let fields = if milestone { milestone_fields.as_slice() } else { project_fields.as_slice() };
            let mut changes = diff(Some(fields), r.before.as_ref().unwrap_or(&Value::Null), &r.after);
            for change in changes.iter_mut().filter(|c| c.label == status || c.label == kind) {
                // Codes as the pages name them.
                for value in [&mut change.before, &mut change.after] {
                    let label = if milestone {
                        crate::domain::MilestoneStatus::from_code(value).map(|s| s.label())
                    } else if change.label == kind {
                        crate::domain::ProjectKind::from_code(value).map(|k| k.label())
                    } else {
                        crate::domain::ProjectStatus::from_code(value).map(|s| s.label())
                    };
                    if let Some(label) = label {
                        *value = label.to_string();
                    }
                }
            }
            (!changes.is_empty()).then(|| PublicChange {
                project_id: r.project_id,
                at: r.at,
                milestone: milestone.then(|| {
                    let position = r.after["position"].as_i64().and_then(|p| i32::try_from(p).ok()).unwrap_or(0);
                    (position, r.after["title"].as_str().unwrap_or("").to_string())
                }),
                changes,
            })
        })
        .take(limit)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn revision_times_use_the_offset_valid_at_their_own_date() {
        // 12:00 UTC is 14:00 in German summer time and 13:00 in winter time,
        // whatever the offset is today.
        assert_eq!(berlin_time(Utc.with_ymd_and_hms(2023, 5, 12, 12, 0, 0).unwrap()), "12.05.2023, 14:00");
        assert_eq!(berlin_time(Utc.with_ymd_and_hms(2023, 1, 12, 12, 0, 0).unwrap()), "12.01.2023, 13:00");
        // The switch to summer time on 26 March 2023 at 01:00 UTC.
        assert_eq!(berlin_time(Utc.with_ymd_and_hms(2023, 3, 26, 0, 30, 0).unwrap()), "26.03.2023, 01:30");
        assert_eq!(berlin_time(Utc.with_ymd_and_hms(2023, 3, 26, 1, 30, 0).unwrap()), "26.03.2023, 03:30");
    }

    #[test]
    fn public_fields_keep_their_german_labels_outside_requests() {
        assert_eq!(public_fields(PROJECT_PUBLIC_FIELDS), PROJECT_PUBLIC_FIELDS);
        assert_eq!(public_fields(MILESTONE_PUBLIC_FIELDS), MILESTONE_PUBLIC_FIELDS);
        assert_eq!(show(&Value::Bool(true)), "ja");
        assert_eq!(show(&serde_json::json!("2023-05-12")), "12.05.2023");
        assert_eq!(action_label("submit"), "zur Freigabe vorgelegt");
        assert_eq!(action_label("whatever"), "geändert");
    }

    #[test]
    fn diff_lists_only_changed_labelled_fields() {
        let before = serde_json::json!({"title": "A", "status": "idea", "version": 1});
        let after = serde_json::json!({"title": "A", "status": "completed", "version": 2});
        let changes = diff(Some(&[("title", "Titel"), ("status", "Status")]), &before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].label.as_str(), changes[0].after.as_str()), ("Status", "completed"));
    }
}

/// A record whose earlier states a page lists (see [`state_dates`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dated {
    Project,
    Service,
}

/// The days on which a project's or service's public fields changed (for a
/// project also its milestones'), newest first, at most `limit`, up to the
/// day a dated page shows: the "earlier states" a visitor can open.
pub async fn state_dates(
    db: impl PgExecutor<'_>,
    record: Dated,
    id: i64,
    limit: i64,
) -> Result<Vec<super::Date>, sqlx::Error> {
    // The versions tables are read directly (there is no `asof` view of them); a dated page sets the moment.
    const UNTIL: &str =
        "lower(valid) <= coalesce(nullif(current_setting('sachstand.as_of', true), '')::timestamptz, 'infinity')";
    let states = match record {
        Dated::Project => format!(
            "SELECT lower(valid) AS at, id, jsonb_build_array(title, kind, status, progress, summary_md, description_md, \
                    responsible_unit_id, planned_start, planned_end, actual_start, actual_end, archived_at) AS state \
             FROM public.projects_versions WHERE id = $1 AND {UNTIL} \
             UNION ALL \
             SELECT lower(valid), -id, jsonb_build_array(title, planned_on, forecast_on, achieved_on, status, archived_at) \
             FROM public.milestones_versions WHERE project_id = $1 AND {UNTIL}"
        ),
        Dated::Service => format!(
            "SELECT lower(valid) AS at, id, jsonb_build_array(name, status, maturity_model, maturity, maturity_rated_on, efa, online_since, application_url, \
                    description_md, archived_at) AS state \
             FROM public.services_versions WHERE id = $1 AND {UNTIL}"
        ),
    };
    sqlx::query_scalar(&format!(
        "SELECT day FROM ( \
             SELECT (at AT TIME ZONE 'Europe/Berlin')::date AS day, state, \
                    lag(state) OVER (PARTITION BY id ORDER BY at) AS before \
             FROM ({states}) s) v \
         WHERE before IS DISTINCT FROM state \
         GROUP BY day ORDER BY day DESC LIMIT $2"
    ))
    .bind(id)
    .bind(limit)
    .fetch_all(db)
    .await
}
