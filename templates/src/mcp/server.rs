//! The MCP server proper: which tools are exposed, the client they call,
//! and the protocol handler over stdio or Streamable HTTP.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig,
};
use rmcp::service::{MaybeSendFuture, RequestContext};
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::Value;

use super::{Api, Caller, Options};
use crate::tools::{listed_names, tools_list};
use crate::{Client, Credentials, Retry, Tool, ToolError};

/// The tools `options` expose, in the order of `api.tools`.
pub fn select(api: &Api, options: &Options) -> Result<Vec<Tool>, String> {
    let known: Vec<&str> = {
        let mut domains: Vec<&str> = api.tools.iter().map(|t| t.domain).collect();
        domains.dedup();
        domains
    };
    let apis: Vec<&str> = if options.apis.iter().any(|a| a == "all") {
        known.clone()
    } else if options.apis.is_empty() {
        api.default_apis.iter().copied().filter(|d| known.contains(d)).collect()
    } else {
        options.apis.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = apis.iter().find(|a| !known.contains(a)) {
        return Err(format!(
            "no API `{unknown}` in this build; it has: {}",
            known.join(", ")
        ));
    }
    let patterns = options
        .tools
        .iter()
        .map(|g| glob::Pattern::new(g).map_err(|e| format!("`--tools {g}`: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let selected: Vec<Tool> = api
        .tools
        .iter()
        .filter(|t| apis.contains(&t.domain))
        .filter(|t| !options.read_only || t.read_only())
        .filter(|t| {
            let names = [t.name.to_owned(), t.qualified_name(), t.operation_id.to_owned()];
            patterns.is_empty() || patterns.iter().any(|p| names.iter().any(|n| p.matches(n)))
        })
        .copied()
        .collect();
    if selected.is_empty() {
        return Err("these options expose no tool".to_owned());
    }
    Ok(selected)
}

/// The client the tools call, from the options and the environment (or a
/// credentials file); never from tool arguments.
pub fn client(options: &Options, environment: super::Environment) -> Result<Client, String> {
    let file: Option<Vec<(String, String)>> = match &options.credentials_file {
        Some(path) => Some(
            dotenvy::from_path_iter(path)
                .and_then(|iter| iter.collect())
                .map_err(|e| format!("credentials file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let lookup = |name: &str| match &file {
        Some(vars) => vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
        None => std::env::var(name).ok(),
    };
    let mut builder = match environment {
        super::Environment::Vendor(vendor) => (vendor.builder)(&lookup).map_err(|e| e.to_string())?,
        super::Environment::Prefixed(prefix) => Client::builder(Credentials::from_vars_prefixed(prefix, lookup)),
    };
    for (name, value) in &options.vendor {
        if let Some(flag) = environment.flags().iter().find(|flag| flag.name == *name) {
            builder = (flag.apply)(builder, value);
        }
    }
    if let Some(base) = &options.base_url {
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
            .iter()
            .any(|prefix| base.starts_with(prefix));
        builder = builder.base_url(base).allow_insecure_http(loopback);
    }
    if let Some(timeout) = options.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(max_retries) = options.max_retries {
        builder = builder.retry(Retry {
            max_retries,
            ..Retry::default()
        });
    }
    builder.build().map_err(|e| e.to_string())
}

/// The protocol handler: exposed tools under their listed names.
#[derive(Clone)]
pub struct ToolServer {
    name: &'static str,
    version: &'static str,
    exposed: Arc<Vec<(String, Tool)>>,
    listing: Arc<Vec<rmcp::model::Tool>>,
    client: Client,
    call: Caller,
    instructions: String,
}

impl ToolServer {
    /// A server exposing `tools`, calling them on `client` through `call`.
    pub fn new(api: &Api, tools: Vec<Tool>, client: Client) -> Self {
        let names = listed_names(&tools);
        let listing = tools
            .iter()
            .zip(&names)
            .map(|(tool, name)| {
                let schema: JsonObject = match tool.input_schema() {
                    Value::Object(map) => map,
                    _ => JsonObject::new(),
                };
                let mut entry = rmcp::model::Tool::new(name.clone(), tool.description, Arc::new(schema));
                // From the HTTP method; every tool reaches an outside service.
                entry.annotations = Some(
                    rmcp::model::ToolAnnotations::new()
                        .read_only(tool.read_only())
                        .destructive(tool.destructive())
                        .idempotent(tool.idempotent())
                        .open_world(true),
                );
                entry
            })
            .collect();
        Self {
            name: api.name,
            version: api.version,
            exposed: Arc::new(names.into_iter().zip(tools).collect()),
            listing: Arc::new(listing),
            client,
            call: api.call.clone(),
            instructions: format!(
                "Each tool is one API operation. Arguments go by the API's own names and are validated \
                 (ID patterns, enums, bounds) before any request is sent. List tools return up to `limit` \
                 items (default 50), following the API's pages. {}",
                api.environment.instructions()
            )
            .trim_end()
            .to_owned(),
        }
    }

    /// Runs one call: the result as JSON text (and structured content when
    /// it is an object), or a tool error naming what went wrong.
    async fn run(&self, name: &str, arguments: Option<JsonObject>) -> Result<CallToolResult, ErrorData> {
        let Some((_, tool)) = self
            .exposed
            .iter()
            .find(|(listed, tool)| listed == name || tool.answers_to(name))
        else {
            // As the Rust `call_tool` does: the closest listed names, so the
            // agent can correct itself without listing everything again.
            let close = crate::tools::close_names(name, self.exposed.iter().map(|(listed, _)| listed.as_str()));
            let message = format!("no tool `{name}` is exposed{}", crate::tools::suggest(&close));
            return Err(ErrorData::invalid_params(message, None));
        };
        let started = Instant::now();
        let arguments = arguments.map_or(Value::Null, Value::Object);
        let result = (self.call)(&self.client, tool.qualified_name(), arguments).await;
        let outcome = match &result {
            Ok(_) => "ok".to_owned(),
            Err(error) => format!("refused: {}", kind(error)),
        };
        eprintln!("tools/call {name}: {outcome} in {} ms", started.elapsed().as_millis());
        Ok(match result {
            Ok(value) => {
                let text = serde_json::to_string_pretty(&value).unwrap_or_default();
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                if value.is_object() {
                    result.structured_content = Some(value);
                }
                result
            }
            Err(error) => CallToolResult::error(vec![ContentBlock::text(describe(&error))]),
        })
    }
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
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(self.name, self.version))
            .with_instructions(self.instructions.clone())
    }

    fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> impl std::future::Future<Output = Result<ListToolsResult, ErrorData>> + MaybeSendFuture + '_ {
        std::future::ready(Ok(ListToolsResult::with_all_items(self.listing.to_vec())))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        self.run(&request.name, request.arguments)
            .await
            .map(CallToolResponse::from)
    }
}

/// Serves until the client disconnects (stdio) or the process is interrupted (HTTP).
pub async fn run(api: Api, options: Options) -> Result<(), String> {
    let tools = select(&api, &options)?;
    if options.list {
        println!("{}", tools_list(&tools));
        return Ok(());
    }
    let client = client(&options, api.environment)?;
    let count = tools.len();
    let server = ToolServer::new(&api, tools, client);
    match options.http {
        None => {
            eprintln!("{}: {count} tools over stdio", api.name);
            let running = server
                .serve(rmcp::transport::stdio())
                .await
                .map_err(|e| format!("MCP initialization failed: {e}"))?;
            running.waiting().await.map_err(|e| e.to_string())?;
        }
        Some(address) => serve_http(server, address, count).await?,
    }
    Ok(())
}

async fn serve_http(server: ToolServer, address: std::net::SocketAddr, count: usize) -> Result<(), String> {
    use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
    use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = StreamableHttpServerConfig::default();
    if !bound.ip().is_loopback() {
        config.allowed_hosts.push(bound.ip().to_string());
        config.allowed_hosts.push(bound.to_string());
    }
    let name = server.name;
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let router = axum::Router::new().nest_service("/mcp", service);
    eprintln!("{name}: {count} tools at http://{bound}/mcp");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn tool(domain: &'static str, name: &'static str, method: &'static str) -> Tool {
        Tool {
            name,
            operation_id: name,
            domain,
            description: "",
            input_schema: "{}",
            method,
        }
    }

    fn api() -> Api {
        Api {
            name: "test",
            version: "0",
            tools: vec![
                tool("api_v2010", "listConference", "GET"),
                tool("api_v2010", "createCall", "POST"),
                tool("chat_v1", "fetchService", "GET"),
                tool("chat_v2", "fetchService", "GET"),
            ],
            default_apis: &["api_v2010"],
            call: Arc::new(|_, _, _| Box::pin(async { Ok(Value::Null) })),
            environment: crate::mcp::Environment::Prefixed("TEST"),
        }
    }

    #[test]
    fn a_server_takes_its_vendors_flags_and_no_other() {
        let usage = crate::mcp::options::usage("pets", crate::mcp::Environment::Prefixed("PETS"));
        assert!(usage.contains("PETS_TOKEN") && !usage.contains("--region"), "{usage}");
        let args = ["--region".to_owned(), "ie1".to_owned()];
        let refused = Options::parse_for(&args, crate::mcp::Environment::Prefixed("PETS")).unwrap_err();
        assert!(refused.contains("--region"), "{refused}");
        static VENDOR: crate::mcp::VendorEnvironment = crate::mcp::VendorEnvironment {
            builder: |_| Ok(crate::ClientBuilder::new(crate::Credentials::none())),
            credentials_help: "KEY=VALUE lines (VENDOR_KEY)",
            instructions: "VendorId defaults to the credentials' own.",
            flags: &[crate::mcp::VendorFlag {
                name: "region",
                help: "the vendor's region",
                apply: |builder, _| builder,
            }],
        };
        let vendor = crate::mcp::Environment::Vendor(&VENDOR);
        let options = Options::parse_for(&args, vendor).expect("the vendor's flag");
        assert_eq!(options.vendor, [("region", "ie1".to_owned())]);
        let usage = crate::mcp::options::usage("vendor", vendor);
        assert!(
            usage.contains("--region VALUE") && usage.contains("the vendor's region"),
            "{usage}"
        );
    }

    #[tokio::test]
    async fn an_unknown_tool_gets_the_closest_listed_names() {
        let api = api();
        let options = Options::parse(&["--api".to_owned(), "all".to_owned()]).expect("options");
        let tools = select(&api, &options).expect("tools");
        let client = crate::ClientBuilder::new(crate::Credentials::none())
            .build()
            .expect("client");
        let server = ToolServer::new(&api, tools, client);
        let refused = server.run("listConferences", None).await.expect_err("no such tool");
        assert!(
            refused.message.contains("did you mean `listConference`?"),
            "{}",
            refused.message
        );
        let refused = server.run("fetchservice", None).await.expect_err("no such tool");
        assert!(
            refused
                .message
                .contains("`chat_v1_fetchService`, `chat_v2_fetchService`"),
            "{}",
            refused.message
        );
        let refused = server.run("zzz", None).await.expect_err("no such tool");
        assert_eq!(refused.message, "no tool `zzz` is exposed");
        assert!(
            server.instructions.ends_with("following the API's pages."),
            "{}",
            server.instructions
        );
    }

    fn names(args: &[&str]) -> Result<Vec<String>, String> {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let options = Options::parse(&args)?;
        select(&api(), &options).map(|tools| listed_names(&tools))
    }

    #[test]
    fn the_operator_chooses_what_is_exposed() {
        assert_eq!(names(&[]).unwrap(), ["listConference", "createCall"]);
        assert_eq!(names(&["--read-only"]).unwrap(), ["listConference"]);
        assert_eq!(
            names(&["--api", "all", "--tools", "fetch*"]).unwrap(),
            ["chat_v1_fetchService", "chat_v2_fetchService"]
        );
        assert_eq!(names(&["--api", "chat_v2"]).unwrap(), ["fetchService"]);
        assert_eq!(
            names(&["--tools", "chat_v1_*", "--api", "all"]).unwrap(),
            ["fetchService"]
        );
        assert!(names(&["--api", "voice_v1"])
            .unwrap_err()
            .contains("api_v2010, chat_v1, chat_v2"));
        assert_eq!(
            names(&["--tools", "nothing*"]).unwrap_err(),
            "these options expose no tool"
        );
    }
}
