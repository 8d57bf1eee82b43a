//! The account's owners: the users records are assigned to (`hubspot_owner_id` holds an
//! owner's `id`). HubSpot's owners API is read-only, so they come from the emulator's
//! [`Config::owners`](crate::Config::owners) (or a snapshot) rather than from requests.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::values::format_datetime;

/// An owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The owner ID (what `hubspot_owner_id` holds).
    pub id: String,
    /// Email address.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The user's ID (HubSpot's settings APIs).
    pub user_id: u64,
    /// Teams the owner is in.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// Archived (a deactivated user).
    #[serde(default)]
    pub archived: bool,
    /// Creation time, epoch ms.
    #[serde(default)]
    pub created_at: i64,
    /// Last change, epoch ms.
    #[serde(default)]
    pub updated_at: i64,
}

/// A team an owner is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// The team's ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The owner's primary team.
    #[serde(default)]
    pub primary: bool,
}

impl Owner {
    /// An active owner in no team.
    pub fn new(id: &str, email: &str, first_name: &str, last_name: &str, user_id: u64) -> Self {
        Owner {
            id: id.to_string(),
            email: email.to_string(),
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
            user_id,
            teams: Vec::new(),
            archived: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    /// HubSpot's JSON shape.
    pub fn render(&self) -> Value {
        json!({
            "id": self.id,
            "email": self.email,
            "type": "PERSON",
            "firstName": self.first_name,
            "lastName": self.last_name,
            "userId": self.user_id,
            "userIdIncludingInactive": self.user_id,
            "teams": self.teams.iter().map(|t| json!({
                "id": t.id,
                "name": t.name,
                "primary": t.primary,
            })).collect::<Vec<_>>(),
            "archived": self.archived,
            "createdAt": format_datetime(self.created_at),
            "updatedAt": format_datetime(self.updated_at),
        })
    }
}

/// The owners a default emulator has: two active users in a Sales and a Support team, and
/// one deactivated (archived) user.
pub fn default_owners() -> Vec<Owner> {
    let team = |id: &str, name: &str| Team {
        id: id.to_string(),
        name: name.to_string(),
        primary: true,
    };
    vec![
        Owner {
            teams: vec![team("501", "Sales")],
            ..Owner::new("101", "ada@example.com", "Ada", "Lovelace", 9001)
        },
        Owner {
            teams: vec![team("502", "Support")],
            ..Owner::new("102", "grace@example.com", "Grace", "Hopper", 9002)
        },
        Owner {
            archived: true,
            ..Owner::new("103", "alan@example.com", "Alan", "Turing", 9003)
        },
    ]
}
