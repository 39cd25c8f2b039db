//! Streamable HTTP, safely: loopback by default; listening anywhere else
//! needs a bearer token (`--http-token`, or `MCP_HTTP_TOKEN` so it stays out
//! of the process list), checked in constant time on every request; and a
//! browser's request from a foreign `Origin` is refused, as the MCP
//! specification asks against DNS rebinding (rmcp checks `Host` too).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use subtle::ConstantTimeEq;

use super::server::ToolServer;

/// The variable the bearer token may come from.
pub const TOKEN_VARIABLE: &str = "MCP_HTTP_TOKEN";

/// Serves `server` at `http://ADDRESS/mcp` until interrupted.
pub(crate) async fn serve(
    server: ToolServer,
    name: &str,
    address: SocketAddr,
    count: usize,
    token: Option<String>,
) -> Result<(), String> {
    if !address.ip().is_loopback() && token.is_none() {
        return Err(format!(
            "listening on {address}, which is not a loopback address, needs a bearer token that clients must \
             send: set {TOKEN_VARIABLE} (or --http-token)"
        ));
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = StreamableHttpServerConfig::default();
    if !bound.ip().is_loopback() {
        config.allowed_hosts.push(bound.ip().to_string());
        config.allowed_hosts.push(bound.to_string());
    }
    config.allowed_origins = own_origins(bound);
    let service = StreamableHttpService::new(
        move || Ok(server.session()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let mut router = axum::Router::new().nest_service("/mcp", service);
    let guarded = token.is_some();
    if let Some(token) = token {
        let token: Arc<[u8]> = Arc::from(format!("Bearer {token}").into_bytes());
        router = router.layer(axum::middleware::from_fn(move |request: Request, next: Next| {
            let token = Arc::clone(&token);
            async move { authorize(&token, request, next).await }
        }));
    }
    let guard = if guarded { ", bearer token required" } else { "" };
    eprintln!("{name}: {count} tools at http://{bound}/mcp{guard}");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

/// The origins a browser page served by this host may call from.
fn own_origins(bound: SocketAddr) -> Vec<String> {
    let port = bound.port();
    let mut origins = vec![format!("http://{bound}")];
    if bound.ip().is_loopback() {
        origins.extend([format!("http://localhost:{port}"), format!("http://127.0.0.1:{port}")]);
    }
    origins
}

async fn authorize(expected: &[u8], request: Request, next: Next) -> Response {
    let sent = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|value| value.as_bytes())
        .unwrap_or_default();
    if bool::from(sent.ct_eq(expected)) {
        next.run(request).await
    } else {
        let challenge = [(header::WWW_AUTHENTICATE, "Bearer")];
        (StatusCode::UNAUTHORIZED, challenge, "a bearer token is required").into_response()
    }
}
