//! TaskRouter capability tokens: an HS256 JWT signed with the account's
//! auth token, whose `policies` list the URLs (and methods) a worker,
//! task-queue or workspace page may use on TaskRouter's REST API and its
//! event-bridge web socket.

use std::marker::PhantomData;
use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::{check_sid, seconds, sign, Secret, TokenError, Validity};

const VERSION: &str = "v1";
const TASKROUTER: &str = "https://taskrouter.twilio.com";
const EVENT_BRIDGE: &str = "https://event-bridge.twilio.com/v1/wschannels";

/// What a capability token is for: a worker, a task queue or a workspace.
/// Sealed: the three kinds below are all there are.
pub trait Channel: sealed::Sealed {
    /// The channel SID's prefix.
    const PREFIX: &'static str;
    /// What the channel SID is, in errors.
    const WHAT: &'static str;
    /// The claim naming the channel besides `channel`, if any.
    const CLAIM: Option<&'static str>;
    /// The REST resource of the channel under its workspace.
    fn resource(workspace_url: &str, channel: &str) -> String;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Worker {}
    impl Sealed for super::TaskQueue {}
    impl Sealed for super::Workspace {}
}

/// A worker's channel (`WK…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worker {}
/// A task queue's channel (`WQ…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskQueue {}
/// A workspace's channel (`WS…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workspace {}

impl Channel for Worker {
    const PREFIX: &'static str = "WK";
    const WHAT: &'static str = "the worker SID";
    const CLAIM: Option<&'static str> = Some("worker_sid");
    fn resource(workspace_url: &str, channel: &str) -> String {
        format!("{workspace_url}/Workers/{channel}")
    }
}

impl Channel for TaskQueue {
    const PREFIX: &'static str = "WQ";
    const WHAT: &'static str = "the task queue SID";
    const CLAIM: Option<&'static str> = Some("taskqueue_sid");
    fn resource(workspace_url: &str, channel: &str) -> String {
        format!("{workspace_url}/TaskQueues/{channel}")
    }
}

impl Channel for Workspace {
    const PREFIX: &'static str = "WS";
    const WHAT: &'static str = "the workspace SID";
    const CLAIM: Option<&'static str> = None;
    fn resource(workspace_url: &str, _channel: &str) -> String {
        workspace_url.to_owned()
    }
}

/// A capability token for a worker's page (the TaskRouter JS worker SDK).
pub type WorkerCapabilityToken = CapabilityToken<Worker>;
/// A capability token for a task queue's page.
pub type TaskQueueCapabilityToken = CapabilityToken<TaskQueue>;
/// A capability token for a workspace's page.
pub type WorkspaceCapabilityToken = CapabilityToken<Workspace>;

/// One permission: a URL (`/**` matches below it), a method, and filters on
/// the query and the posted form.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    url: String,
    method: http::Method,
    allow: bool,
    query_filter: Map<String, Value>,
    post_filter: Map<String, Value>,
}

impl Policy {
    /// Allows `method` on `url`.
    pub fn allow(url: impl Into<String>, method: http::Method) -> Self {
        Policy {
            url: url.into(),
            method,
            allow: true,
            query_filter: Map::new(),
            post_filter: Map::new(),
        }
    }

    /// Denies `method` on `url`.
    pub fn deny(url: impl Into<String>, method: http::Method) -> Self {
        Policy {
            allow: false,
            ..Policy::allow(url, method)
        }
    }

    /// A filter on a query parameter (`{"required": true}`, …).
    pub fn query_filter(mut self, parameter: impl Into<String>, filter: Value) -> Self {
        self.query_filter.insert(parameter.into(), filter);
        self
    }

    /// A filter on a posted parameter (`{"required": true}`, …).
    pub fn post_filter(mut self, parameter: impl Into<String>, filter: Value) -> Self {
        self.post_filter.insert(parameter.into(), filter);
        self
    }

    fn claim(&self) -> Value {
        json!({
            "url": self.url,
            "method": self.method.as_str(),
            "allow": self.allow,
            "query_filter": self.query_filter,
            "post_filter": self.post_filter,
        })
    }
}

/// A TaskRouter capability token for one channel, made with the policies
/// Twilio's official libraries start with (the event-bridge web socket and
/// fetching the channel's own resource, and for a worker its activities,
/// tasks and reservations); the `allow_*` methods add the others.
///
/// ```
/// # use openapi_client_runtime::twilio::jwt::WorkerCapabilityToken;
/// let token = WorkerCapabilityToken::new(
///     "AC00000000000000000000000000000000",
///     "the auth token",
///     "WS00000000000000000000000000000000",
///     "WK00000000000000000000000000000000",
/// )
/// .allow_update_activities()
/// .to_jwt()?;
/// # assert_eq!(token.split('.').count(), 3);
/// # Ok::<_, openapi_client_runtime::twilio::jwt::TokenError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CapabilityToken<C: Channel> {
    account_sid: String,
    secret: Secret,
    workspace_sid: String,
    channel: String,
    validity: Validity,
    policies: Vec<Policy>,
    kind: PhantomData<C>,
}

impl<C: Channel> CapabilityToken<C> {
    fn with_defaults(account_sid: String, auth_token: String, workspace_sid: String, channel: String) -> Self {
        CapabilityToken {
            account_sid,
            secret: Secret::new(auth_token),
            workspace_sid,
            channel,
            validity: Validity::default(),
            policies: Vec::new(),
            kind: PhantomData,
        }
        .allow_web_sockets()
        .allow_fetch_self()
    }

    fn workspace_url(&self) -> String {
        format!("{TASKROUTER}/{VERSION}/Workspaces/{}", self.workspace_sid)
    }

