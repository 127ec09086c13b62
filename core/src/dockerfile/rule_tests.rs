//! Unit tests of the Dockerfile sections of rules whose files are shared with other kinds
//! (SS401, SS501): kept here so that those files keep their sections in order.

mod ss401 {
    use crate::dockerfile::test_support::findings;

    #[test]
    fn run_security_insecure() {
        let text = "FROM alpine AS build\nRUN --security=insecure mount -t tmpfs none /mnt\nRUN --security=sandbox true\nONBUILD RUN --security=insecure true\n";
        let found = findings(text, "SS401");
        let ranges: Vec<_> = found
            .iter()
            .map(|f| &text[f.range.start..f.range.end])
            .collect();
        assert_eq!(ranges, vec!["--security=insecure", "--security=insecure"]);
        assert_eq!(found[0].range.start, text.find("--security").unwrap());
        assert_eq!(found[0].object.as_deref(), Some("stage build"));
        assert_eq!(found[1].anchor, text.find("ONBUILD"));
    }
}

mod ss501 {
    use crate::dockerfile::test_support::findings;
    use crate::rules::secret_in_environment::SecretCase;

    #[test]
    fn env_and_arg() {
        let text = "ARG GLOBAL_TOKEN=abc123\nARG NPM_TOKEN\nFROM node AS build\nARG NPM_TOKEN\nENV BUILD_PASSWORD=\"s3cret value\"\nFROM node:20-slim\nARG API_KEY\nENV API_KEY=${API_KEY} DB_PASSWORD_FILE=/run/secrets/db\nENV DB_PASSWORD hunter2\nENV EMPTY_SECRET=\nENV HOME=/root\nENV SECRETS=0 USE_TOKEN=false\n";
        let found = findings(text, "SS501");
        let summary: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    &text[f.range.start..f.range.end],
                    f.redact.map(|r| &text[r.start..r.end]),
                    f.object.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("GLOBAL_TOKEN=abc123", Some("abc123"), None),
                (
                    "BUILD_PASSWORD=\"s3cret value\"",
                    Some("s3cret value"),
                    Some("stage build")
                ),
                ("API_KEY", None, Some("stage 1")),
                ("API_KEY", None, Some("stage 1")),
                ("DB_PASSWORD hunter2", Some("hunter2"), Some("stage 1")),
                ("EMPTY_SECRET", None, Some("stage 1")),
            ]
        );
        let _ = SecretCase::Literal;
    }
}
