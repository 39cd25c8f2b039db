//! The server's command line, read with `lexopt`: a parser with no
//! dependencies of its own (clap would add its derive machinery to every
//! crate that enables `mcp`), which still handles `--flag=value`, `--`
//! and non-UTF-8 arguments the way Rust programs do.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What the operator chose.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// APIs to expose (`--api api_v2010,messaging_v1`; `all` for every one).
    pub apis: Vec<String>,
    /// Tool name globs to expose (`--tools 'list*,fetchCall'`).
    pub tools: Vec<String>,
    /// Only operations that read (`GET`, `HEAD`).
    pub read_only: bool,
    /// Serve Streamable HTTP at `http://ADDR/mcp` instead of stdio.
    pub http: Option<SocketAddr>,
    /// The bearer token HTTP clients must send (`--http-token`, or the
    /// `MCP_HTTP_TOKEN` variable); required off loopback.
    pub http_token: Option<String>,
    /// Send requests here instead of each API's host (a mock server).
    pub base_url: Option<String>,
    /// The values of the vendor's own flags (see [`super::VendorFlag`]), by name.
    pub vendor: Vec<(&'static str, String)>,
    /// Read credentials from this file (`KEY=VALUE` lines) instead of the environment.
    pub credentials_file: Option<PathBuf>,
    /// Time allowed for each request.
    pub timeout: Option<Duration>,
    /// Retries of idempotent requests answered 429/503.
    pub max_retries: Option<u32>,
    /// Discovery mode (`--discover`, `--no-discover`): meta-tools to search,
    /// describe and call operations and to register APIs, instead of every
    /// operation listed. Unset: on with `--api all` and no `--tools`.
    pub discover: Option<bool>,
    /// List each tool's `outputSchema` (`--output-schemas`): results are
    /// then validated by clients that check them, at the cost of a listing
    /// about twice as large; `describe_operation` gives it either way.
    pub output_schemas: bool,
    /// Print the `tools/list` result and exit.
    pub list: bool,
    /// Print the usage and exit.
    pub help: bool,
}

/// The usage text.
pub fn usage(program: &str, environment: super::Environment) -> String {
    let credentials = match environment {
        super::Environment::Vendor(vendor) => vendor.credentials_help.to_owned(),
        super::Environment::Prefixed(prefix) => prefixed_help(prefix, &[]),
        super::Environment::PrefixedKeys(prefix, keys) => prefixed_help(prefix, keys),
    };
    let flags = environment.flags();
    let synopsis: String = flags.iter().map(|flag| format!(" [--{} VALUE]", flag.name)).collect();
    let help: String = flags
        .iter()
        .map(|flag| format!("\n  --{:<17}{}", flag.name, flag.help))
        .collect();
    format!(
        "usage: {program}-mcp [--api API[,API…]] [--tools GLOB[,GLOB…]] [--read-only] [--http ADDR [--http-token T]]
                [--base-url URL]{synopsis} [--credentials-file PATH] [--timeout SECS]
                [--max-retries N] [--discover | --no-discover] [--output-schemas] [--list]

An MCP server over the API's operations, each a typed, validated tool. Serves stdio unless --http
is given (Streamable HTTP at http://ADDR/mcp; loopback unless you bind another address, which then
needs a bearer token; requests from a browser page of another origin are refused).

  --api              APIs to expose, by module (default: the core API; `all` for every enabled one)
  --tools            only tools whose name matches a glob (`list*`, `api_v2010_*`)
  --read-only        only operations that read (GET)
  --base-url         send every request here (http:// only to loopback), e.g. a mock server{help}
  --http-token       the bearer token HTTP clients must send (better: the MCP_HTTP_TOKEN variable);
                     required to listen on an address that is not loopback
  --credentials-file {credentials}
  --timeout          seconds allowed per request (default 60)
  --max-retries      retry idempotent requests answered 429/503 this many times (default: never)
  --discover         list four meta-tools instead of every operation: search_operations,
                     describe_operation, call_operation and register_api (which lists one API's
                     operations as tools); the default with `--api all` (--no-discover: list all)
  --output-schemas   list each tool's outputSchema too (the listing grows; describe_operation
                     gives it either way)
  --list             print the tools/list result for these options and exit

Credentials never come from tool arguments. Each call is logged to stderr with its tool, outcome
and duration, never its arguments."
    )
}

/// What `--credentials-file` holds for a crate's own variables.
fn prefixed_help(prefix: &str, keys: &[crate::KeyVariable]) -> String {
    let indent = "\n                     ";
    let own: String = keys
        .iter()
        .map(|(scheme, variable)| format!("{indent}{variable}: the API key of the `{scheme}` scheme"))
        .collect();
    format!(
        "KEY=VALUE lines ({prefix}_TOKEN, {prefix}_API_KEY,{indent}{prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET, \
         or {prefix}_USERNAME and {prefix}_PASSWORD){own}{indent}default: the same variables from the environment"
    )
}

