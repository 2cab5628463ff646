//! Writes N generated briefs into a folder: `cargo run --release --example gen_corpus -- DIR N`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let n: usize = args.next().map_or(10_000, |s| s.parse().expect("N"));
    std::fs::create_dir_all(&dir).expect("create DIR");
    for b in briefbot::corpus::generate(n, 42) {
        std::fs::write(dir.join(&b.file_name), b.text).expect("write brief");
    }
}
