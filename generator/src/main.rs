//! `openapi-client-generator`: the generator as an installed command
//! (`cargo install --path generator`), with the flags of `cargo xtask generate`.

use std::process::ExitCode;

use openapi_client_generator::cli::{Options, FLAGS};
use openapi_client_generator::RuntimeDependency;

// The generator allocates and frees millions of small values (tokens, syntax
// trees, JSON): glibc's malloc and free were 29 % of its `perf` profile, and
// mimalloc cuts the whole run by a sixth. Without transparent huge pages
// (`no_thp`): with them, the kernel zeroed 2 MiB pages the run barely
// touched, and system time was a third of the run (0.30 s of 0.95 s CPU on
// all of Twilio; 0.07 s without).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("usage: openapi-client-generator --spec-dir DIR --out DIR {FLAGS}");
        return ExitCode::SUCCESS;
    }
    // An installed binary cannot count on this repository's `templates/`
    // being there: by default the runtime is copied into the output.
    let defaults = Options {
        check: false,
        spec_dir: "specs".into(),
        out: "generated".into(),
        package: "api-client".to_owned(),
        tools: true,
        runtime: RuntimeDependency::Inline,
        standalone: true,
        skip_unsupported: false,
        split: false,
        features_by: openapi_client_generator::FeaturesBy::Api,
    };
    let result = defaults
        .parse(&args)
        .and_then(|options| options.run("openapi-client-generator (the same flags, without --check)"));
    match result {
        Ok(lines) => {
            lines.iter().for_each(|line| println!("{line}"));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
