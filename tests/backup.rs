//! Export → import round trip through the binary: a bot restored from a backup lists the
//! same briefs and the same schedules and subscriptions.

use std::path::Path;
use std::process::{Command, Output};

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefbot"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run briefbot")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn export_then_import_restores_briefs_schedules_and_subscriptions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let briefs = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs");
    ok(run(
        root,
        &["--data", "a", "ingest", briefs.to_str().unwrap()],
    ));
    let as_mod = ["--guild", "42", "--channel", "7"];
    let ask = |data: &str, cmd: &str| {
        let mut args = vec!["--data", data, "ask", "--json"];
        args.extend(as_mod);
        args.push(cmd);
        ok(run(root, &args))
    };
    assert!(ask("a", "/subscribe sections:\"What Happened\"").contains("sub-"));
    assert!(ask(
        "a",
        "/schedule daily time:08:00 timezone:Europe/Kyiv channel:<#9>"
    )
    .contains("daily-"));

    let export = ok(run(
        root,
        &["--data", "a", "export", "backup/briefbot.jsonl"],
    ));
    assert!(export.contains("exported"), "{export}");
    let dump = std::fs::read_to_string(root.join("backup/briefbot.jsonl")).unwrap();
    assert!(dump
        .lines()
        .next()
        .unwrap()
        .contains("\"format\":\"briefbot-export\""));
    assert!(!root.join("backup").read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp")));

    let import = ok(run(
        root,
        &["--data", "b", "import", "backup/briefbot.jsonl"],
    ));
    assert!(import.contains("3 briefs"), "{import}");
    for cmd in [
        "/brief list",
        "/schedule list",
        "/brief latest",
        "/position russia troops",
    ] {
        assert_eq!(
            ask("a", cmd),
            ask("b", cmd),
            "{cmd} differs after the round trip"
        );
    }
    // A second import into a data directory that is not empty is refused, nothing lost.
    let again = run(root, &["--data", "b", "import", "backup/briefbot.jsonl"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn healthcheck_fails_without_a_running_bot() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--data", "data", "healthcheck"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("unhealthy"));
}
