//! CSV line numbers in records and errors are the file's own, whatever the line ends
//! (LF or CRLF), blank lines, or line breaks inside quoted cells; the whole-file reader and
//! the stream reader agree.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use matang::input::{Format, parse_bytes};
use matang::{Record, stream};

/// Every record's line (from its origin) as read whole and as streamed.
fn lines(text: &str) -> (Vec<usize>, Vec<usize>) {
    let line = |r: &Record| {
        let o = r.origin.as_deref().unwrap();
        o.rsplit(' ').next().unwrap().parse::<usize>().unwrap()
    };
    let whole = parse_bytes(text.as_bytes(), "f.csv", None).unwrap();
    let mut streamed = Vec::new();
    stream::for_each_record(text.as_bytes(), "f.csv", Some(Format::Csv), |r| {
        streamed.push(line(&r));
        Ok(())
    })
    .unwrap();
    (whole.iter().map(line).collect(), streamed)
}

/// The error of both readers, which must agree.
fn error(text: &str) -> String {
    let whole = parse_bytes(text.as_bytes(), "f.csv", None)
        .unwrap_err()
        .to_string();
    let streamed = stream::for_each_record(text.as_bytes(), "f.csv", None, |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert_eq!(whole, streamed);
    whole
}

#[test]
fn records_are_numbered_by_their_own_line_in_lf_and_crlf_files() {
    // Line 1 header, 2 A, 3 blank, 4 B, 5-6 C (a quoted line break), 7 D.
    let lf = "id,name\nA,x\n\nB,y\nC,\"two\nlines\"\nD,z\n";
    for (ending, text) in [("LF", lf.to_string()), ("CRLF", lf.replace('\n', "\r\n"))] {
        let (whole, streamed) = lines(&text);
        assert_eq!(whole, [2, 4, 5, 7], "{ending}");
        assert_eq!(streamed, whole, "{ending}");
    }
    // Several blank lines, and a file without a final line break.
    let (whole, _) = lines("id\r\n\r\n\r\nA\r\nB");
    assert_eq!(whole, [4, 5]);
    // Far more blank lines and a longer cell than the readers' buffers hold.
    let text = format!(
        "id,name\nA,x\n{}B,{}\nC,y\n",
        "\r\n".repeat(100_000),
        "z".repeat(200_000)
    );
    let (whole, streamed) = lines(&text);
    assert_eq!(
        (whole.clone(), streamed),
        (vec![2, 100_003, 100_004], whole)
    );
}

#[test]
fn errors_name_the_line_of_the_bad_row_in_lf_and_crlf_files() {
    let lf = "id,name\nA,x\nB,\"quoted\nbreak\"\n\nC,y,extra\n";
    for text in [lf.to_string(), lf.replace('\n', "\r\n")] {
        let e = error(&text);
        assert!(e.starts_with("f.csv:6: this row has 3 cells"), "{e:?}");
    }
}

#[test]
fn the_bundled_crlf_portfolio_is_numbered_from_line_2() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/smart-city-quickwin/examples/portfolio-id.csv"
    );
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "the example is a CRLF file"
    );
    let records = parse_bytes(&bytes, "portfolio-id.csv", None).unwrap();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(
            r.origin.as_deref(),
            Some(format!("portfolio-id.csv line {}", i + 2).as_str())
        );
    }
}
