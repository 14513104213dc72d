//! The `sachstand` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: a page render makes thousands of small
/// allocations, and Brotli's large tables were mapped and unmapped (with page
/// faults) on every response; together about a tenth of a render's CPU time.
/// It also returns the ~19 MiB that every password check (argon2) allocates to
/// the system when freed, which glibc kept in fragmented heaps (a test in
/// tests/integration/security.rs watches the resident memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    sachstand::cli::main().await
}
