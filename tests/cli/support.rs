//! A small builder that runs the real `rapport` binary in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// The fixture courses under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository itself, which is a course.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Test {
    pub dir: TempDir,
    args: Vec<String>,
    cwd: PathBuf,
    envs: Vec<(String, String)>,
    /// The PostgreSQL schema holding this test's gradebook, when the suite runs on PostgreSQL.
    schema: Option<String>,
}

/// The PostgreSQL server the suite runs against (`RAPPORT_TEST_POSTGRES`, a URL), when that
/// run was selected; otherwise every test's gradebook is an `SQLite` file.
pub fn postgres() -> Option<&'static str> {
    static URL: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        std::env::var("RAPPORT_TEST_POSTGRES")
            .ok()
            .filter(|url| !url.is_empty())
    })
    .as_deref()
}

/// A connection to the test server (for creating and dropping the tests' schemas).
fn admin() -> postgres::Client {
    let url = postgres().expect("the PostgreSQL run");
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("RAPPORT_TEST_POSTGRES={url} cannot be reached: {e}"))
}

/// The test server's version, as `SELECT version()` says it, up to the first comma.
pub fn server_version() -> String {
    let version: String = admin().query_one("SELECT version()", &[]).unwrap().get(0);
    version.split(',').next().unwrap_or_default().to_owned()
}

