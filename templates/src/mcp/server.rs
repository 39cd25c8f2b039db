//! The MCP server proper: the protocol handler over the exposed tools (or,
//! in discovery mode, the meta-tools and the APIs an agent registered), over
//! stdio or Streamable HTTP.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig,
};
use rmcp::service::{MaybeSendFuture, RequestContext};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;

use super::catalog::Catalog;
use super::discover::{self, Meta};
use super::listing;
use super::setup::{client, select};
use super::{Api, Caller, Options};
use crate::{Client, Tool, ToolError};

/// The protocol handler. Each session (stdio's one, each HTTP client's)
/// starts from the same listing; what an agent registers in discovery mode
/// is its session's.
#[derive(Clone)]
pub struct ToolServer {
    name: &'static str,
    version: &'static str,
    catalog: Arc<Catalog>,
    /// Every catalog tool's listing entry, by catalog index.
    entries: Arc<Vec<rmcp::model::Tool>>,
    /// The meta-tools: all four in discovery mode, `describe_operation`
    /// (every listed tool's full schema and prose) otherwise.
    meta: Arc<Vec<rmcp::model::Tool>>,
    /// Discovery mode: the listing changes as APIs are registered.
    discover: bool,
    /// The catalog indices listed (all of them, unless discovering).
    listed: Arc<RwLock<Vec<usize>>>,
    client: Client,
    call: Caller,
    instructions: String,
}

impl ToolServer {
    /// A server exposing `tools` as `options` say (meta-tools in discovery
    /// mode, output schemas if asked), calling them on `client`.
    pub fn new(api: &Api, tools: Vec<Tool>, client: Client, options: &Options) -> Self {
        let (discover, outputs) = (options.discovers(), options.output_schemas);
        let started = Instant::now();
        let catalog = Catalog::new(tools, api.default_apis);
        let entries = catalog.iter().map(|(name, tool)| entry(name, tool, outputs)).collect();
        let meta = discover::meta_tools(&catalog, discover);
        let listed = if discover {
            Vec::new()
        } else {
            (0..catalog.len()).collect()
        };
        let mode = if discover {
            "Start with search_operations (or register_api to list a whole API's operations as tools). "
        } else {
            "describe_operation gives any tool's parameters in full. "
        };
        let server = Self {
            name: api.name,
            version: api.version,
            catalog: Arc::new(catalog),
            entries: Arc::new(entries),
            meta: Arc::new(meta),
            discover,
            listed: Arc::new(RwLock::new(listed)),
            client,
            call: api.call.clone(),
            instructions: format!(
                "Each tool is one API operation. {mode}Arguments go by the API's own names and are validated \
                 (ID patterns, enums, bounds) before any request is sent. List tools return up to `limit` (`maxItems` where the operation has its own `limit`) \
                 items (default 50), following the API's pages. {}",
                api.environment.instructions()
            )
            .trim_end()
            .to_owned(),
        };
        if discover {
            eprintln!(
                "{}: indexed {} operations for search in {} ms",
                api.name,
                server.catalog.len(),
                started.elapsed().as_millis()
            );
        }
        server
    }

    /// A new session: the same tools, the starting listing.
    pub(crate) fn session(&self) -> Self {
        let listed = self.listed.read().map(|listed| listed.clone()).unwrap_or_default();
        Self {
            listed: Arc::new(RwLock::new(listed)),
            ..self.clone()
        }
    }

    /// What `tools/list` answers now.
    fn listing(&self) -> Vec<rmcp::model::Tool> {
        let listed = self.listed.read().map(|listed| listed.clone()).unwrap_or_default();
        let mut listing = self.meta.to_vec();
        listing.extend(listed.into_iter().map(|index| self.entries[index].clone()));
        listing
    }

