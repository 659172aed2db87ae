//! Everything the fake org holds, behind one `Mutex` shared by the connection tasks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::SystemTime;

use serde_json::Value;

use crate::clients::OAuthClient;
use crate::ids::Ids;
use crate::RecordedRequest;

/// Objects of one kind, in creation order. The order is the listing order and
/// its sequence numbers are the paging cursors, so a cursor stays valid when
/// objects before it are deleted.
#[derive(Default)]
pub(crate) struct Collection {
    items: BTreeMap<u64, Value>,
    index: HashMap<String, u64>,
    next: u64,
}

impl Collection {
    /// Adds (or replaces, keeping its place) the object with `id`.
    pub fn put(&mut self, id: &str, value: Value) {
        if let Some(seq) = self.index.get(id) {
            self.items.insert(*seq, value);
            return;
        }
        self.next += 1;
        self.index.insert(id.to_owned(), self.next);
        self.items.insert(self.next, value);
    }

    pub fn get(&self, id: &str) -> Option<&Value> {
        self.index.get(id).and_then(|seq| self.items.get(seq))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        let seq = self.index.get(id)?;
        self.items.get_mut(seq)
    }

    pub fn remove(&mut self, id: &str) -> Option<Value> {
        let seq = self.index.remove(id)?;
        self.items.remove(&seq)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Every object with its cursor, in order.
    pub fn entries(&self) -> impl Iterator<Item = (u64, &Value)> {
        self.items.iter().map(|(k, v)| (*k, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.items.values()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }
}

/// One issued access token.
pub(crate) struct IssuedToken {
    pub client_id: String,
    pub scopes: Vec<String>,
    /// The JWK thumbprint the token is bound to (DPoP), if any.
    pub jkt: Option<String>,
    pub expires: SystemTime,
}

/// A rate-limit window of one bucket.
pub(crate) struct Window {
    pub start: u64,
    pub used: u32,
}

/// The whole org.
pub(crate) struct State {
    pub ids: Ids,
    pub users: Collection,
    pub groups: Collection,
    /// Group id → member user ids.
    pub members: HashMap<String, HashSet<String>>,
    pub apps: Collection,
    /// App id → user assignments (AppUser objects keyed by user id).
    pub app_users: HashMap<String, Collection>,
    /// App id → group assignments keyed by group id.
    pub app_groups: HashMap<String, Collection>,
    /// User id → enrolled factors.
    pub factors: HashMap<String, Collection>,
    /// Factor id → the pass code a verification expects.
    pub passcodes: HashMap<String, String>,
    /// Factor id → security question answer.
    pub answers: HashMap<String, String>,
    pub logs: Collection,
    pub clients: HashMap<String, OAuthClient>,
    pub tokens: HashMap<String, IssuedToken>,
    /// Client assertion and DPoP proof ids already used.
    pub seen_jti: HashSet<String>,
    /// The nonce the token endpoint currently expects in DPoP proofs.
    pub dpop_nonce: Option<String>,
    /// The nonce the resource server (`/api/v1`) currently expects.
    pub resource_nonce: Option<String>,
    pub requests: Vec<RecordedRequest>,
    pub windows: HashMap<String, Window>,
    /// How many more API requests are answered `429` before any other check.
    pub inject_429: u32,
}

impl State {
    pub fn new(inject_429: u32) -> State {
        State {
            ids: Ids::new(),
            users: Collection::default(),
            groups: Collection::default(),
            members: HashMap::new(),
            apps: Collection::default(),
            app_users: HashMap::new(),
            app_groups: HashMap::new(),
            factors: HashMap::new(),
            passcodes: HashMap::new(),
            answers: HashMap::new(),
            logs: Collection::default(),
            clients: HashMap::new(),
            tokens: HashMap::new(),
            seen_jti: HashSet::new(),
            dpop_nonce: None,
            resource_nonce: None,
            requests: Vec::new(),
            windows: HashMap::new(),
            inject_429,
        }
    }

    /// The user with this id, or else this login (case-insensitive, as Okta
    /// matches logins).
    pub fn find_user(&self, id_or_login: &str) -> Option<String> {
        if self.users.contains(id_or_login) {
            return Some(id_or_login.to_owned());
        }
        self.users
            .values()
            .find(|u| {
                u.pointer("/profile/login")
                    .and_then(Value::as_str)
                    .is_some_and(|l| l.eq_ignore_ascii_case(id_or_login))
            })
            .and_then(|u| u.get("id").and_then(Value::as_str).map(str::to_owned))
    }
}
