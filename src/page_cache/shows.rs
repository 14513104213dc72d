//! What a cached page shows, and what a change touched: the two sides of
//! invalidation in proportion to the change.
//!
//! A page says what it shows with a [`Shows`] response extension: "project 42"
//! for a project's page, "any project" for a list of projects. A change arrives
//! as the payload of a notification sent by the database's triggers (migration
//! 0008): the table, and for each topic the ids of the rows it touched, for
//! example `milestones|project=42` or `project_services|project=42|service=7`.
//! A page is dropped when it shows something the change touched; a page that
//! does not say what it shows is dropped on every change, and a change to a
//! table without a topic (strategy texts, action fields, the city) drops every
//! page.

/// The kinds of records changes are scoped to.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Topic {
    Project,
    /// What search matches and shows of a project: its address, title and texts.
    ProjectText,
    Service,
    /// The same of a service.
    ServiceText,
    Inquiry,
    Report,
}

impl Topic {
    fn parse(name: &str) -> Option<Topic> {
        match name {
            "project" => Some(Topic::Project),
            "project_text" => Some(Topic::ProjectText),
            "service" => Some(Topic::Service),
            "service_text" => Some(Topic::ServiceText),
            "inquiry" => Some(Topic::Inquiry),
            "report" => Some(Topic::Report),
            _ => None,
        }
    }
}

/// One thing a page shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tag {
    /// Every record of the topic (lists, counts, figures, search results).
    Any(Topic),
    /// The record with this id (its own page, or a link with its title).
    One(Topic, i64),
}

/// Response extension: everything a page shows, set by its handler.
#[derive(Clone, Debug, Default)]
pub struct Shows(pub Vec<Tag>);

impl Shows {
    pub fn new() -> Shows {
        Shows::default()
    }

    pub fn any(mut self, topic: Topic) -> Shows {
        self.0.push(Tag::Any(topic));
        self
    }

    pub fn one(mut self, topic: Topic, id: i64) -> Shows {
        self.0.push(Tag::One(topic, id));
        self
    }

    pub fn each(mut self, topic: Topic, ids: impl IntoIterator<Item = i64>) -> Shows {
        self.0.extend(ids.into_iter().map(|id| Tag::One(topic, id)));
        self
    }

    /// Whether a change to `touched` affects this page.
    fn is_touched_by(&self, touched: &[(Topic, Ids)]) -> bool {
        self.0.iter().any(|tag| {
            touched.iter().any(|(topic, ids)| match tag {
                Tag::Any(t) => t == topic,
                Tag::One(t, id) => t == topic && ids.contains(*id),
            })
        })
    }
}

/// A handler returns `(shows, page)`: the page's response carries what it shows.
impl axum::response::IntoResponseParts for Shows {
    type Error = std::convert::Infallible;

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Self::Error> {
        parts.extensions_mut().insert(self);
        Ok(parts)
    }
}

/// The rows of one topic a change touched.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Ids {
    /// Too many to list, or not known (a truncated table).
    All,
    Some(Vec<i64>),
}

impl Ids {
    fn contains(&self, id: i64) -> bool {
        match self {
            Ids::All => true,
            Ids::Some(ids) => ids.contains(&id),
        }
    }
}

/// A change to the public data, as announced by the database.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Change {
    /// Something every page may show (or a payload this code does not know).
    Everything,
    /// Rows of these topics; an empty list when the statement touched no row.
    Scoped(Vec<(Topic, Ids)>),
}

impl Change {
    /// Reads a notification payload: `table` alone is a change of everything;
    /// `table|topic=1,2|topic=*` is scoped to those rows.
    pub fn parse(payload: &str) -> Change {
        let Some((_table, scopes)) = payload.split_once('|') else { return Change::Everything };
        let mut touched = Vec::new();
        for part in scopes.split('|').filter(|p| !p.is_empty()) {
            let Some((name, ids)) = part.split_once('=') else { return Change::Everything };
            let Some(topic) = Topic::parse(name) else { return Change::Everything };
            let ids = if ids == "*" {
                Ids::All
            } else {
                match ids.split(',').filter(|s| !s.is_empty()).map(str::parse).collect::<Result<Vec<i64>, _>>() {
                    Ok(ids) => Ids::Some(ids),
                    Err(_) => return Change::Everything,
                }
            };
            touched.push((topic, ids));
        }
        Change::Scoped(touched)
    }

    /// Whether a page that shows `shows` (or does not say: `None`) must go.
    pub fn affects(&self, shows: Option<&Shows>) -> bool {
        match (self, shows) {
            (Change::Everything, _) => true,
            (Change::Scoped(touched), _) if touched.is_empty() => false,
            (Change::Scoped(_), None) => true,
            (Change::Scoped(touched), Some(shows)) => shows.is_touched_by(touched),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_read_as_the_triggers_write_them() {
        assert_eq!(Change::parse("strategies"), Change::Everything);
        assert_eq!(Change::parse("projects|"), Change::Scoped(vec![]));
        assert_eq!(
            Change::parse("project_services|project=4,2|service=*"),
            Change::Scoped(vec![(Topic::Project, Ids::Some(vec![4, 2])), (Topic::Service, Ids::All)])
        );
        // Whatever this code does not understand drops everything rather than nothing.
        assert_eq!(Change::parse("x|planet=1"), Change::Everything);
        assert_eq!(Change::parse("x|project=1;2"), Change::Everything);
    }

    #[test]
    fn a_change_drops_only_the_pages_that_show_what_it_touched() {
        let change = Change::parse("milestones|project=42");
        let own_page = Shows::new().one(Topic::Project, 42).each(Topic::Service, [7]);
        let other_page = Shows::new().one(Topic::Project, 43);
        let list = Shows::new().any(Topic::Project);
        let services = Shows::new().any(Topic::Service);
        assert!(change.affects(Some(&own_page)));
        assert!(change.affects(Some(&list)));
        assert!(!change.affects(Some(&other_page)));
        assert!(!change.affects(Some(&services)));
        assert!(change.affects(None), "a page that does not say what it shows goes on every change");
        assert!(!Change::parse("projects|").affects(None), "a statement that touched no row changes nothing");
        assert!(Change::parse("strategies").affects(Some(&other_page)));
        assert!(Change::parse("projects|project=*").affects(Some(&other_page)));
        // Search results show titles and texts: a change of status leaves them, a new title does not.
        let search = Shows::new().any(Topic::ProjectText).any(Topic::ServiceText);
        assert!(!Change::parse("projects|project=42").affects(Some(&search)));
        assert!(Change::parse("projects|project=42|project_text=42").affects(Some(&search)));
    }
}