impl Drop for Test {
    fn drop(&mut self) {
        if let Some(schema) = &self.schema {
            let _ = admin().batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
        }
    }
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    /// An empty temporary folder.
    pub fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = tempfile::tempdir().expect("temp dir");
        let cwd = dir.path().to_owned();
        let schema = postgres().map(|_| {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!("rapport_test_{}_{n}", std::process::id())
        });
        Test {
            dir,
            args: Vec::new(),
            cwd,
            envs: Vec::new(),
            schema,
        }
    }

    /// A temporary copy of tests/fixtures/NAME.
    pub fn with_fixture(name: &str) -> Self {
        let test = Test::new();
        copy_dir(&fixture(name), test.dir.path());
        test
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or overwrites) a file, creating its folder.
    pub fn write(self, rel: &str, text: &str) -> Self {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    pub fn remove(self, rel: &str) -> Self {
        fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file; the text must be there.
    pub fn edit(self, rel: &str, from: &str, to: &str) -> Self {
        let text = fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        let text = text.replacen(from, to, 1);
        self.write(rel, &text)
    }

    pub fn cwd(mut self, rel: &str) -> Self {
        self.cwd = self.path(rel);
        fs::create_dir_all(&self.cwd).unwrap();
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args = args.iter().map(|a| (*a).to_owned()).collect();
        self
    }

    /// Sets an environment variable for the run (after the harness has cleared its own).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The binary with this test's arguments, folder and environment (see `in_dir`); on the
    /// PostgreSQL run, `RAPPORT_DB` names the test's own schema unless the test sets it.
    pub fn command<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Command {
        let mut command = in_dir(env!("CARGO_BIN_EXE_rapport"), &self.cwd);
        if let Some(url) = self.database_url() {
            command.env("RAPPORT_DB", url);
        }
        command
            .args(args)
            .envs(self.envs.iter().map(|(k, v)| (k, v)));
        command
    }

    /// `program` run in this test's folder with the tests' environment (`in_dir`), and on the
    /// PostgreSQL run `RAPPORT_DB` naming the test's schema: for what runs rapport itself
    /// (a shell, `setpriv`, a terminal).
    pub fn in_dir(&self, program: &str) -> Command {
        let mut command = in_dir(program, self.dir.path());
        if let Some(url) = self.database_url() {
            command.env("RAPPORT_DB", url);
        }
        command
    }

    /// The URL of this test's PostgreSQL gradebook, on the PostgreSQL run.
    pub fn database_url(&self) -> Option<String> {
        let (url, schema) = (postgres()?, self.schema.as_ref()?);
        let join = if url.contains('?') { '&' } else { '?' };
        Some(format!("{url}{join}schema={schema}"))
    }

    /// Whether this test's gradebook is on PostgreSQL.
    pub fn on_postgres(&self) -> bool {
        self.schema.is_some()
    }

    /// This test is about the `SQLite` file itself (its bytes, its companion files, its
    /// permissions, an older `SQLite` schema): its gradebook is `rapport.db` on either run.
    pub fn on_sqlite(mut self) -> Self {
        self.schema = None;
        self
    }

    /// What clap's usage line in an error says of the gradebook: it names the options given, and
    /// on the PostgreSQL run `RAPPORT_DB` gives `--db` (so the line shows `--db <PATH> `).
    pub fn db_in_usage(&self) -> &'static str {
        if self.on_postgres() {
            "--db <PATH> "
        } else {
            ""
        }
    }

    /// Leaves `RAPPORT_DB` unset on either run: for what rapport prints before it opens any
    /// gradebook (a help page shows the variable's value).
    pub fn without_database(mut self) -> Self {
        self.schema = None;
        self
    }

    /// The gradebook as rapport names it in its messages: the file `rapport.db` beside
    /// course.yaml, or on the PostgreSQL run the URL of the test's schema.
    pub fn gradebook(&self) -> String {
        self.database_url()
            .unwrap_or_else(|| self.path("rapport.db").display().to_string())
    }

    /// Runs one SQL statement on the test's gradebook as another tool could (the `SQLite` file
    /// `rapport.db`, or the test's PostgreSQL schema, where `?N` is written `$N`); the number
    /// of rows it changed.
    pub fn sql(&self, statement: &str, params: &[&dyn SqlParam]) -> u64 {
        if self.schema.is_some() {
            let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                params.iter().map(|p| *p as _).collect();
            return self
                .server()
                .execute(&dollar_params(statement), &params)
                .unwrap();
        }
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| *p as _).collect();
        let conn = rusqlite::Connection::open(self.path("rapport.db")).unwrap();
        conn.execute(statement, params.as_slice()).unwrap() as u64
    }

    /// The single value (text or a whole number, as text) a query reads from the test's
    /// gradebook, on either engine.
    pub fn sql_value(&self, query: &str) -> String {
        if self.schema.is_some() {
            let messages = self.server().simple_query(query).unwrap();
            let mut rows = messages.iter().filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(row),
                _ => None,
            });
            let row = rows.next().unwrap_or_else(|| panic!("no row: {query}"));
            assert!(rows.next().is_none(), "more than one row: {query}");
            return row
                .get(0)
                .unwrap_or_else(|| panic!("NULL: {query}"))
                .to_owned();
        }
        let conn = rusqlite::Connection::open(self.path("rapport.db")).unwrap();
        let value: rusqlite::types::Value = conn.query_row(query, [], |r| r.get(0)).unwrap();
        match value {
            rusqlite::types::Value::Integer(n) => n.to_string(),
            rusqlite::types::Value::Text(text) => text,
            other => panic!("neither text nor a whole number: {other:?} from {query}"),
        }
    }

    /// A connection to the test server with the test's schema as the search path (on the
    /// PostgreSQL run).
    pub fn server(&self) -> postgres::Client {
        let schema = self.schema.as_ref().expect("the PostgreSQL run");
        let mut client = admin();
        client
            .batch_execute(&format!("SET search_path TO \"{schema}\""))
            .unwrap();
        client
    }

    /// Runs the arguments set with `args`.
    pub fn run(&self) -> Output {
        captured(&mut self.command(&self.args))
    }

    /// Runs and asserts the exit code, standard output and standard error exactly.
    pub fn expect(&self, code: i32, stdout: &str, stderr: &str) {
        let out = self.run();
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (code, stdout, stderr),
            "\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.stdout,
            out.stderr
        );
    }

    /// Runs a command that must succeed (to set a course up; its messages are tested
    /// elsewhere), and goes on with the same folder.
    pub fn given(self, args: &[&str]) -> Self {
        self.ok(args);
        self
    }

    /// Runs a command that must succeed, with no standard input; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = captured(self.command(args).stdin(Stdio::null()));
        assert!(
            out.code == 0,
            "rapport {args:?} failed (exit code {}):\n{}{}",
            out.code,
            out.stdout,
            out.stderr
        );
        out.stdout
    }

    /// The minimal course with student `amara`, instructor `jo` and session `s1` on
    /// 2026-09-02 (so the gradebook exists).
    pub fn with_people() -> Self {
        Test::with_fixture("minimal").people()
    }

    /// Adds what `with_people` adds to a copy of the minimal course.
    pub fn people(self) -> Self {
        self.given(&["student", "add", "amara", "--name", "Amara"])
            .given(&["instructor", "add", "jo", "--name", "Jo"])
            .given(&[
                "session",
                "add",
                "s1",
                "--date",
                "2026-09-02",
                "--kind",
                "live",
                "--title",
                "T",
            ])
    }

    /// `with_people` and student `bob`, both scored by `jo` in `s1` on `oral-communication`
    /// (amara 3 and 4 with the comment "Good take", bob 2 and 2).
    pub fn with_two_scored() -> Self {
        Test::with_fixture("minimal").two_scored()
    }

    /// Adds what `with_two_scored` adds to a copy of the minimal course.
    pub fn two_scored(self) -> Self {
        self.people()
            .given(&["student", "add", "bob", "--name", "Bob"])
            .scored(
                "amara",
                "jo",
                &["direction=3", "listening=4", "--comment", "Good take"],
            )
            .scored("bob", "jo", &["direction=2", "listening=2"])
    }

    /// Scores `student` by `rater` in `s1` on `oral-communication` (`score_in_s1`), which must
    /// succeed, and goes on with the same folder.
    pub fn scored(self, student: &str, rater: &str, extra: &[&str]) -> Self {
        self.given(&score_in_s1(student, rater, extra))
    }

    /// Every file under the folder, relative, sorted: to show that nothing was written. On the
    /// PostgreSQL run, a gradebook in the test's schema is listed as the file it stands for,
    /// `rapport.db`.
    pub fn files(&self) -> Vec<String> {
        let mut found = Vec::new();
        list(self.dir.path(), self.dir.path(), &mut found);
        if self.server_dump().is_some() {
            found.push("rapport.db".to_owned());
        }
        found.sort();
        found
    }

    /// Every file under the folder with its bytes (a symlink as `-> target`), to show that a
    /// refused command changed nothing, byte for byte: compare a snapshot taken before with
    /// one taken after. On the PostgreSQL run, every row of the test's schema too.
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut found = snapshot(self.dir.path());
        if let Some(dump) = self.server_dump() {
            found.insert("(postgres)".to_owned(), dump.into_bytes());
        }
        found
    }

    /// Every row of every table in the test's schema as text, table by table; `None` when the
    /// schema holds no gradebook.
    fn server_dump(&self) -> Option<String> {
        let schema = self.schema.as_ref()?;
        let mut client = admin();
        let tables: Vec<String> = client
            .query(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1
                 ORDER BY 1",
                &[schema],
            )
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect();
        if !tables.iter().any(|t| t == "rapport_migration") {
            return None;
        }
        let mut dump = String::new();
        for table in tables {
            dump.push_str(&table);
            dump.push_str(":\n");
            let query = format!("SELECT * FROM \"{schema}\".\"{table}\" ORDER BY 1");
            for message in client.simple_query(&query).unwrap() {
                if let postgres::SimpleQueryMessage::Row(row) = message {
                    let cells: Vec<&str> = (0..row.len())
                        .map(|i| row.get(i).unwrap_or("NULL"))
                        .collect();
                    dump.push_str(&cells.join("|"));
                    dump.push('\n');
                }
            }
        }
        Some(dump)
    }
}