    /// Runs one call of a listed tool or a meta-tool; `registered` is set
    /// when the listing changed.
    async fn run(&self, name: &str, arguments: Option<JsonObject>) -> Result<(CallToolResult, bool), ErrorData> {
        if self.meta.iter().any(|tool| tool.name == name) {
            if let Some(meta) = discover::parse(name, arguments.as_ref(), &self.catalog) {
                return self
                    .run_meta(meta.map_err(|why| ErrorData::invalid_params(why, None))?)
                    .await;
            }
        }
        let listed = self.listed.read().map(|listed| listed.clone()).unwrap_or_default();
        let found = self.catalog.find(name).filter(|index| listed.contains(index));
        let Some(index) = found else {
            // As the Rust `call_tool` does: the closest listed names, so the
            // agent can correct itself without listing everything again.
            let names = listed.iter().map(|&index| self.catalog.get(index).0);
            let names = self.meta.iter().map(|tool| tool.name.as_ref()).chain(names);
            let close = crate::tools::close_names(name, names);
            let message = format!("no tool `{name}` is exposed{}", crate::tools::suggest(&close));
            return Err(ErrorData::invalid_params(message, None));
        };
        Ok((self.invoke(name, index, arguments).await, false))
    }

    async fn run_meta(&self, meta: Meta) -> Result<(CallToolResult, bool), ErrorData> {
        let answer = |value: Value| {
            let text = serde_json::to_string(&value).unwrap_or_default();
            let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
            result.structured_content = Some(value);
            result
        };
        Ok(match meta {
            Meta::Search { query, api, limit } => (
                answer(discover::search(&self.catalog, &query, api.as_deref(), limit)),
                false,
            ),
            Meta::Describe(index) => (answer(discover::describe(&self.catalog, index)), false),
            Meta::Call(index, arguments) => {
                let name = self.catalog.get(index).0.to_owned();
                (self.invoke(&name, index, arguments).await, false)
            }
            Meta::Register(api) => {
                let added: Vec<usize> = self.catalog.of_api(api).collect();
                let mut listed = self
                    .listed
                    .write()
                    .map_err(|_| ErrorData::internal_error("poisoned", None))?;
                let before = listed.len();
                let new: Vec<usize> = added.iter().copied().filter(|index| !listed.contains(index)).collect();
                listed.extend(new);
                let count = listed.len() - before;
                drop(listed);
                let note = json_note(api, added.len(), count);
                (answer(note), count > 0)
            }
        })
    }

    /// Calls the catalog's tool `index` (asked for as `name`).
    async fn invoke(&self, name: &str, index: usize, arguments: Option<JsonObject>) -> CallToolResult {
        let tool = self.catalog.get(index).1;
        let started = Instant::now();
        let arguments = arguments.map_or(Value::Null, Value::Object);
        let result = (self.call)(&self.client, tool.qualified_name(), arguments).await;
        let outcome = match &result {
            Ok(_) => "ok".to_owned(),
            Err(error) => format!("refused: {}", kind(error)),
        };
        eprintln!("tools/call {name}: {outcome} in {} ms", started.elapsed().as_millis());
        match result {
            Ok(value) => {
                let text = serde_json::to_string_pretty(&value).unwrap_or_default();
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                if value.is_object() {
                    result.structured_content = Some(value);
                }
                result
            }
            Err(error) => CallToolResult::error(vec![ContentBlock::text(describe(&error))]),
        }
    }
}

fn json_note(api: &str, operations: usize, added: usize) -> Value {
    serde_json::json!({
        "api": api,
        "operations": operations,
        "newly_listed": added,
        "note": "each operation is now a tool of its own name; the tool list changed"
    })
}

