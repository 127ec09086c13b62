//! Well behaved: `HOST001` with a safe fix that marks the file reviewed, until it is.
shipshape_hostile_plugin::guest!(|doc| {
    if doc.text.starts_with("# reviewed\n") {
        return Ok(Vec::new());
    }
    let mut unreviewed = finding("the file is not marked as reviewed".into(), 0, 0);
    unreviewed.fixes.push(Fix {
        title: "Mark it as reviewed".into(),
        applicability: Applicability::Safe,
        edits: vec![TextEdit {
            span: Span { start: 0, end: 0 },
            new_text: "# reviewed\n".into(),
        }],
    });
    Ok(vec![unreviewed])
});
