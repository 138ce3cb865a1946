//! The `swaggen` binary: a thin wrapper over [`swaggen::cli::run`].

fn main() {
    let code = swaggen::cli::run(
        std::env::args_os(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
