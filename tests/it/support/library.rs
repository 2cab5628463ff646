//! The bundled briefs (`briefs/` at the project's root), copied into a test's own folder so
//! nothing a test does touches the project's files.

use std::path::Path;

/// Creates `to` and copies every bundled brief into it.
pub fn copy_bundled_briefs(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}
