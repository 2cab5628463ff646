//! The `briefbot` binary: everything lives in the library; see `briefbot --help`.

fn main() -> std::process::ExitCode {
    briefbot::cli::main()
}
