//! `openapi-client-generator`: the generator as an installed command
//! (`cargo install --path generator`), with the flags of `cargo xtask generate`.

use std::process::ExitCode;

use clap::Parser;
use openapi_client_generator::cli::Command;
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
    // No arguments prints the usage (clap's `arg_required_else_help`).
    let Command { args } = Command::parse();
    let Some(out) = args.out.clone() else {
        eprintln!(
            "error: --out DIR is required: the folder the crate is written into (new, empty, or generated before)"
        );
        return ExitCode::from(2);
    };
    // Regenerating takes the same command, without --check and --force.
    let rerun = openapi_client_generator::cli::rerun_command("openapi-client-generator", std::env::args().skip(1));
    // An installed binary cannot count on this repository's `templates/`
    // being there: by default the runtime is copied beside the output, where
    // every crate generated into the same folder shares it.
    let result = args
        .options(out, RuntimeDependency::Beside, true, &rerun)
        .and_then(|options| options.run());
    match result {
        Ok(lines) => {
            // `writeln!`, not `println!`: a closed pipe (`| head`) is not a panic.
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            for line in &lines {
                if writeln!(stdout, "{line}").is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
