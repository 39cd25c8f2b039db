//! Whole-process costs through GNU `time` (wall clock, CPU of the process
//! and all its children, peak memory), and their medians: what the build
//! and peer benchmarks report.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// One run's cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// Seconds, wall clock.
    pub wall: f64,
    /// Seconds of CPU, user and system, children included.
    pub cpu: f64,
    /// Peak resident memory of the largest process, MB.
    pub rss_mb: f64,
}

/// Runs `command` untimed (a step between timed ones); fails with its
/// output when it does.
pub fn run(command: &mut Command) -> Result<()> {
    let output = command.output().with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Runs `command` under `/usr/bin/time`, which writes its figures to
/// `report`; fails when the command does.
pub fn timed(command: &Command, report: &Path) -> Result<Cost> {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .args(["-f", "%e %U %S %M", "-o"])
        .arg(report)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    let output = wrapped
        .output()
        .context("GNU time (/usr/bin/time, Debian's `time` package) runs the timed commands")?;
    if !output.status.success() {
        bail!(
            "{:?} failed:\n{}{}",
            command,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = std::fs::read_to_string(report)?;
    let numbers: Vec<f64> = text.split_whitespace().filter_map(|word| word.parse().ok()).collect();
    let [wall, user, system, rss_kb] = numbers[..] else {
        bail!("unexpected output of time: {text}");
    };
    Ok(Cost {
        wall,
        cpu: user + system,
        rss_mb: rss_kb / 1024.0,
    })
}

/// The median of each figure on its own.
pub fn median(costs: &[Cost]) -> Cost {
    let pick = |f: fn(&Cost) -> f64| {
        let mut values: Vec<f64> = costs.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Cost {
        wall: pick(|c| c.wall),
        cpu: pick(|c| c.cpu),
        rss_mb: pick(|c| c.rss_mb),
    }
}

/// A new modification time, same content: cargo rebuilds that crate.
pub fn touch(path: &Path) -> Result<()> {
    let text = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    std::thread::sleep(std::time::Duration::from_millis(10));
    std::fs::write(path, text).with_context(|| format!("{}", path.display()))
}

/// The cargo that runs xtask.
pub fn cargo_program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
