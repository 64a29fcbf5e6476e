//! CSS colour validation for pack-supplied colours.
//!
//! A pack's level `color` ends up in `style=` attributes (the web widget's badge), so it must
//! be a colour and nothing else: `red;background:url(//evil)` would otherwise inject CSS.
//! This is a strict allow-list, not a CSS parser: anything it does not recognise is refused
//! and callers fall back to their default colour.

/// Longest colour text accepted (the longest real form, `hsla(...)` with decimals, is ~40).
const MAX_LEN: usize = 64;

/// The CSS Color 4 named colours, plus `transparent`, sorted for binary search.
const NAMED: &[&str] = &[
    "aliceblue",
    "antiquewhite",
    "aqua",
    "aquamarine",
    "azure",
    "beige",
    "bisque",
    "black",
    "blanchedalmond",
    "blue",
    "blueviolet",
    "brown",
    "burlywood",
    "cadetblue",
    "chartreuse",
    "chocolate",
    "coral",
    "cornflowerblue",
    "cornsilk",
    "crimson",
    "cyan",
    "darkblue",
    "darkcyan",
    "darkgoldenrod",
    "darkgray",
    "darkgreen",
    "darkgrey",
    "darkkhaki",
    "darkmagenta",
    "darkolivegreen",
    "darkorange",
    "darkorchid",
    "darkred",
    "darksalmon",
    "darkseagreen",
    "darkslateblue",
    "darkslategray",
    "darkslategrey",
    "darkturquoise",
    "darkviolet",
    "deeppink",
    "deepskyblue",
    "dimgray",
    "dimgrey",
    "dodgerblue",
    "firebrick",
    "floralwhite",
    "forestgreen",
    "fuchsia",
    "gainsboro",
    "ghostwhite",
    "gold",
    "goldenrod",
    "gray",
    "green",
    "greenyellow",
    "grey",
    "honeydew",
    "hotpink",
    "indianred",
    "indigo",
    "ivory",
    "khaki",
    "lavender",
    "lavenderblush",
    "lawngreen",
    "lemonchiffon",
    "lightblue",
    "lightcoral",
    "lightcyan",
    "lightgoldenrodyellow",
    "lightgray",
    "lightgreen",
    "lightgrey",
    "lightpink",
    "lightsalmon",
    "lightseagreen",
    "lightskyblue",
    "lightslategray",
    "lightslategrey",
    "lightsteelblue",
    "lightyellow",
    "lime",
    "limegreen",
    "linen",
    "magenta",
    "maroon",
    "mediumaquamarine",
    "mediumblue",
    "mediumorchid",
    "mediumpurple",
    "mediumseagreen",
    "mediumslateblue",
    "mediumspringgreen",
    "mediumturquoise",
    "mediumvioletred",
    "midnightblue",
    "mintcream",
    "mistyrose",
    "moccasin",
    "navajowhite",
    "navy",
    "oldlace",
    "olive",
    "olivedrab",
    "orange",
    "orangered",
    "orchid",
    "palegoldenrod",
    "palegreen",
    "paleturquoise",
    "palevioletred",
    "papayawhip",
    "peachpuff",
    "peru",
    "pink",
    "plum",
    "powderblue",
    "purple",
    "rebeccapurple",
    "red",
    "rosybrown",
    "royalblue",
    "saddlebrown",
    "salmon",
    "sandybrown",
    "seagreen",
    "seashell",
    "sienna",
    "silver",
    "skyblue",
    "slateblue",
    "slategray",
    "slategrey",
    "snow",
    "springgreen",
    "steelblue",
    "tan",
    "teal",
    "thistle",
    "tomato",
    "transparent",
    "turquoise",
    "violet",
    "wheat",
    "white",
    "whitesmoke",
    "yellow",
    "yellowgreen",
];

