//! The `sachstand` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    sachstand::cli::main().await
}