/// A catalog tool's listing entry: its compact schema (see `listing`), a
/// title from its name, annotations from its HTTP method (only where they
/// differ from MCP's defaults: not read-only, destructive, not idempotent,
/// open world).
fn entry(name: &str, tool: &Tool, output_schema: bool) -> rmcp::model::Tool {
    let schema: JsonObject = match listing::compact(&tool.input_schema()) {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    let mut entry = rmcp::model::Tool::new(
        name.to_owned(),
        listing::description(tool.description),
        Arc::new(schema),
    );
    entry.title = Some(title(tool.name));
    if output_schema {
        if let Some(Value::Object(schema)) = tool.output_schema() {
            entry.output_schema = Some(Arc::new(schema));
        }
    }
    let mut annotations = rmcp::model::ToolAnnotations::new();
    if tool.read_only() {
        annotations.read_only_hint = Some(true);
    } else {
        annotations.destructive_hint = (!tool.destructive()).then_some(false);
        annotations.idempotent_hint = tool.idempotent().then_some(true);
    }
    entry.annotations = Some(annotations);
    entry
}

/// `listConference` → `List conference`; `search_operations` → `Search operations`.
pub(crate) fn title(name: &str) -> String {
    let mut title = String::with_capacity(name.len() + 4);
    for (index, ch) in name.chars().enumerate() {
        if index == 0 {
            title.extend(ch.to_uppercase());
        } else if ch == '_' {
            title.push(' ');
        } else if ch.is_uppercase() {
            title.push(' ');
            title.extend(ch.to_lowercase());
        } else {
            title.push(ch);
        }
    }
    title
}

/// The kind of a failure, for the log: never a value a caller sent.
fn kind(error: &ToolError) -> &'static str {
    match error {
        ToolError::UnknownTool { .. } | ToolError::Ambiguous { .. } => "unknown tool",
        ToolError::NotAnObject { .. } | ToolError::MissingArgument { .. } | ToolError::UnknownArgument { .. } => {
            "bad arguments"
        }
        ToolError::InvalidArgument { .. } => "invalid argument",
        ToolError::Api { .. } => "API error",
        ToolError::Request(crate::Error::Transport(_)) => "transport error",
        _ => "request failed",
    }
}

/// What the agent reads when a call fails.
fn describe(error: &ToolError) -> String {
    match error {
        ToolError::Api {
            status,
            error,
            request_id,
        } => format!(
            "the API refused the call (HTTP {status}): code {}, {}{}{}",
            error.code().unwrap_or_else(|| "none".to_owned()),
            error.message(),
            error
                .more_info()
                .map(|m| format!("; more info: {m}"))
                .unwrap_or_default(),
            request_id
                .as_ref()
                .map(|id| format!("; request {id}"))
                .unwrap_or_default()
        ),
        ToolError::Request(crate::Error::Transport(_)) => format!("the request could not be sent: {error}"),
        ToolError::Request(_) => format!("the call failed: {error}"),
        _ => format!("refused before sending anything: {error}"),
    }
}

impl ServerHandler for ToolServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_tools();
        let capabilities = if !self.discover {
            capabilities.build()
        } else {
            capabilities.enable_tool_list_changed().build()
        };
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new(self.name, self.version))
            .with_instructions(self.instructions.clone())
    }

    fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> impl std::future::Future<Output = Result<ListToolsResult, ErrorData>> + MaybeSendFuture + '_ {
        std::future::ready(Ok(ListToolsResult::with_all_items(self.listing())))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let (result, changed) = self.run(&request.name, request.arguments).await?;
        if changed {
            if let Err(error) = context.peer.notify_tool_list_changed().await {
                eprintln!("could not send notifications/tools/list_changed: {error}");
            }
        }
        Ok(CallToolResponse::from(result))
    }
}

/// Serves until the client disconnects (stdio) or the process is interrupted (HTTP).
pub async fn run(api: Api, options: Options) -> Result<(), String> {
    let tools = select(&api, &options)?;
    if options.list {
        // What `tools/list` answers at the start of a session.
        let discovers = options.discovers();
        let catalog = Catalog::new(tools, api.default_apis);
        let mut listing = discover::meta_tools(&catalog, discovers);
        if !discovers {
            listing.extend(
                catalog
                    .iter()
                    .map(|(name, tool)| entry(name, tool, options.output_schemas)),
            );
        }
        println!("{}", serde_json::json!({ "tools": listing }));
        return Ok(());
    }
    let client = client(&options, api.environment)?;
    let count = tools.len();
    let server = ToolServer::new(&api, tools, client, &options);
    match options.http {
        None => {
            eprintln!("{}: {count} tools over stdio", api.name);
            let running = server
                .serve(rmcp::transport::stdio())
                .await
                .map_err(|e| format!("MCP initialization failed: {e}"))?;
            running.waiting().await.map_err(|e| e.to_string())?;
        }
        Some(address) => super::http::serve(server, api.name, address, count, options.http_token.clone()).await?,
    }
    Ok(())
}

#[cfg(test)]
mod tests;