impl Options {
    /// Whether the server starts in discovery mode.
    pub fn discovers(&self) -> bool {
        self.discover
            .unwrap_or_else(|| self.apis.iter().any(|api| api == "all") && self.tools.is_empty())
    }

    /// Parses the arguments after the program name; no vendor flags.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        Self::parse_for(args, super::Environment::Prefixed(""))
    }

    /// Parses the arguments after the program name, with the flags
    /// `environment` adds.
    pub fn parse_for(args: &[String], environment: super::Environment) -> Result<Self, String> {
        Self::parse_lexopt(args, environment.flags()).map_err(|error| error.to_string())
    }

    fn parse_lexopt(args: &[String], vendor_flags: &[super::VendorFlag]) -> Result<Self, lexopt::Error> {
        use lexopt::prelude::*;
        let mut options = Options::default();
        let mut parser = lexopt::Parser::from_args(args);
        while let Some(argument) = parser.next()? {
            match argument {
                Long("api") => options.apis.extend(list(&parser.value()?.string()?)),
                Long("tools") => options.tools.extend(list(&parser.value()?.string()?)),
                Long("read-only") => options.read_only = true,
                Long("http") => options.http = Some(parsed(&mut parser, "http", "IP:PORT")?),
                Long("http-token") => options.http_token = Some(parser.value()?.string()?),
                Long("base-url") => options.base_url = Some(parser.value()?.string()?),
                Long("credentials-file") => options.credentials_file = Some(PathBuf::from(parser.value()?)),
                Long("timeout") => {
                    let seconds: f64 = parsed(&mut parser, "timeout", "seconds")?;
                    if !(seconds.is_finite() && seconds > 0.0) {
                        return Err(lexopt::Error::from(format!(
                            "invalid value for `--timeout`: {seconds} (expected seconds above zero)"
                        )));
                    }
                    options.timeout = Some(Duration::from_secs_f64(seconds));
                }
                Long("max-retries") => options.max_retries = Some(parsed(&mut parser, "max-retries", "a count")?),
                Long("list") => options.list = true,
                Long("output-schemas") => options.output_schemas = true,
                Long("discover") => options.discover = Some(true),
                Long("no-discover") => options.discover = Some(false),
                Long("help") | Short('h') => options.help = true,
                Long(name) => match vendor_flags.iter().find(|flag| flag.name == name) {
                    Some(flag) => options.vendor.push((flag.name, parser.value()?.string()?)),
                    None => return Err(argument.unexpected()),
                },
                _ => return Err(argument.unexpected()),
            }
        }
        if options.http_token.is_none() {
            options.http_token = std::env::var(super::http::TOKEN_VARIABLE)
                .ok()
                .filter(|t| !t.is_empty());
        }
        Ok(options)
    }
}

/// The next value, parsed; a mistake names the flag and what it expects.
fn parsed<T: std::str::FromStr>(parser: &mut lexopt::Parser, flag: &str, expected: &str) -> Result<T, lexopt::Error> {
    let value = lexopt::ValueExt::string(parser.value()?)?;
    value
        .parse()
        .map_err(|_| lexopt::Error::from(format!("`--{flag} {value}`: expected {expected}")))
}

fn list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_and_mistakes_are_named() {
        let args: Vec<String> = [
            "--api",
            "api_v2010,messaging_v1",
            "--read-only",
            "--http",
            "127.0.0.1:0",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let options = Options::parse(&args).unwrap();
        assert_eq!(options.apis, ["api_v2010", "messaging_v1"]);
        assert!(options.read_only);
        assert_eq!(options.http, Some("127.0.0.1:0".parse().unwrap()));
        let equals = Options::parse(&["--timeout=2.5".into(), "--max-retries=3".into()]).unwrap();
        assert_eq!(equals.timeout, Some(Duration::from_millis(2500)));
        assert_eq!(equals.max_retries, Some(3));
        let missing = Options::parse(&["--http".into()]).unwrap_err();
        assert!(missing.contains("--http"), "{missing}");
        let unknown = Options::parse(&["--nope".into()]).unwrap_err();
        assert!(unknown.contains("--nope"), "{unknown}");
        let address = Options::parse(&["--http".into(), "localhost".into()]).unwrap_err();
        assert!(address.contains("--http") && address.contains("localhost"), "{address}");
        let timeout = Options::parse(&["--timeout".into(), "-1".into()]).unwrap_err();
        assert!(timeout.contains("--timeout"), "{timeout}");
    }
}