/// A parameter of `Test::sql`: a value both engines take (a number, a text).
pub trait SqlParam: rusqlite::ToSql + postgres::types::ToSql + Sync {}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> SqlParam for T {}

/// `statement` with `SQLite`'s `?N` parameters written as PostgreSQL's `$N`.
fn dollar_params(statement: &str) -> String {
    let mut out = String::with_capacity(statement.len());
    let mut chars = statement.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// `score STUDENT --rubric oral-communication --session s1 --by RATER EXTRA…`: an assessment in
/// the session of `with_people` (or any course with that rubric and session), `EXTRA` being its
/// levels and flags.
pub fn score_in_s1<'a>(student: &'a str, rater: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "score",
        student,
        "--rubric",
        "oral-communication",
        "--session",
        "s1",
        "--by",
        rater,
    ];
    args.extend_from_slice(extra);
    args
}

/// Every file under `root` with its bytes (a symlink as `-> target`, not followed).
pub fn snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                found.insert(name, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                found.insert(format!("{name}/"), Vec::new());
                stack.push(path);
            } else if meta.is_file() {
                found.insert(name, fs::read(&path).unwrap());
            } else {
                found.insert(name, b"(special file)".to_vec());
            }
        }
    }
    found
}

/// Runs `command` and captures its exit code (-1 when a signal ended it) and its output, which
/// must be UTF-8.
fn captured(command: &mut Command) -> Output {
    let output = command.output().expect("run rapport");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// `program` run in `dir` with the tests' environment: no backtraces, no inherited course or
/// gradebook, a fixed generation date, no colour.
pub fn in_dir(program: &str, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("RAPPORT_COURSE")
        .env_remove("RAPPORT_DB")
        .env("SOURCE_DATE_EPOCH", "1764000000")
        .env("NO_COLOR", "1");
    command
}

fn list(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            list(root, &path, found);
        } else {
            found.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// `command` with its standard input, output and error on a pseudo-terminal; what it prints is
/// read without colours, waiting at most 10 s for each expected text (generous: the machine may
/// be busy with other tests).
pub fn on_terminal(command: Command) -> rexpect::session::PtySession {
    rexpect::session::spawn_with_options(
        command,
        rexpect::reader::Options::new()
            .timeout_ms(Some(10_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawn rapport on a pseudo-terminal")
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Asserts that `text` is whole, as a snapshot holds it: insta compares a snapshot with its
/// trailing whitespace and leading newlines trimmed and `\r\n` read as `\n`, so `text` must end
/// with exactly one newline, after no other white space, and hold no carriage return and no
/// leading newline. With those, a matching snapshot is `text` byte for byte.
pub fn assert_snapshot_whole(text: &str) {
    assert!(
        text.ends_with('\n')
            && text.trim_end().len() + 1 == text.len()
            && !text.starts_with('\n')
            && !text.contains('\r'),
        "not the whole of a snapshot: it starts {:?} and ends {:?}",
        text.chars().take(40).collect::<String>(),
        text.chars()
            .rev()
            .take(40)
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
    );
}

/// `insta::assert_snapshot!(name, text)`, byte for byte (see `assert_snapshot_whole`).
macro_rules! assert_whole_snapshot {
    ($name:expr, $text:expr) => {{
        let text: &str = $text;
        $crate::support::assert_snapshot_whole(text);
        insta::assert_snapshot!($name, text);
    }};
}
pub(crate) use assert_whole_snapshot;

/// `Test::expect` with the standard output held in the snapshot `name`
/// (`tests/cli/snapshots/cli__MODULE__NAME.snap`), byte for byte.
macro_rules! expect_snapshot {
    ($test:expr, $code:expr, $name:expr, $stderr:expr) => {{
        let out = $test.run();
        assert_eq!(
            (out.code, out.stderr.as_str()),
            ($code, $stderr),
            "\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.stdout,
            out.stderr
        );
        $crate::support::assert_whole_snapshot!($name, &out.stdout);
    }};
}
pub(crate) use expect_snapshot;

/// Kills `child` with SIGKILL as soon as `ready` says so (polled every millisecond); whether it
/// was killed (`false`: it ended first). Ten minutes without either fails the test.
pub fn kill_when(child: &mut std::process::Child, mut ready: impl FnMut() -> bool) -> bool {
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if ready() {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(600),
            "the process neither got there nor ended"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