/// `text` (trimmed) when it is a CSS colour of one of these forms, else `None`:
/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`; a named colour (any case); `rgb()`, `rgba()`,
/// `hsl()` or `hsla()` whose arguments are plain numbers (optionally `%`, or `deg` for the
/// hue), comma-separated (3 or 4) or space-separated (3, then optionally `/ alpha`).
///
/// ```
/// use matang::css::css_color;
/// assert_eq!(css_color(" #1A5276 "), Some("#1A5276"));
/// assert_eq!(css_color("hsl(120deg 50% 40% / .5)"), Some("hsl(120deg 50% 40% / .5)"));
/// assert_eq!(css_color("red;background:url(//evil)"), None);
/// ```
#[must_use]
pub fn css_color(text: &str) -> Option<&str> {
    let c = text.trim();
    if c.is_empty() || c.len() > MAX_LEN {
        return None;
    }
    let lower = c.to_ascii_lowercase();
    let ok = if let Some(hex) = lower.strip_prefix('#') {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if let Some(open) = lower.find('(') {
        let name = &lower[..open];
        let is_hsl = matches!(name, "hsl" | "hsla");
        (is_hsl || matches!(name, "rgb" | "rgba"))
            && lower
                .strip_suffix(')')
                .is_some_and(|all| arguments(&all[open + 1..], is_hsl))
    } else {
        NAMED.binary_search(&lower.as_str()).is_ok()
    };
    ok.then_some(c)
}

/// The inside of `rgb(...)` / `hsl(...)`: `a, b, c[, alpha]` or `a b c[ / alpha]`.
fn arguments(inside: &str, is_hsl: bool) -> bool {
    let parts: Vec<&str> = if inside.contains(',') {
        let parts: Vec<&str> = inside.split(',').map(str::trim).collect();
        if !matches!(parts.len(), 3 | 4) {
            return false;
        }
        parts
    } else {
        let mut halves = inside.split('/');
        let mut parts: Vec<&str> = halves
            .next()
            .unwrap_or("")
            .split_ascii_whitespace()
            .collect();
        if parts.len() != 3 {
            return false;
        }
        if let Some(alpha) = halves.next() {
            let alpha: Vec<&str> = alpha.split_ascii_whitespace().collect();
            if alpha.len() != 1 || halves.next().is_some() {
                return false;
            }
            parts.push(alpha[0]);
        }
        parts
    };
    parts
        .iter()
        .enumerate()
        .all(|(i, p)| number(p, is_hsl && i == 0))
}

/// A plain decimal number, optionally signed, with an optional `%` (or `deg` for a hue).
fn number(token: &str, hue: bool) -> bool {
    let digits = token
        .strip_suffix('%')
        .or_else(|| if hue { token.strip_suffix("deg") } else { None })
        .unwrap_or(token);
    let digits = digits.strip_prefix(['+', '-']).unwrap_or(digits);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && frac.is_empty()) && all_digits(whole) && all_digits(frac)
}

#[cfg(test)]
mod tests {
    use super::css_color;

    #[test]
    fn named_colours_are_sorted_for_binary_search() {
        assert!(super::NAMED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn colour_forms_are_accepted() {
        for c in [
            "#abc",
            "#ABCD",
            "#1a5276",
            "#1a5276cc",
            "red",
            "RebeccaPurple",
            "transparent",
            "rgb(12, 34, 56)",
            "rgba(12,34,56,0.5)",
            "rgb(10% 20% 30%)",
            "rgb(1 2 3 / 50%)",
            "hsl(120, 50%, 40%)",
            "hsla(120deg 50% 40% / .5)",
            "rgb(+1.5 -2 3.)",
        ] {
            assert_eq!(css_color(c), Some(c), "{c}");
        }
        assert_eq!(css_color("  navy\t"), Some("navy"));
    }

    #[test]
    fn anything_else_is_refused() {
        for c in [
            "",
            "red;background:url(//evil)",
            "red; color: blue",
            "#12",
            "#12345",
            "#ggg",
            "notacolour",
            "url(//evil)",
            "expression(alert(1))",
            "rgb(1,2)",
            "rgb(1,2,3,4,5)",
            "rgb(1 2)",
            "rgb(1 2 3 / 4 / 5)",
            "rgb(1, 2 3)",
            "rgb(1 2 3) red",
            "rgb(1 2 3",
            "rgb(var(--x) 2 3)",
            "rgb(1deg 2 3)",
            "rgb(1e3 2 3)",
            "rgb(. 2 3)",
            "calc(1) red",
            "hsl(1 2 3);x:y",
            "red\"><script>",
            "red/**/",
            "hwb(1 2% 3%)",
        ] {
            assert_eq!(css_color(c), None, "{c:?}");
        }
        assert_eq!(css_color(&format!("rgb({} 2 3)", "1".repeat(80))), None);
    }
}
