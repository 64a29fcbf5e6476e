//! `matang report`: the methodology document as an annex after the results, on by default.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, matang};
use matang::{Lang, Pack};

/// Escaped as the HTML writers escape text.
fn html(text: &str) -> String {
    matang::svg::escape(text)
}

#[test]
fn report_ends_with_the_method_annex_in_its_language() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    for (lang, code) in [(Lang::Id, "id"), (Lang::En, "en")] {
        let (status, out, err) = matang(&["report", "--lang", code, PORTFOLIO]);
        assert_eq!(status, 0, "{err}");
        // One page: the annex brings its sections, not a second document.
        assert_eq!(out.matches("<html").count(), 1);
        assert_eq!(out.matches("<style>").count(), 1);
        let start = out
            .find("<section class=\"annex method\" id=\"method\">")
            .unwrap();
        let items = out.find("<section class=\"items\">").unwrap();
        let footer = out.find("<footer>").unwrap();
        assert!(
            items < start && start < footer,
            "the annex follows the results"
        );
        let annex = &out[start..footer];
        let title = match lang {
            Lang::Id => "Lampiran: metodologi penilaian",
            Lang::En => "Annex: assessment methodology",
        };
        assert!(annex.contains(title), "{lang:?}");
        for ind in pack.indicators() {
            let id = format!("id=\"indicator-{}\"", ind.id);
            assert!(annex.contains(&id), "{id}");
            assert!(annex.contains(&html(ind.label.get(lang))), "{}", ind.id);
        }
        for gate in pack.gates() {
            assert!(annex.contains(&format!("id=\"gate-{}\"", gate.id)));
            assert!(annex.contains(&html(gate.label.get(lang))), "{}", gate.id);
        }
        for level in pack.levels() {
            assert!(annex.contains(&html(level.label.get(lang))), "{}", level.id);
        }
        // Styled for print and for the screen by the report's one style sheet.
        assert!(out.contains(".method .indicator"));
        assert!(out.contains(".items, .annex { break-before: page"));
    }
}

#[test]
fn no_method_leaves_the_annex_out() {
    let (status, out, err) = matang(&["report", "--no-method", PORTFOLIO]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("<section class=\"items\">"));
    assert!(!out.contains("id=\"method\""));
    assert!(!out.contains("indicator-"));
    assert!(!out.contains(".method "));
}