    fn resource_url(&self) -> String {
        C::resource(&self.workspace_url(), &self.channel)
    }

    fn allow(mut self, url: String, method: http::Method) -> Self {
        self.policies.push(Policy::allow(url, method));
        self
    }

    /// Adds a policy of the caller's own.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policies.push(policy);
        self
    }

    /// The event-bridge web socket of the channel (GET and POST); on by default.
    pub fn allow_web_sockets(self) -> Self {
        let url = format!("{EVENT_BRIDGE}/{}/{}", self.account_sid, self.channel);
        self.allow(url.clone(), http::Method::GET)
            .allow(url, http::Method::POST)
    }

    /// Fetching the channel's own resource; on by default.
    pub fn allow_fetch_self(self) -> Self {
        let url = self.resource_url();
        self.allow(url, http::Method::GET)
    }

    /// Updating the channel's own resource.
    pub fn allow_update_self(self) -> Self {
        let url = self.resource_url();
        self.allow(url, http::Method::POST)
    }

    /// Deleting the channel's own resource.
    pub fn allow_delete_self(self) -> Self {
        let url = self.resource_url();
        self.allow(url, http::Method::DELETE)
    }

    /// Fetching everything below the channel's resource.
    pub fn allow_fetch_subresources(self) -> Self {
        let url = format!("{}/**", self.resource_url());
        self.allow(url, http::Method::GET)
    }

    /// Updating everything below the channel's resource.
    pub fn allow_update_subresources(self) -> Self {
        let url = format!("{}/**", self.resource_url());
        self.allow(url, http::Method::POST)
    }

    /// Deleting everything below the channel's resource.
    pub fn allow_delete_subresources(self) -> Self {
        let url = format!("{}/**", self.resource_url());
        self.allow(url, http::Method::DELETE)
    }

    validity_setters!();

    /// The signed token as if signed at `now` (a fixed clock, in tests).
    pub fn to_jwt_at(&self, now: SystemTime) -> Result<String, TokenError> {
        check_sid("the account SID", "AC", &self.account_sid)?;
        check_sid("the workspace SID", "WS", &self.workspace_sid)?;
        check_sid(C::WHAT, C::PREFIX, &self.channel)?;
        let mut claims = Map::new();
        claims.insert("account_sid".into(), self.account_sid.as_str().into());
        claims.insert("workspace_sid".into(), self.workspace_sid.as_str().into());
        claims.insert("channel".into(), self.channel.as_str().into());
        claims.insert("version".into(), VERSION.into());
        claims.insert("friendly_name".into(), self.channel.as_str().into());
        claims.insert("policies".into(), self.policies.iter().map(Policy::claim).collect());
        if let Some(claim) = C::CLAIM {
            claims.insert(claim.into(), self.channel.as_str().into());
        }
        claims.insert("iss".into(), self.account_sid.as_str().into());
        self.validity.claims(seconds(now)?, &mut claims)?;
        sign(Map::new(), &claims, &self.secret)
    }
}

impl CapabilityToken<Worker> {
    /// A worker's token: the web socket, the worker, its workspace's
    /// activities, tasks and its reservations, all to read.
    pub fn new(
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
        workspace_sid: impl Into<String>,
        worker_sid: impl Into<String>,
    ) -> Self {
        Self::with_defaults(
            account_sid.into(),
            auth_token.into(),
            workspace_sid.into(),
            worker_sid.into(),
        )
        .allow_fetch_activities()
        .allow_fetch_reservations()
        .allow_fetch_worker_reservations()
    }

    /// Reading the workspace's activities; on by default.
    pub fn allow_fetch_activities(self) -> Self {
        let url = format!("{}/Activities", self.workspace_url());
        self.allow(url, http::Method::GET)
    }

    /// Reading the workspace's tasks and their reservations; on by default.
    pub fn allow_fetch_reservations(self) -> Self {
        let url = format!("{}/Tasks/**", self.workspace_url());
        self.allow(url, http::Method::GET)
    }

    /// Reading the worker's reservations; on by default.
    pub fn allow_fetch_worker_reservations(self) -> Self {
        let url = format!("{}/Reservations/**", self.resource_url());
        self.allow(url, http::Method::GET)
    }

    /// Changing the worker's activity (the post must name an `ActivitySid`).
    pub fn allow_update_activities(self) -> Self {
        let url = self.resource_url();
        self.policy(Policy::allow(url, http::Method::POST).post_filter("ActivitySid", json!({ "required": true })))
    }

    /// Accepting and rejecting reservations, of tasks and of the worker.
    pub fn allow_update_reservations(self) -> Self {
        let (tasks, reservations) = (
            format!("{}/Tasks/**", self.workspace_url()),
            format!("{}/Reservations/**", self.resource_url()),
        );
        self.allow(tasks, http::Method::POST)
            .allow(reservations, http::Method::POST)
    }
}

impl CapabilityToken<TaskQueue> {
    /// A task queue's token: the web socket and the queue, to read.
    pub fn new(
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
        workspace_sid: impl Into<String>,
        task_queue_sid: impl Into<String>,
    ) -> Self {
        Self::with_defaults(
            account_sid.into(),
            auth_token.into(),
            workspace_sid.into(),
            task_queue_sid.into(),
        )
    }
}

impl CapabilityToken<Workspace> {
    /// A workspace's token: the web socket and the workspace, to read.
    pub fn new(
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
        workspace_sid: impl Into<String>,
    ) -> Self {
        let workspace_sid = workspace_sid.into();
        Self::with_defaults(
            account_sid.into(),
            auth_token.into(),
            workspace_sid.clone(),
            workspace_sid,
        )
    }
}
